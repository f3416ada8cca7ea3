/**
 * The benchmark page's door to the benchmark worker (bench.worker.ts): one worker, behind Comlink. The
 * app's own workers are reached through src/ml/client.ts's createFaceClient, as the app does.
 */
import * as Comlink from 'comlink';
import type { BackendName, EngineInfo } from '../ml/protocol';
import type { BenchAnalysis, BenchEngine, BenchRequest } from './protocol';

export interface BenchClient {
  ready: Promise<EngineInfo>;
  analyzeForBenchmark(file: Blob, request: BenchRequest): Promise<BenchAnalysis>;
  terminate(): void;
}

export function createBenchClient(backend?: BackendName): BenchClient {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'facewise-bench' });
  const engine = Comlink.wrap<BenchEngine>(worker);
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      reject(new Error(`The benchmark worker failed: ${event.message || 'it could not be loaded'}`));
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
    async analyzeForBenchmark(file, request) {
      await ready;
      return Promise.race([engine.analyzeForBenchmark(file, request), crashed]);
    },
    terminate() {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
