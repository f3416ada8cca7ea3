/** A small square JPEG of one face, for the known-people list. */
import type { Box } from '../../domain/types';

export const THUMBNAIL_SIZE = 96;

export async function faceThumbnail(bitmap: ImageBitmap, box: Box, scale: number): Promise<Blob> {
  const side = Math.max(box.width, box.height) * 1.4 * scale;
  const cx = (box.x + box.width / 2) * scale;
  const cy = (box.y + box.height / 2) * scale;
  const canvas = new OffscreenCanvas(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.fillStyle = '#222';
  ctx.fillRect(0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  ctx.drawImage(bitmap, cx - side / 2, cy - side / 2, side, side, 0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
