/**
 * What the accuracy benchmarks need from one photo, in one call: the plain face-api
 * usage (its own crop of the SSD faces) beside the app's detection with each crop variant asked for.
 * Uses the same modules as the app's pipeline; only the benchmark harness calls it.
 * Variants are named as align.ts's parseVariant reads them.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import type { BenchAnalysis, BenchFace, BenchRequest } from '../protocol';
import { CHIP_SIZE, drawChip, parseVariant } from './align';
import { pixelsOf, type DecodedPhoto } from './decode';
import { detectFaces, detectionInput, type FoundFace } from './detect';
import { encodeChips, meanEncoding } from './encode';

/**
 * face-api's documented usage on the whole (working-size) photo: SSD at its default confidence,
 * `withFaceLandmarks()`, then the descriptor of face-api's own crop (its dlib alignment box).
 */
async function plainUsage(photo: DecodedPhoto): Promise<Array<{ box: FoundFace['box']; encoding: Float32Array }>> {
  // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
  const input = tf.browser.fromPixels(pixelsOf(photo.bitmap).pixels) as unknown as faceapi.TNetInput;
  try {
    const results = await faceapi
      .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    return results.map((r) => ({ box: r.detection.box, encoding: r.descriptor }));
  } finally {
    (input as unknown as tf.Tensor).dispose();
  }
}

export async function analyzeForBenchmark(photo: DecodedPhoto, request: BenchRequest): Promise<BenchAnalysis> {
  const plain = request.plain ? await plainUsage(photo) : [];
  const input = detectionInput(photo.bitmap);
  let found: FoundFace[];
  let stage: string | null;
  try {
    ({ faces: found, stage } = await detectFaces(input));
  } finally {
    input.tensor.dispose();
  }
  const ctx = new OffscreenCanvas(CHIP_SIZE, CHIP_SIZE).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available');
  const recipes = request.variants.map((v) => [v, parseVariant(v)] as const);
  const chips: ImageData[] = [];
  for (const face of found) {
    for (const [, r] of recipes) {
      const t = r.transform(face.landmarks);
      for (const j of r.jitters) chips.push(drawChip(ctx, photo.bitmap, t, j));
    }
  }
  const enc = await encodeChips(chips);
  const scaleBox = (b: FoundFace['box']) => ({
    x: b.x / photo.scale,
    y: b.y / photo.scale,
    width: b.width / photo.scale,
    height: b.height / photo.scale,
  });
  let next = 0;
  const app: BenchFace[] = found.map((face) => {
    const encodings: Record<string, Float32Array> = {};
    for (const [name, r] of recipes) {
      encodings[name] = meanEncoding(enc.slice(next, next + r.jitters.length));
      next += r.jitters.length;
    }
    return {
      box: scaleBox(face.box),
      landmarks: face.landmarks.map(([x, y]) => [x / photo.scale, y / photo.scale] as [number, number]),
      encodings,
    };
  });
  return {
    width: photo.width,
    height: photo.height,
    plain: plain.map((f) => ({ box: scaleBox(f.box), encoding: f.encoding })),
    stage,
    app,
  };
}
