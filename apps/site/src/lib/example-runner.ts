import type { MessageLang } from '../i18n/messages';
import { type AbortRequest, type BackendPreference, type RunRequest, wantsHalfFloatTextures, type WorkerReply } from './example-protocol';
import type { LiveInput, LiveMessage } from './live';
import { startWorker } from './start-worker';
import exampleWorkerUrl from '../workers/example-worker.ts?worker&url';

/** How long a stopped run may go on to end by itself before its worker is terminated. */
export const STOP_GRACE_MS = 5000;

/**
 * How a run ended. `tensors` is the worker's tensor count after the run's
 * clean-up. A stopped run `finished` when it ended by itself within the grace
 * period (it watched `signal`), and was terminated otherwise.
 */
export type RunOutcome =
  | { status: 'done'; ms: number; backend: string; tensors: number }
  | { status: 'error'; name: string; message: string; line?: number; column?: number; tensors?: number }
  | { status: 'stopped'; reason: 'stop' | 'time-limit' | 'replaced'; afterMs: number; finished?: boolean; tensors?: number };

/** One request to {@link ExampleRunner.run}. */
export interface RunOptions {
  /** The example's code (a JavaScript module). */
  code: string;
  /** The reader's inputs, readable in the code as `inputs` from `live`. */
  inputs: Record<string, LiveInput>;
  /** The language of the page around the example, for the text it prints (`tr` from `live`). Default `'en'`. */
  lang?: MessageLang;
  /** Stop the run after this many milliseconds. Default 20,000. */
  timeLimitMs?: number;
  /** Receives everything the code prints or draws, as it happens. */
  onMessage: (message: LiveMessage) => void;
  /** Receives the backend chosen for the run, and why. */
  onBackend?: (backend: string, reason: string) => void;
  /** Called when the run leaves the queue and starts. */
  onStart?: () => void;
}

interface Job extends RunOptions {
  id: number;
  owner: object;
  resolve: (outcome: RunOutcome) => void;
}

/**
 * Runs example code in one Web Worker per page, one run at a time. A run that
 * is stopped or passes its time limit has its `signal` aborted and
 * `graceMs` to end by itself; then its worker is terminated (the only way to
 * end a busy loop) and the next run gets a fresh worker. Each example is an
 * `owner`: a new run from the same owner replaces its queued one and
 * supersedes its running one, which is stopped as by Stop and ends as
 * `stopped`, `replaced`; its late messages are the caller's to discard.
 */
export class ExampleRunner {
  #worker: Worker | undefined;
  /** Whether the current worker stores WebGL tensors as float16 (fixed when it starts). */
  #workerHalfFloat = false;
  #queue: Job[] = [];
  #current:
    | (Job & { started: number; timer: ReturnType<typeof setTimeout>; stopping?: { reason: 'stop' | 'time-limit' | 'replaced'; afterMs: number } })
    | undefined;
  #nextId = 1;
  #backend: BackendPreference = 'auto';

  /**
   * @param createWorker - Makes the worker; called lazily and after every terminated run.
   * @param graceMs - How long a stopped run may take to end by itself. Default {@link STOP_GRACE_MS}.
   */
  constructor(
    private readonly createWorker: () => Worker,
    private readonly graceMs = STOP_GRACE_MS,
  ) {}

  /** The backend preference sent with every run. */
  get backend(): BackendPreference {
    return this.#backend;
  }

  /**
   * Changes the backend for the next runs (the worker switches before running;
   * moving to or from `webgl-f16` starts a fresh worker, since a worker's
   * WebGL texture precision is fixed once it has allocated one).
   */
  set backend(preference: BackendPreference) {
    this.#backend = preference;
  }

