import { attentionKernelBytes, runAttentionKernel, type AttentionExports, type AttentionKernel, type KernelInputs } from './attention-kernel.js';

/**
 * A pool of threads that each hold their own instance of the fused kernel:
 * worker_threads in Node, Web Workers in a browser. Where threads can share
 * memory (Node, a cross-origin-isolated page) a call's inputs go into one
 * SharedArrayBuffer and the threads take pieces of it ({@link SharedJob});
 * elsewhere the call is split into runs of (batch, head) slices, one run per
 * thread, each copied to its thread with the whole mask, so nothing needs
 * cross-origin isolation. Internal: `fusedAttentionParallel` is the API.
 */

/** Where a thread writes a job's results: views of the job's staging buffer. */
interface Results {
  output: Float32Array;
  logSumExp: Float32Array;
}

/**
 * What a thread is sent: its kernel once, then jobs. A job's query, key and
 * value and its results `into` are views of one staging buffer, moved to the
 * thread and back, so that repeated calls reuse memory already mapped.
 */
type ToThread =
  | { type: 'init'; module: WebAssembly.Module | null; bytes: Uint8Array | null }
  | { type: 'job'; id: number; inputs: KernelInputs; first: number; into: Results }
  | { type: 'shared'; id: number; job: SharedJob; thread: number };

/**
 * A call whose inputs and outputs live in SharedArrayBuffers. Its pieces
 * (`rowsPerPiece` query rows of one slice) are dealt out in one contiguous
 * range per thread; a thread works through its own range, then takes what
 * is left of the others', so one that starts late or runs slowly costs the
 * call only a piece. `next[t]` counts the pieces taken from range t.
 */
interface SharedJob {
  inputs: KernelInputs;
  /** `[batch * heads, seqLenQ, dValue]` and `[batch * heads, seqLenQ]`. */
  output: Float32Array;
  logSumExp: Float32Array;
  next: Int32Array;
  /** Range t is pieces `[bounds[t], bounds[t + 1])`. */
  bounds: number[];
  rowsPerPiece: number;
}

/** What a thread answers. */
type FromThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; output: Float32Array; logSumExp: Float32Array }
  | { type: 'shared-done'; id: number }
  | { type: 'failed'; id: number; message: string };

/**
 * Thread `thread`'s part of a shared job: its own range of pieces first, then
 * whatever is left of the others', each piece written straight into the
 * shared outputs. Like runAttentionKernel it refers to nothing outside itself
 * (the threads get its source); `run` is runAttentionKernel. Returns how many
 * pieces this thread computed.
 */
export function runSharedPieces(wasm: AttentionExports, job: SharedJob, thread: number, run: typeof runAttentionKernel): number {
  const { inputs, output, logSumExp, next, bounds, rowsPerPiece } = job;
  const { seqLenQ, seqLenK, dHead, dValue } = inputs;
  const piecesPerSlice = Math.ceil(seqLenQ / rowsPerPiece);
  const ranges = bounds.length - 1;
  const memo = { mask: false, packedSlice: -1 };
  let done = 0;
  for (let r = 0; r < ranges; r++) {
    const range = (thread + r) % ranges;
    for (;;) {
      const piece = bounds[range]! + Atomics.add(next, range, 1);
      if (piece >= bounds[range + 1]!) break;
      const slice = Math.floor(piece / piecesPerSlice);
      const rowBegin = (piece % piecesPerSlice) * rowsPerPiece;
      const rowEnd = Math.min(seqLenQ, rowBegin + rowsPerPiece);
      const at = slice * seqLenQ;
      const part = {
        ...inputs,
        query: inputs.query.subarray((at + rowBegin) * dHead, (at + rowEnd) * dHead),
        key: inputs.key.subarray(slice * seqLenK * dHead, (slice + 1) * seqLenK * dHead),
        value: inputs.value.subarray(slice * seqLenK * dValue, (slice + 1) * seqLenK * dValue),
        rowBegin,
        rowEnd,
      };
      const into = { output: output.subarray((at + rowBegin) * dValue, (at + rowEnd) * dValue), logSumExp: logSumExp.subarray(at + rowBegin, at + rowEnd) };
      run(wasm, part, slice, into, memo);
      done++;
    }
  }
  return done;
}

