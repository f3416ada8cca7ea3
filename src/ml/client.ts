/**
 * The UI thread's only door to the face models: a small pool of long-lived module workers behind Comlink.
 * Nothing on the main thread imports tfjs or face-api.
 *
 * The pool starts one worker; once it is ready and runs on WASM or CPU (one core each), more workers join,
 * up to the pool size (from navigator.hardwareConcurrency, or `?workers=N`). On WebGL one worker already
 * has the GPU, so the pool stays at one.
 *
 * A batch always ends. Photos wait in the pool's own queue and each worker takes one at a time, so a
 * photo's clock starts only when a worker starts on it. Before that its size is read from its header
 * (src/domain/image-dimensions.ts): photos above the pixel budget are refused there, and each photo is
 * given a time limit scaled to its pixels. A worker that crashes (an `error` event) or runs past the limit
 * is terminated and replaced by a fresh one; the photo is tried once more on it, then fails with a
 * sentence. An aborted call (Cancel, Erase) settles at once; its worker finishes or is replaced as above.
 */
import * as Comlink from 'comlink';
import { analysisTimeLimitMs, pixelBudgetRefusal, readImageDimensions, type ImageDimensions } from '../domain/image-dimensions';
import type { AnalyzeOptions, BackendName, EngineInfo, EngineMemory, FaceEngine, PhotoAnalysis, WorkerFault } from './protocol';
import { ANALYSIS_FAILED, IMAGE_TOO_LARGE, UNREADABLE_IMAGE } from './protocol';
import faceWorkerUrl from './worker/face.worker?worker&url';
import { workerBootstrapUrl } from './worker-bootstrap';

export type { EngineInfo, PhotoAnalysis, BackendName, WorkerFault } from './protocol';

/** How a caller can stop waiting for one photo. */
export interface AnalyzeControl {
  /** Aborting rejects the call at once with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** The photo's size, already read from its header by the caller (src/domain/photo-check.ts); absent: read here. */
  dims?: ImageDimensions | null;
}

export interface FaceClient {
  /** Resolves once the first worker's models are loaded and warm. */
  ready: Promise<EngineInfo>;
  /** Workers ready now: how many photos are worth analysing at once. */
  concurrency(): number;
  analyze(file: Blob, options: AnalyzeOptions, control?: AnalyzeControl): Promise<PhotoAnalysis>;
  /** tfjs tensors and bytes alive, summed over the workers. */
  memory(): Promise<EngineMemory>;
  /** For tests: makes the workers lose their WebGL context, as a GPU reset would. */
  loseWebglContext(): Promise<boolean>;
  terminate(): void;
}

/** Fault injection for browser tests; main.tsx exposes it only under `?test-hooks`. */
export interface FaultHooks {
  /** The next `times` attempts at a file of this name make their worker hang or crash. */
  injectFault(fault: WorkerFault, times: number): void;
  /** Workers started so far, replacements included. */
  workersStarted(): number;
  /** Fetches a URL from inside a worker: 'blocked' when the worker's CSP refuses it. */
  workerFetch(url: string): Promise<string>;
}

/** Reads `?backend=webgl|wasm|cpu` from a query string. */
export function backendFromQuery(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgl' || value === 'wasm' || value === 'cpu' ? value : undefined;
}

