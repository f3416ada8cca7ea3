/**
 * What the accuracy benchmarks need from one photo, computed in one detection pass: the plain face-api
 * usage (its own crop of the SSD faces) beside the app's pipeline under each crop variant. Uses the same
 * modules as the app's pipeline; only the benchmark harness calls it.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import type { BenchAnalysis, BenchFace } from '../protocol';
import { CHIP_SIZE, chipGeometry, drawChip, jitterSet, NO_JITTER } from './align';
import type { DecodedPhoto } from './decode';
import { detectFaces, runStage, SSD_STAGE, type FoundFace } from './detect';
import { encodeChips, meanEncoding } from './encode';

async function plainEncodings(input: tf.Tensor3D, faces: FoundFace[]): Promise<Float32Array[]> {
  const [h, w] = input.shape;
  const rects = faces.map((f) =>
    new faceapi.FaceLandmarks68(
      f.landmarks.map(([x, y]) => new faceapi.Point(x / w, y / h)),
      { width: w, height: h },
    ).align(null, { useDlibAlignment: true }),
  );
  // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
  const crops = await faceapi.extractFaceTensors(input as unknown as Parameters<typeof faceapi.extractFaceTensors>[0], rects);
  try {
    return await Promise.all(
      crops.map((c) => faceapi.nets.faceRecognitionNet.computeFaceDescriptor(c) as Promise<Float32Array>),
    );
  } finally {
    for (const c of crops) c.dispose();
  }
}

export async function analyzeForBenchmark(photo: DecodedPhoto): Promise<BenchAnalysis> {
  const input = tf.browser.fromPixels(photo.pixels);
  let primary: FoundFace[];
  let found: FoundFace[];
  let stage: string | null = null;
  let plain: Float32Array[];
  try {
    primary = await runStage(input, SSD_STAGE);
    plain = await plainEncodings(input, primary);
    ({ faces: found, stage } = await detectFaces(input));
  } finally {
    input.dispose();
  }
  const ctx = new OffscreenCanvas(CHIP_SIZE, CHIP_SIZE).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available');
  const jitters = jitterSet(4);
  const perFace = 3 + jitters.length;
  const chips: ImageData[] = [];
  for (const face of found) {
    const g = chipGeometry(face.landmarks);
    chips.push(drawChip(ctx, photo.bitmap, { ...g, angle: 0 }));
    chips.push(drawChip(ctx, photo.bitmap, g));
    chips.push(drawChip(ctx, photo.bitmap, g, { ...NO_JITTER, mirror: true }));
    for (const j of jitters) chips.push(drawChip(ctx, photo.bitmap, g, j));
  }
  const enc = await encodeChips(chips);
  const scale = (b: FoundFace['box']) => ({
    x: b.x / photo.scale,
    y: b.y / photo.scale,
    width: b.width / photo.scale,
    height: b.height / photo.scale,
  });
  const app: BenchFace[] = found.map((face, i) => {
    const e = enc.slice(i * perFace, (i + 1) * perFace) as Float32Array[];
    const [unrotated, aligned, mirror] = e as [Float32Array, Float32Array, Float32Array];
    return {
      box: scale(face.box),
      encodings: {
        unrotated,
        aligned,
        'aligned+mirror': meanEncoding([aligned, mirror]),
        'aligned+mirror+jitter4': meanEncoding(e.slice(1)),
      },
    };
  });
  return {
    width: photo.width,
    height: photo.height,
    plain: primary.map((f, i) => ({ box: scale(f.box), encoding: plain[i] ?? new Float32Array(128) })),
    stage,
    app,
  };
}
