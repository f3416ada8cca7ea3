/**
 * Opens the MobileFaceNet benchmark page (index.html here, served by Vite's dev server from the repository
 * with the app's own vite.config.ts, so models/ and wasm/ come from public/ as in the app) in headless
 * Chromium. Photos are served from disk under /__data/<root>/ through Playwright routing.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../../chromium-path.mjs';
import type { MfnBenchWorker } from './protocol';

export const DATA_PREFIX = '/__data/';

type Remote<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };

export interface MfnSession {
  origin: string;
  page: Page;
  /** Calls the worker's method with JSON-able arguments through the page. */
  call<K extends keyof MfnBenchWorker>(method: K, ...args: Parameters<MfnBenchWorker[K]>): ReturnType<Remote<MfnBenchWorker>[K]>;
  close(): Promise<void>;
}

export async function openMfnBench(roots: Record<string, string>): Promise<MfnSession> {
  const server: ViteDevServer = await createServer({
    server: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
    // onnxruntime-web is only imported by this page's worker, late: serve it as the ESM file it is.
    optimizeDeps: { exclude: ['onnxruntime-web'] },
  });
  await server.listen();
  const origin = server.resolvedUrls?.local[0];
  if (!origin) throw new Error('vite did not report its address');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs`');
  const browser: Browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('page console:', m.text());
  });
  await page.route(`**${DATA_PREFIX}**`, async (route) => {
    const [name, ...rest] = new URL(route.request().url()).pathname.slice(DATA_PREFIX.length).split('/');
    const dir = roots[decodeURIComponent(name ?? '')];
    if (!dir) return route.fulfill({ status: 404, body: 'unknown data root' });
    const root = resolve(dir);
    const file = join(root, ...rest.map(decodeURIComponent));
    if (!file.startsWith(root)) return route.abort();
    try {
      await route.fulfill({ body: await readFile(file) });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.goto(`${origin}scripts/bench/mobilefacenet/index.html`);
  await page.waitForFunction(() => 'mfnBench' in window, undefined, { timeout: 120_000 });
  return {
    origin,
    page,
    call: ((method: string, ...args: unknown[]) =>
      page.evaluate(
        ([m, a]) => {
          const bench = (window as unknown as { mfnBench: Record<string, (...x: unknown[]) => Promise<unknown>> }).mfnBench;
          return bench[m as string]!(...(a as unknown[]));
        },
        [method, args] as const,
      )) as MfnSession['call'],
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export function dataUrl(root: string, relativePath: string): string {
  return `${DATA_PREFIX}${root}/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}
