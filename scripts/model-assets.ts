/**
 * Vite plugin: copies the face-api model weights and the tfjs WASM binaries from node_modules into
 * public/models/ and public/wasm/ (git-ignored) before the dev server or a build starts, so the app
 * serves every byte it needs from its own origin.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { writeMobileFaceNet } from './onnx-to-tfjs.ts';

const require = createRequire(import.meta.url);

/** The face-api nets the app loads. */
export const MODEL_NAMES = [
  'ssd_mobilenetv1_model',
  'tiny_face_detector_model',
  'face_landmark_68_model',
  'face_recognition_model',
] as const;

export const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

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
  const modelDir = join(packageDir('@vladmandic/face-api'), 'model');
  for (const name of MODEL_NAMES) {
    copyIfChanged(join(modelDir, `${name}.bin`), join(modelsOut, `${name}.bin`));
    copyIfChanged(join(modelDir, `${name}-weights_manifest.json`), join(modelsOut, `${name}-weights_manifest.json`));
  }
  const wasmDir = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  for (const file of WASM_FILES) copyIfChanged(join(wasmDir, file), join(wasmOut, file));
  writeMobileFaceNet(modelsOut);
}

export function modelAssets(): Plugin {
  return {
    name: 'facewise:model-assets',
    configResolved(config) {
      copyModelAssets(config.publicDir);
    },
  };
}
