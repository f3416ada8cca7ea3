#!/usr/bin/env node
/**
 * Bundle budget for dist/ (run after a build): the app's main-thread JavaScript stays small and holds no
 * model code — tfjs and face-api live only in the worker chunk (see STYLE.md: model work in workers).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const assets = 'dist/assets';
const MAIN_BUDGET = 400 * 1024;
const fail = (message) => {
  console.error(`bundle check: ${message}`);
  process.exit(1);
};
let files;
try {
  files = readdirSync(assets).filter((f) => f.endsWith('.js'));
} catch {
  fail('no dist/assets: run `npm run build` first');
}
const main = files.filter((f) => /^(main|index)-/.test(f));
if (main.length === 0) fail('no main chunk found');
const worker = files.filter((f) => f.startsWith('face.worker-'));
if (worker.length !== 1) fail(`expected one face.worker chunk, found ${worker.length}`);
for (const f of main) {
  const size = statSync(join(assets, f)).size;
  const text = readFileSync(join(assets, f), 'utf8');
  if (size > MAIN_BUDGET) fail(`${f} is ${(size / 1024).toFixed(0)} KB, over the ${MAIN_BUDGET / 1024} KB budget`);
  // Strings only tfjs and face-api's code hold (a weight name, a model file name, a tfjs flag).
  for (const marker of ['conv32_down', 'ssd_mobilenetv1_model', 'WEBGL_VERSION']) {
    if (text.includes(marker)) fail(`${f} contains "${marker}": model code leaked into the main thread`);
  }
  console.log(`bundle check: ${f} ${(size / 1024).toFixed(0)} KB (budget ${MAIN_BUDGET / 1024} KB), no model code`);
}
// The benchmark's code (its worker API, the crop variants' mean face) stays out of the app's worker.
const workerText = readFileSync(join(assets, worker[0]), 'utf8');
for (const marker of ['analyzeForBenchmark', 'template-']) {
  if (workerText.includes(marker)) fail(`${worker[0]} contains "${marker}": benchmark code leaked into the app's worker`);
}
const w = statSync(join(assets, worker[0])).size;
console.log(`bundle check: ${worker[0]} ${(w / 1024).toFixed(0)} KB (tfjs + face-api + pipeline)`);
