/**
 * Messages between the explorer page and its worker, which holds the trained
 * subword Transformer (`loadPretrained('subword-transformer')`). Every request
 * carries an id; the page keeps only the reply to its latest request of each
 * kind, so a slow answer to old text never overwrites a newer one.
 */
import type { HeadRole, RoleScores } from '@attention-lab/models';

/** Page → worker: read the text (and the tokens generated after it) and return what every view draws. */
export interface AnalyzeRequest {
  type: 'analyze';
  id: number;
  text: string;
  /** Token ids generated after the text, one step at a time. */
  generated: number[];
  /** How the next token is drawn (see `samplingDistribution` in @attention-lab/models). */
  sampling: SamplingSettings;
}

/** Temperature, top-k, top-p and the seed of the next draw. */
export interface SamplingSettings {
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

/** Page → worker: one head's query and key vectors for the current tokens (the neuron view). */
export interface NeuronRequest {
  type: 'neuron';
  id: number;
  /** The ids of the last analysis, as the model read them. */
  ids: number[];
  layer: number;
  head: number;
}

/** Page → worker: run the induction test, a span of random tokens written twice. */
export interface ProbeRequest {
  type: 'probe';
  id: number;
  seed: number;
}

export type ExplorerRequest = AnalyzeRequest | NeuronRequest | ProbeRequest;

/** One head's role scores, as `headRoleScores` gives them. */
export interface HeadScores {
  scores: RoleScores;
  role: HeadRole | null;
}

/** Worker → page: the model is loaded. */
export interface ReadyReply {
  type: 'ready';
  /** Milliseconds from the worker's start to a model ready to run (wasm, weights, tokenizer, first call). */
  loadMs: number;
  backend: string;
  layers: number;
  heads: number;
  /** The model's context length in tokens. */
  seqLen: number;
  parameters: number;
  /** Validation and test quality as stored with the weights. */
  metrics: Record<string, number>;
}

/** Worker → page: what the views draw for one text. */
export interface AnalyzeReply {
  type: 'analyze';
  id: number;
  /** The ids the model read: the last `seqLen` of the text's and the generated ones. */
  ids: number[];
  /** Each id's piece as the tokenizer has it (a leading space marks a new word). */
  pieces: string[];
  /** How many of the ids were generated (they are the last ones). */
  generatedCount: number;
  /** How many ids of the text and generation fell out of the model's window at the start. */
  dropped: number;
  /** Ids the tokenizer could not read (characters it never saw): their positions. */
  unknown: number[];
  /** Attention of every block and head over these tokens `[layers, heads, n, n]`, row-major. */
  attention: Float32Array;
  /** The model's next-token probabilities after the last token `[vocab]`. */
  probabilities: Float32Array;
  /** The distribution the next token is drawn from after temperature, top-k and top-p `[vocab]` (sums to 1). */
  distribution: Float64Array;
  /** The id the seeded draw picks from it (what "add the next token" appends). */
  next: number;
  /** Role scores per layer and head, measured on this text (null below 3 tokens). */
  roles: HeadScores[][] | null;
  /** Milliseconds the worker spent: tokenizing, the forward pass and reading every map. */
  ms: number;
}

/** Worker → page: one head's q and k (float64 from the weights). */
export interface NeuronReply {
  type: 'neuron';
  id: number;
  layer: number;
  head: number;
  /** `[n, dHead]` row-major. */
  queries: Float64Array;
  keys: Float64Array;
  dHead: number;
  scale: number;
}

/** Worker → page: the induction test's tokens, attention and scores. */
export interface ProbeReply {
  type: 'probe';
  id: number;
  pieces: string[];
  start: number;
  period: number;
  /** `[layers, heads, n, n]`. */
  attention: Float32Array;
  /** Induction (and the other roles) per layer and head, measured on the probe. */
  roles: HeadScores[][];
}

/** Worker → page: a request failed. */
export interface ErrorReply {
  type: 'error';
  id: number;
  message: string;
}

export type ExplorerReply = ReadyReply | AnalyzeReply | NeuronReply | ProbeReply | ErrorReply;

/** The vocabulary's pieces, sent once after `ready` so the page can label probabilities. */
export interface VocabReply {
  type: 'vocab';
  pieces: string[];
}