/** The part of a Node `Worker` or a browser `Worker` the pool uses. */
interface Thread {
  post(message: ToThread, transfer: ArrayBuffer[]): void;
  /** Keep the process alive while a job runs (Node), or not. */
  hold(busy: boolean): void;
  terminate(): void;
}

/**
 * The thread's program: runAttentionKernel's own source (it refers to nothing
 * outside itself) and a message loop that runs in Node's worker_threads (eval)
 * and in a classic Web Worker.
 */
function threadSource(): string {
  return `'use strict';
const runAttentionKernel = ${runAttentionKernel.toString()};
const runSharedPieces = ${runSharedPieces.toString()};
const port = typeof self === 'undefined' ? require('node:worker_threads').parentPort : self;
const send = (message, transfer) => port.postMessage(message, transfer);
let wasm;
const handle = (message) => {
  if (message.type === 'init') {
    wasm = new WebAssembly.Instance(message.module ?? new WebAssembly.Module(message.bytes), {}).exports;
    send({ type: 'ready' }, []);
    return;
  }
  try {
    if (message.type === 'shared') {
      runSharedPieces(wasm, message.job, message.thread, runAttentionKernel);
      send({ type: 'shared-done', id: message.id }, []);
      return;
    }
    const { output, logSumExp } = runAttentionKernel(wasm, message.inputs, message.first, message.into);
    send({ type: 'done', id: message.id, output, logSumExp }, [output.buffer]);
  } catch (error) {
    send({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) }, []);
  }
};
if (typeof self === 'undefined') port.on('message', handle);
else self.onmessage = (event) => handle(event.data);
`;
}

interface Pending {
  /** A job's results; a shared job's are in its shared buffers (null here). */
  resolve(result: Results | null): void;
  reject(error: Error): void;
}

/** The parts of Node's worker_threads and os modules the pool uses (core imports only tfjs). */
interface NodeWorker {
  on(event: 'message', listener: (message: FromThread) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  postMessage(message: ToThread, transfer: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true }) => NodeWorker;
}
interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}

/** Runs in Node (worker_threads), not in a browser or Deno-like engine without it. */
const inNode = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** Starts one thread; `onMessage` and `onFailure` are its callbacks. */
async function startThread(onMessage: (message: FromThread) => void, onFailure: (error: Error) => void): Promise<Thread> {
  const source = threadSource();
  if (inNode) {
    // A variable specifier: bundlers for the browser leave it alone.
    const specifier = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ specifier)) as NodeWorkerThreads;
    const worker = new Worker(source, { eval: true });
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', (code) => onFailure(new Error(`fusedAttentionParallel: a worker thread exited (code ${code})`)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      hold: (busy) => (busy ? worker.ref() : worker.unref()),
      terminate: () => void worker.terminate(),
    };
  }
  if (typeof Worker !== 'function') throw new Error('fusedAttentionParallel: this engine has neither worker_threads nor Web Workers');
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.onmessage = (event: MessageEvent<FromThread>) => onMessage(event.data);
  worker.onerror = (event) => onFailure(new Error(`fusedAttentionParallel: a worker failed: ${event.message}`));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    hold: () => undefined,
    terminate: () => worker.terminate(),
  };
}

/** One started thread, its jobs in flight and its spare staging buffer. */
class PoolThread {
  readonly #pending = new Map<number, Pending>();
  readonly #ready: Promise<Thread>;
  /** The thread, once it has its kernel. */
  #thread: Thread | undefined;
  #failed: Error | undefined;
  #nextId = 0;
  /** The staging buffer of the last job, back from the thread, for the next one. */
  #spare: ArrayBuffer | null = null;

