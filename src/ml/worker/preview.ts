/**
 * A card's preview: a small JPEG of the whole photo (EXIF orientation applied), made in the worker from the
 * bitmap it already decoded, so the page never decodes a full-size photo to show a card.
 */
export async function photoPreview(bitmap: ImageBitmap, maxSide: number): Promise<Blob> {
  const factor = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * factor));
  const h = Math.max(1, Math.round(bitmap.height * factor));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available in this browser');
  ctx.imageSmoothingQuality = 'medium';
  ctx.drawImage(bitmap, 0, 0, w, h);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}
