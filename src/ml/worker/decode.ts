/**
 * Decoding happens in the worker: `createImageBitmap` applies the EXIF orientation, and very large photos
 * are downscaled for detection (boxes are scaled back to the photo's own pixels by the pipeline).
 */
import { UNREADABLE_IMAGE } from '../protocol';

/** Longest side the detector ever sees; larger photos are downscaled (memory and speed). */
export const MAX_DETECTION_SIDE = 1600;

export interface DecodedPhoto {
  /** Pixels to run the models on (possibly downscaled). */
  pixels: ImageData;
  /** Size of the photo as displayed, EXIF orientation applied. */
  width: number;
  height: number;
  /** pixels.width / width (<= 1). */
  scale: number;
  /** The decoded bitmap at detection size; the caller closes it. */
  bitmap: ImageBitmap;
}

export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = UNREADABLE_IMAGE;
  }
}

export async function decodePhoto(file: Blob): Promise<DecodedPhoto> {
  if (file.size === 0) throw new UnreadableImageError('The file is empty.');
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadableImageError("Couldn't read this file as an image.");
  }
  const { width, height } = full;
  if (width === 0 || height === 0) {
    full.close();
    throw new UnreadableImageError("Couldn't read this file as an image.");
  }
  const scale = Math.min(1, MAX_DETECTION_SIDE / Math.max(width, height));
  let bitmap = full;
  if (scale < 1) {
    bitmap = await createImageBitmap(full, {
      resizeWidth: Math.round(width * scale),
      resizeHeight: Math.round(height * scale),
      resizeQuality: 'high',
    });
    full.close();
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.drawImage(bitmap, 0, 0);
  const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return { pixels, width, height, scale: bitmap.width / width, bitmap };
}

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
