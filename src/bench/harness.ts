/**
 * Benchmark harness page (bench.html): exposes the app's own face worker on `window.facewise` so the
 * Playwright-driven benchmark scripts (scripts/bench/*) measure exactly the pipeline the app runs.
 * Results cross into Node as JSON, so encodings travel as plain number arrays.
 */
import { backendFromQuery, createBenchClient, type BenchClient } from '../ml/client';
import type { EngineInfo, EncodingVariant } from '../ml/protocol';

type BoxJson = { x: number; y: number; width: number; height: number };

export interface BenchPhotoJson {
  url: string;
  error?: string;
  width?: number;
  height?: number;
  stage?: string | null;
  plain?: Array<{ box: BoxJson; encoding: number[] }>;
  app?: Array<{ box: BoxJson; encodings: Record<EncodingVariant, number[]> }>;
  /** Wall time of the app's own analyze() for this photo, when asked for. */
  ms?: number;
}

let client: BenchClient | null = null;

async function init(): Promise<EngineInfo> {
  client ??= createBenchClient(backendFromQuery(location.search));
  return client.ready;
}

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.blob();
}

async function analyzeForBenchmark(url: string): Promise<BenchPhotoJson> {
  if (!client) throw new Error('call init() first');
  try {
    const r = await client.analyzeForBenchmark(await fetchBlob(url));
    return {
      url,
      width: r.width,
      height: r.height,
      stage: r.stage,
      plain: r.plain.map((f) => ({ box: f.box, encoding: Array.from(f.encoding) })),
      app: r.app.map((f) => ({
        box: f.box,
        encodings: Object.fromEntries(
          Object.entries(f.encodings).map(([k, v]) => [k, Array.from(v)]),
        ) as Record<EncodingVariant, number[]>,
      })),
    };
  } catch (error) {
    return { url, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Times the app's own analyze() (what a user's photo goes through). */
async function timeAnalyze(url: string): Promise<{ ms: number; faces: number; error?: string }> {
  if (!client) throw new Error('call init() first');
  const blob = await fetchBlob(url);
  const started = performance.now();
  try {
    const r = await client.analyze(blob, { thumbnail: false });
    return { ms: performance.now() - started, faces: r.faces.length };
  } catch (error) {
    return { ms: performance.now() - started, faces: 0, error: String(error) };
  }
}

declare global {
  interface Window {
    facewise: { init: typeof init; analyzeForBenchmark: typeof analyzeForBenchmark; timeAnalyze: typeof timeAnalyze };
  }
}

window.facewise = { init, analyzeForBenchmark, timeAnalyze };
