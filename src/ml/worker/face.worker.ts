/**
 * The face worker: one long-lived module worker that owns tfjs, the models and every decode.
 * The UI reaches it only through src/ml/client.ts (Comlink).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import type { AnalyzeOptions, BenchEngine, EngineInfo, EngineOptions, PhotoAnalysis } from '../protocol';
import { analyzeForBenchmark } from './bench-analysis';
import { activateBackend, chooseBackend, probeWebgl } from './backend';
import { decodePhoto, sha256Hex } from './decode';
import { installWorkerEnvironment } from './face-api-env';
import { loadModels } from './models';
import { detectAndEncode } from './pipeline';
import { faceThumbnail, largestFace } from './thumbnail';

let ready: Promise<EngineInfo> | null = null;

async function init(options: EngineOptions): Promise<EngineInfo> {
  const started = performance.now();
  installWorkerEnvironment();
  const choice = await activateBackend(chooseBackend(options.backend, probeWebgl()), options.wasmUrl);
  await loadModels(options.modelsUrl);
  return { ...choice, loadMs: Math.round(performance.now() - started) };
}

const engine: BenchEngine = {
  init(options) {
    ready ??= init(options);
    return ready;
  },

  async analyze(file: Blob, options: AnalyzeOptions): Promise<PhotoAnalysis> {
    if (!ready) throw new Error('The face engine was not initialised');
    await ready;
    const [sha256, photo] = await Promise.all([sha256Hex(file), decodePhoto(file)]);
    try {
      const started = performance.now();
      const faces = await detectAndEncode(photo, { jitter: options.jitter ?? 0 });
      const ms = performance.now() - started;
      const largest = options.thumbnail ? largestFace(faces) : undefined;
      const thumbnail = largest ? await faceThumbnail(photo.bitmap, largest.box, photo.scale) : null;
      return { width: photo.width, height: photo.height, faces, sha256, thumbnail, ms };
    } finally {
      photo.bitmap.close();
    }
  },

  async memory() {
    const m = tf.memory();
    return { tensors: m.numTensors, bytes: m.numBytes };
  },

  async analyzeForBenchmark(file: Blob) {
    if (!ready) throw new Error('The face engine was not initialised');
    await ready;
    const photo = await decodePhoto(file);
    try {
      return await analyzeForBenchmark(photo);
    } finally {
      photo.bitmap.close();
    }
  },
};

Comlink.expose(engine);
