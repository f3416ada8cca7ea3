/**
 * The UI thread's only door to the face models: one long-lived module worker behind Comlink.
 * Nothing on the main thread imports tfjs or face-api.
 */
import * as Comlink from 'comlink';
import type { AnalyzeOptions, BackendName, BenchAnalysis, BenchEngine, EngineInfo, PhotoAnalysis } from './protocol';
import { UNREADABLE_IMAGE } from './protocol';

export type { EngineInfo, PhotoAnalysis, BackendName } from './protocol';

export interface FaceClient {
  /** Resolves once the models are loaded and warm. */
  ready: Promise<EngineInfo>;
  analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis>;
  terminate(): void;
}

/** The benchmark harness's client: the same worker, plus both pipelines' encodings of one photo. */
export interface BenchClient extends FaceClient {
  analyzeForBenchmark(file: Blob): Promise<BenchAnalysis>;
}

/** Reads `?backend=webgl|wasm|cpu` from a query string. */
export function backendFromQuery(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgl' || value === 'wasm' || value === 'cpu' ? value : undefined;
}

export function isUnreadableImageError(error: unknown): boolean {
  return error instanceof Error && error.name === UNREADABLE_IMAGE;
}

export function createFaceClient(backend?: BackendName): FaceClient {
  const { analyzeForBenchmark: _, ...client } = createBenchClient(backend);
  return client;
}

export function createBenchClient(backend?: BackendName): BenchClient {
  const worker = new Worker(new URL('./worker/face.worker.ts', import.meta.url), {
    type: 'module',
    name: 'facewise-models',
  });
  const engine = Comlink.wrap<BenchEngine>(worker);
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
  return {
    ready,
    analyze: (file, options) => Promise.race([engine.analyze(file, options), crashed]),
    analyzeForBenchmark: (file) => Promise.race([engine.analyzeForBenchmark(file), crashed]),
    terminate: () => {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
