/**
 * Auto tolerance: the tolerance fitted to the gallery the user actually has. Pure: no DOM, no tfjs.
 *
 * A stranger is named when some known person comes within the tolerance of their face. How often that
 * happens depends on how far apart DIFFERENT people's faces are in this gallery and on how many people
 * there are to be near: with 200 people a stranger has 200 chances. The gallery itself holds the
 * evidence: every known photo is a stranger to every other known person. So:
 *
 * 1. Between-people distances: for each known photo x of person p and each other person q, the distance
 *    the matcher would use between x and q (`personDistance`, the mean of q's nearest encodings).
 * 2. Their lower tail is summarised by a normal fit (mean μ, sd σ), pooled with a prior measured on the
 *    training half of LFW's identification split (`PRIOR`) so a gallery of two people still gets a
 *    sensible value, the gallery's own data counting more as it grows.
 * 3. With N people, a stranger is named at tolerance t with probability about 1 − (1 − Φ((t − μ)/σ'))^N,
 *    σ' = TAIL_SD_FACTOR × σ (the tail is heavier than the fit's);
 *    Auto is the largest t on the slider's grid that keeps that at or under `STRANGER_RATE`, within
 *    [AUTO_MIN, AUTO_MAX].
 *
 * The rule and its constants were worked out on the training half (scripts/bench/tolerance-rules.ts);
 * the README reports it on the held-out half.
 */
import { faceDistance } from './distance';
import type { Encoding, KnownFace } from './types';

/** Share of strangers Auto lets get a name, at most (the 2%). */
export const STRANGER_RATE = 0.02;
/** Auto never goes below / above these. */
export const AUTO_MIN = 0.4;
export const AUTO_MAX = 0.6;
/**
 * Between-people distances measured on the training half of the identification split (the app's fused
 * encodings, v5, mean-of-3-nearest matching: μ 0.705–0.714, σ 0.034–0.039 for galleries of 30–200 people, 1
 * or 3 photos each; `npm run bench:tolerance -- --half train`), and how many gallery distances that prior is worth.
 */
export const PRIOR = { mean: 0.71, sd: 0.037, weight: 200 } as const;
/**
 * The lower tail of between-people distances is heavier than the normal fit's: on the training half the
 * fit expected ~1% of strangers named where 4–6% were. The tolerance is read off a normal this many times
 * wider: 1.15, the smallest of 1.0, 1.1, 1.15, 1.2 that kept every training gallery's measured stranger
 * rate at or under STRANGER_RATE (1.0: up to 6%, 1.1: up to 3%, 1.15: at most 1.5%;
 * `npm run bench:tolerance -- --half train`).
 */
export const TAIL_SD_FACTOR = 1.25;
/** At most this many between-people distances are computed (a deterministic sample beyond it). */
const MAX_PAIRS = 40_000;

export interface AutoTolerance {
  tolerance: number;
  /** Number of known people it was fitted for. */
  people: number;
  /** Between-people distances the fit used (0: the prior alone). */
  pairs: number;
  mean: number;
  sd: number;
  /** The expected share of strangers named at `tolerance`. */
  strangerRate: number;
}

/** Distance from one encoding to one person, as the matcher reduces it (mean of the k nearest). */
export type PersonDistanceFn = (encoding: Encoding, personEncodings: readonly Encoding[]) => number;

/** Mean of the `k` smallest distances (all, when fewer) — the matcher's default reduction. */
export function meanOfNearest(k: number): PersonDistanceFn {
  return (encoding, personEncodings) => {
    const d = personEncodings.map((e) => faceDistance(encoding, e)).sort((a, b) => a - b).slice(0, k);
    return d.reduce((s, v) => s + v, 0) / d.length;
  };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Expected share of strangers named at `tolerance` among `people` people with between-people distances ~ N(mean, sd). */
export function expectedStrangerRate(tolerance: number, people: number, mean: number, sd: number): number {
  const perPerson = normalCdf((tolerance - mean) / sd);
  return 1 - Math.pow(1 - perPerson, Math.max(1, people));
}

/** Between-people distances of a gallery: every known photo against every other person (sampled past MAX_PAIRS). */
export function betweenPeopleDistances(known: readonly KnownFace[], distance: PersonDistanceFn): number[] {
  const byName = new Map<string, Encoding[]>();
  for (const face of known) {
    const list = byName.get(face.name);
    if (list) list.push(face.encoding);
    else byName.set(face.name, [face.encoding]);
  }
  const people = [...byName.values()];
  const total = known.length * Math.max(0, people.length - 1);
  // Deterministic thinning: every `stride`-th (photo, person) pair.
  const stride = Math.max(1, Math.ceil(total / MAX_PAIRS));
  const out: number[] = [];
  let n = 0;
  people.forEach((own, p) => {
    for (const x of own) {
      people.forEach((other, q) => {
        if (q === p) return;
        if (n++ % stride === 0) out.push(distance(x, other));
      });
    }
  });
  return out;
}

/** Mean and sd of the distances, pooled with the prior. */
export function pooledFit(distances: readonly number[]): { mean: number; sd: number } {
  const n = distances.length;
  const w = PRIOR.weight;
  const sum = distances.reduce((s, d) => s + d, 0);
  const mean = (sum + w * PRIOR.mean) / (n + w);
  // Pooled second moment about the pooled mean.
  let ss = w * (PRIOR.sd * PRIOR.sd + (PRIOR.mean - mean) ** 2);
  for (const d of distances) ss += (d - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n + w)) };
}

/** Largest tolerance on the 0.01 grid within [AUTO_MIN, AUTO_MAX] with an expected stranger rate ≤ STRANGER_RATE. */
export function toleranceFor(people: number, mean: number, sd: number, rate = STRANGER_RATE): number {
  let best = AUTO_MIN;
  for (let hundredths = Math.round(AUTO_MIN * 100); hundredths <= Math.round(AUTO_MAX * 100); hundredths++) {
    const t = hundredths / 100;
    if (expectedStrangerRate(t, people, mean, sd) <= rate) best = t;
  }
  return best;
}

/** The Auto tolerance for this gallery; `null` when nobody is known. */
export function autoTolerance(known: readonly KnownFace[], distance: PersonDistanceFn = meanOfNearest(3)): AutoTolerance | null {
  const people = new Set(known.map((k) => k.name)).size;
  if (people === 0) return null;
  const distances = betweenPeopleDistances(known, distance);
  const { mean, sd } = pooledFit(distances);
  const tail = sd * TAIL_SD_FACTOR;
  const tolerance = toleranceFor(people, mean, tail);
  return { tolerance, people, pairs: distances.length, mean, sd, strangerRate: expectedStrangerRate(tolerance, people, mean, tail) };
}
