import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { modelAssets } from './scripts/model-assets.ts';

/**
 * face-api's ESM build without tfjs imports the umbrella `@tensorflow/tfjs` package; we alias it to a
 * shim over tfjs-core + the backends we ship, so exactly one copy of tfjs-core is bundled.
 */
const tfjsShim = fileURLToPath(new URL('./src/ml/worker/tfjs-shim.ts', import.meta.url));
const faceApiNoBundle = fileURLToPath(
  new URL('./node_modules/@vladmandic/face-api/dist/face-api.esm-nobundle.js', import.meta.url),
);

export default defineConfig({
  // Relative base: the built site works from any static host under any sub-path.
  base: './',
  plugins: [react(), modelAssets()],
  resolve: {
    alias: [
      { find: /^@tensorflow\/tfjs\/dist\/index\.js$/, replacement: tfjsShim },
      { find: /^@vladmandic\/face-api$/, replacement: faceApiNoBundle },
    ],
  },
  worker: { format: 'es' },
  optimizeDeps: {
    // Pre-bundle tfjs and face-api together up front: discovered late (inside the worker), they would be
    // optimised twice and the worker would see two copies of tfjs-core.
    include: [
      '@vladmandic/face-api',
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgl',
      'comlink',
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // bench.html is the harness the benchmark scripts drive; it adds no UI to the app.
      input: { main: 'index.html', bench: 'bench.html' },
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
