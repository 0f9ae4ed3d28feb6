/**
 * Writes the ONNX model of attention's core, `softmax(Q Kᵀ · scale) V` per
 * head, for onnxruntime-node to run as the peer in `peer.bench.ts`. No onnx
 * library: a few dozen lines of protobuf encoding (varints and
 * length-delimited fields) cover the messages the model needs. Field numbers
 * are those of onnx/onnx.proto (IR version 8, opset 17).
 *
 *   query [batch, heads, seqLen, dHead] ─┐
 *   key   [batch, heads, seqLen, dHead] ─ Transpose(0,1,3,2) → keyT [batch, heads, dHead, seqLen]
 *                                        └ MatMul → scores [batch, heads, seqLen, seqLen]
 *   scores · scale → Softmax(axis -1) → weights [batch, heads, seqLen, seqLen]
 *   weights · value [batch, heads, seqLen, dHead] → MatMul → output [batch, heads, seqLen, dHead]
 */

// ---------------------------------------------------------------------------
// Protobuf: wire types 0 (varint) and 2 (length-delimited) are all ONNX needs here
// ---------------------------------------------------------------------------

const VARINT = 0;
const LENGTH_DELIMITED = 2;
const utf8 = new TextEncoder();

/** Appends the base-128 varint of `value` (a negative int64 takes ten bytes, two's complement). */
function pushVarint(out: number[], value: number | bigint): void {
  let v = typeof value === 'bigint' ? value : BigInt(value);
  if (v < 0n) v = BigInt.asUintN(64, v);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

/** One protobuf message under construction; fields are written in call order. */
class ProtoMessage {
  private readonly parts: Uint8Array[] = [];

  /** An int32/int64/enum field (wire type 0). */
  int(field: number, value: number | bigint): this {
    const out: number[] = [];
    pushVarint(out, (field << 3) | VARINT);
    pushVarint(out, value);
    this.parts.push(Uint8Array.from(out));
    return this;
  }

  /** A repeated int64 field, one tag per element (the unpacked proto2 form). */
  ints(field: number, values: readonly number[]): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  /** A bytes field (wire type 2). */
  bytes(field: number, value: Uint8Array): this {
    const head: number[] = [];
    pushVarint(head, (field << 3) | LENGTH_DELIMITED);
    pushVarint(head, value.length);
    this.parts.push(Uint8Array.from(head), value);
    return this;
  }

  /** A string field: UTF-8 bytes. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A nested message field. */
  message(field: number, value: ProtoMessage): this {
    return this.bytes(field, value.encode());
  }

  /** The serialized message. */
  encode(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------
// ONNX messages (field numbers from onnx.proto)
// ---------------------------------------------------------------------------

/** TensorProto.DataType FLOAT. */
const FLOAT = 1;
/** AttributeProto.AttributeType values. */
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

/** A dimension: a fixed size or a symbolic name such as `seqLen`. */
type Dim = number | string;

/** ValueInfoProto of a float tensor: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2. */
function floatValueInfo(name: string, dims: readonly Dim[]): ProtoMessage {
  const shape = new ProtoMessage();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoMessage().int(1, d) : new ProtoMessage().string(2, d));
  const tensorType = new ProtoMessage().int(1, FLOAT).message(2, shape);
  return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
}

/** AttributeProto: name 1, type 20, i 3 or ints 8. */
function intAttribute(name: string, value: number): ProtoMessage {
  return new ProtoMessage().string(1, name).int(20, ATTRIBUTE_INT).int(3, value);
}
function intsAttribute(name: string, values: readonly number[]): ProtoMessage {
  return new ProtoMessage().string(1, name).int(20, ATTRIBUTE_INTS).ints(8, values);
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: readonly ProtoMessage[] = []): ProtoMessage {
  const m = new ProtoMessage();
  for (const i of inputs) m.string(1, i);
  for (const o of outputs) m.string(2, o);
  m.string(3, `${opType}_${outputs[0]}`).string(4, opType);
  for (const a of attributes) m.message(5, a);
  return m;
}

/** TensorProto of one float32 scalar: data_type 2, name 8, raw_data 9 (little-endian); no dims = rank 0. */
function floatScalar(name: string, value: number): ProtoMessage {
  const raw = new Uint8Array(4);
  new DataView(raw.buffer).setFloat32(0, value, true);
  return new ProtoMessage().int(2, FLOAT).string(8, name).bytes(9, raw);
}

// ---------------------------------------------------------------------------
// The attention model
// ---------------------------------------------------------------------------

/** Options for {@link attentionModel}. */
export interface AttentionModelOptions {
  /** Fixed batch size, or a symbolic dimension. Default `'batch'`. */
  batch?: Dim;
  /** Fixed number of heads, or a symbolic dimension. Default `'heads'`. */
  heads?: Dim;
  /** Fixed sequence length (queries and keys alike), or a symbolic dimension. Default `'seqLen'`. */
  seqLen?: Dim;
  /** Size of each head. Default 64. */
  dHead?: number;
  /** The factor on the scores. Default `1 / sqrt(dHead)`. */
  scale?: number;
  /** ONNX opset version of the default domain. Default 17. */
  opset?: number;
}

/** The ONNX IR version that goes with opset 17. */
const IR_VERSION = 8;

/**
 * The serialized ONNX ModelProto of scaled dot-product attention: inputs
 * `query`, `key`, `value` `[batch, heads, seqLen, dHead]` (float32), output
 * `output` `[batch, heads, seqLen, dHead]`. The weights are an intermediate,
 * not an output. Pass the bytes to `InferenceSession.create`.
 *
 * @example
 * const session = await InferenceSession.create(attentionModel({ dHead: 64 }), { intraOpNumThreads: 1 });
 */
export function attentionModel(options: AttentionModelOptions = {}): Uint8Array {
  const { batch = 'batch', heads = 'heads', seqLen = 'seqLen', dHead = 64, opset = 17 } = options;
  if (!Number.isInteger(dHead) || dHead < 1) throw new Error(`attentionModel: dHead must be a positive integer, got ${dHead}`);
  const scale = options.scale ?? 1 / Math.sqrt(dHead);
  const qkv: Dim[] = [batch, heads, seqLen, dHead]; // [batch, heads, seqLen, dHead]

  const graph = new ProtoMessage();
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  graph.message(1, node('Transpose', ['key'], ['keyT'], [intsAttribute('perm', [0, 1, 3, 2])])); // keyT [batch, heads, dHead, seqLen]
  graph.message(1, node('MatMul', ['query', 'keyT'], ['scores'])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('Mul', ['scores', 'scale'], ['scaled'])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('Softmax', ['scaled'], ['weights'], [intAttribute('axis', -1)])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('MatMul', ['weights', 'value'], ['output'])); // [batch, heads, seqLen, dHead]
  graph.string(2, 'scaled_dot_product_attention');
  graph.message(5, floatScalar('scale', scale));
  for (const name of ['query', 'key', 'value']) graph.message(11, floatValueInfo(name, qkv));
  graph.message(12, floatValueInfo('output', qkv));

  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (OperatorSetIdProto: domain 1 absent = ONNX, version 2).
  return new ProtoMessage()
    .int(1, IR_VERSION)
    .string(2, '@attention-lab/core peer bench')
    .message(7, graph)
    .message(8, new ProtoMessage().int(2, opset))
    .encode();
}
