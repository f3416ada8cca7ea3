/**
 * A basis that makes the grouping graph's distance scan stop early (clustering.ts, FaceGraph). Pure.
 *
 * The scan adds squared differences dimension by dimension and stops once the sum passes the radius².
 * Face encodings spread their differences over all 640 numbers, so a pair of different people passes the
 * radius only after ~60% of them. Rotated onto the directions in which faces differ most, most of a pair's
 * distance comes first: on LFW's identification training half (fused encodings), 96 directions fitted on
 * 256 faces carry ~77% of a random pair's squared distance, and 97% of the pairs farther apart than 0.55 are
 * over it within those 96 numbers.
 *
 * The graph keeps P x (k orthonormal rows) in front of x: ‖P(x − y)‖ ≤ ‖x − y‖ for ANY orthonormal P, so a
 * pair over the radius along P is over it, and only the few pairs within it are scanned in full: the basis
 * only decides how much is scanned, never which faces are neighbours. (Measured: the exact alternative,
 * [P x, x − Pᵀ P x] scanned as one vector, was slower — its residual costs a second pass per face.)
 *
 * P is found by a randomized range finder (seeded, one power iteration) on a sample of the faces — the
 * top principal directions without an eigen-solver. Its products run through the WebAssembly kernel
 * (scan-kernel.ts) where the runtime has it, as does the projection of many faces at once (projectMany).
 */
import { seededRandom } from './random';
import { multiplyWithKernel } from './scan-kernel';

export interface ScanBasis {
  /** Length of the vectors it takes. */
  readonly dim: number;
  /** Number of orthonormal rows. */
  readonly k: number;
  /** The rows, k × dim, row after row. */
  readonly rows: Float64Array;
}

/**
 * Passes of the range finder: the first finds the range, each further one is a power iteration. Two rather
 * than three: on 5,000 LFW faces the scan reads 3% more numbers per pair (67.3 against 65.2) with a fit that
 * costs a third less. The basis only decides how much is scanned, never which faces are neighbours.
 */
const FIT_PASSES = 2;

/**
 * Orthonormalises the k rows of `m` (k × dim) in place: modified Gram–Schmidt, each row twice for accuracy;
 * a row left without length (the sample spans fewer than k directions) is replaced by a random one.
 */
function orthonormalizeRows(m: Float64Array, k: number, dim: number, random: () => number): void {
  for (let i = 0; i < k; i++) {
    const a = i * dim;
    for (let attempt = 0; ; attempt++) {
      for (let pass = 0; pass < 2; pass++)
        for (let j = 0; j < i; j++) {
          const b = j * dim;
          let dot = 0;
          for (let t = 0; t < dim; t++) dot += m[a + t]! * m[b + t]!;
          for (let t = 0; t < dim; t++) m[a + t]! -= dot * m[b + t]!;
        }
      let norm = 0;
      for (let t = 0; t < dim; t++) norm += m[a + t]! * m[a + t]!;
      norm = Math.sqrt(norm);
      if (norm > 1e-9 || attempt >= 8) {
        for (let t = 0; t < dim; t++) m[a + t]! /= Math.max(norm, 1e-300);
        break;
      }
      for (let t = 0; t < dim; t++) m[a + t] = random() * 2 - 1;
    }
  }
}

/**
 * Fits k orthonormal directions to `sample` (vectors of one length): the randomized range finder on the
 * centred sample, with FIT_PASSES − 1 power iterations. Deterministic for the same sample and seed.
 */
export function fitScanBasis(sample: readonly Float32Array[], k: number, seed = 1): ScanBasis {
  const n = sample.length;
  const dim = sample[0]?.length ?? 0;
  if (n === 0 || dim === 0) throw new RangeError('a scan basis needs a sample of vectors');
  if (k < 1 || k > dim) throw new RangeError(`k must be within 1..${dim}, not ${k}`);
  const mean = new Float64Array(dim);
  for (const v of sample) {
    if (v.length !== dim) throw new RangeError(`sample vectors differ in length: ${dim} vs ${v.length}`);
    for (let t = 0; t < dim; t++) mean[t]! += v[t]! / n;
  }
  const centred = new Float64Array(n * dim);
  sample.forEach((v, i) => {
    for (let t = 0; t < dim; t++) centred[i * dim + t] = v[t]! - mean[t]!;
  });
  const random = seededRandom(seed);
  let q: Float64Array = new Float64Array(k * dim);
  for (let t = 0; t < q.length; t++) q[t] = random() * 2 - 1;
  orthonormalizeRows(q, k, dim, random);
  // Sᵀ (dim × n), for the second product through the kernel.
  let centredT: Float64Array | null = null;
  for (let iteration = 0; iteration < FIT_PASSES; iteration++) {
    // scores = S Qᵀ (n × k); then Q = orth(scoresᵀ S) = orth((Sᵀ S Qᵀ)ᵀ).
    const scores = multiplyWithKernel(q, k, dim, n, (xs) => xs.set(centred)) ?? multiplyInJs(q, k, dim, centred, n);
    let next: Float64Array | null = null;
    if (n % 2 === 0) {
      // Row c of Q' = Σ_i scores[i][c] S_i: the k columns of scores multiplied by the dim rows of Sᵀ.
      if (!centredT) {
        centredT = new Float64Array(dim * n);
        for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) centredT[t * n + i] = centred[i * dim + t]!;
      }
      next = multiplyWithKernel(centredT, dim, n, k, (xs) => {
        for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) xs[c * n + i] = scores[i * k + c]!;
      });
    }
    next ??= accumulateInJs(scores, k, dim, centred, n);
    orthonormalizeRows(next, k, dim, random);
    q = next;
  }
  return { dim, k, rows: q };
}

