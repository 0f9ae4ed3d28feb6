/**
 * Writes ONNX models of attention's core, `softmax(Q Kᵀ · scale) V` per head,
 * and of a multi-head self-attention layer (the core between the four
 * projections), for onnxruntime-node to run as the peer in `peer.bench.ts`. No onnx
 * library: a few dozen lines of protobuf encoding (varints and
 * length-delimited fields) cover the messages the model needs. Field numbers
 * are those of onnx/onnx.proto (IR version 8, opset 17).
 *
 * The core (attentionModel):
 *   key [batch, heads, seqLen, dHead] → Transpose(0, 1, 3, 2) → keyT [batch, heads, dHead, seqLen]
 *   query · keyT → MatMul → scores [batch, heads, seqLen, seqLen]
 *   scores · scale → Mul → Softmax(axis -1) → weights [batch, heads, seqLen, seqLen]
 *   weights · value → MatMul → output [batch, heads, seqLen, dHead]
 * The layer (multiHeadAttentionModel) wraps it in projections:
 *   x [batch, seqLen, dModel] · wq (wk, wv) → Reshape [batch, seqLen, heads, dHead] → Transpose(0, 2, 1, 3) → query (key, value)
 *   core output → Transpose(0, 2, 1, 3) → Reshape [batch, seqLen, heads·dHead] · wo → output [batch, seqLen, dModel]
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

/** The ONNX IR version that goes with opset 17. */
const IR_VERSION = 8;
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

/** TensorProto.DataType INT64. */
const INT64 = 7;

/** TensorProto of float32 values: dims 1, data_type 2, name 8, raw_data 9 (little-endian); no dims = a scalar. */
function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): ProtoMessage {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return new ProtoMessage().ints(1, dims).int(2, FLOAT).string(8, name).bytes(9, raw);
}

/** TensorProto of int64 values `[values.length]` (a Reshape target shape). */
function int64Vector(name: string, values: readonly number[]): ProtoMessage {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return new ProtoMessage().ints(1, [values.length]).int(2, INT64).string(8, name).bytes(9, raw);
}

/**
 * Adds the attention core to `graph`: the values named `query`, `key`, `value`
 * `[batch, heads, seqLen, dHead]` → `out` `[batch, heads, seqLen, dHead]`,
 * with the scale as an initializer.
 */
function addAttentionCore(graph: ProtoMessage, query: string, key: string, value: string, out: string, scale: number): void {
  // GraphProto: node 1, initializer 5.
  graph.message(1, node('Transpose', [key], ['keyT'], [intsAttribute('perm', [0, 1, 3, 2])])); // keyT [batch, heads, dHead, seqLen]
  graph.message(1, node('MatMul', [query, 'keyT'], ['scores'])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('Mul', ['scores', 'scale'], ['scaled'])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('Softmax', ['scaled'], ['weights'], [intAttribute('axis', -1)])); // [batch, heads, seqLen, seqLen]
  graph.message(1, node('MatMul', ['weights', value], [out])); // [batch, heads, seqLen, dHead]
  graph.message(5, floatTensor('scale', [], [scale]));
}

/** ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (OperatorSetIdProto: domain 1 absent = ONNX, version 2). */
function model(graph: ProtoMessage, opset: number): Uint8Array {
  return new ProtoMessage()
    .int(1, IR_VERSION)
    .string(2, '@attention-lab/core peer bench')
    .message(7, graph)
    .message(8, new ProtoMessage().int(2, opset))
    .encode();
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

function checkPositiveInteger(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${value}`);
}

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
  checkPositiveInteger('attentionModel', 'dHead', dHead);
  const qkv: Dim[] = [batch, heads, seqLen, dHead]; // [batch, heads, seqLen, dHead]
  const graph = new ProtoMessage();
  addAttentionCore(graph, 'query', 'key', 'value', 'output', options.scale ?? 1 / Math.sqrt(dHead));
  // GraphProto: name 2, input 11, output 12.
  graph.string(2, 'scaled_dot_product_attention');
  for (const name of ['query', 'key', 'value']) graph.message(11, floatValueInfo(name, qkv));
  graph.message(12, floatValueInfo('output', qkv));
  return model(graph, opset);
}

/** Options for {@link multiHeadAttentionModel}: the projection weights, row-major, no biases. */
export interface MultiHeadAttentionModelOptions {
  heads: number;
  dHead: number;
  /** `[dModel, heads * dHead]` each. */
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  /** `[heads * dHead, dModel]`. */
  wo: Float32Array;
  /** Fixed batch size, or a symbolic dimension. Default `'batch'`. */
  batch?: Dim;
  /** Fixed sequence length, or a symbolic dimension. Default `'seqLen'`. */
  seqLen?: Dim;
  /** ONNX opset version of the default domain. Default 17. */
  opset?: number;
}

/**
 * The serialized ONNX ModelProto of multi-head self-attention, as
 * `multiHeadAttention(x, x, x, { wq, wk, wv, wo }, { heads })` computes it:
 * input `x` `[batch, seqLen, dModel]`, output `output` `[batch, seqLen, dModel]`,
 * the four projection matrices stored in the model.
 */
export function multiHeadAttentionModel(options: MultiHeadAttentionModelOptions): Uint8Array {
  const fn = 'multiHeadAttentionModel';
  const { heads, dHead, batch = 'batch', seqLen = 'seqLen', opset = 17 } = options;
  checkPositiveInteger(fn, 'heads', heads);
  checkPositiveInteger(fn, 'dHead', dHead);
  const width = heads * dHead;
  const dModel = options.wq.length / width;
  checkPositiveInteger(fn, 'wq.length / (heads * dHead)', dModel);
  for (const name of ['wk', 'wv', 'wo'] as const) {
    if (options[name].length !== dModel * width) throw new Error(`${fn}: ${name} must have ${dModel}·${width} elements like wq, got ${options[name].length}`);
  }

  const graph = new ProtoMessage();
  for (const name of ['wq', 'wk', 'wv'] as const) graph.message(5, floatTensor(name, [dModel, width], options[name]));
  graph.message(5, floatTensor('wo', [width, dModel], options.wo));
  // Reshape: 0 copies that dimension of the input.
  graph.message(5, int64Vector('splitShape', [0, 0, heads, dHead]));
  graph.message(5, int64Vector('mergeShape', [0, 0, width]));
  for (const [w, name] of [['wq', 'query'], ['wk', 'key'], ['wv', 'value']] as const) {
    graph.message(1, node('MatMul', ['x', w], [`${name}Flat`])); // [batch, seqLen, heads·dHead]
    graph.message(1, node('Reshape', [`${name}Flat`, 'splitShape'], [`${name}Split`])); // [batch, seqLen, heads, dHead]
    graph.message(1, node('Transpose', [`${name}Split`], [name], [intsAttribute('perm', [0, 2, 1, 3])])); // [batch, heads, seqLen, dHead]
  }
  addAttentionCore(graph, 'query', 'key', 'value', 'heads', 1 / Math.sqrt(dHead)); // [batch, heads, seqLen, dHead]
  graph.message(1, node('Transpose', ['heads'], ['headsLast'], [intsAttribute('perm', [0, 2, 1, 3])])); // [batch, seqLen, heads, dHead]
  graph.message(1, node('Reshape', ['headsLast', 'mergeShape'], ['merged'])); // [batch, seqLen, heads·dHead]
  graph.message(1, node('MatMul', ['merged', 'wo'], ['output'])); // [batch, seqLen, dModel]
  graph.string(2, 'multi_head_self_attention');
  graph.message(11, floatValueInfo('x', [batch, seqLen, dModel]));
  graph.message(12, floatValueInfo('output', [batch, seqLen, dModel]));
  return model(graph, opset);
}

// ---------------------------------------------------------------------------
// Reading back: which operators a (possibly optimised) model runs
// ---------------------------------------------------------------------------

/** The length-delimited fields numbered `field` in one protobuf message, in order; other fields are skipped. */
function fieldsOf(bytes: Uint8Array, field: number): Uint8Array[] {
  const found: Uint8Array[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let factor = 1;
    for (;;) {
      const b = bytes[at++];
      if (b === undefined) throw new Error('onnx-graph: truncated varint');
      value += (b & 0x7f) * factor;
      if (b < 0x80) return value;
      factor *= 128;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const wire = tag % 8;
    if (wire === VARINT) varint();
    else if (wire === 1) at += 8; // fixed64
    else if (wire === 5) at += 4; // fixed32
    else if (wire === LENGTH_DELIMITED) {
      const length = varint();
      if (Math.floor(tag / 8) === field) found.push(bytes.subarray(at, at + length));
      at += length;
    } else throw new Error(`onnx-graph: unsupported wire type ${wire}`);
  }
  return found;
}

/**
 * The operators of a serialized ModelProto's main graph, in order, as
 * `domain:op_type` outside the default domain (`com.microsoft:FusedMatMul`).
 * For reading what onnxruntime made of a model (`optimizedModelFilePath`).
 */
export function modelOperators(model: Uint8Array): string[] {
  const text = new TextDecoder();
  const graph = fieldsOf(model, 7)[0]; // ModelProto.graph
  if (!graph) return [];
  return fieldsOf(graph, 1).map((node) => {
    // NodeProto: op_type 4, domain 7.
    const opType = text.decode(fieldsOf(node, 4)[0]);
    const domain = fieldsOf(node, 7)[0];
    return domain && domain.length > 0 ? `${text.decode(domain)}:${opType}` : opType;
  });
}