/** Pool size: `?workers=N` (1..8), else one worker per core, at most 4. */
export function poolSizeFrom(search: string, cores: number | undefined): number {
  const asked = Number(new URLSearchParams(search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 8) return asked;
  return Math.max(1, Math.min(4, cores ?? 2));
}

export function isUnreadableImageError(error: unknown): boolean {
  return error instanceof Error && error.name === UNREADABLE_IMAGE;
}

/** The photo is above the pixel budget; the message says its size. */
export function isImageTooLargeError(error: unknown): boolean {
  return error instanceof Error && error.name === IMAGE_TOO_LARGE;
}

/** The photo hung or crashed its worker twice; the message says so. */
export function isAnalysisFailedError(error: unknown): boolean {
  return error instanceof Error && error.name === ANALYSIS_FAILED;
}

export function isAbortError(error: unknown): boolean {
  return (error instanceof Error || error instanceof DOMException) && error.name === 'AbortError';
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const abortError = () => new DOMException('The analysis was cancelled.', 'AbortError');

/** Tries per photo: the first, and one more on a fresh worker after a crash or a hang. */
const ATTEMPTS = 2;
/**
 * The time limit of a try at a file with an injected fault (tests only): the real limits are minutes, and
 * the hang tests would wait them out. Every other photo keeps its real limit.
 */
const INJECTED_FAULT_LIMIT_MS = 10_000;

interface PooledWorker {
  engine: Comlink.Remote<FaceEngine>;
  ready: Promise<EngineInfo>;
  crashed: Promise<never>;
  up: boolean;
  busy: boolean;
  /** Terminated (crashed, hung, or the client was terminated): takes no more photos. */
  retired: boolean;
  worker: Worker;
}

interface Job {
  file: Blob;
  run: (engine: Comlink.Remote<FaceEngine>) => Promise<unknown>;
  limitMs: number;
  attempts: number;
  /** Why the last attempt ended its worker ('crashed' / 'took longer than …'). */
  lastFault: string;
  settled: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function startWorker(backend: BackendName | undefined, index: number): PooledWorker {
  // A blob: bootstrap, so the worker runs under the page's Content-Security-Policy (worker-bootstrap.ts).
  const worker = new Worker(workerBootstrapUrl(new URL(faceWorkerUrl, document.baseURI).href), {
    type: 'module',
    name: `facewise-models-${index}`,
  });
  const engine = Comlink.wrap<FaceEngine>(worker);
  // A worker that fails to load or crashes reports through `error`, not through Comlink: surface it.
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`The face worker failed: ${event.message || 'it could not be loaded'}`));
    });
  });
  crashed.catch(() => undefined);
  const ready = Promise.race([
    engine.init({
      modelsUrl: new URL('models/', document.baseURI).href,
      wasmUrl: new URL('wasm/', document.baseURI).href,
      backend,
    }),
    crashed,
  ]);
  const pooled: PooledWorker = { engine, ready, crashed, up: false, busy: false, retired: false, worker };
  ready.then(
    () => (pooled.up = true),
    () => undefined,
  );
  return pooled;
}

function retire(w: PooledWorker): void {
  if (w.retired) return;
  w.retired = true;
  w.up = false;
  w.engine[Comlink.releaseProxy]();
  w.worker.terminate();
}

