/**
 * Speed and time left of a batch, from when it started and how many photos are finished. Pure: no DOM.
 */

export interface RateInput {
  /** ms timestamp when the batch started (or was last extended while idle). */
  startedAt: number;
  now: number;
  /** Photos finished by analysis or the cache (cancelled ones left out). */
  processed: number;
  /** Photos still to do (queued or working). */
  remaining: number;
}

export interface RateEstimate {
  /** Photos per second; null until there is enough to say. */
  perSecond: number | null;
  /** Seconds left at that speed; null when unknown, 0 when nothing is left. */
  secondsLeft: number | null;
}

/** Under this much time or work the rate is noise. */
const MIN_ELAPSED_MS = 500;

export function estimateRate({ startedAt, now, processed, remaining }: RateInput): RateEstimate {
  if (remaining <= 0) return { perSecond: rateOrNull(startedAt, now, processed), secondsLeft: 0 };
  const perSecond = rateOrNull(startedAt, now, processed);
  return { perSecond, secondsLeft: perSecond === null ? null : remaining / perSecond };
}

function rateOrNull(startedAt: number, now: number, processed: number): number | null {
  const elapsed = now - startedAt;
  if (processed <= 0 || !(elapsed >= MIN_ELAPSED_MS)) return null;
  return (processed * 1000) / elapsed;
}

/** "1.8 photos/s", "0.4 photos/s", "12 photos/s". */
export function formatRate(perSecond: number): string {
  const value = perSecond >= 10 ? Math.round(perSecond).toString() : perSecond.toFixed(1);
  return `${value} photos/s`;
}

/** "less than 1 s", "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  const s = Math.round(seconds);
  if (s < 1) return 'less than 1 s';
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}
