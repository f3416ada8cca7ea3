/**
 * The face pipeline for one decoded photo: detect every face (SSD MobileNet v1), find 68 landmarks,
 * compute the 128-d encoding of each face. Boxes come back in the photo's own pixels, left to right.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as faceapi from '@vladmandic/face-api';
import type { Box, DetectedFace } from '../../domain/types';
import type { DecodedPhoto } from './decode';

export const DETECTION_MIN_CONFIDENCE = 0.5;

export async function detectAndEncode(photo: DecodedPhoto): Promise<DetectedFace[]> {
  const input = tf.browser.fromPixels(photo.pixels);
  try {
    const results = await faceapi
      .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence: DETECTION_MIN_CONFIDENCE }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    return results
      .map((r) => ({
        box: toPhotoBox(r.detection.box, photo.scale),
        score: r.detection.score,
        encoding: r.descriptor,
      }))
      .sort((a, b) => a.box.x - b.box.x);
  } finally {
    input.dispose();
  }
}

function toPhotoBox(box: { x: number; y: number; width: number; height: number }, scale: number): Box {
  return { x: box.x / scale, y: box.y / scale, width: box.width / scale, height: box.height / scale };
}
