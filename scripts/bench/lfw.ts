/**
 * npm run bench:lfw [-- --per-fold N --pages P --backend wasm --variants a,b --pairs pairsDevTrain.txt --no-plain]
 * npm run bench:lfw -- --view1 [--per-fold N]
 * LFW View 2 (../shared/lfw/pairs.txt, or $LFW_DIR): 10 folds, each fold's threshold chosen on the other
 * nine; a photo with no face makes its pair an error. The app's encoding (both recognizers' parts,
 * APP_VARIANTS, compared by the app's own faceDistance: fused with the thresholds of ENCODING_PARTS), each
 * part alone, any other crop variants asked for, and the plain face-api usage, all from the same run.
 * Writes bench-results/lfw.json and bench-results/lfw-histogram.svg. `--pairs pairsDevTrain.txt` runs one
 * of View 1's files instead (split into 10 folds the same way), writing lfw-devtrain.json.
 *
 * `--view1` is the tuning run: every threshold chosen on View 1's DevTrain pairs (all of them, or the first
 * N same + N different with --per-fold N), accuracy reported on DevTest, people disjoint. It prints each
 * part's threshold (ENCODING_PARTS' `threshold`), and compares two fusions of the parts' distances, each
 * divided by its DevTrain threshold: their root mean square (the app's: a weighted Euclidean distance) and
 * their plain mean. Writes lfw-view1.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_VARIANTS } from '../../src/bench/protocol';
import { faceDistance, joinEncodings } from '../../src/domain/distance';
import { ENCODING_PARTS } from '../../src/domain/model-id';
import { analyzePhotos, centralFace } from './analyze-photos';
import { dataUrl, openBench, runOnPages } from './browser';
import { accuracyAt, bestThreshold, distanceHistogramSvg, euclid, tenFold, type ScoredPair } from './stats';

const { values: args } = parseArgs({
  options: {
    'per-fold': { type: 'string' },
    pages: { type: 'string', default: '2' },
    backend: { type: 'string', default: 'wasm' },
    'time-sample': { type: 'string', default: '60' },
    variants: { type: 'string', default: '' },
    pairs: { type: 'string', default: 'pairs.txt' },
    'no-plain': { type: 'boolean', default: false },
    view1: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
  },
});
const view1Tuning = args.view1;
const perFold = Number(args['per-fold'] ?? (view1Tuning ? '1100' : '300'));
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const variants = [...new Set([...APP_VARIANTS, ...args.variants.split(',').filter(Boolean)])];
/** The app's encoding: both parts joined, compared with the app's faceDistance. */
const APP = 'app (fused)';
const withPlain = !args['no-plain'];
const view1 = view1Tuning || args.pairs !== 'pairs.txt';

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
function readPairs(file: string): Pair[] {
  const lines = readFileSync(join(lfwDir, file), 'utf8').trim().split(/\r?\n/);
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

const devTrain = view1Tuning ? readPairs('pairsDevTrain.txt') : [];
const pairs = view1Tuning ? [...devTrain, ...readPairs('pairsDevTest.txt')] : readPairs(args.pairs);
const photos = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
console.error(`LFW: ${pairs.length} pairs, ${photos.length} photos`);
const session = await openBench({ roots: { lfw: lfwDir }, backend: args.backend, pages: Number(args.pages) });
try {
  const analyses = await analyzePhotos(session, 'lfw', photos, { variants, plain: withPlain });
  type Pipeline = string;
  const encodingOf = (path: string, pipeline: Pipeline): Float32Array | null => {
    const r = analyses.get(path);
    if (!r || r.error || r.width === undefined || r.height === undefined) return null;
    if (pipeline === 'plain') {
      const e = centralFace(r.plain, r.width, r.height)?.encoding;
      return e ? Float32Array.from(e) : null;
    }
    const face = centralFace(r.app, r.width, r.height);
    if (!face) return null;
    if (pipeline === APP) return joinEncodings(APP_VARIANTS.map((v) => Float32Array.from(face.encodings[v]!)));
    const e = face.encodings[pipeline];
    return e ? Float32Array.from(e) : null;
  };
  const distanceOf = (pipeline: Pipeline) => (a: Float32Array, b: Float32Array) => (pipeline === APP ? faceDistance(a, b) : euclid(a, b));
  const score = (list: readonly Pair[], pipeline: Pipeline): ScoredPair[] =>
    list.map((p) => {
      const a = encodingOf(p.a, pipeline);
      const b = encodingOf(p.b, pipeline);
      return { fold: p.fold, same: p.same, distance: a && b ? distanceOf(pipeline)(a, b) : null };
    });
  const pipelines = [...(withPlain ? ['plain'] : []), ...variants, APP];
  const results: Record<string, unknown> = {};
  const table: string[] = [];
  if (view1Tuning) {
    const test = pairs.slice(devTrain.length);
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const thresholds: Record<string, number> = {};
    const report = (name: string, train: ScoredPair[], tested: ScoredPair[]) => {
      const t = bestThreshold(train);
      thresholds[name] = t;
      const r = { threshold: t, devTrain: accuracyAt(train, t), devTest: accuracyAt(tested, t), noFacePairs: tested.filter((p) => p.distance === null).length };
      results[name] = r;
      table.push(`${name.padEnd(44)} threshold ${t.toFixed(3)}  DevTrain ${pct(r.devTrain)}  DevTest ${pct(r.devTest)}`);
    };
    for (const pipeline of pipelines) report(pipeline, score(devTrain, pipeline), score(test, pipeline));
    // The parts' distances, each divided by its own DevTrain threshold, fused two ways.
    const parts = APP_VARIANTS.map((v) => ({ v, t: thresholds[v]! }));
    // The parts' distances, each divided by its own DevTrain threshold, for a pair.
    const ratiosOf = (p: Pair, with_: ReadonlyArray<{ v: string; t: number }>) =>
      with_.map(({ v, t }) => {
        const d = score([p], v)[0]!.distance;
        return d === null ? null : d / t;
      });
    const fused = (list: readonly Pair[], rule: (ratios: number[]) => number, with_ = parts): ScoredPair[] =>
      list.map((p) => {
        const r = ratiosOf(p, with_);
        return { fold: p.fold, same: p.same, distance: r.some((x) => x === null) ? null : rule(r as number[]) };
      });
    const rms = (r: number[]) => Math.sqrt(r.reduce((s, x) => s + x * x, 0) / r.length);
    const mean = (r: number[]) => r.reduce((s, x) => s + x, 0) / r.length;
    report('fused: root mean square of distance ÷ threshold', fused(devTrain, rms), fused(test, rms));
    report('fused: mean of distance ÷ threshold', fused(devTrain, mean), fused(test, mean));
    // MobileFaceNet's share of the root mean square (the app's is an even 0.5), swept on DevTrain; with each
    // face-api variant asked for (e.g. --variants eyes-mouth: face-api's chip without its mirror image).
    const faceApiVariants = variants.filter((v) => v !== APP_VARIANTS[1]);
    for (const fa of faceApiVariants) {
      const with_ = [{ v: fa, t: thresholds[fa]! }, parts[1]!];
      for (const w of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
        const weighted = (r: number[]) => Math.sqrt((1 - w) * r[0]! ** 2 + w * r[1]! ** 2);
        const name = `fused: ${fa === APP_VARIANTS[0] ? '' : `${fa} + arcface, `}root mean square, MobileFaceNet's share ${w}`;
        report(name, fused(devTrain, weighted, with_), fused(test, weighted, with_));
      }
    }
    table.push(`ENCODING_PARTS thresholds chosen here: ${parts.map(({ v, t }) => `${v} ${t.toFixed(3)}`).join(', ')} (model-id.ts has ${ENCODING_PARTS.map((p) => p.threshold).join(', ')})`);
  }
  for (const pipeline of view1Tuning ? [] : pipelines) {
    const scored = score(pairs, pipeline);
    const r = tenFold(scored);
    const noFace = photos.filter((p) => encodingOf(p, pipeline) === null).length;
    results[pipeline] = { ...r, photosWithoutFace: noFace, photoCount: photos.length };
    table.push(
      `${pipeline.padEnd(30)} ${(r.mean * 100).toFixed(2)}% ± ${(r.std * 100).toFixed(2)}  threshold ${r.threshold.toFixed(3)}  no face ${noFace}/${photos.length} (${((noFace / photos.length) * 100).toFixed(1)}%)`,
    );
    if (pipeline === APP && !view1) {
      const same = scored.filter((s) => s.same && s.distance !== null).map((s) => s.distance as number);
      const diff = scored.filter((s) => !s.same && s.distance !== null).map((s) => s.distance as number);
      mkdirSync(args.out, { recursive: true });
      writeFileSync(
        join(args.out, 'lfw-histogram.svg'),
        distanceHistogramSvg({
          title: `LFW ${pairs.length} pairs, the app's fused distance: ${(r.mean * 100).toFixed(2)}% (10-fold)`,
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
    appVariants: APP_VARIANTS,
    encodingParts: ENCODING_PARTS,
    detectionStages: stages,
    appMsPerPhoto: Math.round(msPerPhoto),
    results,
  };
  mkdirSync(args.out, { recursive: true });
  const jsonName = view1Tuning ? 'lfw-view1.json' : view1 ? 'lfw-devtrain.json' : 'lfw.json';
  writeFileSync(join(args.out, jsonName), JSON.stringify(summary, null, 2));
  console.log(`LFW ${view1Tuning ? 'View 1 (thresholds on DevTrain, accuracy on DevTest)' : view1 ? `View 1 (${args.pairs})` : 'View 2'}, ${pairs.length} pairs (${photos.length} photos), backend ${session.engine.backend}`);
  for (const line of table) console.log(line);
  console.log(`detection stages: ${JSON.stringify(stages)}`);
  console.log(`app pipeline: ${Math.round(msPerPhoto)} ms per photo (one page, ${sample.length} photos)`);
  console.log(`wrote ${join(args.out, jsonName)}${view1 ? '' : ' and lfw-histogram.svg'}`);
} finally {
  await session.close();
}
