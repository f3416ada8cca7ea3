/**
 * Loads the face-api nets once per worker, from the app's own origin, and warms them up so the first
 * photo does not pay for shader compilation / WASM kernel setup.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';

let loaded: Promise<void> | null = null;

/** Drops the nets' weights and loads them again (on the backend now active), e.g. after a GPU reset. */
export async function reloadModels(modelsUrl: string): Promise<void> {
  for (const net of [
    faceapi.nets.ssdMobilenetv1,
    faceapi.nets.tinyFaceDetector,
    faceapi.nets.faceLandmark68Net,
    faceapi.nets.faceRecognitionNet,
  ]) {
    try {
      net.dispose();
    } catch {
      // weights on a lost WebGL context may not dispose cleanly; they are gone with it anyway
    }
  }
  loaded = null;
  await loadModels(modelsUrl);
}

export function loadModels(modelsUrl: string): Promise<void> {
  loaded ??= (async () => {
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromUri(modelsUrl),
      // Small (190 KB): the first detector (see detection-policy.ts).
      faceapi.nets.tinyFaceDetector.loadFromUri(modelsUrl),
      faceapi.nets.faceLandmark68Net.loadFromUri(modelsUrl),
      faceapi.nets.faceRecognitionNet.loadFromUri(modelsUrl),
    ]);
    await warmUp();
  })();
  return loaded;
}

async function warmUp(): Promise<void> {
  const blank = tf.zeros([160, 160, 3], 'int32') as tf.Tensor3D;
  try {
    await faceapi.detectAllFaces(blank, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 }));
    await faceapi.detectAllFaces(blank, new faceapi.TinyFaceDetectorOptions({ inputSize: 320 }));
    await faceapi.nets.faceLandmark68Net.detectLandmarks(blank);
    await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(blank);
  } finally {
    blank.dispose();
  }
}
