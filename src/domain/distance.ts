/** Distances between face encodings. Pure: no DOM, no tfjs. */

/** Euclidean (L2) distance between two encodings; throws a RangeError when their lengths differ. */
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
