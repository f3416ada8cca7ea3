/**
 * Runtime choice for the second recognizer (issue 18): ms per 112×112 face for MobileFaceNet converted to a
 * tfjs graph (the app's way, src/ml/worker/models/mobilefacenet.ts) and for onnxruntime-web (WASM SIMD, one
 * thread) running the original ONNX file, with face-api's recognition net (150×150 chips) in the same run
 * for scale; and the bytes each way ships. Engine figures: one worker in headless Chromium, no UI.
 *
 *   npm run bench:mobilefacenet -- [--backend wasm] [--reps 10]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openMfnBench } from './mobilefacenet/session';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const backend = opt('backend', 'wasm') as 'wasm' | 'webgl' | 'cpu';
const reps = Number(opt('reps', '10'));

const pkgDir = (name: string) => join(process.cwd(), 'node_modules', name);
const size = (p: string) => statSync(p).size;

const session = await openMfnBench({});
try {
  const origin = session.origin;
  const info = await session.call('init', { backend, modelsUrl: `${origin}models/`, wasmUrl: `${origin}wasm/` });
  console.log(`backend ${info.backend}, models loaded and warmed in ${info.loadMs} ms`);
  const figures = await session.call('speed', {
    batches: [1, 2, 8],
    reps,
    ortModelUrl: `${origin}node_modules/faceplugin-face-recognition-js/model/fr_feature.onnx`,
    ortWasmUrl: `${origin}node_modules/onnxruntime-web/dist/`,
  });
  const ms = (r: Record<string, number>) =>
    Object.entries(r).map(([b, v]) => (b === 'maxDiffVsApp' ? `max |difference| from the app's encoding ${v.toExponential(1)}` : `${b}: ${v.toFixed(1)}`)).join(', ');
  console.log(`ms per chip by batch size, ${figures.backend}:`);
  console.log(`  MobileFaceNet, tfjs graph (app)   ${ms(figures.mobilefacenet)}`);
  console.log(`  face-api recognition net (150 px) ${ms(figures.faceapi)}`);
  console.log(`  MobileFaceNet, onnxruntime-web    ${'error' in figures.ort ? `not measured: ${figures.ort.error}` : ms(figures.ort)}`);
  const models = join(process.cwd(), 'public', 'models');
  const ortDist = join(pkgDir('onnxruntime-web'), 'dist');
  const tfjsBytes = size(join(models, 'mobilefacenet.bin')) + size(join(models, 'mobilefacenet.json'));
  const ortBytes =
    size(join(pkgDir('faceplugin-face-recognition-js'), 'model', 'fr_feature.onnx')) +
    size(join(ortDist, 'ort-wasm-simd-threaded.wasm')) +
    size(join(ortDist, 'ort-wasm-simd-threaded.mjs')) +
    size(join(ortDist, 'ort.wasm.min.mjs'));
  console.log(`bytes shipped: tfjs graph ${tfjsBytes} (weights + graph; tfjs and its backends ship already)`);
  console.log(`               onnxruntime-web ${ortBytes} (ONNX file + ort-wasm-simd-threaded.{wasm,mjs} + ort.wasm.min.mjs)`);
} finally {
  await session.close();
}
