/**
 * npm run bench:lfw [-- --per-fold N --pages P --backend wasm --variants a,b --pairs pairsDevTrain.txt --no-plain]
 * LFW View 2 (../shared/lfw/pairs.txt, or $LFW_DIR): 10 folds, each fold's threshold chosen on the other
 * nine; a photo with no face makes its pair an error. The app's pipeline (its crop, APP_ENCODING_VARIANT,
 * and any other crop variants asked for) beside the plain face-api usage, from the same run. Writes
 * bench-results/lfw.json and bench-results/lfw-histogram.svg. `--pairs pairsDevTrain.txt` runs View 1's
 * training pairs instead (for tuning; split into 10 folds the same way), writing lfw-devtrain.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_ENCODING_VARIANT } from '../../src/bench/protocol';
import { analyzePhotos, centralFace } from './analyze-photos';
import { dataUrl, openBench, runOnPages } from './browser';
import { distanceHistogramSvg, euclid, tenFold, type ScoredPair } from './stats';

const { values: args } = parseArgs({
  options: {
    'per-fold': { type: 'string', default: '300' },
    pages: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'wasm' },
    'time-sample': { type: 'string', default: '60' },
    variants: { type: 'string', default: '' },
    pairs: { type: 'string', default: 'pairs.txt' },
    'no-plain': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});
const perFold = Number(args['per-fold']);
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const variants = [...new Set([APP_ENCODING_VARIANT, ...args.variants.split(',').filter(Boolean)])];
const withPlain = !args['no-plain'];
const view1 = args.pairs !== 'pairs.txt';

function photoPath(name: string, n: string): string {
  return `${name}/${name}_${n.padStart(4, '0')}.jpg`;
}

interface Pair {
  fold: number;
  same: boolean;
  a: string;
  b: string;
}

/** View 2 (`10 300`: folds of same then different pairs), or View 1 (`1100`: one block, dealt into 10 folds). */
function readPairs(): Pair[] {
  const lines = readFileSync(join(lfwDir, args.pairs), 'utf8').trim().split(/\r?\n/);
  const head = (lines[0] ?? '').split(/\s+/).map(Number);
  const [folds, n] = (head.length === 2 ? head : [1, head[0]]) as [number, number];
  const pairs: Pair[] = [];
  let i = 1;
  for (let fold = 0; fold < folds; fold++) {
    for (let k = 0; k < 2 * n; k++, i++) {
      const f = (lines[i] ?? '').split('\t');
      const same = k < n;
      const dealt = folds === 1 ? k % 10 : fold;
      const pair = same
        ? { fold: dealt, same, a: photoPath(f[0]!, f[1]!), b: photoPath(f[0]!, f[2]!) }
        : { fold: dealt, same, a: photoPath(f[0]!, f[1]!), b: photoPath(f[2]!, f[3]!) };
      if ((same ? k : k - n) < perFold) pairs.push(pair);
    }
  }
  return pairs;
}

const pairs = readPairs();
const photos = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
console.error(`LFW: ${pairs.length} pairs, ${photos.length} photos`);
const session = await openBench({ roots: { lfw: lfwDir }, backend: args.backend, pages: Number(args.pages) });
try {
  const analyses = await analyzePhotos(session, 'lfw', photos, { variants, plain: withPlain });
  type Pipeline = string;
  const encodingOf = (path: string, pipeline: Pipeline): number[] | null => {
    const r = analyses.get(path);
    if (!r || r.error || r.width === undefined || r.height === undefined) return null;
    if (pipeline === 'plain') return centralFace(r.plain, r.width, r.height)?.encoding ?? null;
    return centralFace(r.app, r.width, r.height)?.encodings[pipeline] ?? null;
  };
  const results: Record<string, unknown> = {};
  const table: string[] = [];
  for (const pipeline of [...(withPlain ? ['plain'] : []), ...variants]) {
    const scored: ScoredPair[] = pairs.map((p) => {
      const a = encodingOf(p.a, pipeline);
      const b = encodingOf(p.b, pipeline);
      return { fold: p.fold, same: p.same, distance: a && b ? euclid(a, b) : null };
    });
    const r = tenFold(scored);
    const noFace = photos.filter((p) => encodingOf(p, pipeline) === null).length;
    results[pipeline] = { ...r, photosWithoutFace: noFace, photoCount: photos.length };
    table.push(
      `${(pipeline === APP_ENCODING_VARIANT ? `${pipeline} (app)` : pipeline).padEnd(30)} ${(r.mean * 100).toFixed(2)}% ± ${(r.std * 100).toFixed(2)}  threshold ${r.threshold.toFixed(3)}  no face ${noFace}/${photos.length} (${((noFace / photos.length) * 100).toFixed(1)}%)`,
    );
    if (pipeline === APP_ENCODING_VARIANT && !view1) {
      const same = scored.filter((s) => s.same && s.distance !== null).map((s) => s.distance as number);
      const diff = scored.filter((s) => !s.same && s.distance !== null).map((s) => s.distance as number);
      mkdirSync(args.out, { recursive: true });
      writeFileSync(
        join(args.out, 'lfw-histogram.svg'),
        distanceHistogramSvg({
          title: `LFW ${pairs.length} pairs, app pipeline: ${(r.mean * 100).toFixed(2)}% (10-fold)`,
          same,
          different: diff,
          threshold: r.threshold,
        }),
      );
    }
  }
  const stages: Record<string, number> = {};
  for (const p of photos) {
    const s = analyses.get(p)?.stage ?? 'none';
    stages[s] = (stages[s] ?? 0) + 1;
  }
  // Speed of the app's own analyze() on a sample (the accuracy pass above computes extra variants).
  const sample = photos.slice(0, Number(args['time-sample']));
  const timings = await runOnPages(
    session.pages.slice(0, 1),
    sample,
    (page, path) => page.evaluate((url) => window.facewise.timeAnalyze(url), dataUrl('lfw', path)),
    'timing',
  );
  const msPerPhoto = timings.reduce((s, t) => s + t.ms, 0) / Math.max(1, timings.length);
  const summary = {
    date: new Date().toISOString(),
    pairs: pairs.length,
    photos: photos.length,
    engine: session.engine,
    pairsFile: args.pairs,
    appVariant: APP_ENCODING_VARIANT,
    detectionStages: stages,
    appMsPerPhoto: Math.round(msPerPhoto),
    results,
  };
  mkdirSync(args.out, { recursive: true });
  const jsonName = view1 ? 'lfw-devtrain.json' : 'lfw.json';
  writeFileSync(join(args.out, jsonName), JSON.stringify(summary, null, 2));
  console.log(`LFW ${view1 ? `View 1 (${args.pairs})` : 'View 2'}, ${pairs.length} pairs (${photos.length} photos), backend ${session.engine.backend}`);
  for (const line of table) console.log(line);
  console.log(`detection stages: ${JSON.stringify(stages)}`);
  console.log(`app pipeline: ${Math.round(msPerPhoto)} ms per photo (one page, ${sample.length} photos)`);
  console.log(`wrote ${join(args.out, jsonName)}${view1 ? '' : ' and lfw-histogram.svg'}`);
} finally {
  await session.close();
}
