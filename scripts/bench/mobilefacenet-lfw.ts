/**
 * LFW View 1 for the second recognizer (issue 18): face-api as the app runs it (rotation-corrected chip +
 * mirror), MobileFaceNet on the ArcFace chip (with and without its mirror image averaged in), and the fused
 * distance — the mean of the two distances, each divided by its own threshold chosen on DevTrain. Every
 * threshold is chosen on pairsDevTrain.txt (2,200 pairs) and accuracy is reported on pairsDevTest.txt (1,000
 * pairs); a photo where no face is found makes its pairs errors. One front end for all: the app's detection
 * and 68 landmarks, the face nearest the photo's centre. Engine figures: one worker in headless Chromium
 * (scripts/bench/mobilefacenet/), WASM by default. Encodings are cached on disk
 * (bench-results/mobilefacenet-lfw-cache.jsonl), so a second run costs no model work.
 *
 *   npm run bench:mobilefacenet-lfw -- [--backend wasm] [--pages 1] [--limit N (pairs per file: the first N/2
 *   same and N/2 different, for a quick run)]
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FaceEncodings } from './mobilefacenet/protocol';
import { dataUrl, openMfnBench } from './mobilefacenet/session';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const backend = opt('backend', 'wasm') as 'wasm' | 'webgl' | 'cpu';
const limit = Number(opt('limit', '0'));
const pageCount = Number(opt('pages', '1'));
const LFW_DIR = resolve(process.env.LFW_DIR ?? join(process.cwd(), '..', 'shared', 'lfw'));
const CACHE_DIR = join(process.cwd(), 'bench-results');
/** Bump when the front end, the chips or a model changes. */
const CACHE = join(CACHE_DIR, 'mobilefacenet-lfw-cache-v1.jsonl');

interface Pair {
  a: string;
  b: string;
  same: boolean;
}

const photo = (name: string, n: string) => `${name}/${name}_${n.padStart(4, '0')}.jpg`;
function readPairs(file: string): Pair[] {
  const lines = readFileSync(join(LFW_DIR, file), 'utf8').trim().split('\n').slice(1);
  const pairs = lines.map((line): Pair => {
    const f = line.trim().split(/\s+/);
    if (f.length === 3) return { a: photo(f[0]!, f[1]!), b: photo(f[0]!, f[2]!), same: true };
    if (f.length === 4) return { a: photo(f[0]!, f[1]!), b: photo(f[2]!, f[3]!), same: false };
    throw new Error(`${file}: bad line ${line}`);
  });
  if (!limit) return pairs;
  return [...pairs.filter((p) => p.same).slice(0, limit / 2), ...pairs.filter((p) => !p.same).slice(0, limit / 2)];
}

const train = readPairs('pairsDevTrain.txt');
const test = readPairs('pairsDevTest.txt');
/**
 * Photos in the order the pairs need them, DevTrain and DevTest, same and different interleaved: a run cut
 * short leaves a cache from which `--limit N` evaluates balanced subsets without model work.
 */
function interleaved(): Pair[] {
  const lists = [train.filter((p) => p.same), train.filter((p) => !p.same), test.filter((p) => p.same), test.filter((p) => !p.same)];
  const out: Pair[] = [];
  for (let i = 0; i < Math.max(...lists.map((l) => l.length)); i++) for (const l of lists) {
      const pair = l[i];
      if (pair) out.push(pair);
    }
  return out;
}
const photos = [...new Set(interleaved().flatMap((p) => [p.a, p.b]))];

const cache = new Map<string, FaceEncodings | null>();
if (existsSync(CACHE))
  for (const line of readFileSync(CACHE, 'utf8').split('\n'))
    if (line) {
      const { path, enc } = JSON.parse(line) as { path: string; enc: FaceEncodings | null };
      cache.set(path, enc);
    }
const todo = photos.filter((p) => !cache.has(p));
console.log(`${photos.length} photos (${train.length} DevTrain + ${test.length} DevTest pairs), ${todo.length} to encode`);

let backendUsed = `${backend} (encodings from the disk cache)`;
if (todo.length > 0) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const sessions = await Promise.all(Array.from({ length: pageCount }, () => openMfnBench({ lfw: LFW_DIR })));
  try {
    const started = Date.now();
    let next = 0;
    let done = 0;
    await Promise.all(
      sessions.map(async (session) => {
        const info = await session.call('init', { backend, modelsUrl: `${session.origin}models/`, wasmUrl: `${session.origin}wasm/` });
        backendUsed = info.backend;
        while (next < todo.length) {
          const path = todo[next++]!;
          const enc = await session.call('encodePhoto', dataUrl('lfw', path));
          cache.set(path, enc);
          appendFileSync(CACHE, `${JSON.stringify({ path, enc })}\n`);
          done++;
          if (done % 50 === 0 || done === todo.length)
            process.stderr.write(`encoded ${done}/${todo.length} (${(done / ((Date.now() - started) / 1000)).toFixed(2)} photos/s)\n`);
        }
      }),
    );
  } finally {
    for (const session of sessions) await session.close();
  }
}

