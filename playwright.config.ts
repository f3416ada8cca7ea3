/**
 * Browser tests: the built site (vite build + vite preview), real models on the WASM backend, real photos
 * from ../shared (never copied into the repo), in the system Chromium (see scripts/chromium-path.mjs).
 * Run `node scripts/ensure-chromium.mjs` first on a fresh machine; `npm test` does.
 */
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium-path.mjs';

const isCI = !!process.env.CI;
// E2E_PORT lets several checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}/`;
/** The benchmark build (vite --mode bench: the app plus bench.html, in dist-bench/), for bench-parity.spec.ts. */
const BENCH_PORT = PORT + 1;

const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn(
    'playwright.config: no system Chromium found ($CHROMIUM_PATH, /usr/bin/chromium, ...). ' +
      'Run `node scripts/ensure-chromium.mjs` to install one or to see how.',
  );
}

export default defineConfig({
  testDir: './tests/e2e',
  // 2 cores and heavy models: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Model loading on WASM takes seconds, each photo about half a second.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: isCI ? [['line']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: BASE_URL,
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(chromiumPath ? { executablePath: chromiumPath } : {}),
          args: [...CHROMIUM_ARGS],
        },
      },
    },
  ],
  webServer: {
    // The site users get (dist/, no bench.html), and the benchmark build beside it (vite --mode bench: the
    // app plus bench.html, in dist-bench/) for bench-parity.spec.ts, built one after the other (both copy
    // the model weights) and served on PORT and PORT + 1.
    command:
      `npm run build && npx vite build --mode bench --logLevel warn && ` +
      `{ npx vite preview --mode bench --host 127.0.0.1 --port ${BENCH_PORT} --strictPort & ` +
      `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort; }`,
    url: BASE_URL,
    reuseExistingServer: !isCI,
    // The builds copy model weights and bundle tfjs: give them time on 2 cores.
    timeout: 420_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
