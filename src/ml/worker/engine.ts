/**
 * What every face worker shares (the app's face.worker.ts and the benchmark's src/bench/bench.worker.ts):
 * start-up (face-api environment, backend, models), recovery from a lost WebGL context, memory figures.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, EngineInfo, EngineMemory, EngineOptions } from '../protocol';
import { activateBackend, chooseBackend, fallBackFromWebgl, probeWebgl, webglContextLost } from './backend';
import { installWorkerEnvironment } from './face-api-env';
import { loadModels, reloadModels } from './load-models';
import { installWasmConcat } from './wasm-concat';

let ready: Promise<EngineInfo> | null = null;
let modelsUrl = '';

async function init(options: EngineOptions): Promise<EngineInfo> {
  const started = performance.now();
  modelsUrl = options.modelsUrl;
  installWorkerEnvironment();
  installWasmConcat();
  const choice = await activateBackend(chooseBackend(options.backend, probeWebgl()), options.wasmUrl);
  await loadModels(options.modelsUrl);
  return { ...choice, loadMs: Math.round(performance.now() - started) };
}

/** Starts the engine once; later calls return the first start. */
export function startEngine(options: EngineOptions): Promise<EngineInfo> {
  ready ??= init(options);
  return ready;
}

/** Waits for the engine started by startEngine; throws when it was never started. */
export async function engineReady(): Promise<EngineInfo> {
  if (!ready) throw new Error('The face engine was not initialised');
  return ready;
}

/**
 * Runs model work; if the WebGL context is lost (before or during it — work on a lost context can hang
 * or yield zeros), switches to WASM, reloads the weights there and runs the work again.
 */
export async function recoveringFromGpuLoss<T>(work: () => Promise<T>): Promise<T> {
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

export function activeBackend(): BackendName {
  return tf.getBackend() as BackendName;
}

export function engineMemory(): EngineMemory {
  const m = tf.memory();
  const jsHeap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return { tensors: m.numTensors, bytes: m.numBytes, jsHeap, wasmHeap: wasm?.HEAPU8?.buffer.byteLength ?? 0 };
}
