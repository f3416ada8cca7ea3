/**
 * Model work on the benchmark page's main thread: the plain usage as face-api's README runs it (one photo
 * at a time, an <img> from `bufferToImage`) for bench:throughput, and each model stage's cost for
 * bench:stages. Only bench.html loads this; the app never runs a model on the main thread.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import { loadPlainUsage, plainUsage } from './plain-usage';

let loaded: Promise<void> | null = null;
const modelsUrl = () => new URL('models/', document.baseURI).href;

export function loadPlain(backend: string): Promise<void> {
  loaded ??= (async () => {
    setWasmPaths(new URL('wasm/', document.baseURI).href);
    await tf.setBackend(backend);
    await tf.ready();
    await loadPlainUsage(modelsUrl());
  })();
  return loaded;
}

/** The plain usage on one photo; returns how many faces it found. */
export async function plainAnalyze(blob: Blob): Promise<number> {
  const img = await faceapi.bufferToImage(blob);
  return (await plainUsage(img)).length;
}

export function plainTensorCount(): number {
  return tf.memory().numTensors;
}

/** The WASM backend's linear memory, bytes (0 on other backends). */
export function plainWasmHeap(): number {
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

/**
 * Milliseconds of each model stage on one photo (main thread, same backend), median of `runs`: face-api's
 * own nets as its README runs them (the app's workers run some of them with fused ops, faster).
 */
export async function profileStages(blob: Blob, runs = 5): Promise<Record<string, number>> {
  await faceapi.nets.tinyFaceDetector.loadFromUri(modelsUrl());
  const img = await faceapi.bufferToImage(blob);
  const input = tf.browser.fromPixels(img);
  const out: Record<string, number> = {};
  const time = async (name: string, f: () => Promise<unknown>) => {
    await f();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await f();
      ms.push(performance.now() - t);
    }
    out[name] = ms.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  };
  try {
    await time('ssd', async () => faceapi.detectAllFaces(input as never, new faceapi.SsdMobilenetv1Options()).run());
    for (const size of [224, 320, 416, 608]) {
      await time(`tiny-${size}`, async () => faceapi.detectAllFaces(input as never, new faceapi.TinyFaceDetectorOptions({ inputSize: size })).run());
    }
    const chip = tf.image.resizeBilinear(input, [150, 150]) as tf.Tensor3D;
    await time('landmarks-1', () => faceapi.nets.faceLandmark68Net.detectLandmarks(chip as never));
    await time('descriptor-1', () => faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip as never));
    await time('descriptor-2', () => faceapi.nets.faceRecognitionNet.computeFaceDescriptor([chip, chip] as never));
    await time('descriptor-4', () => faceapi.nets.faceRecognitionNet.computeFaceDescriptor([chip, chip, chip, chip] as never));
    chip.dispose();
  } finally {
    input.dispose();
  }
  return out;
}
