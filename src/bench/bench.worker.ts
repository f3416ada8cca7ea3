/**
 * The benchmark worker (bench.html only; the app's face.worker.ts knows nothing of it): the app's one
 * pipeline (src/ml/worker/pipeline.ts) with each crop variant asked for as a recipe, beside the plain
 * face-api usage on the same decoded photo, in one call. Same engine start-up as the app's worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TNetInput } from '@vladmandic/face-api';
import * as Comlink from 'comlink';
import { decodePhoto, pixelsOf, type DecodedPhoto } from '../ml/worker/decode';
import { engineReady, startEngine } from '../ml/worker/engine';
import { analyzePhoto } from '../ml/worker/pipeline';
import { loadPlainUsage, plainUsage, type PlainFace } from './plain-usage';
import type { BenchAnalysis, BenchEngine, BenchRequest } from './protocol';
import { parseVariant } from './variants';

/** Where the engine was told to load its models from (the plain usage loads face-api's own nets there). */
let modelsUrl = '';

/** The plain usage on the whole (working-size) photo the app's pipeline sees. */
async function plainOnPhoto(photo: DecodedPhoto): Promise<PlainFace[]> {
  await loadPlainUsage(modelsUrl);
  const input = tf.browser.fromPixels(pixelsOf(photo.bitmap).pixels);
  try {
    // face-api declares its own copy of tfjs-core's types; at run time it is the same tfjs-core.
    return await plainUsage(input as unknown as TNetInput);
  } finally {
    input.dispose();
  }
}

const scaleBox = (b: PlainFace['box'], scale: number) => ({
  x: b.x / scale,
  y: b.y / scale,
  width: b.width / scale,
  height: b.height / scale,
});

async function analyzeForBenchmark(file: Blob, request: BenchRequest): Promise<BenchAnalysis> {
  await engineReady();
  const photo = await decodePhoto(file);
  try {
    const plain = request.plain ? await plainOnPhoto(photo) : [];
    const { faces, stage } = await analyzePhoto(photo, request.variants.map(parseVariant));
    return {
      width: photo.width,
      height: photo.height,
      plain: plain.map((f) => ({ box: scaleBox(f.box, photo.scale), encoding: f.encoding })),
      stage,
      app: faces.map((face) => ({
        box: face.box,
        landmarks: face.landmarks.map(([x, y]) => [x, y] as [number, number]),
        encodings: Object.fromEntries(request.variants.map((v, i) => [v, face.encodings[i] as Float32Array])),
      })),
    };
  } finally {
    photo.bitmap.close();
  }
}

const engine: BenchEngine = {
  init(options) {
    modelsUrl = options.modelsUrl;
    return startEngine(options);
  },
  analyzeForBenchmark,
};

Comlink.expose(engine);
