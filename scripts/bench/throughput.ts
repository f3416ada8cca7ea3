/**
 * npm run bench:throughput [-- --lfw N --backend wasm|webgl --repeat R --shuffle --workers W
 *                              --only page,engine,plain --rounds K --trace FILE --trace-js]
 * A fixed set of real photos of mixed sizes — N LFW portraits (250 px), every photo in ../shared/faces,
 * and the 1920 px group photos @vladmandic/face-api ships in demo/ — measured three ways in the same
 * browser and run:
 *   page    THE PAGE, as a user gets it: the built site, the tutorial's 5 known people added through the
 *           labelled input, then every photo set on the "Photos to recognize" input; drop → last card done,
 *           and the first card's latency (./page-batch.ts);
 *   engine  the app's workers driven directly by bench.html (no UI, no storage, no cache): the engine's
 *           figure, so the page's share of the cost shows;
 *   plain   the plain face-api usage (SSD, landmarks, descriptors, one photo at a time on the main thread).
 * `--rounds K` repeats the three K times (ratios are per round: the machine is shared). `--repeat R`
 * drops the set R times (copies beyond the first get a few bytes appended after the image's end, in a
 * temporary folder, so their SHA-256 differs and the page's cache doesn't answer for them); `--repeat 13
 * --shuffle --only page` is the 2,000-photo check (memory after 100 photos, every 250 and at the end,
 * longest main-thread task; the drop's own task is split into the browser handing the files over and the
 * page's handler). `--trace FILE` also records a Chrome trace of one page batch and accounts for the main
 * thread's time (wall and CPU; `--trace-js` adds JavaScript samples to the trace, named by the original
 * function for each long task through the build's source maps, ./trace-js.ts; the environment variable
 * TRACE_EXTRA adds trace categories, e.g. disabled-by-default-devtools.timeline.invalidationTracking for
 * what each layout re-laid out). Writes bench-results/throughput-<backend>[-<photos>].json.
 */
