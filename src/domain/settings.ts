/**
 * User settings as stored (IndexedDB `settings`) and read back: anything not valid is ignored, so a
 * stale or hand-edited value can never break matching. Pure: no DOM.
 */
import { MAX_TOLERANCE, MIN_TOLERANCE } from './types';

export const TOLERANCE_SETTING = 'tolerance';
export const JITTER_SETTING = 'jitter';
/** Tolerance slider step; values are kept on this grid. */
export const TOLERANCE_STEP = 0.01;
/** Extra jittered encodings per known photo when "Extra accuracy" is on. */
export const EXTRA_ACCURACY_JITTER = 4;
/**
 * Upper bound on a stored jitter: the pipeline has this many distinct jitters (src/ml/worker/align.ts's
 * jitterSet; tests/unit/settings.test.ts holds the two together), each another pass of the recognition net.
 */
export const MAX_JITTER = 7;

/** Rounds to the slider's 0.01 grid (so 0.6000000001 and 0.6 are one value). */
export function roundTolerance(value: number): number {
  return Number((Math.round(value / TOLERANCE_STEP) * TOLERANCE_STEP).toFixed(2));
}

/** A tolerance from the slider or elsewhere: clamped to [MIN_TOLERANCE, MAX_TOLERANCE], on the grid; null if not a number. */
export function clampTolerance(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return roundTolerance(Math.min(MAX_TOLERANCE, Math.max(MIN_TOLERANCE, value)));
}

/** The tolerance the user chose: fitted to the gallery (Auto, the default) or a fixed distance. */
export type ToleranceChoice = 'auto' | number;

/**
 * A stored tolerance choice: `'auto'`, or a finite number within [MIN_TOLERANCE, MAX_TOLERANCE] (on the
 * grid); anything else null.
 */
export function parseStoredTolerance(value: unknown): ToleranceChoice | null {
  if (value === 'auto') return 'auto';
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (value < MIN_TOLERANCE || value > MAX_TOLERANCE) return null;
  return roundTolerance(value);
}

/** A stored jitter: a whole number 0..MAX_JITTER, else null. */
export function parseStoredJitter(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  return value >= 0 && value <= MAX_JITTER ? value : null;
}
