/** How "Your data" words the analysis cache. */
import type { AppState } from '../../state/store';

type Usage = NonNullable<AppState['analysisCache']>;

const count = new Intl.NumberFormat('en-US');

/** About how much space: whole megabytes (one decimal under 10 MB), "less than 1 MB" for less. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  if (mb < 0.95) return 'less than 1 MB';
  return `about ${mb < 9.95 ? mb.toFixed(1).replace(/\.0$/, '') : count.format(Math.round(mb))} MB`;
}

/** "Remembered analyses: 1,234 photos, about 9 MB (the 10,000 used most recently are kept)." */
export function describeAnalysisCache({ count: photos, bytes, limit }: Usage): string {
  const kept = `the ${count.format(limit)} used most recently are kept`;
  if (photos === 0) return `Remembered analyses: none (${kept}).`;
  const what = photos === 1 ? '1 photo' : `${count.format(photos)} photos`;
  return `Remembered analyses: ${what}, ${formatMegabytes(bytes)} (${kept}).`;
}