  constructor(kernel: AttentionKernel, onDead: () => void) {
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const fail = (error: Error): void => {
      if (this.#failed) return;
      this.#failed = error;
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
      markReady();
      onDead();
    };
    this.#ready = startThread((message) => {
      if (message.type === 'ready') return markReady();
      const job = this.#pending.get(message.id);
      if (!job) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) void this.#ready.then((t) => t.hold(false));
      if (message.type === 'done') job.resolve({ output: message.output, logSumExp: message.logSumExp });
      else if (message.type === 'shared-done') job.resolve(null);
      else job.reject(new Error(message.message));
    }, fail).then(async (thread) => {
      try {
        // The compiled module itself: the thread shares its code, optimised tiers included.
        thread.post({ type: 'init', module: kernel.module, bytes: null }, []);
      } catch {
        const bytes = attentionKernelBytes(kernel.variant); // an engine that cannot post modules
        thread.post({ type: 'init', module: null, bytes }, [bytes.buffer]);
      }
      await ready; // until then the thread keeps Node alive, as the call waiting for it needs
      if (this.#pending.size === 0) thread.hold(false);
      if (!this.#failed) this.#thread = thread;
      return thread;
    });
    this.#ready.catch(fail);
  }

  /**
   * Slices `first`... of `inputs`: copies them into a staging buffer at once
   * (the caller's arrays may be views that a later tfjs allocation detaches),
   * moves it to the thread, and resolves to the results, views of that buffer;
   * {@link recycle} hands it back for the next job.
   */
  async run(inputs: KernelInputs, first: number, count: number): Promise<Results> {
    const bytes = stagingBytes(inputs, count);
    const buffer = this.#spare !== null && this.#spare.byteLength >= bytes ? this.#spare : new ArrayBuffer(bytes);
    this.#spare = null;
    const { query, key, value, output, logSumExp } = stage(buffer, inputs, first, count);
    const mask = inputs.mask ? { data: inputs.mask.data.slice(), shape: inputs.mask.shape } : undefined;
    const part: KernelInputs = { ...inputs, query, key, value, mask };
    const transfer = [buffer, ...(mask ? [mask.data.buffer as ArrayBuffer] : [])];
    return (await this.#send((id) => ({ type: 'job', id, inputs: part, first, into: { output, logSumExp } }), transfer))!;
  }

  /** Thread `thread`'s part of a shared job; resolves when it has no piece left to take. */
  async share(job: SharedJob, thread: number): Promise<void> {
    await this.#send((id) => ({ type: 'shared', id, job, thread }), []);
  }

  /** Resolves once the thread has its kernel, or has failed. */
  async started(): Promise<void> {
    await this.#ready.catch(() => undefined);
  }

  /** Posts at once if the thread has started (so a caller can go on to work of its own), else once it has. */
  #send(message: (id: number) => ToThread, transfer: ArrayBuffer[]): Promise<Results | null> {
    const post = (thread: Thread): Promise<Results | null> => {
      if (this.#failed) return Promise.reject(this.#failed);
      const id = this.#nextId++;
      return new Promise((resolve, reject) => {
        this.#pending.set(id, { resolve, reject });
        thread.hold(true);
        thread.post(message(id), transfer);
      });
    };
    return this.#thread && !this.#failed ? post(this.#thread) : this.#ready.then(post);
  }

  /** Takes back a job's staging buffer once its results have been read. */
  recycle(results: Results): void {
    if (this.#spare === null || results.output.buffer.byteLength > this.#spare.byteLength) this.#spare = results.output.buffer as ArrayBuffer;
  }

  terminate(): void {
    this.#failed ??= new Error('fusedAttentionParallel: the worker pool was shut down');
    for (const job of this.#pending.values()) job.reject(this.#failed);
    this.#pending.clear();
    void this.#ready.then((t) => t.terminate(), () => undefined);
  }
}

let pool: PoolThread[] = [];

/** The pool's threads, started up to `count` (a thread that failed is replaced). Internal. */
function threadsFor(kernel: AttentionKernel, count: number): PoolThread[] {
  while (pool.length < count) {
    const thread: PoolThread = new PoolThread(kernel, () => {
      pool = pool.filter((t) => t !== thread);
    });
    pool.push(thread);
  }
  return pool.slice(0, count);
}

/** The number of threads the engine reports: Node's available parallelism, a browser's hardwareConcurrency. Internal. */
export async function defaultThreadCount(): Promise<number> {
  if (inNode) {
    const specifier = 'node:os';
    const os = (await import(/* @vite-ignore */ specifier)) as NodeOs;
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  }
  return Math.max(1, typeof navigator === 'object' ? (navigator.hardwareConcurrency ?? 1) : 1);
}

/** The floats of `count` slices' query, key, value, output and logSumExp, as {@link stage} lays them out. */
function stagingSizes(inputs: KernelInputs, count: number): number[] {
  const { seqLenQ, seqLenK, dHead, dValue } = inputs;
  return [count * seqLenQ * dHead, count * seqLenK * dHead, count * seqLenK * dValue, count * seqLenQ * dValue, count * seqLenQ];
}

/** Bytes {@link stage} needs for `count` slices. */
function stagingBytes(inputs: KernelInputs, count: number): number {
  return 4 * stagingSizes(inputs, count).reduce((a, b) => a + b, 0);
}

/**
 * Lays out views of query, key, value, output and logSumExp for `count`
 * slices at the start of `buffer`, and copies slices `first`... of the inputs
 * into the first three.
 */
function stage(buffer: ArrayBuffer | SharedArrayBuffer, inputs: KernelInputs, first: number, count: number): Results & { query: Float32Array; key: Float32Array; value: Float32Array } {
  const views: Float32Array[] = [];
  let at = 0;
  for (const size of stagingSizes(inputs, count)) {
    views.push(new Float32Array(buffer, at, size));
    at += 4 * size;
  }
  const [query, key, value, output, logSumExp] = views as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const [q, k, v] = stagingSizes(inputs, 1); // one slice's floats
  query.set(inputs.query.subarray(first * q!, (first + count) * q!));
  key.set(inputs.key.subarray(first * k!, (first + count) * k!));
  value.set(inputs.value.subarray(first * v!, (first + count) * v!));
  return { query, key, value, output, logSumExp };
}

/** Whether threads can share memory here: in Node, and in a cross-origin-isolated page. */
function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  return inNode || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** Shared memory for one call: q, k, v, output, logSumExp and the counters, reused by the next call that fits while none is in flight. */
let sharedSpare: SharedArrayBuffer | null = null;

/**
 * Query rows per piece of a shared job: whole 32-row blocks (the kernel's),
 * about sixteen pieces per thread so that a slow thread costs little at the
 * end, but at least 2^17 scores a piece so that per-piece overhead stays
 * small. (Eight pieces of at least 2^18 scores gave 2.2–2.3x onnxruntime's
 * two-thread time at seqLen 1024 in the interleaved peer bench, sixteen
 * 1.8–2.0x: a vCPU of the reference VM at times runs 1.5x slower.)
 */
function rowsPerPiece(slices: number, seqLenQ: number, seqLenK: number, threads: number): number {
  const wanted = Math.ceil((slices * seqLenQ) / (16 * threads));
  const least = Math.ceil(2 ** 17 / Math.max(1, seqLenK));
  const rows = Math.ceil(Math.max(wanted, least, 1) / 32) * 32;
  return Math.min(rows, Math.max(32, Math.ceil(seqLenQ / 32) * 32));
}

/** How many pieces `inputs` makes for `threads` threads, and of how many rows. */
function piecesFor(inputs: KernelInputs, threads: number): { pieces: number; rows: number } {
  const { batch, heads, seqLenQ, seqLenK } = inputs;
  const rows = rowsPerPiece(batch * heads, seqLenQ, seqLenK, threads);
  return { pieces: batch * heads * Math.ceil(seqLenQ / rows), rows };
}

/** A shared job for `inputs` on `threads` threads, its inputs copied in now. */
function sharedJob(inputs: KernelInputs, threads: number, rows: number): { job: SharedJob; buffer: SharedArrayBuffer } {
  const { batch, heads, seqLenQ } = inputs;
  const slices = batch * heads;
  const floatBytes = stagingBytes(inputs, slices);
  const bytes = floatBytes + 4 * threads; // then the counters
  const buffer = sharedSpare !== null && sharedSpare.byteLength >= bytes ? sharedSpare : new SharedArrayBuffer(bytes);
  sharedSpare = null;
  const { query, key, value, output, logSumExp } = stage(buffer, inputs, 0, slices);
  const next = new Int32Array(buffer, floatBytes, threads);
  next.fill(0);
  let mask = inputs.mask;
  if (mask) {
    const data = new Uint8Array(new SharedArrayBuffer(mask.data.length));
    data.set(mask.data);
    mask = { data, shape: mask.shape };
  }
  const pieces = slices * Math.ceil(seqLenQ / rows);
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.floor((t * pieces) / threads));
  return { job: { inputs: { ...inputs, query, key, value, mask }, output, logSumExp, next, bounds, rowsPerPiece: rows }, buffer };
}

/** What a finished shared job gives its caller; its buffer is spare again once copied out. */
function sharedResults(job: SharedJob, buffer: SharedArrayBuffer, threads: number): { copyInto(output: Float32Array, logSumExp?: Float32Array): void; threads: number } {
  return {
    copyInto: (output, logSumExp) => {
      output.set(job.output);
      logSumExp?.set(job.logSumExp);
      sharedSpare ??= buffer;
    },
    threads,
  };
}

/**
 * Runs `inputs` on up to `threads` threads and resolves to a function that
 * copies the results into `output` `[batch * heads, seqLenQ, dValue]` (and
 * `logSumExp` `[batch * heads, seqLenQ]` when given). Where threads can share
 * memory (Node, a cross-origin-isolated page) they take pieces of the work
 * as in {@link SharedJob}; elsewhere each gets a contiguous run of the
 * `batch * heads` slices, copied to it. Either way every row is computed by
 * the same code (`share` picks the way; tests set it). With `callingThread`
 * (shared only) this thread takes pieces too, blocking until they are done,
 * and `threads - 1` workers help it. `inputs` is read
 * before the first await, so its arrays may be views that a later tfjs
 * allocation detaches. Internal.
 */
export async function runAttentionKernelParallel(
  kernel: AttentionKernel,
  inputs: KernelInputs,
  threads: number,
  share = canShareMemory(),
  callingThread = false,
): Promise<{ copyInto(output: Float32Array, logSumExp?: Float32Array): void; threads: number }> {
  const { batch, heads, seqLenQ, dValue } = inputs;
  const slices = batch * heads;
  // Shared, the threads split rows as well, so even one slice can use them all.
  const split = share ? piecesFor(inputs, threads) : { pieces: slices, rows: seqLenQ };
  const used = Math.max(1, Math.min(threads, split.pieces));
  if (used === 1) {
    // One thread is the calling one: no copies, no messages.
    const results = runAttentionKernel(kernel.exports, inputs);
    return {
      copyInto: (output, logSumExp) => {
        output.set(results.output);
        logSumExp?.set(results.logSumExp);
      },
      threads: 1,
    };
  }
  if (share && callingThread) {
    // As onnxruntime-node's session.run does: this thread works too, and blocks until the end.
    const { job, buffer } = sharedJob(inputs, used, split.rows);
    const helpers = threadsFor(kernel, used - 1);
    await Promise.all(helpers.map((worker) => worker.started()));
    const shares = helpers.map((worker, t) => worker.share(job, t)); // posted before this thread starts
    runSharedPieces(kernel.exports, job, used - 1, runAttentionKernel);
    await Promise.all(shares);
    return sharedResults(job, buffer, used);
  }
  const workers = threadsFor(kernel, used);
  if (share) {
    const { job, buffer } = sharedJob(inputs, used, split.rows);
    await Promise.all(workers.map((worker, t) => worker.share(job, t)));
    return sharedResults(job, buffer, used);
  }
  const runs: Promise<Results>[] = [];
  const starts: number[] = [];
  for (let t = 0; t < used; t++) {
    const first = Math.floor((t * slices) / used);
    const end = Math.floor(((t + 1) * slices) / used);
    starts.push(first);
    runs.push(workers[t]!.run(inputs, first, end - first));
  }
  const parts = await Promise.all(runs);
  return {
    copyInto: (output, logSumExp) => {
      parts.forEach((part, t) => {
        output.set(part.output, starts[t]! * seqLenQ * dValue);
        logSumExp?.set(part.logSumExp, starts[t]! * seqLenQ);
        workers[t]!.recycle(part);
      });
    },
    threads: used,
  };
}

/**
 * Stops the threads of {@link fusedAttentionParallel}; the next call starts
 * new ones. Node exits without it (idle threads do not keep it alive); call it
 * to free their memory.
 *
 * @example
 * await fusedAttentionParallel(q, k, v);
 * terminateFusedAttentionThreads();
 */
export function terminateFusedAttentionThreads(): void {
  for (const thread of pool) thread.terminate();
  pool = [];
}
