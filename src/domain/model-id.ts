/**
 * Which model made the face encodings. Encodings from different models live in different spaces: a
 * distance between them means nothing, so a known-people file made by another model is refused.
 * Change this whenever the recognition network or the way its input chip is cut changes.
 */
export const MODEL_ID = {
  recognition: 'face-api faceRecognitionNet (dlib ResNet) via @vladmandic/face-api 1.7.15',
  /**
   * The chip the face is encoded from, as the benchmarks name crop variants (`<crop>[+mirror][+jitter<N>]`,
   * read by src/ml/worker/align.ts): the eye-and-mouth aligned chip and its mirror image, averaged. Chosen
   * with `npm run bench:lfw` (README).
   */
  crop: 'eyes-mouth+mirror',
} as const;

/** Earlier names of the same crops (files exported under them hold the same encodings). */
const CROP_ALIASES: Readonly<Record<string, string>> = { 'aligned+mirror': 'eyes-mouth+mirror' };
const cropName = (crop: string) => CROP_ALIASES[crop] ?? crop;

export type ModelId = { readonly recognition: string; readonly crop: string };

/** Numbers in one encoding made by MODEL_ID. */
export const ENCODING_LENGTH = 128;

export function sameModel(a: ModelId, b: ModelId): boolean {
  return a.recognition === b.recognition && cropName(a.crop) === cropName(b.crop);
}

/**
 * Identifies the whole pipeline whose results the analysis cache holds: the model and crop above plus the
 * detection stages. A cached analysis made by another pipeline is treated as a miss; known faces record it
 * too (a person from another pipeline is flagged). tests/e2e/golden.spec.ts fails when encodings change
 * while this does not. v3: photos above the working size are decoded straight to it (createImageBitmap
 * resize) instead of being downscaled from a full-size decode.
 */
export const PIPELINE_ID = `${MODEL_ID.recognition} | ${MODEL_ID.crop} | tiny-first+ssd+fallbacks v3`;
