/**
 * The benchmarks measure the app's pipeline, not a copy of it: on the same photos, the benchmark worker
 * (bench.html's bench.worker.ts, the app's crop named as a variant) gives exactly the encodings, boxes and
 * landmarks-derived faces the app's own worker's analyze() gives — with and without Extra accuracy's
 * jitters. Real models (WASM), real photos from ../shared/faces and face-api's group photo.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { BenchPhotoJson } from '../../src/bench/harness';
import { APP_ENCODING_VARIANT, ARCFACE_VARIANT } from '../../src/bench/protocol';
import { joinEncodings } from '../../src/domain/distance';
import { logBrowserProblems } from './fixtures/app';
import { testPhoto } from './fixtures/data';

/** playwright.config.ts serves the benchmark build (dist-bench/, with bench.html) on the app's port + 1. */
const BENCH_PORT = Number(process.env.E2E_PORT ?? 4173) + 1;
const demoDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const PHOTOS: Record<string, string> = {
  'obama1.jpg': testPhoto('obama1.jpg'),
  'biden2.jpg': testPhoto('biden2.jpg'),
  'kit_with_rose.jpg': testPhoto('kit_with_rose.jpg'),
  // A group photo: many faces, so the recognition net's batches hold chips of several faces.
  'sample1.jpg': path.join(demoDir, 'sample1.jpg'),
};

test('the benchmark worker encodes every face exactly as the app worker does', async ({ page }) => {
  test.setTimeout(300_000);
  logBrowserProblems(page);
  await page.route('**/__data/**', async (route) => {
    const file = PHOTOS[decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '')];
    await (file ? route.fulfill({ body: await readFile(file) }) : route.fulfill({ status: 404 }));
  });
  await page.goto(`http://127.0.0.1:${BENCH_PORT}/bench.html?backend=wasm&workers=1`);
  await page.waitForFunction(() => 'facewise' in window);
  const engine = await page.evaluate(() => window.facewise.init());
  expect(engine.backend).toBe('wasm');

  const cases = [
    ...Object.keys(PHOTOS).map((name) => ({ name, jitter: 0, variant: APP_ENCODING_VARIANT })),
    { name: 'obama1.jpg', jitter: 4, variant: `${APP_ENCODING_VARIANT}+jitter4` },
  ];
  let faces = 0;
  for (const { name, jitter, variant } of cases) {
    const url = `__data/${name}`;
    const app = await page.evaluate(([u, j]) => window.facewise.analyze(u, { jitter: j }), [url, jitter] as const);
    const bench: BenchPhotoJson = await page.evaluate(
      ([u, v, a]) => window.facewise.analyzeForBenchmark(u, { variants: [v, a], plain: false }),
      [url, variant, ARCFACE_VARIANT] as const,
    );
    expect(bench.error, `${name}: benchmark worker`).toBeUndefined();
    expect(bench.width, name).toBe(app.width);
    expect(bench.height, name).toBe(app.height);
    expect(app.faces.length, `${name}: faces found`).toBeGreaterThan(0);
    expect(bench.app?.map((f) => f.box), `${name}: boxes`).toEqual(app.faces.map((f) => f.box));
    // The app's encoding is both recognizers' parts joined: face-api's (this variant), MobileFaceNet's.
    const benchEncodings = (bench.app ?? []).map((f) => Array.from(joinEncodings([Float32Array.from(f.encodings[variant]!), Float32Array.from(f.encodings[ARCFACE_VARIANT]!)])));
    expect(benchEncodings, `${name} (${variant} + ${ARCFACE_VARIANT}): encodings`).toEqual(app.faces.map((f) => f.encoding));
    faces += app.faces.length;
  }
  expect(faces, 'faces compared').toBeGreaterThan(8);
});
