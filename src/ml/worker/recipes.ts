/**
 * How the app's encoding is made from a face's 68 landmarks: one recipe per recognizer, each a chip
 * transform, the jitters averaged and the net the chips go to. The pipeline (pipeline.ts) runs any list of
 * recipes; the app asks for `appRecipes`, the benchmarks for variants by name (src/bench/variants.ts).
 */
import { eyesMouthTransform, jitterSet, NO_JITTER, type ChipTransform, type Jitter, type Point } from './align';
import { arcFaceTransform } from './arcface-align';
import { faceRecognition, mobileFaceNet, type Recognizer } from './models';

/** How one encoding is made: the recognizer, its chip's transform and the jitters averaged (the first is none). */
export interface Recipe {
  /** The net the chips go to (its chipSize is the chip's side). */
  recognizer: Recognizer;
  transform: (landmarks: ReadonlyArray<Point>) => ChipTransform;
  jitters: readonly Jitter[];
}

/**
 * face-api's part of the app's encoding (MODEL_ID.crop, `eyes-mouth` in the benchmarks' names): the
 * eye-and-mouth chip, plus `extraJitters` jittered chips (the *Extra accuracy* option), averaged. Its mirror
 * image is no longer averaged in: fused with MobileFaceNet it measured the same DevTrain accuracy on LFW
 * View 1 without it (README), and it was one of the three network runs per face.
 */
export function appRecipe(extraJitters = 0): Recipe {
  return { recognizer: faceRecognition, transform: eyesMouthTransform, jitters: [NO_JITTER, ...jitterSet(extraJitters)] };
}

/**
 * MobileFaceNet's part (`arcface` in the benchmarks' names): the 112×112 ArcFace 5-point chip alone. Its
 * mirror image averaged in was measured, not assumed: no better fused on LFW View 1 (README), at twice the
 * network's work, so it is left out; jitters are not applied either (the mean of unit vectors is not one).
 */
export function arcFaceRecipe(): Recipe {
  return { recognizer: mobileFaceNet, transform: arcFaceTransform, jitters: [NO_JITTER] };
}

/** Every recipe of the app's encoding, in ENCODING_PARTS order (src/domain/model-id.ts). */
export function appRecipes(extraJitters = 0): Recipe[] {
  return [appRecipe(extraJitters), arcFaceRecipe()];
}
