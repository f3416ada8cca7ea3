/**
 * Loads the face-api nets once per worker, from the app's own origin, and warms them up so the first
 * photo does not pay for shader compilation / WASM kernel setup.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';

let loaded: Promise<void> | null = null;

export function loadModels(modelsUrl: string): Promise<void> {
  loaded ??= (async () => {
    await Promise.all([
      faceapi.nets.ssdMobilenetv1.loadFromUri(modelsUrl),
      // Small (190 KB): the last detector fallback (see detect.ts).
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
    await faceapi.nets.faceLandmark68Net.detectLandmarks(blank);
    await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(blank);
  } finally {
    blank.dispose();
  }
}
