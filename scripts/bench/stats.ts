/** Pure statistics for the benchmarks: LFW's 10-fold protocol, identification rates, histograms. */

export interface ScoredPair {
  fold: number;
  same: boolean;
  /** Distance between the two photos' encodings; null when a photo had no face (always an error). */
  distance: number | null;
}

/** Share of `pairs` right at `threshold` (a pair without a distance is wrong). */
export function accuracyAt(pairs: readonly ScoredPair[], threshold: number): number {
  let right = 0;
  for (const p of pairs) {
    if (p.distance === null) continue;
    if ((p.distance <= threshold) === p.same) right++;
  }
  return pairs.length === 0 ? 0 : right / pairs.length;
}

/** The threshold that maximises accuracy on `pairs` (midpoints between sorted distances). */
export function bestThreshold(pairs: readonly ScoredPair[]): number {
  const ds = [...new Set(pairs.flatMap((p) => (p.distance === null ? [] : [p.distance])))].sort((a, b) => a - b);
  if (ds.length === 0) return 0.6;
  let best = ds[0] as number;
  let bestAcc = -1;
  const candidates = [ds[0]! - 1e-6, ...ds.slice(1).map((d, i) => (d + ds[i]!) / 2), ds[ds.length - 1]! + 1e-6];
  for (const t of candidates) {
    const acc = accuracyAt(pairs, t);
    if (acc > bestAcc) {
      bestAcc = acc;
      best = t;
    }
  }
  return best;
}

export interface FoldResult {
  fold: number;
  threshold: number;
  accuracy: number;
}

export interface TenFoldResult {
  folds: FoldResult[];
  mean: number;
  std: number;
  /** Mean of the per-fold thresholds. */
  threshold: number;
  /** Pairs where a photo had no face. */
  noFacePairs: number;
}

/** LFW View 2 protocol: each fold's threshold is chosen on the other folds, accuracy measured on it. */
export function tenFold(pairs: readonly ScoredPair[]): TenFoldResult {
  const foldIds = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b);
  const folds = foldIds.map((fold) => {
    const threshold = bestThreshold(pairs.filter((p) => p.fold !== fold));
    return { fold, threshold, accuracy: accuracyAt(pairs.filter((p) => p.fold === fold), threshold) };
  });
  const mean = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
  // Sample standard deviation, as LFW results are usually reported.
  const std = Math.sqrt(folds.reduce((s, f) => s + (f.accuracy - mean) ** 2, 0) / Math.max(1, folds.length - 1));
  const threshold = folds.reduce((s, f) => s + f.threshold, 0) / folds.length;
  return { folds, mean, std, threshold, noFacePairs: pairs.filter((p) => p.distance === null).length };
}

export function histogram(values: readonly number[], min: number, max: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / (max - min)) * bins)));
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/** An SVG of the same-person and different-person distance histograms with the threshold marked. */
export function distanceHistogramSvg(options: {
  title: string;
  same: readonly number[];
  different: readonly number[];
  threshold: number;
}): string {
  const min = 0;
  const max = 1.4;
  const bins = 70;
  const w = 720;
  const h = 320;
  const left = 50;
  const bottom = 40;
  const top = 40;
  const same = histogram(options.same, min, max, bins).map((c) => c / Math.max(1, options.same.length));
  const diff = histogram(options.different, min, max, bins).map((c) => c / Math.max(1, options.different.length));
  const peak = Math.max(...same, ...diff, 1e-9);
  const x = (v: number) => left + ((v - min) / (max - min)) * (w - left - 10);
  const y = (f: number) => h - bottom - (f / peak) * (h - bottom - top);
  const bw = (w - left - 10) / bins;
  const bars = (series: number[], color: string) =>
    series
      .map((f, i) => `<rect x="${(left + i * bw).toFixed(1)}" y="${y(f).toFixed(1)}" width="${(bw - 0.5).toFixed(1)}" height="${(h - bottom - y(f)).toFixed(1)}" fill="${color}" fill-opacity="0.6"/>`)
      .join('');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4]
    .map((t) => `<line x1="${x(t)}" y1="${h - bottom}" x2="${x(t)}" y2="${h - bottom + 5}" stroke="#333"/><text x="${x(t)}" y="${h - bottom + 18}" font-size="11" text-anchor="middle">${t.toFixed(1)}</text>`)
    .join('');
  const t = options.threshold;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif">
<rect width="${w}" height="${h}" fill="#fff"/>
<text x="${w / 2}" y="20" font-size="14" text-anchor="middle">${esc(options.title)}</text>
${bars(same, '#1f77b4')}${bars(diff, '#d62728')}
<line x1="${left}" y1="${h - bottom}" x2="${w - 10}" y2="${h - bottom}" stroke="#333"/>${ticks}
<text x="${w / 2}" y="${h - 6}" font-size="12" text-anchor="middle">Euclidean distance between encodings</text>
<line x1="${x(t)}" y1="${top - 8}" x2="${x(t)}" y2="${h - bottom}" stroke="#000" stroke-dasharray="4 3"/>
<text x="${x(t) + 4}" y="${top}" font-size="12">threshold ${t.toFixed(3)}</text>
<rect x="${w - 220}" y="${top}" width="12" height="12" fill="#1f77b4" fill-opacity="0.6"/><text x="${w - 203}" y="${top + 10}" font-size="12">same person (${options.same.length})</text>
<rect x="${w - 220}" y="${top + 18}" width="12" height="12" fill="#d62728" fill-opacity="0.6"/><text x="${w - 203}" y="${top + 28}" font-size="12">different people (${options.different.length})</text>
</svg>
`;
}

export function euclid(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(s);
}
