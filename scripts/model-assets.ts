/**
 * Vite plugin: copies the model weights (every model of the registry, src/ml/worker/models/index.ts, from
 * the npm package its descriptor names) and the tfjs WASM binaries from node_modules into public/models/
 * and public/wasm/ (git-ignored) before the dev server or a build starts, so the app serves every byte it
 * needs from its own origin (and the service worker precaches them).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { writeMobileFaceNet } from './onnx-to-tfjs.ts';
import { MODELS } from '../src/ml/worker/models/index.ts';

const require = createRequire(import.meta.url);

/**
 * The tfjs WASM binaries the backend loads: plain and SIMD. The threaded build is left out: the app is not
 * cross-origin isolated (no SharedArrayBuffer), so tfjs never loads it (README, Throughput: WASM threads).
 */
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'] as const;

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function copyIfChanged(from: string, to: string): void {
  if (existsSync(to)) {
    const a = statSync(from);
    const b = statSync(to);
    if (a.size === b.size && a.mtimeMs <= b.mtimeMs) return;
  }
  copyFileSync(from, to);
}

export function copyModelAssets(publicDir: string): void {
  const modelsOut = join(publicDir, 'models');
  const wasmOut = join(publicDir, 'wasm');
  mkdirSync(modelsOut, { recursive: true });
  mkdirSync(wasmOut, { recursive: true });
  for (const model of MODELS) {
    if (model.source.convertedFrom) continue; // written below, converted from the package's own format
    const from = join(packageDir(model.source.package), model.source.dir);
    for (const file of model.assets) copyIfChanged(join(from, file), join(modelsOut, file));
  }
  const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  for (const file of WASM_FILES) copyIfChanged(join(wasmDir, file), join(wasmOut, file));
  writeMobileFaceNet(modelsOut);
  // A binary an earlier build copied and this one does not (it would still be served and precached).
  const wanted: ReadonlySet<string> = new Set(WASM_FILES);
  for (const file of readdirSync(wasmOut)) if (!wanted.has(file)) rmSync(join(wasmOut, file));
}

export function modelAssets(): Plugin {
  return {
    name: 'facewise:model-assets',
    configResolved(config) {
      copyModelAssets(config.publicDir);
    },
  };
}
