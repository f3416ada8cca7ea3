/**
 * npm run bench:throughput [-- --lfw N --backend wasm|webgl --repeat R --shuffle --workers W --only app]
 * A fixed set of real photos of mixed sizes — N LFW portraits (250 px), every photo in ../shared/faces,
 * and the 1920 px group photos @vladmandic/face-api ships in demo/ — through the app's pipeline (its
 * worker, as the app drives it) and through the plain face-api usage (SSD, landmarks, descriptors, one
 * photo at a time on the main thread), in the same run, each in a fresh page. Memory is read after the first
 * 100 photos and at the end (`--repeat 13 --shuffle --only app`: the 2,000-photo check, every kind of photo
 * mixed through the batch). Writes bench-results/throughput-<backend>.json.
 */
import { readdirSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { BatchFigures, MemoryFigures } from '../../src/bench/harness';
import { dataUrl, openBench } from './browser';

const { values: args } = parseArgs({
  options: {
    lfw: { type: 'string', default: '100' },
    backend: { type: 'string', default: 'wasm' },
    repeat: { type: 'string', default: '1' },
    workers: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    only: { type: 'string' },
    shuffle: { type: 'boolean', default: false },
  },
});
const facesDir = process.env.FACES_DIR ?? '../shared/faces';
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const demoDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const images = (files: string[]) => files.filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
const lfwPhotos = readFileSync(join(lfwDir, 'splits', 'probe.txt'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(0, Number(args.lfw))
  .map((l) => dataUrl('lfw', l.split('\t')[0] as string));
const facePhotos = images(walk(facesDir)).map((f) => dataUrl('faces', relative(facesDir, f)));
const demoPhotos = images(readdirSync(demoDir).map((f) => join(demoDir, f))).map((f) => dataUrl('demo', relative(demoDir, f)));
const ordered = Array.from({ length: Number(args.repeat) }, () => [...lfwPhotos, ...facePhotos, ...demoPhotos]).flat();
/** A fixed pseudo-random order (so every kind of photo appears early in a long batch), the same every run. */
function shuffled<T>(items: T[]): T[] {
  const out = items.slice();
  let seed = 20261127;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
const urls = args.shuffle ? shuffled(ordered) : ordered;
console.error(`throughput: ${urls.length} photos (${lfwPhotos.length} LFW, ${facePhotos.length} faces/, ${demoPhotos.length} demo)`);

const run = async (mode: 'app' | 'plain'): Promise<BatchFigures & { engine: unknown }> => {
  const session = await openBench({
    roots: { lfw: lfwDir, faces: facesDir, demo: demoDir },
    backend: args.backend,
    pages: 1,
    skipBuild: mode === 'plain' || process.env.BENCH_SKIP_BUILD === '1',
    ...(args.workers ? { workers: Number(args.workers) } : {}),
  });
  try {
    const page = session.pages[0]!;
    const figures = await page.evaluate(([u, m]) => window.facewise.runBatch(u, m), [urls, mode] as const);
    return { ...figures, engine: session.engine };
  } finally {
    await session.close();
  }
};

const app = await run('app');
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const line = (name: string, f: BatchFigures) =>
  `${name.padEnd(6)} ${f.photosPerSecond.toFixed(2)} photos/s  ${f.faces} faces  ${f.msPerFace.toFixed(0)} ms/face  ` +
  `longest main-thread task ${f.longestTaskMs.toFixed(0)} ms (${f.longTasks} long tasks)  ` +
  `heap ${mb(f.heapStart)} → peak ${mb(f.heapPeak)} → ${mb(f.heapEnd)}  tensors ${f.tensorsBefore} → ${f.tensorsAfter}  errors ${f.errors}`;
const memory = (name: string, f: BatchFigures) => {
  const m = (x: MemoryFigures | null) =>
    x ? `main heap ${mb(x.mainHeap)}, worker heap ${mb(x.workerHeap)}, WASM memory ${mb(x.wasmHeap)}, tensors ${x.tensors}` : 'n/a';
  const ratio = (k: keyof MemoryFigures) => (f.afterCheckpoint && f.afterCheckpoint[k] ? (f.atEnd[k] / f.afterCheckpoint[k]).toFixed(2) : 'n/a');
  const timeline = f.timeline.length
    ? `\n${''.padEnd(6)} every 250 photos: ${f.timeline.map((t) => `${t.photos}: WASM ${mb(t.wasmHeap)}, heap ${mb(t.mainHeap)}, ${t.tensors} tensors`).join('; ')}`
    : '';
  return `${name.padEnd(6)} after ${f.checkpoint} photos: ${m(f.afterCheckpoint)}\n${''.padEnd(6)} at the end:       ${m(f.atEnd)}\n${''.padEnd(6)} end/after-${f.checkpoint}: main heap ${ratio('mainHeap')}, worker heap ${ratio('workerHeap')}, WASM ${ratio('wasmHeap')}, tensors ${ratio('tensors')}${timeline}`;
};
console.log(`Throughput, ${urls.length} photos, backend ${args.backend}`);
console.log(line('app', app));
console.log(memory('app', app));
if (args.only === 'app') {
  mkdirSync(args.out, { recursive: true });
  const file = join(args.out, `throughput-${args.backend}-app-${urls.length}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), photos: urls.length, shuffled: args.shuffle, app }, null, 2));
  process.exit(0);
}
const plain = await run('plain');
console.log(line('plain', plain));
console.log(memory('plain', plain));
console.log(`speed ratio app/plain: ${(app.photosPerSecond / plain.photosPerSecond).toFixed(2)}x`);
mkdirSync(args.out, { recursive: true });
writeFileSync(
  join(args.out, `throughput-${args.backend}.json`),
  JSON.stringify({ date: new Date().toISOString(), photos: urls.length, app, plain, ratio: app.photosPerSecond / plain.photosPerSecond }, null, 2),
);
