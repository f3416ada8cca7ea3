/**
 * Opens the built site's benchmark harness (bench.html) in headless Chromium, N pages (one face worker
 * each), with photos from disk served under /__data/ through Playwright routing — the site is the app's
 * own build, in the benchmark mode that adds bench.html (dist-bench/).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../chromium-path.mjs';

export interface BenchSession {
  pages: Page[];
  engine: { backend: string; reason: string; renderer: string | null; loadMs: number };
  close(): Promise<void>;
}

export const DATA_PREFIX = '/__data/';

/** URL under which the harness page fetches `relativePath` from the data root named `root`. */
export function dataUrl(root: string, relativePath: string): string {
  return `${DATA_PREFIX}${root}/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The built site served by `vite preview`, and one headless Chromium to open it in. */
export interface Site {
  /** The site's root URL (ends with '/'). */
  address: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Builds and serves the site in the benchmark mode (vite.config.ts: dist-bench/, the app's index.html plus
 * bench.html): the shipped dist/ has no bench.html, and the page measured is the same app users get.
 */
export async function openSite(options: { skipBuild?: boolean } = {}): Promise<Site> {
  if (!options.skipBuild) await build({ mode: 'bench', logLevel: 'warn' });
  const server: PreviewServer = await preview({ mode: 'bench', preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const address = server.resolvedUrls?.local[0];
  if (!address) throw new Error('vite preview did not report its address');
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs`');
  const browser: Browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  return {
    address,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.httpServer.close(() => done()));
    },
  };
}

/** Opens bench.html on `site` (a fresh context: its own storage), photos under /__data/<root>/ routed from disk. */
export async function openBenchPage(
  site: Site,
  options: { roots: Record<string, string>; backend: string; workers?: number },
): Promise<{ page: Page; engine: BenchSession['engine']; close(): Promise<void> }> {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route(`**${DATA_PREFIX}**`, async (route) => {
    const [name, ...rest] = new URL(route.request().url()).pathname.slice(DATA_PREFIX.length).split('/');
    const dir = options.roots[decodeURIComponent(name ?? '')];
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
  await page.goto(`${site.address}bench.html?backend=${options.backend}${options.workers ? `&workers=${options.workers}` : ''}`);
  await page.waitForFunction(() => 'facewise' in window);
  const engine = await page.evaluate(() => window.facewise.init());
  return { page, engine, close: () => context.close() };
}

export async function openBench(options: {
  /** Named folders on disk the page may read: `/__data/<name>/<path>`. */
  roots: Record<string, string>;
  backend: string;
  pages: number;
  skipBuild?: boolean;
  /** Face workers per page (the app sizes its pool from navigator.hardwareConcurrency). */
  workers?: number;
}): Promise<BenchSession> {
  const site = await openSite({ skipBuild: options.skipBuild ?? false });
  const pages: Page[] = [];
  let engine: BenchSession['engine'] | null = null;
  for (let i = 0; i < options.pages; i++) {
    const opened = await openBenchPage(site, options);
    engine = opened.engine;
    pages.push(opened.page);
  }
  if (!engine) throw new Error('no page opened');
  return { pages, engine, close: () => site.close() };
}

/** Runs `task` over `items` on every page concurrently, reporting progress. */
export async function runOnPages<T, R>(
  pages: Page[],
  items: readonly T[],
  task: (page: Page, item: T) => Promise<R>,
  label: string,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    pages.map(async (page) => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(page, items[i] as T);
        done++;
        if (done % 100 === 0 || done === items.length) {
          const rate = done / ((Date.now() - started) / 1000);
          process.stderr.write(`${label}: ${done}/${items.length} (${rate.toFixed(1)}/s)\n`);
        }
      }
    }),
  );
  return results;
}
