/** Variance of the Laplacian of a chip's grey levels: a standard, cheap blur measure. */
export function laplacianVariance(image: ImageData): number {
  const { width, height, data } = image;
  const grey = new Float32Array(width * height);
  for (let i = 0, p = 0; i < grey.length; i++, p += 4) {
    grey[i] = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
  }
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  // Skip a border so the chip's black padding (faces at the photo's edge) does not read as detail.
  const m = Math.round(width * 0.15);
  for (let y = m; y < height - m; y++) {
    for (let x = m; x < width - m; x++) {
      const i = y * width + x;
      const lap =
        4 * (grey[i] ?? 0) - (grey[i - 1] ?? 0) - (grey[i + 1] ?? 0) - (grey[i - width] ?? 0) - (grey[i + width] ?? 0);
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  if (n === 0) return 0;
  const avg = sum / n;
  return sumSq / n - avg * avg;
}
