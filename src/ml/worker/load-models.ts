/**
 * Loads every model of the registry (models/index.ts) once per worker, from the app's own origin, and
 * warms them up so the first photo does not pay for shader compilation / WASM kernel setup.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MODELS } from './models';

let loaded: Promise<void> | null = null;

/** Drops the models' weights and loads them again (on the backend now active), e.g. after a GPU reset. */
export async function reloadModels(modelsUrl: string): Promise<void> {
  for (const model of MODELS) model.dispose();
  loaded = null;
  await loadModels(modelsUrl);
}

export function loadModels(modelsUrl: string): Promise<void> {
  loaded ??= (async () => {
    await Promise.all(MODELS.map((model) => model.load(modelsUrl)));
    await warmUp();
  })();
  return loaded;
}

async function warmUp(): Promise<void> {
  const blank = tf.zeros([160, 160, 3], 'int32') as tf.Tensor3D;
  try {
    for (const model of MODELS) await model.warmUp(blank);
  } finally {
    blank.dispose();
  }
}
