/**
 * Stands in for the umbrella `@tensorflow/tfjs` package that face-api's no-bundle ESM build imports
 * (see the alias in vite.config.ts). face-api only needs tfjs-core's ops plus registered backends, so
 * the app ships tfjs-core, the CPU backend (fallback and reference) and, through face-api's own imports,
 * the WebGL and WASM backends — one copy of each.
 */
// Tensor methods such as `t.as3D()` that face-api calls; the umbrella package registers them too.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
