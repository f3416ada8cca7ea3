/**
 * Which model made the face encodings. Encodings from different models live in different spaces: a
 * distance between them means nothing, so a known-people file made by another model is refused.
 * Change this whenever the recognition network or the way its input chip is cut changes.
 */
export const MODEL_ID = {
  /**
   * Both recognizers, fused (ENCODING_PARTS). Files from before the second recognizer say
   * LEGACY_RECOGNITION: their 128-number encodings still match, on face-api's part (src/domain/distance.ts).
   */
  recognition: 'face-api faceRecognitionNet (dlib ResNet) via @vladmandic/face-api 1.7.15 + MobileFaceNet (faceplugin-face-recognition-js 0.0.1, ArcFace chip)',
  /**
   * The chip face-api's part is encoded from, as the benchmarks name crop variants
   * (`<crop>[+mirror][+jitter<N>]`, read by src/bench/variants.ts): the eye-and-mouth aligned chip. Chosen
   * with `npm run bench:lfw -- --view1` (README); until v5 its mirror image's encoding was averaged in.
   */
  crop: 'eyes-mouth',
} as const;

/**
 * Crops whose encodings compare with MODEL_ID.crop's: the same chip, and the same chip averaged with its
 * mirror image (the app's crop until v5; `aligned+mirror` is its earlier name). Same network, same chip:
 * a mirror-averaged encoding lies beside the chip's own, so files made with it stay usable.
 */
const COMPARABLE_CROPS: ReadonlySet<string> = new Set(['eyes-mouth', 'eyes-mouth+mirror', 'aligned+mirror']);

export type ModelId = { readonly recognition: string; readonly crop: string };

/** The recognition model of every encoding made before the second recognizer (face-api's part alone). */
export const LEGACY_RECOGNITION = 'face-api faceRecognitionNet (dlib ResNet) via @vladmandic/face-api 1.7.15';

/** One recognizer's part of an encoding: its id (the model module's), its length, and its threshold. */
export interface EncodingPart {
  readonly recognizer: string;
  readonly length: number;
  /**
   * Euclidean distance (on unit vectors for MobileFaceNet: √(2 × cosine distance)) at which same and
   * different people are best told apart on LFW View 1's DevTrain pairs, the app's chips
   * (`npm run bench:lfw -- --view1`, README). The fused distance divides each part's distance by it.
   */
  readonly threshold: number;
  /**
   * The part's share of the fused distance's root mean square (shares add up to 1): MobileFaceNet's 0.8
   * had the best DevTrain accuracy of 0.3–0.8 (`npm run bench:lfw -- --view1`, README).
   */
  readonly share: number;
}

/**
 * The parts of an encoding, in order: face-api's 128 numbers first (so a face-api-only encoding is a prefix),
 * then MobileFaceNet's 512 (L2-normalised). Their ids are the model modules' ids (src/ml/worker/models/).
 */
export const ENCODING_PARTS = [
  { recognizer: 'face_recognition_model', length: 128, threshold: 0.617, share: 0.2 },
  { recognizer: 'mobilefacenet-faceplugin-0.0.1', length: 512, threshold: 1.182, share: 0.8 },
] as const satisfies readonly [EncodingPart, ...EncodingPart[]];

/**
 * The scale the fused distance is read on (distance.ts): two faces with every part at its own threshold are
 * this far apart. It is face-api's threshold for the app's chip and its mirror image (v4's encoding), kept
 * when v5 left the mirror image out so that a tolerance reads as it did: on LFW View 1's DevTrain the fused
 * threshold is 0.601 (1.028 × this scale), where face_recognition users expect "same person" to end.
 */
export const DISTANCE_SCALE = 0.584;

/** Numbers in face-api's part (and in every encoding made before the second recognizer). */
export const FACE_API_ENCODING_LENGTH = 128;
/** Numbers in one encoding made by MODEL_ID. */
export const ENCODING_LENGTH = ENCODING_PARTS.reduce((n, p) => n + p.length, 0);

/**
 * Encodings made by `model` can be compared with this app's: the same networks (or face-api's part alone,
 * older) on a comparable crop.
 */
export function comparableModel(model: ModelId): boolean {
  return (model.recognition === MODEL_ID.recognition || model.recognition === LEGACY_RECOGNITION) && COMPARABLE_CROPS.has(model.crop);
}

/**
 * Identifies the whole pipeline whose results the analysis cache holds: the model and crop above plus the
 * detection stages. A cached analysis made by another pipeline is treated as a miss; known faces record it
 * too (a person from another pipeline is flagged). tests/e2e/golden.spec.ts fails when encodings change
 * while this does not. v3: photos above the working size are decoded straight to it (createImageBitmap
 * resize) instead of being downscaled from a full-size decode. v4: the second recognizer (MobileFaceNet on the
 * ArcFace 5-point chip) joins face-api's; faces made before it are flagged, with an offer to re-add them.
 * v5: face-api's chip without its mirror image (one network run less per face).
 */
export const PIPELINE_ID = `${MODEL_ID.recognition} | ${MODEL_ID.crop} + arcface | tiny-first+ssd+fallbacks v5`;

/**
 * Earlier pipelines whose known faces compare with PIPELINE_ID's as they are (not flagged): v4 differs
 * only in averaging face-api's chip with its mirror image (COMPARABLE_CROPS).
 */
const CURRENT_PIPELINES: ReadonlySet<string> = new Set([PIPELINE_ID, `${MODEL_ID.recognition} | eyes-mouth+mirror + arcface | tiny-first+ssd+fallbacks v4`]);

/** A known face made by this pipeline, or by one whose encodings compare with it as they are. */
export function currentPipeline(pipeline: string | undefined): boolean {
  return pipeline !== undefined && CURRENT_PIPELINES.has(pipeline);
}
