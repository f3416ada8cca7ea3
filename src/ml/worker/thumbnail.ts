/** A small square JPEG of one face, for the known-people list. */
import type { Box } from '../../domain/types';

export const THUMBNAIL_SIZE = 96;
/** Every face's crop, stored with the results (a few KB each). */
export const FACE_CROP_SIZE = 64;

export async function faceThumbnail(bitmap: ImageBitmap, box: Box, scale: number, size = THUMBNAIL_SIZE, quality = 0.85): Promise<Blob> {
  const side = Math.max(box.width, box.height) * 1.4 * scale;
  const cx = (box.x + box.width / 2) * scale;
  const cy = (box.y + box.height / 2) * scale;
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.fillStyle = '#222';
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(bitmap, cx - side / 2, cy - side / 2, side, side, 0, 0, size, size);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}

/** An aligned face chip as a small JPEG (known faces keep MobileFaceNet's, for re-encoding without the photo). */
export async function chipJpeg(chip: ImageData, quality = 0.9): Promise<Blob> {
  const canvas = new OffscreenCanvas(chip.width, chip.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.putImageData(chip, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality });
}
