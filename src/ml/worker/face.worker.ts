/**
 * The face worker: one long-lived module worker that owns tfjs, the models and every decode.
 * The UI reaches it only through src/ml/client.ts (Comlink).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { AnalyzeOptions, BackendName, BenchEngine, BenchRequest, EngineInfo, EngineOptions, PhotoAnalysis, WorkerFault } from '../protocol';
import { analyzeForBenchmark } from './bench-analysis';
import { activateBackend, chooseBackend, fallBackFromWebgl, loseWebglContext, probeWebgl, webglContextLost } from './backend';
import { decodePhoto, sha256Hex } from './decode';
import { installWorkerEnvironment } from './face-api-env';
import { loadModels, reloadModels } from './models';
import { detectAndEncode } from './pipeline';
import { faceThumbnail, largestFace } from './thumbnail';

let ready: Promise<EngineInfo> | null = null;
/** Browser tests' fault for the next file of this name (see WorkerFault); never set by the app. */
let fault: WorkerFault | null = null;

/** A hang never settles; a crash throws outside any promise (the page sees the worker's `error`). */
function injectedFault(file: Blob): Promise<never> | null {
  if (!fault || !(file instanceof File) || file.name !== fault.file) return null;
  const { kind } = fault;
  fault = null;
  if (kind === 'crash') {
    setTimeout(() => {
      throw new Error('Injected crash (test hook)');
    });
  }
  return new Promise<never>(() => undefined);
}
let modelsUrl = '';

async function init(options: EngineOptions): Promise<EngineInfo> {
  const started = performance.now();
  modelsUrl = options.modelsUrl;
  installWorkerEnvironment();
  const choice = await activateBackend(chooseBackend(options.backend, probeWebgl()), options.wasmUrl);
  await loadModels(options.modelsUrl);
  return { ...choice, loadMs: Math.round(performance.now() - started) };
}

/**
 * Runs model work; if the WebGL context is lost (before or during it — work on a lost context can hang
 * or yield zeros), switches to WASM, reloads the weights there and runs the work again.
 */
async function recoveringFromGpuLoss<T>(work: () => Promise<T>): Promise<T> {
  if (webglContextLost()) await leaveWebgl();
  if (tf.getBackend() !== 'webgl') return work();
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = new Promise<'lost'>((resolve) => {
    timer = setInterval(() => webglContextLost() && resolve('lost'), 200);
  });
  try {
    const outcome = await Promise.race([work().then((value) => ({ value })), lost]);
    if (outcome !== 'lost' && !webglContextLost()) return outcome.value;
  } catch (error) {
    if (!webglContextLost()) throw error;
  } finally {
    clearInterval(timer);
  }
  await leaveWebgl();
  return work();
}

async function leaveWebgl(): Promise<void> {
  await fallBackFromWebgl();
  await reloadModels(modelsUrl);
}

const engine: BenchEngine = {
  init(options) {
    ready ??= init(options);
    return ready;
  },

  async analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis> {
    if (!ready) throw new Error('The face engine was not initialised');
    await ready;
    const faulty = injectedFault(file);
    if (faulty) return faulty;
    const [sha256, photo] = await Promise.all([options.sha256 ?? sha256Hex(file), decodePhoto(file)]);
    try {
      const started = performance.now();
      const faces = await recoveringFromGpuLoss(() => detectAndEncode(photo, { jitter: options.jitter ?? 0 }));
      const ms = performance.now() - started;
      const largest = options.thumbnail ? largestFace(faces) : undefined;
      const thumbnail = largest ? await faceThumbnail(photo.bitmap, largest.box, photo.scale) : null;
      const backend = tf.getBackend() as BackendName;
      return { width: photo.width, height: photo.height, faces, sha256, thumbnail, ms, backend };
    } finally {
      photo.bitmap.close();
    }
  },

  async injectFault(next: WorkerFault) {
    fault = next;
  },

  async testFetch(url: string) {
    try {
      const response = await fetch(url, { mode: 'no-cors', cache: 'no-store' });
      return `fetched (${response.type})`;
    } catch {
      return 'blocked';
    }
  },

  async loseWebglContext() {
    return loseWebglContext();
  },

  async memory() {
    const m = tf.memory();
    const jsHeap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
    return { tensors: m.numTensors, bytes: m.numBytes, jsHeap, wasmHeap: wasm?.HEAPU8?.buffer.byteLength ?? 0 };
  },

  async analyzeForBenchmark(file: Blob, request: BenchRequest) {
    if (!ready) throw new Error('The face engine was not initialised');
    await ready;
    const photo = await decodePhoto(file);
    try {
      return await analyzeForBenchmark(photo, request);
    } finally {
      photo.bitmap.close();
    }
  },
};

Comlink.expose(engine);