  /**
   * Queues a run of `options.code` for `owner`, replacing that owner's run
   * still waiting in the queue (which resolves as `stopped`, `replaced`) and
   * stopping its running one, which gets the grace period to end by itself
   * and then resolves as `stopped`, `replaced` too. Only the newest run of an
   * example ever finishes as `done`.
   *
   * @param owner - Any object identifying the example.
   * @param options - The code, inputs, time limit and callbacks.
   * @returns How the run ended.
   */
  run(owner: object, options: RunOptions): Promise<RunOutcome> {
    for (const queued of this.#queue.filter((job) => job.owner === owner)) {
      queued.resolve({ status: 'stopped', reason: 'replaced', afterMs: 0 });
    }
    this.#queue = this.#queue.filter((job) => job.owner !== owner);
    if (this.#current?.owner === owner) this.#abort('replaced');
    return new Promise((resolve) => {
      this.#queue.push({ ...options, id: this.#nextId++, owner, resolve });
      this.#pump();
    });
  }

  /**
   * Stops `owner`'s run: removes it from the queue, or aborts its `signal` if
   * it is running, giving it the grace period to end by itself before the
   * worker is terminated. Stopping a run that is already stopping terminates
   * it at once. A run of `owner` still queued is the newest and resolves as
   * `stopped`, `stop`; the running one then was being superseded, and is
   * ended at once.
   *
   * @param owner - The example whose run to stop.
   * @returns Whether anything was stopped.
   */
  stop(owner: object): boolean {
    const running = this.#current?.owner === owner;
    const queued = this.#queue.filter((job) => job.owner === owner);
    this.#queue = this.#queue.filter((job) => job.owner !== owner);
    // A queued run is the newest the reader asked for (the running one is then being superseded): it reports the stop.
    for (const job of queued) job.resolve({ status: 'stopped', reason: 'stop', afterMs: 0 });
    if (running) {
      if (this.#current?.stopping) this.#terminate();
      else this.#abort('stop');
      return true;
    }
    return queued.length > 0;
  }

  /** Whether `owner` has a run waiting or running. */
  isBusy(owner: object): boolean {
    return this.#current?.owner === owner || this.#queue.some((job) => job.owner === owner);
  }

  /** Whether `owner`'s run was stopped and is in its grace period. */
  isStopping(owner: object): boolean {
    return this.#current?.owner === owner && this.#current.stopping !== undefined;
  }

  /** Aborts the running job's signal and terminates its worker if it is not over within the grace period. */
  #abort(reason: 'stop' | 'time-limit' | 'replaced'): void {
    const job = this.#current;
    if (!job || job.stopping) return;
    job.stopping = { reason, afterMs: performance.now() - job.started };
    const request: AbortRequest = { type: 'abort', id: job.id };
    this.#worker?.postMessage(request);
    clearTimeout(job.timer);
    job.timer = setTimeout(() => this.#terminate(), this.graceMs);
  }

  #terminate(): void {
    const job = this.#current;
    if (!job) return;
    this.#worker?.terminate();
    this.#worker = undefined;
    const { reason, afterMs } = job.stopping ?? { reason: 'stop' as const, afterMs: performance.now() - job.started };
    this.#finish({ status: 'stopped', reason, afterMs, finished: false });
  }

  #finish(outcome: RunOutcome): void {
    const job = this.#current;
    if (!job) return;
    clearTimeout(job.timer);
    this.#current = undefined;
    job.resolve(outcome);
    this.#pump();
  }

  #onReply = (event: MessageEvent<WorkerReply>): void => {
    const reply = event.data;
    const job = this.#current;
    if (!job || reply.id !== job.id) return;
    if (reply.type === 'message') job.onMessage(reply.message);
    else if (reply.type === 'backend') job.onBackend?.(reply.backend, reply.reason);
    else if (job.stopping && (reply.type === 'done' || reply.name === 'AbortError')) {
      // It watched its signal and ended by itself after Stop.
      this.#finish({ status: 'stopped', ...job.stopping, finished: true, tensors: reply.tensors });
    } else if (reply.type === 'done') this.#finish({ status: 'done', ms: reply.ms, backend: reply.backend, tensors: reply.tensors });
    else {
      const { name, message, line, column, tensors } = reply;
      this.#finish({ status: 'error', name, message, line, column, tensors });
    }
  };

  #onWorkerError = (event: ErrorEvent): void => {
    event.preventDefault();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#finish({ status: 'error', name: 'Error', message: `The example runner failed to start: ${event.message}` });
  };

  #pump(): void {
    if (this.#current || this.#queue.length === 0) return;
    const job = this.#queue.shift() as Job;
    const halfFloat = wantsHalfFloatTextures(this.#backend);
    if (this.#worker && this.#workerHalfFloat !== halfFloat) {
      // Its WebGL textures are of the other precision: start a worker set up for this one.
      this.#worker.terminate();
      this.#worker = undefined;
    }
    if (!this.#worker) {
      this.#workerHalfFloat = halfFloat;
      this.#worker = this.createWorker();
      this.#worker.addEventListener('message', this.#onReply);
      this.#worker.addEventListener('error', this.#onWorkerError);
    }
    const timeLimitMs = job.timeLimitMs ?? 20_000;
    this.#current = { ...job, started: performance.now(), timer: setTimeout(() => this.#abort('time-limit'), timeLimitMs) };
    job.onStart?.();
    const request: RunRequest = { type: 'run', id: job.id, code: job.code, inputs: job.inputs, lang: job.lang ?? 'en', backend: this.#backend };
    this.#worker.postMessage(request);
  }
}

let pageRunner: ExampleRunner | undefined;

/**
 * The page's one runner, created on first use (so tfjs loads only when an
 * example first runs).
 *
 * @returns The shared {@link ExampleRunner}.
 * @example
 * const outcome = await getPageRunner().run(figure, { code, inputs: {}, onMessage: show });
 */
export function getPageRunner(): ExampleRunner {
  pageRunner ??= new ExampleRunner(
    () => startWorker(exampleWorkerUrl, 'attention-lab examples'),
  );
  return pageRunner;
}
