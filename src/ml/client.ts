/**
 * The UI thread's only door to the face models: one long-lived module worker behind Comlink.
 * Nothing on the main thread imports tfjs or face-api.
 */
import * as Comlink from 'comlink';
import type { AnalyzeOptions, BackendName, EngineInfo, FaceEngine, PhotoAnalysis } from './protocol';
import { UNREADABLE_IMAGE } from './protocol';

export type { EngineInfo, PhotoAnalysis, BackendName } from './protocol';

export interface FaceClient {
  /** Resolves once the models are loaded and warm. */
  ready: Promise<EngineInfo>;
  analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis>;
  terminate(): void;
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
  const worker = new Worker(new URL('./worker/face.worker.ts', import.meta.url), {
    type: 'module',
    name: 'facewise-models',
  });
  const engine = Comlink.wrap<FaceEngine>(worker);
  const ready = engine.init({
    modelsUrl: new URL('models/', document.baseURI).href,
    wasmUrl: new URL('wasm/', document.baseURI).href,
    backend,
  });
  return {
    ready,
    analyze: (file, options) => engine.analyze(file, options),
    terminate: () => {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
