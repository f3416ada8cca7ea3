import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests that run face-api itself (its no-bundle build, with tfjs-core as the app bundles it). */
const FACE_API_TESTS = ['tests/unit/face-api-fused.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: FACE_API_TESTS, environment: 'node' },
      },
      {
        // face-api's ESM build imports the umbrella `@tensorflow/tfjs`: aliased as in vite.config.ts, with
        // face-api and tfjs transformed by Vite (not loaded by Node), so both see one tfjs-core.
        resolve: {
          alias: [
            { find: /^@tensorflow\/tfjs\/dist\/index\.js$/, replacement: fileURLToPath(new URL('./src/ml/worker/tfjs-shim.ts', import.meta.url)) },
            { find: /^@vladmandic\/face-api$/, replacement: fileURLToPath(new URL('./node_modules/@vladmandic/face-api/dist/face-api.esm-nobundle.js', import.meta.url)) },
          ],
        },
        test: {
          name: 'face-api',
          include: FACE_API_TESTS,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          server: { deps: { inline: [/@vladmandic\/face-api/, /@tensorflow\//] } },
        },
      },
    ],
  },
});
