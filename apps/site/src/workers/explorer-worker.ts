/// <reference lib="webworker" />
/**
 * The explorer's model, away from the page: loads the shipped subword
 * Transformer on the wasm backend once, then answers the page's requests
 * (see explorer-protocol.ts). Every tensor a request makes is freed before it
 * replies.
 */
import { createRng, SubwordTokenizer } from '@attention-lab/datasets';
import { attentionGrid, headRoleScores, inductionProbe, loadPretrained, predictWithAttention, queryKeyVectors, registerWasmKernels, sampleToken, samplingDistribution, type AttentionMap } from '@attention-lab/models';
import * as tf from '@tensorflow/tfjs';
import type { AnalyzeRequest, AnalyzeReply, ExplorerReply, ExplorerRequest, HeadScores, NeuronRequest, ProbeRequest, VocabReply } from '../lib/explorer-protocol';
import { loadWasmBackend } from '../lib/load-wasm-backend';

declare const self: DedicatedWorkerGlobalScope;

/** The probe's span: long enough to tell induction from chance, and both copies fit the 64-token window. */
const PROBE_PERIOD = 24;

const reply = (message: ExplorerReply | VocabReply, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });

interface Loaded {
  model: tf.LayersModel;
  tokenizer: SubwordTokenizer;
  seqLen: number;
  blocks: string[];
  heads: number;
}

async function load(): Promise<Loaded> {
  const started = performance.now();
  await loadWasmBackend();
  await tf.setBackend('wasm');
  registerWasmKernels();
  const { model, metadata } = await loadPretrained('subword-transformer');
  const tokenizer = SubwordTokenizer.fromJSON(metadata['tokenizer']);
  const seqLen = model.inputs[0]!.shape[1]!;
  const blocks = model.layers.filter((layer) => /^block_\d+$/.test(layer.name)).map((layer) => layer.name);
  const heads = Number((model.getLayer(blocks[0]!).getConfig() as { numHeads?: number }).numHeads);
  // One call before saying ready, so the first reader-visible call does not pay for compiling kernels.
  tf.tidy(() => model.predict(tf.zeros([1, seqLen], 'int32')));
  const metrics = Object.fromEntries(Object.entries((metadata['metrics'] ?? {}) as Record<string, unknown>).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  reply({ type: 'ready', loadMs: performance.now() - started, backend: tf.getBackend(), layers: blocks.length, heads, seqLen, parameters: model.countParams(), metrics });
  reply({ type: 'vocab', pieces: tokenizer.vocab.slice() });
  return { model, tokenizer, seqLen, blocks, heads };
}

const loaded = load();

/** Runs the model on `ids` (at most seqLen, padded at the end) and returns every block's map cut to `n × n`, and the probabilities after the last id. */
async function run(m: Loaded, ids: number[]): Promise<{ attention: Float32Array; probabilities: Float32Array; maps: Record<string, AttentionMap> }> {
  const n = ids.length;
  const padded = [...ids, ...new Array<number>(m.seqLen - n).fill(0)]; // causal: padding after the text changes nothing before it
  const x = tf.tensor2d([padded], [1, m.seqLen], 'int32');
  const { predictions, attention: maps } = await predictWithAttention(m.model, x);
  x.dispose();
  const last = tf.tidy(() => predictions.slice([0, n - 1, 0], [1, 1, -1]).reshape([-1])); // [vocab]
  predictions.dispose();
  const probabilities = (await last.data()) as Float32Array;
  last.dispose();
  const { data: attention } = attentionGrid(m.blocks.map((block) => maps[block]!), n); // [layers, heads, n, n]
  return { attention, probabilities, maps };
}

/** Role scores of every block's heads on these maps (rows after `length` are padding). */
function roles(m: Loaded, maps: Record<string, AttentionMap>, length: number, induction?: { start: number; period: number }): HeadScores[][] {
  return m.blocks.map((block) => headRoleScores(maps[block]!, { length, ...(induction ? { induction } : {}) }).map(({ scores, role }) => ({ scores, role })));
}

async function analyze(m: Loaded, request: AnalyzeRequest): Promise<void> {
  const started = performance.now();
  const textIds = m.tokenizer.encode(request.text);
  const all = [...textIds, ...request.generated];
  if (all.length === 0) throw new Error('Type some text: the model needs at least one token.');
  const ids = all.slice(-m.seqLen);
  const { attention, probabilities, maps } = await run(m, ids);
  const generatedCount = Math.min(request.generated.length, ids.length);
  const unknown = ids.flatMap((id, i) => (id === m.tokenizer.unkId ? [i] : []));
  // The special tokens never come out of the model's training text; they are left out of the draw.
  const special = new Set([m.tokenizer.padId, m.tokenizer.unkId, m.tokenizer.bosId, m.tokenizer.eosId]);
  const allowed = Float64Array.from(probabilities, (p, id) => (special.has(id) ? 0 : p));
  const { temperature, topK, topP, seed } = request.sampling;
  const distribution = samplingDistribution(allowed, { temperature, topK, topP });
  const next = sampleToken(allowed, { temperature, topK, topP, random: createRng(seed + request.generated.length).next });
  const reply_: AnalyzeReply = {
    type: 'analyze',
    id: request.id,
    ids,
    pieces: ids.map((id) => m.tokenizer.vocab[id]!),
    generatedCount,
    dropped: all.length - ids.length,
    unknown,
    attention,
    probabilities,
    distribution,
    next,
    roles: ids.length >= 3 ? roles(m, maps, ids.length) : null,
    ms: performance.now() - started,
  };
  reply(reply_, [attention.buffer, probabilities.buffer, distribution.buffer]);
}

async function neuron(m: Loaded, request: NeuronRequest): Promise<void> {
  const n = request.ids.length;
  const padded = [...request.ids, ...new Array<number>(m.seqLen - n).fill(0)];
  const v = await queryKeyVectors(m.model, padded, { block: m.blocks[request.layer]!, head: request.head, length: n });
  reply({ type: 'neuron', id: request.id, layer: request.layer, head: request.head, queries: v.queries, keys: v.keys, dHead: v.dHead, scale: v.scale }, [v.queries.buffer, v.keys.buffer]);
}

async function probe(m: Loaded, request: ProbeRequest): Promise<void> {
  const special = [m.tokenizer.padId, m.tokenizer.unkId, m.tokenizer.bosId, m.tokenizer.eosId];
  const { ids, start, period } = inductionProbe({ vocabSize: m.tokenizer.vocabSize, period: PROBE_PERIOD, seed: request.seed, exclude: special });
  const { attention, maps } = await run(m, ids);
  reply({ type: 'probe', id: request.id, pieces: ids.map((id) => m.tokenizer.vocab[id]!), start, period, attention, roles: roles(m, maps, ids.length, { start, period }) }, [attention.buffer]);
}

/** The newest request of each kind: an older one still waiting in the queue is skipped (the page only shows the newest). */
const newest: Partial<Record<ExplorerRequest['type'], number>> = {};
/** Requests run one after another: each reads the layers' attention maps, which the next call replaces. */
let queue: Promise<unknown> = loaded;

self.addEventListener('message', (event: MessageEvent<ExplorerRequest>) => {
  const request = event.data;
  newest[request.type] = request.id;
  queue = queue
    .then(() => loaded)
    .then((m) => {
      if (newest[request.type] !== request.id) return undefined; // superseded while it waited
      return request.type === 'analyze' ? analyze(m, request) : request.type === 'neuron' ? neuron(m, request) : probe(m, request);
    })
    .catch((error: unknown) => reply({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }));
});
