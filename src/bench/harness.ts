/**
 * Benchmark harness page (bench.html): exposes on `window.facewise` the app's own pool of face workers
 * (createFaceClient, as the app makes it: speed and memory figures, `analyze`) and the benchmark worker
 * (bench.worker.ts, started on first use: the same pipeline with crop variants, beside the plain usage),
 * so the Playwright-driven benchmark scripts (scripts/bench/*) measure exactly the pipeline the app runs.
 * Results cross into Node as JSON, so encodings travel as plain number arrays.
 */
import { backendFromQuery, createFaceClient, poolSizeFrom, type FaceClient } from '../ml/client';
import type { EngineInfo } from '../ml/protocol';
import { createBenchClient, type BenchClient } from './client';
import type { BenchRequest } from './protocol';

type BoxJson = { x: number; y: number; width: number; height: number };

export interface BenchPhotoJson {
  url: string;
  error?: string;
  width?: number;
  height?: number;
  stage?: string | null;
  plain?: Array<{ box: BoxJson; encoding: number[] }>;
  app?: Array<{ box: BoxJson; landmarks: Array<[number, number]>; encodings: Record<string, number[]> }>;
  /** Wall time of the app's own analyze() for this photo, when asked for. */
  ms?: number;
}

let client: FaceClient | null = null;
let bench: BenchClient | null = null;

async function init(): Promise<EngineInfo> {
  client ??= createFaceClient(
    backendFromQuery(location.search),
    poolSizeFrom(location.search, navigator.hardwareConcurrency),
  );
  return client.ready;
}

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

