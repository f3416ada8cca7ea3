/**
 * ESLint (flat config): typescript-eslint's recommended rules, type-aware (recommendedTypeChecked, with
 * TypeScript 5.9 from tools/lint: typescript-eslint needs TypeScript's JS API, which the app's TypeScript 7
 * does not have), and the import fences of the layers the README draws. `npm run lint` (scripts/lint.mjs)
 * installs tools/lint when it is missing and fails on any warning.
 */
import { createRequire } from 'node:module';

// The linter's packages live in tools/lint/node_modules (see tools/lint/package.json).
const require = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const js = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');

const TFJS = { regex: '^@tensorflow/', message: 'tfjs runs only in the face workers (src/ml/worker, the benchmark worker).' };
const FACE_API = { regex: '^@vladmandic/face-api', message: 'face-api runs only in the face workers (src/ml/worker, the benchmark worker).' };
const layer = (name, why) => ({ regex: `(^|/)${name}(/|$)`, message: why });
const ML = layer('ml', 'src/domain is pure TypeScript: no models.');
const ML_WORKER = layer('ml/worker', 'Only the worker entries load worker code; the UI reaches it through src/ml/client.ts.');
const STATE = layer('state', 'Imports run downward: this layer does not know the state.');
const STORAGE = layer('storage', 'Storage is reached only from src/state (and opened in src/main.tsx).');
const FEATURES = layer('features', 'Imports run downward: this layer does not know the UI.');
const COMPONENTS = layer('components', 'Imports run downward: this layer does not know the UI.');
const APP = layer('app', 'Imports run downward: this layer does not know the UI shell.');
const BENCH = layer('bench', 'The benchmark harness is not part of the app.');
const REACT = { regex: '^react(-dom)?(/|$)', message: 'No React in this layer.' };
const IDB = { regex: '^idb$', message: 'IndexedDB is reached only through src/storage.' };
const COMLINK = { regex: '^comlink$', message: 'Workers are reached only through src/ml/client.ts.' };

/** One no-restricted-imports rule per layer (a later config would replace, not add to, an earlier one). */
const fences = [
  ['src/domain/**', [ML, STATE, STORAGE, FEATURES, COMPONENTS, APP, BENCH, REACT, TFJS, FACE_API, IDB, COMLINK]],
  ['src/{components,features,app}/**', [STORAGE, ML_WORKER, BENCH, TFJS, FACE_API, IDB, COMLINK]],
  ['src/state/**', [ML_WORKER, FEATURES, COMPONENTS, APP, BENCH, TFJS, FACE_API, IDB, COMLINK]],
  ['src/storage/**', [ML, STATE, FEATURES, COMPONENTS, APP, BENCH, REACT, TFJS, FACE_API]],
  ['src/ml/*.ts', [STATE, STORAGE, FEATURES, COMPONENTS, APP, BENCH, REACT, TFJS, FACE_API, IDB]],
  ['src/ml/worker/**', [STATE, STORAGE, FEATURES, COMPONENTS, APP, BENCH, REACT, IDB]],
  ['src/bench/**', [STATE, STORAGE, FEATURES, COMPONENTS, APP, REACT, IDB]],
  ['src/main.tsx', [ML_WORKER, BENCH, TFJS, FACE_API, IDB, COMLINK]],
].map(([files, patterns]) => ({
  files: [files],
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p })) }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'tools/**', 'public/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.worker, ...globals.node },
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.worker.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Off: `async` methods without `await` implement Promise-returning interfaces (the in-memory store,
      // fake model clients in tests); the rule would have them build promises by hand.
      '@typescript-eslint/require-await': 'off',
      // Off: the linter's TypeScript 5.9 and the compiler's TypeScript 7 disagree on some library types
      // (face-api's own copy of tfjs's types), so "unnecessary" assertions here are needed by tsc.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
  {
    // Off in tests only: Vitest's asymmetric matchers (expect.closeTo, expect.any…) are typed `any`, so every
    // object that uses one inside toEqual would be flagged.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  ...fences,
);
