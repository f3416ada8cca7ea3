/**
 * The UI thread's only door to the face models: a small pool of long-lived module workers behind Comlink.
 * Nothing on the main thread imports tfjs or face-api.
 *
 * The pool starts one worker; once it is ready and runs on WASM or CPU (one core each), more workers join,
 * up to the pool size (from navigator.hardwareConcurrency, or `?workers=N`). On WebGL one worker already
 * has the GPU, so the pool stays at one.
 */
import * as Comlink from 'comlink';
import type { AnalyzeOptions, BackendName, EngineInfo, EngineMemory, FaceEngine, PhotoAnalysis } from './protocol';
import { UNREADABLE_IMAGE } from './protocol';

export type { EngineInfo, PhotoAnalysis, BackendName } from './protocol';

export interface FaceClient {
  /** Resolves once the first worker's models are loaded and warm. */
  ready: Promise<EngineInfo>;
  /** Workers ready now: how many photos are worth analysing at once. */
  concurrency(): number;
  analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis>;
  /** tfjs tensors and bytes alive, summed over the workers. */
  memory(): Promise<EngineMemory>;
  /** For tests: makes the workers lose their WebGL context, as a GPU reset would. */
  loseWebglContext(): Promise<boolean>;
  terminate(): void;
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

interface PooledWorker {
  engine: Comlink.Remote<FaceEngine>;
  ready: Promise<EngineInfo>;
  crashed: Promise<never>;
  inFlight: number;
  up: boolean;
  worker: Worker;
}

function startWorker(backend: BackendName | undefined, index: number): PooledWorker {
  const worker = new Worker(new URL('./worker/face.worker.ts', import.meta.url), {
    type: 'module',
    name: `facewise-models-${index}`,
  });
  const engine = Comlink.wrap<FaceEngine>(worker);
  // A worker that fails to load or crashes reports through `error`, not through Comlink: surface it.
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
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
  const pooled: PooledWorker = { engine, ready, crashed, inFlight: 0, up: false, worker };
  ready.then(
    () => (pooled.up = true),
    () => undefined,
  );
  return pooled;
}

export function createFaceClient(backend?: BackendName, poolSize = 1): FaceClient {
  const workers: PooledWorker[] = [startWorker(backend, 0)];
  const first = workers[0] as PooledWorker;
  first.ready.then(
    (info) => {
      // One GPU serves one worker best; WASM and CPU use one core per worker.
      const size = info.backend === 'webgl' ? 1 : poolSize;
      for (let i = 1; i < size; i++) workers.push(startWorker(info.backend, i));
    },
    () => undefined,
  );

  const pick = (): PooledWorker => {
    let best = first;
    for (const w of workers) if (w.up && w.inFlight < best.inFlight) best = w;
    return best;
  };
  const call = async <T>(fn: (engine: Comlink.Remote<FaceEngine>) => Promise<T>): Promise<T> => {
    await first.ready;
    const w = pick();
    w.inFlight++;
    try {
      return await Promise.race([fn(w.engine), w.crashed]);
    } finally {
      w.inFlight--;
    }
  };

  return {
    ready: first.ready,
    concurrency: () => workers.filter((w) => w.up).length || 1,
    analyze: (file, options) => call((e) => e.analyze(file, options)),
    memory: async () => {
      const all = await Promise.all(workers.filter((w) => w.up).map((w) => w.engine.memory()));
      return all.reduce(
        (a, m) => ({ tensors: a.tensors + m.tensors, bytes: a.bytes + m.bytes, jsHeap: a.jsHeap + m.jsHeap, wasmHeap: a.wasmHeap + m.wasmHeap }),
        { tensors: 0, bytes: 0, jsHeap: 0, wasmHeap: 0 },
      );
    },
    loseWebglContext: async () => {
      const lost = await Promise.all(workers.filter((w) => w.up).map((w) => w.engine.loseWebglContext()));
      return lost.some(Boolean);
    },
    terminate: () => {
      for (const w of workers) {
        w.engine[Comlink.releaseProxy]();
        w.worker.terminate();
      }
    },
  };
}
