/**
 * The registry of models: every net the app loads, listed ONCE. The worker's loader, warm-up and
 * GPU-loss reload (../load-models.ts) and the build's weight copy (scripts/model-assets.ts, which also
 * feeds the service worker's precache) all read MODELS.
 *
 * The shape of a model module (types.ts), one file per net in this folder:
 *   export const myNet: Detector<Settings> | Landmarker | Recognizer = {
 *     kind, id,            // 'detector' | 'landmarks' | 'recognizer'; a stable name
 *     assets, source,      // weight file names, and the npm package folder they are copied from
 *     load(modelsUrl),     // idempotent: the load is cached in the module; a failed load may be retried
 *     warmUp(blank),       // one run on a blank picture, so the first photo pays no kernel set-up
 *     detect(input, settings) | run(...),   // boxes+scores | 68 points of a crop | encodings of chips
 *     dispose(),           // frees the weights; the next load() loads again
 *   };
 * The model's framework is imported inside load() (see face-api.ts), never at the top of the file, so this
 * registry stays readable by Node.
 *
 * A new detector: one file here implementing Detector<Settings>, one line in MODELS below; a detection
 * stage that uses it (../detect.ts: `stage(name, myDetector, settings)`) decides where it runs.
 * A new recognizer (as mobilefacenet.ts was): one file implementing Recognizer, one line in MODELS and in
 * RECOGNIZERS, its chip in ../align.ts's appRecipes, and its part in src/domain/model-id.ts's ENCODING_PARTS
 * (with its threshold from `npm run bench:lfw`); change MODEL_ID and PIPELINE_ID with it.
 */
import { faceLandmark68 } from './face-landmark-68.ts';
import { faceRecognition } from './face-recognition.ts';
import { mobileFaceNet } from './mobilefacenet.ts';
import { ssdMobilenetV1 } from './ssd-mobilenet-v1.ts';
import { tinyFaceDetector } from './tiny-face-detector.ts';
import type { ModelModule } from './types.ts';

export type { Detector, Landmarker, ModelModule, Recognizer, Rect, ScoredBox } from './types.ts';

/** Every model the worker loads and warms up, in warm-up order. */
export const MODELS: readonly ModelModule[] = [ssdMobilenetV1, tinyFaceDetector, faceLandmark68, faceRecognition, mobileFaceNet];

/** The landmark net the pipeline uses. */
export const LANDMARKS = faceLandmark68;
/**
 * The recognition nets, in the order their encodings are joined (src/domain/model-id.ts's ENCODING_PARTS
 * lists the same ids; tests/unit/encoding-parts.test.ts holds them equal).
 */
export const RECOGNIZERS = [faceRecognition, mobileFaceNet] as const;
export { faceRecognition, mobileFaceNet };
