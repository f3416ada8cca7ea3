/**
 * Benchmark harness page (bench.html): exposes the app's own face client on `window.facewise` so the
 * Playwright-driven benchmark scripts measure exactly the pipeline the app runs.
 */
import { backendFromQuery, createFaceClient, type FaceClient } from '../ml/client';
import type { EngineInfo } from '../ml/protocol';

export interface BenchFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  encoding: number[];
}

export interface BenchPhoto {
  url: string;
  width?: number;
  height?: number;
  faces?: BenchFace[];
  ms?: number;
  error?: string;
}

let client: FaceClient | null = null;

async function init(): Promise<EngineInfo> {
  client ??= createFaceClient(backendFromQuery(location.search));
  return client.ready;
}

async function analyzeUrl(url: string): Promise<BenchPhoto> {
  if (!client) throw new Error('call init() first');
  try {
    const blob = await (await fetch(url)).blob();
    const result = await client.analyze(blob, { thumbnail: false });
    return {
      url,
      width: result.width,
      height: result.height,
      ms: result.ms,
      faces: result.faces.map((f) => ({ box: f.box, score: f.score, encoding: Array.from(f.encoding) })),
    };
  } catch (error) {
    return { url, error: error instanceof Error ? error.message : String(error) };
  }
}

declare global {
  interface Window {
    facewise: { init: typeof init; analyzeUrl: typeof analyzeUrl };
  }
}

window.facewise = { init, analyzeUrl };
