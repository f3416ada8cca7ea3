/**
 * The plain face-api usage, the baseline of bench:throughput: `detectAllFaces` with SSD, then landmarks
 * and descriptors, one photo at a time on the page's main thread, exactly as face-api's README shows it.
 * Only bench.html loads this; the app never runs a model on the main thread.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';

let loaded: Promise<void> | null = null;

export function loadPlain(backend: string): Promise<void> {
  loaded ??= (async () => {
    setWasmPaths(new URL('wasm/', document.baseURI).href);
    await tf.setBackend(backend);
    await tf.ready();
    const models = new URL('models/', document.baseURI).href;
    await faceapi.nets.ssdMobilenetv1.loadFromUri(models);
    await faceapi.nets.faceLandmark68Net.loadFromUri(models);
    await faceapi.nets.faceRecognitionNet.loadFromUri(models);
  })();
  return loaded;
}

export async function plainAnalyze(blob: Blob): Promise<number> {
  const img = await faceapi.bufferToImage(blob);
  const results = await faceapi
    .detectAllFaces(img, new faceapi.SsdMobilenetv1Options())
    .withFaceLandmarks()
    .withFaceDescriptors();
  return results.length;
}

export function plainTensorCount(): number {
  return tf.memory().numTensors;
}

/** The WASM backend's linear memory, bytes (0 on other backends). */
export function plainWasmHeap(): number {
  const wasm = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
  return wasm?.HEAPU8?.buffer.byteLength ?? 0;
}

/** Milliseconds of each model stage on one photo (main thread, same backend), median of `runs`. */
export async function profileStages(blob: Blob, runs = 5): Promise<Record<string, number>> {
  const models = new URL('models/', document.baseURI).href;
  if (!faceapi.nets.tinyFaceDetector.isLoaded) await faceapi.nets.tinyFaceDetector.loadFromUri(models);
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