import { mkdtempSync, readdirSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import type { BatchFigures, MemoryFigures } from '../../src/bench/harness';
import { dataUrl, openBenchPage, openSite } from './browser';
import { runPageBatch, type PageFigures } from './page-batch';
import { formatTraceSummary, summarizeTrace } from './trace-summary';

const { values: args } = parseArgs({
  options: {
    lfw: { type: 'string', default: '100' },
    backend: { type: 'string', default: 'wasm' },
    repeat: { type: 'string', default: '1' },
    workers: { type: 'string' },
    out: { type: 'string', default: 'bench-results' },
    only: { type: 'string' },
    shuffle: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    trace: { type: 'string' },
    'trace-js': { type: 'boolean', default: false },
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

interface Photo {
  root: 'lfw' | 'faces' | 'demo';
  /** Path inside its root. */
  path: string;
}
const roots = { lfw: lfwDir, faces: facesDir, demo: demoDir };
const images = (files: string[]) => files.filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
const lfwPhotos: Photo[] = readFileSync(join(lfwDir, 'splits', 'probe.txt'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(0, Number(args.lfw))
  .map((l) => ({ root: 'lfw', path: l.split('\t')[0] as string }));
const facePhotos: Photo[] = images(walk(facesDir)).map((f) => ({ root: 'faces', path: relative(facesDir, f) }));
const demoPhotos: Photo[] = images(readdirSync(demoDir).map((f) => join(demoDir, f))).map((f) => ({ root: 'demo', path: relative(demoDir, f) }));
const set = [...lfwPhotos, ...facePhotos, ...demoPhotos];
const ordered = Array.from({ length: Number(args.repeat) }, (_, copy) => set.map((p) => ({ ...p, copy }))).flat();
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
const photos = args.shuffle ? shuffled(ordered) : ordered;
const urls = photos.map((p) => dataUrl(p.root, p.path));
console.error(`throughput: ${urls.length} photos (${lfwPhotos.length} LFW, ${facePhotos.length} faces/, ${demoPhotos.length} demo)`);

const modes = new Set((args.only ?? 'page,engine,plain').split(',').map((m) => (m === 'app' ? 'page' : m)));
// The page hashes every file: copies beyond the first must differ in bytes to be analysed, not cached.
const copies = Number(args.repeat) > 1 && (modes.has('page') || args.trace) ? mkdtempSync(join(tmpdir(), 'facewise-throughput-')) : null;
const diskPaths = photos.map((p) => {
  const source = join(roots[p.root], p.path);
  if (p.copy === 0 || !copies) return source;
  const target = join(copies, String(p.copy), p.root, p.path);
  mkdirSync(dirname(target), { recursive: true });
  const bytes = readFileSync(source);
  // Bytes after a JPEG's end-of-image (or a PNG's IEND) are ignored by decoders.
  writeFileSync(target, Buffer.concat([bytes, Buffer.from(`facewise-copy-${p.copy}`)]));
  return target;
});
const scenario = join(facesDir, 'scenario', 'images');
const known = readdirSync(scenario).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => join(scenario, f));

const site = await openSite({ skipBuild: process.env.BENCH_SKIP_BUILD === '1' });
const workers = args.workers ? { workers: Number(args.workers) } : {};
const viaHarness = async (mode: 'app' | 'plain'): Promise<BatchFigures & { engine: unknown }> => {
  const bench = await openBenchPage(site, { roots, backend: args.backend!, ...workers });
  try {
    const figures = await bench.page.evaluate(([u, m]) => window.facewise.runBatch(u, m), [urls, mode] as const);
    return { ...figures, engine: bench.engine };
  } finally {
    await bench.close();
  }
};
const viaPage = (trace?: string) =>
  runPageBatch(site, { backend: args.backend!, ...workers, known, photos: diskPaths, ...(trace ? { trace, traceJs: args['trace-js'] } : {}) });

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const line = (name: string, f: BatchFigures) =>
  `${name.padEnd(7)} ${f.photosPerSecond.toFixed(2)} photos/s  ${f.faces} faces  ${f.msPerFace.toFixed(0)} ms/face  ` +
  `longest main-thread task ${f.longestTaskMs.toFixed(0)} ms (${f.longTasks} long tasks)  ` +
  `heap ${mb(f.heapStart)} → peak ${mb(f.heapPeak)} → ${mb(f.heapEnd)}  tensors ${f.tensorsBefore} → ${f.tensorsAfter}  errors ${f.errors}`;
const pageLine = (f: PageFigures) =>
  `${'page'.padEnd(7)} ${f.photosPerSecond.toFixed(2)} photos/s  ${f.faces} faces  ${f.seconds.toFixed(1)} s drop → last card  ` +
  `first card ${f.firstResultMs.toFixed(0)} ms  longest main-thread task ${f.longestTaskMs.toFixed(0)} ms (${f.longTasks} over 50 ms)` +
  (f.longestTasks.length > 0 ? `\n        longest tasks: ${f.longestTasks.map((t) => `${t.ms.toFixed(0)} ms at ${t.atS.toFixed(1)} s`).join(', ')}` : '') +
  (f.dropTask
    ? `\n        the drop's task: ${f.dropTask.ms.toFixed(0)} ms, ${f.dropTask.beforeChangeMs.toFixed(0)} ms of it the browser handing the files over ` +
      `before the change event, ${f.dropTask.handlerMs.toFixed(0)} ms the page's handler; ${f.longTasksAfterDrop} over 50 ms after it`
    : `\n        ${f.longTasksAfterDrop} over 50 ms after the drop`);
const memoryLines = (name: string, f: { checkpoint: number; afterCheckpoint: MemoryFigures | null; atEnd: MemoryFigures; timeline: Array<MemoryFigures & { photos: number }> }) => {
  const m = (x: MemoryFigures | null) =>
    x ? `main heap ${mb(x.mainHeap)}, worker heap ${mb(x.workerHeap)}, WASM memory ${mb(x.wasmHeap)}, tensors ${x.tensors}` : 'n/a';
  const ratio = (k: keyof MemoryFigures) => (f.afterCheckpoint && f.afterCheckpoint[k] ? (f.atEnd[k] / f.afterCheckpoint[k]).toFixed(2) : 'n/a');
  const timeline = f.timeline.length
    ? `\n${''.padEnd(7)} every 250 photos: ${f.timeline.map((t) => `${t.photos}: WASM ${mb(t.wasmHeap)}, heap ${mb(t.mainHeap)}, ${t.tensors} tensors`).join('; ')}`
    : '';
  return `${name.padEnd(7)} after ${f.checkpoint} photos: ${m(f.afterCheckpoint)}\n${''.padEnd(7)} at the end:       ${m(f.atEnd)}\n${''.padEnd(7)} end/after-${f.checkpoint}: main heap ${ratio('mainHeap')}, worker heap ${ratio('workerHeap')}, WASM ${ratio('wasmHeap')}, tensors ${ratio('tensors')}${timeline}`;
};

console.log(`Throughput, ${urls.length} photos, backend ${args.backend}, ${site.browser.version()}`);
const rounds: Array<{ page?: PageFigures; engine?: BatchFigures; plain?: BatchFigures }> = [];
try {
  for (let r = 0; r < Number(args.rounds); r++) {
    const round: (typeof rounds)[number] = {};
    if (Number(args.rounds) > 1) console.log(`round ${r + 1}`);
    if (modes.has('page')) {
      round.page = await viaPage();
      console.log(pageLine(round.page));
      console.log(memoryLines('page', round.page));
    }
    if (modes.has('engine')) {
      round.engine = await viaHarness('app');
      console.log(line('engine', round.engine));
      console.log(memoryLines('engine', round.engine));
    }
    if (modes.has('plain')) {
      round.plain = await viaHarness('plain');
      console.log(line('plain', round.plain));
    }
    const { page, engine, plain } = round;
    const ratios = [
      page && plain ? `page/plain ${(page.photosPerSecond / plain.photosPerSecond).toFixed(2)}x` : '',
      engine && plain ? `engine/plain ${(engine.photosPerSecond / plain.photosPerSecond).toFixed(2)}x` : '',
      page && engine ? `page/engine ${(page.photosPerSecond / engine.photosPerSecond).toFixed(2)} (the page's share: ${((1 - page.photosPerSecond / engine.photosPerSecond) * 100).toFixed(0)}% of the engine's speed lost)` : '',
    ].filter(Boolean);
    if (ratios.length) console.log(`speed ratios: ${ratios.join('  ')}`);
    rounds.push(round);
  }
  let trace: ReturnType<typeof summarizeTrace> | undefined;
  if (args.trace) {
    console.log(`traced page batch (tracing slows it; its speed is not a figure):`);
    const traced = await viaPage(args.trace);
    console.log(pageLine(traced));
    // The bench build (vite.config.ts, BENCH_OUT_DIR) has the source maps that name the JavaScript samples.
    trace = summarizeTrace(args.trace, traced.photos, args['trace-js'] ? 'dist-bench' : null);
    console.log(formatTraceSummary(trace));
  }
  mkdirSync(args.out!, { recursive: true });
  const file = join(args.out!, `throughput-${args.backend}${urls.length === set.length ? '' : `-${urls.length}`}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), photos: urls.length, shuffled: args.shuffle, rounds, trace }, null, 2));
} finally {
  await site.close();
  if (copies) rmSync(copies, { recursive: true, force: true });
}
