/**
 * The benchmarks' crop variants, named `<crop>[+mirror][+jitter<N>]` with crop `eyes-mouth` or
 * `template-<padding>`: each is read into a Recipe, an option of the one pipeline
 * (src/ml/worker/pipeline.ts). Only the benchmark worker reads these names; the app builds its recipe
 * in code (recipes.ts's appRecipes), and tests/unit/variants.test.ts holds that MODEL_ID.crop names it.
 *
 * `templateTransform`: the least-squares fit of the 51 inner landmarks (brows, nose, eyes, mouth) onto a
 * mean face (face-template.ts), padded on every side, as dlib's get_face_chip_details does. Measured no
 * better than the app's eye-and-mouth chip on LFW's View 1 (README), so it stays a benchmark option.
 */
import { CHIP_SIZE, eyesMouthTransform, fitSimilarity, jitterSet, MIRROR, NO_JITTER, type ChipTransform, type Point } from '../ml/worker/align';
import { arcFaceTransform } from '../ml/worker/arcface-align';
import { faceRecognition, mobileFaceNet } from '../ml/worker/models';
import type { Recipe } from '../ml/worker/recipes';
import { FACE_TEMPLATE } from './face-template';

/** The first landmark of the template (the jaw, 0-16, is left out: it moves with pose and expression). */
export const TEMPLATE_FIRST_LANDMARK = 17;

/**
 * The chip from the 51 inner landmarks fitted onto the mean face; `padding` is the margin around the
 * template's unit square on each side, as a fraction of it (dlib's face_recognition chips use 0.25).
 */
export function templateTransform(landmarks: ReadonlyArray<Point>, padding: number): ChipTransform {
  const to = FACE_TEMPLATE.map(([x, y]) => [
    ((x + padding) / (1 + 2 * padding)) * CHIP_SIZE,
    ((y + padding) / (1 + 2 * padding)) * CHIP_SIZE,
  ] as const);
  return fitSimilarity(landmarks.slice(TEMPLATE_FIRST_LANDMARK, TEMPLATE_FIRST_LANDMARK + to.length), to);
}

/**
 * Reads `<crop>[+mirror][+jitter<N>]`: crop `eyes-mouth` or `template-<padding>` (face-api's net, 150×150), or
 * `arcface` (MobileFaceNet on the ArcFace 5-point chip, 112×112).
 */
export function parseVariant(variant: string): Recipe {
  const [crop, ...extras] = variant.split('+');
  let transform: Recipe['transform'];
  let recognizer: Recipe['recognizer'] = faceRecognition;
  if (crop === 'eyes-mouth') transform = eyesMouthTransform;
  else if (crop === 'arcface') {
    transform = arcFaceTransform;
    recognizer = mobileFaceNet;
  } else if (crop?.startsWith('template-')) {
    const padding = Number(crop.slice('template-'.length));
    if (!Number.isFinite(padding)) throw new Error(`bad padding in ${variant}`);
    transform = (l) => templateTransform(l, padding);
  } else throw new Error(`unknown crop in ${variant}`);
  const jitters = [NO_JITTER];
  for (const e of extras) {
    if (e === 'mirror') jitters.push(MIRROR);
    else if (e.startsWith('jitter')) jitters.push(...jitterSet(Number(e.slice('jitter'.length))));
    else throw new Error(`unknown option in ${variant}`);
  }
  return { recognizer, transform, jitters };
}
