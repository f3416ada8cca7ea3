/**
 * npm run bench:stages [-- --backend wasm]
 * What each model stage costs on this machine (median of 5, main thread): SSD MobileNet v1, the Tiny Face
 * Detector at each input size, 68 landmarks, and the recognition network for batches of 1, 2 and 4 chips,
 * on an LFW portrait and a 1920 px group photo. The figures behind the detector choice in detect.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { dataUrl, openBench } from './browser';

const { values: args } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' } } });
const lfwDir = process.env.LFW_DIR ?? '../shared/lfw';
const demoDir = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const session = await openBench({ roots: { lfw: lfwDir, demo: demoDir }, backend: args.backend, pages: 1, skipBuild: true });
try {
  const page = session.pages[0]!;
  for (const [label, url] of [
    ['LFW 250x250', dataUrl('lfw', 'Aaron_Peirsol/Aaron_Peirsol_0001.jpg')],
    ['group 1920px', dataUrl('demo', 'sample1.jpg')],
  ] as const) {
    const ms = await page.evaluate(([u, b]) => window.facewise.profileStages(u, b), [url, args.backend] as const);
    console.log(`${label}: ${Object.entries(ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
  }
} finally {
  await session.close();
}