type Method = 'faceapi' | 'mfn' | 'mfnMirror';
const euclid = (x: number[], y: number[]) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0));
const cosine = (x: number[], y: number[]) => 1 - x.reduce((s, v, i) => s + v * y[i]!, 0);
const distance = (m: Method, a: FaceEncodings, b: FaceEncodings) => (m === 'faceapi' ? euclid(a.faceapi, b.faceapi) : cosine(a[m], b[m]));

/** Distances per pair; null where a photo has no face (always an error). */
type Scorer = (p: Pair) => number | null;
const single =
  (m: Method): Scorer =>
  (p) => {
    const a = cache.get(p.a);
    const b = cache.get(p.b);
    return a && b ? distance(m, a, b) : null;
  };

/** The threshold with the best accuracy on `pairs` (midway in the best run of candidates). */
function chooseThreshold(pairs: readonly Pair[], score: Scorer): number {
  const scored = pairs.map((p) => ({ d: score(p), same: p.same })).filter((x): x is { d: number; same: boolean } => x.d !== null);
  scored.sort((x, y) => x.d - y.d);
  // Threshold between scored[i-1] and scored[i]: same-pairs at or below count right, others above.
  let right = scored.filter((x) => !x.same).length; // threshold below everything
  let best = right;
  let bestFrom = 0;
  let bestTo = 0;
  for (let i = 0; i < scored.length; i++) {
    right += scored[i]!.same ? 1 : -1;
    if (right > best) {
      best = right;
      bestFrom = bestTo = i + 1;
    } else if (right === best && bestTo === i) bestTo = i + 1;
  }
  const mid = Math.floor((bestFrom + bestTo) / 2);
  const lo = scored[mid - 1]?.d ?? (scored[0]?.d ?? 0) - 1e-6;
  const hi = scored[mid]?.d ?? lo + 1e-6;
  return (lo + hi) / 2;
}

function accuracy(pairs: readonly Pair[], score: Scorer, threshold: number): number {
  let right = 0;
  for (const p of pairs) {
    const d = score(p);
    if (d !== null && (d <= threshold) === p.same) right++;
  }
  return right / pairs.length;
}

const thresholds: Record<Method, number> = {
  faceapi: chooseThreshold(train, single('faceapi')),
  mfn: chooseThreshold(train, single('mfn')),
  mfnMirror: chooseThreshold(train, single('mfnMirror')),
};
const fused =
  (m: 'mfn' | 'mfnMirror'): Scorer =>
  (p) => {
    const fa = single('faceapi')(p);
    const mf = single(m)(p);
    return fa === null || mf === null ? null : (fa / thresholds.faceapi + mf / thresholds[m]) / 2;
  };

const rows: Array<{ method: string; score: Scorer }> = [
  { method: 'face-api (app: rotation-corrected chip + mirror), Euclidean', score: single('faceapi') },
  { method: 'MobileFaceNet, ArcFace chip, cosine', score: single('mfn') },
  { method: 'MobileFaceNet, ArcFace chip + mirror, cosine', score: single('mfnMirror') },
  { method: 'fused: face-api + MobileFaceNet', score: fused('mfn') },
  { method: 'fused: face-api + MobileFaceNet + mirror', score: fused('mfnMirror') },
];
const results = rows.map(({ method, score }) => {
  const threshold = chooseThreshold(train, score);
  return { method, threshold, devTrain: accuracy(train, score, threshold), devTest: accuracy(test, score, threshold) };
});
const noFace = photos.filter((p) => cache.get(p) === null).length;

console.log(`LFW View 1, ${backendUsed}: threshold chosen on DevTrain (${train.length} pairs), accuracy on DevTest (${test.length} pairs)`);
for (const r of results)
  console.log(`  ${r.method.padEnd(62)} threshold ${r.threshold.toFixed(4)}  DevTrain ${(100 * r.devTrain).toFixed(2)}%  DevTest ${(100 * r.devTest).toFixed(2)}%`);
console.log(`  photos with no face found: ${noFace} of ${photos.length}`);

{
  const out = join(process.cwd(), 'docs', 'benchmarks', 'mobilefacenet-view1.json');
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        command: `npm run bench:mobilefacenet-lfw${limit ? ` -- --limit ${limit}` : ''}`,
        date: new Date().toISOString(),
        backend: backendUsed,
        split: { thresholdsChosenOn: 'pairsDevTrain.txt', reportedOn: 'pairsDevTest.txt', trainPairs: train.length, testPairs: test.length },
        photos: photos.length,
        photosWithNoFace: noFace,
        frontEnd: "the app's detection and 68 landmarks, the face nearest the photo's centre",
        fusion: 'mean of the two distances, each divided by its own DevTrain threshold',
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${out}`);
}
