/**
 * Distances between face encodings. Pure: no DOM, no tfjs.
 *
 * An encoding is the concatenation of one encoding per recognizer, in ENCODING_PARTS order (model-id.ts):
 * face-api's 128 numbers, then MobileFaceNet's 512 (unit length). The distance between two faces is the
 * fused distance: the weighted root mean square of the recognizers' Euclidean distances (weights: the
 * parts' shares), each rescaled so that its own threshold (chosen on LFW View 1's DevTrain,
 * `npm run bench:lfw -- --view1`) reads as DISTANCE_SCALE (model-id.ts). So the slider keeps one scale: about 0.6 is
 * where "same person" ends, for one network or both.
 *
 * Because the fused distance is a weighted Euclidean distance, `fusedVector` turns an encoding into a plain
 * vector whose Euclidean distance is the fused one (the grouping graph scans those). An encoding with only
 * face-api's part (stored before the second recognizer) is compared on that part alone, as before.
 */
import { DISTANCE_SCALE, ENCODING_PARTS, FACE_API_ENCODING_LENGTH } from './model-id';

/** Euclidean (L2) distance between two vectors; throws a RangeError when their lengths differ. */
export function euclideanDistance(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`Encodings differ in length: ${a.length} vs ${b.length}`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Length of a full (all recognizers) encoding. */
export const FUSED_ENCODING_LENGTH = ENCODING_PARTS.reduce((n, p) => n + p.length, 0);

/** Per part: where it starts, its length and the weight of its squared distance. */
const PART_WEIGHTS = (() => {
  const reference = DISTANCE_SCALE;
  let offset = 0;
  return ENCODING_PARTS.map((part) => {
    const at = offset;
    offset += part.length;
    return { at, length: part.length, weight: part.share * (reference / part.threshold) ** 2 };
  });
})();

/** True for an encoding that has every recognizer's part; false for face-api's part alone (older faces). */
export function isFused(encoding: Float32Array): boolean {
  return encoding.length === FUSED_ENCODING_LENGTH;
}

function squaredDistance(a: Float32Array, b: Float32Array, at: number, length: number): number {
  let sum = 0;
  for (let i = at, end = at + length; i < end; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return sum;
}

/**
 * The distance between two faces: fused when both encodings have every recognizer's part; face-api's
 * Euclidean distance on its part when one of them has that part alone (a face from before the second
 * recognizer); plain Euclidean for two vectors of any other equal length. Throws a RangeError otherwise.
 */
export function faceDistance(a: Float32Array, b: Float32Array): number {
  if (a.length === FUSED_ENCODING_LENGTH && b.length === FUSED_ENCODING_LENGTH) {
    let sum = 0;
    for (const part of PART_WEIGHTS) sum += part.weight * squaredDistance(a, b, part.at, part.length);
    return Math.sqrt(sum);
  }
  const faceApiPart = (n: number) => n === FUSED_ENCODING_LENGTH || n === FACE_API_ENCODING_LENGTH;
  if (a.length !== b.length && faceApiPart(a.length) && faceApiPart(b.length)) {
    return Math.sqrt(squaredDistance(a, b, 0, FACE_API_ENCODING_LENGTH));
  }
  return euclideanDistance(a, b);
}

/**
 * The encoding scaled part by part so that the plain Euclidean distance between two such vectors is their
 * fusedDistance (a face-api-only encoding is returned as it is: compare it only with its own kind).
 */
export function fusedVector(encoding: Float32Array): Float32Array {
  if (!isFused(encoding)) return encoding;
  const out = new Float32Array(encoding.length);
  for (const part of PART_WEIGHTS) {
    const k = Math.sqrt(part.weight);
    for (let i = part.at, end = part.at + part.length; i < end; i++) out[i] = (encoding[i] as number) * k;
  }
  return out;
}

/** Each recognizer's own distance between two full encodings (benchmarks and the README's figures). */
export function partDistances(a: Float32Array, b: Float32Array): number[] {
  return PART_WEIGHTS.map((part) => Math.sqrt(squaredDistance(a, b, part.at, part.length)));
}

/** One face's parts joined into its encoding, in ENCODING_PARTS order; throws when a length is not the part's. */
export function joinEncodings(parts: readonly Float32Array[]): Float32Array {
  if (parts.length !== ENCODING_PARTS.length) throw new RangeError(`${ENCODING_PARTS.length} encoding parts expected, got ${parts.length}`);
  const out = new Float32Array(FUSED_ENCODING_LENGTH);
  for (const [k, part] of PART_WEIGHTS.entries()) {
    const p = parts[k]!;
    if (p.length !== part.length) throw new RangeError(`${ENCODING_PARTS[k]!.recognizer}: ${p.length} numbers, expected ${part.length}`);
    out.set(p, part.at);
  }
  return out;
}