async function analyzeForBenchmark(url: string, request: BenchRequest): Promise<BenchPhotoJson> {
  bench ??= createBenchClient(backendFromQuery(location.search));
  try {
    const r = await bench.analyzeForBenchmark(await fetchBlob(url), request);
    return {
      url,
      width: r.width,
      height: r.height,
      stage: r.stage,
      plain: r.plain.map((f) => ({ box: f.box, encoding: Array.from(f.encoding) })),
      app: r.app.map((f) => ({
        box: f.box,
        landmarks: f.landmarks,
        encodings: Object.fromEntries(
          Object.entries(f.encodings).map(([k, v]) => [k, Array.from(v)]),
        ),
      })),
    };
  } catch (error) {
    return { url, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The app's own analyze() on one photo, as the app's workers return it (encodings as arrays). */
async function analyze(url: string, options: { jitter?: number } = {}): Promise<{ width: number; height: number; faces: Array<{ box: BoxJson; encoding: number[] }> }> {
  if (!client) throw new Error('call init() first');
  const r = await client.analyze(await fetchBlob(url), { thumbnail: false, ...options });
  return { width: r.width, height: r.height, faces: r.faces.map((f) => ({ box: f.box, encoding: Array.from(f.encoding) })) };
}

/** Times the app's own analyze() (what a user's photo goes through). */
async function timeAnalyze(url: string): Promise<{ ms: number; modelMs?: number; faces: number; error?: string }> {
  if (!client) throw new Error('call init() first');
  const blob = await fetchBlob(url);
  const started = performance.now();
  try {
    const r = await client.analyze(blob, { thumbnail: false });
    return { ms: performance.now() - started, modelMs: r.ms, faces: r.faces.length };
  } catch (error) {
    return { ms: performance.now() - started, faces: 0, error: String(error) };
  }
}

export interface BatchFigures {
  photos: number;
  faces: number;
  errors: number;
  seconds: number;
  photosPerSecond: number;
  msPerFace: number;
  /** Longest main-thread task while the batch ran (PerformanceObserver 'longtask'), ms. */
  longestTaskMs: number;
  longTasks: number;
  /** Main-thread JS heap (Chrome's performance.memory), bytes. */
  heapStart: number;
  heapPeak: number;
  heapEnd: number;
  /** tfjs tensors alive where the models run, before and after the batch. */
  tensorsBefore: number;
  tensorsAfter: number;
  /** Memory after the first `checkpoint` photos and at the end (a long batch must stay flat). */
  checkpoint: number;
  afterCheckpoint: MemoryFigures | null;
  atEnd: MemoryFigures;
  /** Memory every 250 photos, to tell a leak (steady growth) from a high-water mark (growth, then flat). */
  timeline: Array<MemoryFigures & { photos: number }>;
}

export interface MemoryFigures {
  /** Main-thread JS heap, bytes. */
  mainHeap: number;
  /** Summed over the workers (or the page, for the plain usage). */
  tensors: number;
  workerHeap: number;
  wasmHeap: number;
}

function heap(): number {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
}

/**
 * Runs one batch, the way the app would or the plain way, and measures it. Photos are fetched first, so
 * the timing is model work and decoding only.
 */
async function runBatch(urls: string[], mode: 'app' | 'plain', checkpoint = 100): Promise<BatchFigures> {
  const blobs = await Promise.all(urls.map(fetchBlob));
  let plain: typeof import('./in-page') | null = null;
  if (mode === 'plain') {
    plain = await import('./in-page');
    await plain.loadPlain(new URLSearchParams(location.search).get('backend') ?? 'wasm');
    await plain.plainAnalyze(blobs[0] as Blob); // warm-up, as the app's worker warms up at init
  } else if (!client) throw new Error('call init() first');
  else {
    // Let the pool finish growing (extra workers load their models after the first is ready).
    const want = poolSizeFrom(location.search, navigator.hardwareConcurrency);
    for (let i = 0; i < 200 && client.concurrency() < want; i++) await new Promise((r) => setTimeout(r, 100));
  }
  const tensors = async () => (plain ? plain.plainTensorCount() : (await client!.memory()).tensors);
  const memoryNow = async (): Promise<MemoryFigures> => {
    if (plain) return { mainHeap: heap(), tensors: plain.plainTensorCount(), workerHeap: 0, wasmHeap: plain.plainWasmHeap() };
    const m = await client!.memory();
    return { mainHeap: heap(), tensors: m.tensors, workerHeap: m.jsHeap, wasmHeap: m.wasmHeap };
  };
  let afterCheckpoint: MemoryFigures | null = null;
  const timeline: BatchFigures['timeline'] = [];
  let done = 0;
  const tensorsBefore = await tensors();
  let longest = 0;
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      longTasks++;
      longest = Math.max(longest, e.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  const heapStart = heap();
  let heapPeak = heapStart;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heap())), 100);
  let faces = 0;
  let errors = 0;
  const started = performance.now();
  // The app keeps every worker of its pool busy; the plain usage goes one photo at a time.
  const lanes = plain ? 1 : client!.concurrency();
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < blobs.length) {
        const blob = blobs[next++] as Blob;
        try {
          // Await first, then add: `faces += await …` would read `faces` before another lane updates it.
          const found = plain ? await plain.plainAnalyze(blob) : (await client!.analyze(blob, { thumbnail: false })).faces.length;
          faces += found;
        } catch {
          errors++;
        }
        if (++done === checkpoint) afterCheckpoint = await memoryNow();
        if (done % 250 === 0) timeline.push({ photos: done, ...(await memoryNow()) });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);
  observer.disconnect();
  heapPeak = Math.max(heapPeak, heap());
  return {
    photos: blobs.length,
    faces,
    errors,
    seconds,
    photosPerSecond: blobs.length / seconds,
    msPerFace: (seconds * 1000) / Math.max(1, faces),
    longestTaskMs: longest,
    longTasks,
    heapStart,
    heapPeak,
    heapEnd: heap(),
    tensorsBefore,
    tensorsAfter: await tensors(),
    checkpoint,
    afterCheckpoint,
    atEnd: await memoryNow(),
    timeline,
  };
}

/** Per-stage model costs on the main thread (bench:stages). */
async function profileStages(url: string, backend: string): Promise<Record<string, number>> {
  const plain = await import('./in-page');
  await plain.loadPlain(backend);
  return plain.profileStages(await fetchBlob(url));
}

declare global {
  interface Window {
    facewise: {
      init: typeof init;
      analyzeForBenchmark: typeof analyzeForBenchmark;
      analyze: typeof analyze;
      timeAnalyze: typeof timeAnalyze;
      runBatch: typeof runBatch;
      profileStages: typeof profileStages;
    };
  }
}

window.facewise = { init, analyzeForBenchmark, analyze, timeAnalyze, runBatch, profileStages };
