import type { BackendPreference, RunRequest, WorkerReply } from './example-protocol';
import type { LiveInput, LiveMessage } from './live';

/** How a run ended. */
export type RunOutcome =
  | { status: 'done'; ms: number; backend: string }
  | { status: 'error'; name: string; message: string; line?: number; column?: number }
  | { status: 'stopped'; reason: 'stop' | 'time-limit' | 'replaced'; afterMs: number };

/** One request to {@link ExampleRunner.run}. */
export interface RunOptions {
  /** The example's code (a JavaScript module). */
  code: string;
  /** The reader's inputs, readable in the code as `inputs` from `live`. */
  inputs: Record<string, LiveInput>;
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
 * is stopped or passes its time limit has its worker terminated (the only way
 * to end a busy loop); the next run gets a fresh worker. Each example is an
 * `owner`: a new run from the same owner replaces its queued one.
 */
export class ExampleRunner {
  #worker: Worker | undefined;
  #queue: Job[] = [];
  #current: (Job & { started: number; timer: ReturnType<typeof setTimeout> }) | undefined;
  #nextId = 1;
  #backend: BackendPreference = 'auto';

  /** @param createWorker - Makes the worker; called lazily and after every stop. */
  constructor(private readonly createWorker: () => Worker) {}

  /** The backend preference sent with every run. */
  get backend(): BackendPreference {
    return this.#backend;
  }

  /** Changes the backend for the next runs (the worker switches before running). */
  set backend(preference: BackendPreference) {
    this.#backend = preference;
  }

  /**
   * Queues a run of `options.code` for `owner`, replacing that owner's run
   * still waiting in the queue (which resolves as `stopped`, `replaced`).
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
    return new Promise((resolve) => {
      this.#queue.push({ ...options, id: this.#nextId++, owner, resolve });
      this.#pump();
    });
  }

  /**
   * Stops `owner`'s run: removes it from the queue, or terminates the worker
   * if it is running.
   *
   * @param owner - The example whose run to stop.
   * @returns Whether anything was stopped.
   */
  stop(owner: object): boolean {
    const queued = this.#queue.filter((job) => job.owner === owner);
    this.#queue = this.#queue.filter((job) => job.owner !== owner);
    for (const job of queued) job.resolve({ status: 'stopped', reason: 'stop', afterMs: 0 });
    if (this.#current?.owner === owner) {
      this.#end('stop');
      return true;
    }
    return queued.length > 0;
  }

  /** Whether `owner` has a run waiting or running. */
  isBusy(owner: object): boolean {
    return this.#current?.owner === owner || this.#queue.some((job) => job.owner === owner);
  }

  #end(reason: 'stop' | 'time-limit'): void {
    const job = this.#current;
    if (!job) return;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#finish({ status: 'stopped', reason, afterMs: performance.now() - job.started });
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
    else if (reply.type === 'done') this.#finish({ status: 'done', ms: reply.ms, backend: reply.backend });
    else {
      const { name, message, line, column } = reply;
      this.#finish({ status: 'error', name, message, line, column });
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
    if (!this.#worker) {
      this.#worker = this.createWorker();
      this.#worker.addEventListener('message', this.#onReply);
      this.#worker.addEventListener('error', this.#onWorkerError);
    }
    const timeLimitMs = job.timeLimitMs ?? 20_000;
    this.#current = { ...job, started: performance.now(), timer: setTimeout(() => this.#end('time-limit'), timeLimitMs) };
    job.onStart?.();
    const request: RunRequest = { type: 'run', id: job.id, code: job.code, inputs: job.inputs, backend: this.#backend };
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
    () => new Worker(new URL('../workers/example-worker.ts', import.meta.url), { type: 'module', name: 'attention-lab examples' }),
  );
  return pageRunner;
}