export function createFaceClient(backend?: BackendName, poolSize = 1): FaceClient & FaultHooks {
  const first = startWorker(backend, 0);
  const workers: PooledWorker[] = [first];
  let started = 1;
  let terminated = false;
  /** The backend replacements start on: the first worker's once it is known. */
  let poolBackend = backend;
  const queue: Job[] = [];
  const faults: Array<WorkerFault & { times: number }> = [];

  const live = () => workers.filter((w) => w.up && !w.retired);

  const addWorker = (slot?: number): PooledWorker => {
    const w = startWorker(poolBackend, started++);
    if (slot === undefined) workers.push(w);
    else workers[slot] = w;
    w.ready.then(
      () => dispatch(),
      (error: unknown) => {
        retire(w);
        // No worker left to take photos: every waiting one fails with why.
        if (workers.every((x) => x.retired)) {
          for (const job of queue.splice(0)) settle(job, () => job.reject(error));
        }
      },
    );
    return w;
  };

  first.ready.then(
    (info) => {
      poolBackend = info.backend;
      // One GPU serves one worker best; WASM and CPU use one core per worker.
      const size = info.backend === 'webgl' ? 1 : poolSize;
      for (let i = 1; i < size; i++) addWorker();
      dispatch();
    },
    () => undefined,
  );

  const settle = (job: Job, how: () => void) => {
    if (job.settled) return;
    job.settled = true;
    how();
  };

  /** Gives each idle ready worker the next waiting photo. */
  function dispatch(): void {
    if (terminated) return;
    for (const w of live()) {
      if (w.busy) continue;
      let job = queue.shift();
      while (job?.settled) job = queue.shift();
      if (!job) return;
      void attempt(w, job);
    }
  }

  async function attempt(w: PooledWorker, job: Job): Promise<void> {
    w.busy = true;
    job.attempts++;
    const name = job.file instanceof File ? job.file.name : '';
    const fault = faults.find((f) => f.times > 0 && f.file === name);
    const limitMs = fault ? INJECTED_FAULT_LIMIT_MS : job.limitMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<{ fault: string }>((resolve) => {
      timer = setTimeout(() => resolve({ fault: `took longer than ${Math.round(limitMs / 1000)} s` }), limitMs);
    });
    const work = (async () => {
      if (fault) {
        fault.times--;
        await w.engine.injectFault({ kind: fault.kind, file: fault.file });
      }
      return job.run(w.engine);
    })();
    const outcome = await Promise.race([
      work.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      w.crashed.catch(() => ({ fault: 'crashed' })),
      timedOut,
    ]);
    clearTimeout(timer);
    if ('fault' in outcome) {
      // Hung or crashed: this worker is done for. A fresh one takes its place and the photo's retry.
      const slot = workers.indexOf(w);
      retire(w);
      if (!terminated && slot >= 0) addWorker(slot);
      job.lastFault = outcome.fault;
      if (job.attempts < ATTEMPTS && !job.settled) queue.unshift(job);
      else
        settle(job, () =>
          job.reject(
            namedError(
              ANALYSIS_FAILED,
              `the face models' worker ${job.lastFault} on it ${job.attempts === 1 ? 'once' : `${job.attempts} times`} (it was restarted each time), so the photo was skipped`,
            ),
          ),
        );
    } else {
      w.busy = false;
      if ('value' in outcome) settle(job, () => job.resolve(outcome.value));
      else settle(job, () => job.reject(outcome.error));
    }
    dispatch();
  }

  const call = async <T>(file: Blob, run: (engine: Comlink.Remote<FaceEngine>) => Promise<T>, control?: AnalyzeControl): Promise<T> => {
    const signal = control?.signal;
    if (signal?.aborted) throw abortError();
    await first.ready;
    if (terminated) throw new Error('The face models were shut down.');
    const dims = control?.dims !== undefined ? control.dims : await readImageDimensions(file).catch(() => null);
    const refusal = pixelBudgetRefusal(dims);
    if (refusal !== null) throw namedError(IMAGE_TOO_LARGE, refusal);
    if (signal?.aborted) throw abortError();
    return new Promise<T>((resolve, reject) => {
      // The batch's one signal would otherwise hold a listener per photo it ever analysed: each add scans
      // the signal's listeners, so a batch of thousands cost time growing with every photo.
      const onAbort = () => settle(job, () => reject(abortError()));
      const leaving =
        <A extends unknown[]>(then: (...args: A) => void) =>
        (...args: A) => {
          signal?.removeEventListener('abort', onAbort);
          then(...args);
        };
      const job: Job = {
        file,
        run,
        limitMs: analysisTimeLimitMs(dims),
        attempts: 0,
        lastFault: '',
        settled: false,
        resolve: leaving(resolve as (value: unknown) => void),
        reject: leaving(reject),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(job);
      dispatch();
    });
  };

  return {
    ready: first.ready,
    concurrency: () => live().length || 1,
    analyze: (file, options, control) => call(file, (e) => e.analyze(file, options), control),
    memory: async () => {
      const all = await Promise.all(live().map((w) => w.engine.memory()));
      return all.reduce(
        (a, m) => ({ tensors: a.tensors + m.tensors, bytes: a.bytes + m.bytes, jsHeap: a.jsHeap + m.jsHeap, wasmHeap: a.wasmHeap + m.wasmHeap }),
        { tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 },
      );
    },
    loseWebglContext: async () => {
      const lost = await Promise.all(live().map((w) => w.engine.loseWebglContext()));
      return lost.some(Boolean);
    },
    injectFault: (fault, times) => {
      faults.push({ ...fault, times });
    },
    workersStarted: () => started,
    workerFetch: async (url) => {
      await first.ready;
      const w = live()[0];
      if (!w) throw new Error('No face worker is running.');
      return w.engine.testFetch(url);
    },
    terminate: () => {
      terminated = true;
      for (const w of workers) retire(w);
      for (const job of queue.splice(0)) settle(job, () => job.reject(new Error('The face models were shut down.')));
    },
  };
}
