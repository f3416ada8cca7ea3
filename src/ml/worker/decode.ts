/**
 * Decoding happens in the worker: `createImageBitmap` applies the EXIF orientation, and very large photos
 * are downscaled to a working size (boxes are scaled back to the photo's own pixels by the pipeline).
 * Pixels for a model are read from the bitmap at the size that model needs (`pixelsOf`), so no full-size
 * copy of a large photo ever reaches tfjs.
 */
import { pixelBudgetRefusal, readImageDimensions } from '../../domain/image-dimensions';
import type { ImageDimensions } from '../../domain/image-dimensions';
import { IMAGE_TOO_LARGE, UNREADABLE_IMAGE } from '../protocol';

/** Longest side the pipeline works at (landmark crops, chips); larger photos are downscaled. */
export const MAX_WORKING_SIDE = 1600;

export interface DecodedPhoto {
  /** Size of the photo as displayed, EXIF orientation applied. */
  width: number;
  height: number;
  /** bitmap.width / width (<= 1). */
  scale: number;
  /** The decoded photo at working size; the caller closes it. */
  bitmap: ImageBitmap;
}

export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = UNREADABLE_IMAGE;
  }
}

export class ImageTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = IMAGE_TOO_LARGE;
  }
}

/**
 * A photo larger than the working size, upright in its file (no EXIF rotation by a quarter turn), is decoded
 * straight to the working size: its full-size pixels never exist. Null where that can't be done.
 */
async function decodeToWorkingSize(file: Blob, dims: ImageDimensions | null): Promise<DecodedPhoto | null> {
  if (dims === null || (dims.orientation ?? 1) > 4) return null;
  const { width, height } = dims;
  const scale = MAX_WORKING_SIDE / Math.max(width, height);
  if (scale >= 1) return null;
  const resizeWidth = Math.max(1, Math.round(width * scale));
  const resizeHeight = Math.max(1, Math.round(height * scale));
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image', resizeWidth, resizeHeight, resizeQuality: 'high' });
  } catch {
    return null;
  }
  return { width, height, scale: bitmap.width / width, bitmap };
}

export async function decodePhoto(file: Blob): Promise<DecodedPhoto> {
  if (file.size === 0) throw new UnreadableImageError('The file is empty.');
  // The pixel budget, from the header, before a pixel is decoded (the client checks too; the bench does not).
  const dims = await readImageDimensions(file).catch(() => null);
  const refusal = pixelBudgetRefusal(dims);
  if (refusal !== null) throw new ImageTooLargeError(refusal);
  const direct = await decodeToWorkingSize(file, dims);
  if (direct) return direct;
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
  const scale = Math.min(1, MAX_WORKING_SIDE / Math.max(width, height));
  let bitmap = full;
  if (scale < 1) {
    bitmap = await createImageBitmap(full, {
      resizeWidth: Math.round(width * scale),
      resizeHeight: Math.round(height * scale),
      resizeQuality: 'high',
    });
    full.close();
  }
  return { width, height, scale: bitmap.width / width, bitmap };
}

/**
 * The bitmap's pixels with its longer side at most `maxSide` (downscaled with high-quality smoothing);
 * `factor` = returned width / bitmap width (<= 1).
 */
export function pixelsOf(bitmap: ImageBitmap, maxSide = Infinity): { pixels: ImageData; factor: number } {
  const factor = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * factor));
  const h = Math.max(1, Math.round(bitmap.height * factor));
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  return { pixels: ctx.getImageData(0, 0, w, h), factor: w / bitmap.width };
}

/** Hex SHA-256 in any context (WebCrypto or hash-wasm): see src/domain/sha256.ts. */
export { sha256Hex } from '../../domain/sha256';