/** scores = S Qᵀ (n × k) in JavaScript: each sample row multiplied by the k rows of q. */
function multiplyInJs(q: Float64Array, k: number, dim: number, centred: Float64Array, n: number): Float64Array {
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) multiplyRows(q, k, dim, centred, i * dim, scores, i * k);
  return scores;
}

/** scoresᵀ S (k × dim) in JavaScript: four rows at a time, each number of a sample row read once for the four. */
function accumulateInJs(scores: Float64Array, k: number, dim: number, centred: Float64Array, n: number): Float64Array {
  const next = new Float64Array(k * dim);
  for (let i = 0; i < n; i++) {
    const si = i * dim;
    let j = 0;
    for (; j + 4 <= k; j += 4) {
      const s0 = scores[i * k + j]!;
      const s1 = scores[i * k + j + 1]!;
      const s2 = scores[i * k + j + 2]!;
      const s3 = scores[i * k + j + 3]!;
      const r0 = j * dim;
      const r1 = r0 + dim;
      const r2 = r1 + dim;
      const r3 = r2 + dim;
      for (let t = 0; t < dim; t++) {
        const v = centred[si + t]!;
        next[r0 + t]! += s0 * v;
        next[r1 + t]! += s1 * v;
        next[r2 + t]! += s2 * v;
        next[r3 + t]! += s3 * v;
      }
    }
    for (; j < k; j++) {
      const s = scores[i * k + j]!;
      const nj = j * dim;
      for (let t = 0; t < dim; t++) next[nj + t]! += s * centred[si + t]!;
    }
  }
  return next;
}

function dotAt(a: Float64Array | Float32Array, at: number, b: Float64Array | Float32Array, bt: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let t = 0;
  for (const end = n - (n % 2); t < end; t += 2) {
    s0 += a[at + t]! * b[bt + t]!;
    s1 += a[at + t + 1]! * b[bt + t + 1]!;
  }
  for (; t < n; t++) s0 += a[at + t]! * b[bt + t]!;
  return s0 + s1;
}

/** Writes P x (k numbers) into `out` at `at`: ‖P x − P y‖ ≤ ‖x − y‖, a lower bound of the distance. */
export function projectOnto(basis: ScanBasis, x: Float32Array, out: Float32Array, at: number): void {
  const { dim, k, rows } = basis;
  if (x.length !== dim) throw new RangeError(`the scan basis takes ${dim} numbers, not ${x.length}`);
  multiplyRows(rows, k, dim, x, 0, out, at);
}

/**
 * Writes P x for many vectors at once: for each i, the vector of `source` at slots[i]·stride (dim numbers)
 * projected into `out` at slots[i]·k. Through the WebAssembly kernel where the runtime has it (float64, as
 * projectOnto), else projectOnto one by one.
 */
export function projectMany(basis: ScanBasis, source: Float32Array, stride: number, slots: ArrayLike<number>, out: Float32Array): void {
  const { dim, k, rows } = basis;
  const count = slots.length;
  const products = multiplyWithKernel(rows, k, dim, count, (xs) => {
    for (let i = 0; i < count; i++) xs.set(source.subarray(slots[i]! * stride, slots[i]! * stride + dim), i * dim);
  });
  for (let i = 0; i < count; i++) {
    const at = slots[i]! * k;
    if (products) out.set(products.subarray(i * k, (i + 1) * k), at);
    else multiplyRows(rows, k, dim, source, slots[i]! * stride, out, at);
  }
}

/**
 * out[outAt + j] = row j of `rows` (k × dim) · the dim numbers of x from xAt, for every j. Four rows at a
 * time: each number of x is read once for the four (the basis fit and the projection both run this).
 */
function multiplyRows(rows: Float64Array, k: number, dim: number, x: Float64Array | Float32Array, xAt: number, out: Float64Array | Float32Array, outAt: number): void {
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    const r0 = j * dim;
    const r1 = r0 + dim;
    const r2 = r1 + dim;
    const r3 = r2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < dim; t++) {
      const v = x[xAt + t]!;
      s0 += rows[r0 + t]! * v;
      s1 += rows[r1 + t]! * v;
      s2 += rows[r2 + t]! * v;
      s3 += rows[r3 + t]! * v;
    }
    out[outAt + j] = s0;
    out[outAt + j + 1] = s1;
    out[outAt + j + 2] = s2;
    out[outAt + j + 3] = s3;
  }
  for (; j < k; j++) out[outAt + j] = dotAt(rows, j * dim, x, xAt, dim);
}
