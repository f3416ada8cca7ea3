/**
 * npm run bench:scenario [-- --backend wasm --runs 3]
 * The tutorial's scenario through the real app UI in headless Chromium: time from opening the page to
 * models ready, then the 5 known photos and the 11 test photos of ../shared/faces/scenario, timed from the
 * drop to the last result. Writes bench-results/scenario.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../chromium-path.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-results' },
  },
});
const scenario = join(process.env.FACES_DIR ?? '../shared/faces', 'scenario');
const known = readdirSync(join(scenario, 'images')).map((f) => join(scenario, 'images', f));
const tests = readdirSync(join(scenario, 'test')).map((f) => join(scenario, 'test', f));

await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const url = server.resolvedUrls?.local[0];
const executablePath = findChromium();
if (!url || !executablePath) throw new Error('no preview URL or no Chromium');
const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });

const waitDone = (page: import('@playwright/test').Page, total: number) =>
  page.waitForFunction(
    (n) => {
      const bar = document.querySelector('[role="progressbar"]');
      return bar?.getAttribute('aria-valuemax') === String(n) && bar.getAttribute('aria-valuenow') === String(n);
    },
    total,
    { timeout: 300_000, polling: 20 },
  );

const runs = [];
for (let i = 0; i < Number(args.runs); i++) {
  const context = await browser.newContext(); // fresh IndexedDB, cold start each run
  const page = await context.newPage();
  const opened = Date.now();
  await page.goto(`${url}?backend=${args.backend}`);
  const status = page.locator('[data-testid="engine-status"][data-backend]');
  await status.waitFor({ timeout: 120_000 });
  const readyMs = Date.now() - opened;
  let t = Date.now();
  await page.getByLabel('Known people photos', { exact: true }).setInputFiles(known);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="known-person"]').length === n, known.length, { timeout: 300_000, polling: 20 });
  const knownMs = Date.now() - t;
  t = Date.now();
  await page.getByLabel('Photos to recognize', { exact: true }).setInputFiles(tests);
  await waitDone(page, tests.length);
  const testMs = Date.now() - t;
  runs.push({ readyMs, knownMsPerPhoto: knownMs / known.length, testMsPerPhoto: testMs / tests.length, backend: await status.getAttribute('data-backend') });
  await context.close();
}
await browser.close();
await new Promise<void>((done) => server.httpServer.close(() => done()));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const summary = {
  date: new Date().toISOString(),
  runs,
  median: {
    readyMs: median(runs.map((r) => r.readyMs)),
    knownMsPerPhoto: median(runs.map((r) => r.knownMsPerPhoto)),
    testMsPerPhoto: median(runs.map((r) => r.testMsPerPhoto)),
  },
};
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'scenario.json'), JSON.stringify(summary, null, 2));
console.log(`Scenario (${known.length} known, ${tests.length} test photos), backend ${args.backend}, ${runs.length} cold runs, medians:`);
console.log(`  page open → models ready: ${summary.median.readyMs} ms`);
console.log(`  known photos: ${summary.median.knownMsPerPhoto.toFixed(0)} ms per photo`);
console.log(`  test photos: ${summary.median.testMsPerPhoto.toFixed(0)} ms per photo (drop → last result)`);
