import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { devCspRelax } from './scripts/csp.ts';
import { modelAssets } from './scripts/model-assets.ts';

/**
 * face-api's ESM build without tfjs imports the umbrella `@tensorflow/tfjs` package; we alias it to a
 * shim over tfjs-core + the backends we ship, so exactly one copy of tfjs-core is bundled.
 */
const tfjsShim = fileURLToPath(new URL('./src/ml/worker/tfjs-shim.ts', import.meta.url));
const faceApiNoBundle = fileURLToPath(
  new URL('./node_modules/@vladmandic/face-api/dist/face-api.esm-nobundle.js', import.meta.url),
);

/**
 * src/ml/worker/models/face-api.ts imports face-api lazily only so that Node (scripts/model-assets.ts) can
 * read the model registry; in the bundles face-api is imported statically too, which is what we want.
 */
function quietLazyFaceApi(warning: { code?: string; message: string }, warn: (w: never) => void): void {
  if (warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT' && warning.message.includes('face-api')) return;
  warn(warning as never);
}

/**
 * `vite build` makes the site users get (dist/, index.html only). `vite build --mode bench` makes the
 * benchmark harness beside it (dist-bench/, with bench.html): scripts/bench/browser.ts builds and serves
 * that one. The shipped site holds no bench.html.
 */
export const BENCH_MODE = 'bench';
export const BENCH_OUT_DIR = 'dist-bench';

export default defineConfig(({ mode }) => ({
  // Relative base: the built site works from any static host under any sub-path.
  base: './',
  plugins: [
    react(),
    modelAssets(),
    devCspRelax(),
    // Offline: a Workbox service worker precaches the app, every model weight and the WASM binaries.
    // src/app/offline.ts registers it (relative URL, any sub-path) and offers updates; never auto-reloads.
    VitePWA({
      registerType: 'prompt',
      // The manifest's icons are already in globPatterns; listing them twice would only duplicate entries.
      includeManifestIcons: false,
      injectRegister: false,
      manifest: {
        name: 'Facewise — face recognition in your browser',
        short_name: 'Facewise',
        description: 'Face recognition that runs entirely in your browser. Your photos never leave your computer.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#2563eb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Workbox's defaults (js, css, html only; 2 MiB per file) would silently leave out the model
        // weights (.bin up to ~6.4 MB, .json manifests) and the .wasm binaries.
        globPatterns: ['**/*.{js,css,html,json,bin,wasm,png,svg,ico,webmanifest}'],
        // The benchmark harness is a build input, not part of the app.
        globIgnores: [
          'bench.html',
          '**/bench-*.js',
          '**/bench.worker-*.js',
          '**/harness-*.js',
          '**/in-page-*.js',
        ],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/bench\.html(?:[?#]|$)/],
        // Every precached file gets a content revision, hashed names too: Vite 8 names the worker chunk with
        // a hash that does not follow its content (face.worker-<same>.js across changes), and
        // vite-plugin-pwa would otherwise trust hashed names (its default) and keep a stale worker.
        dontCacheBustURLsMatching: /$^/,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
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
    ...(mode === BENCH_MODE ? { outDir: BENCH_OUT_DIR } : {}),
    rollupOptions: {
      // bench.html is the harness the benchmark scripts drive; it adds no UI to the app and is not shipped.
      input: mode === BENCH_MODE ? { main: 'index.html', bench: 'bench.html' } : { main: 'index.html' },
      onwarn: quietLazyFaceApi,
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
}));
