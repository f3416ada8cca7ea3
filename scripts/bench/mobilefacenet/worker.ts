/**
 * The MobileFaceNet benchmark worker (not part of the app): the app's own worker modules — backend choice,
 * face-api environment, the models — timing face-api's recognition net beside MobileFaceNet's model module
 * (src/ml/worker/models/mobilefacenet.ts) on the same chips, and, for the runtime comparison only,
 * onnxruntime-web running the original ONNX file. (Accuracy is measured through the app's pipeline:
 * `npm run bench:lfw`.)
 */
import * as tf from '@tensorflow/tfjs-core';
import * as Comlink from 'comlink';
import { CHIP_SIZE } from '../../../src/ml/worker/align';
import { ARCFACE_CHIP_SIZE } from '../../../src/ml/worker/arcface-align';
import { activateBackend, chooseBackend, probeWebgl } from '../../../src/ml/worker/backend';
import { encodeChips } from '../../../src/ml/worker/encode';
import { installWorkerEnvironment } from '../../../src/ml/worker/face-api-env';
import { loadModels } from '../../../src/ml/worker/load-models';
import * as mobileFaceNet from '../../../src/ml/worker/models/mobilefacenet';
import { faceRecognition } from '../../../src/ml/worker/models';
import type { MfnBenchWorker, SpeedFigures } from './protocol';

/** A deterministic chip (speed does not depend on content). */
function patternChip(size: number, seed: number): ImageData {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    data[p * 4] = (p * 7 + seed * 31) % 256;
    data[p * 4 + 1] = (p * 13 + seed) % 256;
    data[p * 4 + 2] = (p * 3) % 256;
    data[p * 4 + 3] = 255;
  }
  return new ImageData(data, size, size);
}

async function timeIt(reps: number, f: () => Promise<unknown>): Promise<number> {
  await f();
  await f();
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) await f();
  return (performance.now() - t0) / reps;
}

const api = {
  async init(options) {
    const started = performance.now();
    installWorkerEnvironment();
    const choice = await activateBackend(chooseBackend(options.backend, probeWebgl()), options.wasmUrl);
    await loadModels(options.modelsUrl);
    await mobileFaceNet.load(options.modelsUrl);
    await mobileFaceNet.load(options.modelsUrl); // idempotent: no second fetch
    return { backend: choice.backend, loadMs: Math.round(performance.now() - started), tensors: tf.memory().numTensors };
  },

  async speed(options): Promise<SpeedFigures> {
    const mfnChips = Array.from({ length: 8 }, (_, i) => patternChip(ARCFACE_CHIP_SIZE, i));
    const faChips = Array.from({ length: 8 }, (_, i) => patternChip(CHIP_SIZE, i));
    const mobilefacenet: Record<string, number> = {};
    const faceapi: Record<string, number> = {};
    for (const b of options.batches) {
      mobilefacenet[b] = (await timeIt(options.reps, () => mobileFaceNet.run(mfnChips.slice(0, b)))) / b;
      faceapi[b] = (await timeIt(options.reps, () => encodeChips(faceRecognition, faChips.slice(0, b)))) / b;
    }
    let ort: SpeedFigures['ort'] = { error: 'not asked' };
    if (options.ortModelUrl) {
      try {
        const ortWeb = await import('onnxruntime-web/wasm');
        ortWeb.env.wasm.wasmPaths = options.ortWasmUrl;
        ortWeb.env.wasm.numThreads = 1;
        const session = await ortWeb.InferenceSession.create(options.ortModelUrl, { executionProviders: ['wasm'] });
        const n = ARCFACE_CHIP_SIZE;
        const input = new Float32Array(3 * n * n);
        const chip = mfnChips[0]!;
        for (let c = 0; c < 3; c++) for (let p = 0; p < n * n; p++) input[c * n * n + p] = (chip.data[p * 4 + c]! - 127) / 128;
        const feeds = { [session.inputNames[0]!]: new ortWeb.Tensor('float32', input, [1, 3, n, n]) };
        // The exported graph has a fixed batch of 1: one call per face.
        ort = { '1': await timeIt(options.reps, () => session.run(feeds)) };
        // The same chip through both runtimes: the app's converted graph must agree with onnxruntime here too.
        const [ours] = await mobileFaceNet.run([chip]);
        const theirs = mobileFaceNet.l2Normalize((await session.run(feeds))[session.outputNames[0]!]!.data as Float32Array);
        ort.maxDiffVsApp = ours!.reduce((m, v, i) => Math.max(m, Math.abs(v - theirs[i]!)), 0);
        await session.release();
      } catch (e) {
        ort = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    return { backend: tf.getBackend(), mobilefacenet, faceapi, ort };
  },

  memory() {
    return Promise.resolve(tf.memory().numTensors);
  },
} satisfies MfnBenchWorker;

Comlink.expose(api);
