/**
 * A photo's size from its header, before any pixel is decoded: JPEG, PNG, WebP, GIF, BMP, AVIF/HEIF
 * (and the other kinds `image-size` knows), from the first bytes of the file. Pure: no DOM; the caller
 * reads the head of the file (`DIMENSIONS_HEAD_BYTES`, more if that is not enough) and passes it in.
 *
 * The pixel budget: a 110 KB PNG can announce 30000×30000 pixels (900 MP, 3.6 GB decoded). Photos
 * above `MAX_PIXELS` are refused with a sentence before they are decoded; the time a worker is given
 * for a photo is scaled to its pixels (`analysisTimeLimitMs`).
 *
 * `image-size` is loaded with the first photo, a chunk of its own: 12 KB the page's first load doesn't carry
 * (the main bundle's budget is 400 KB, scripts/check-bundle.mjs).
 */
type ImageSize = typeof import('image-size').imageSize;
let parser: Promise<ImageSize> | null = null;
const loadParser = (): Promise<ImageSize> => (parser ??= import('image-size').then((m) => m.imageSize));

export interface ImageDimensions {
  width: number;
  height: number;
  /** EXIF orientation (1–8) where the header has one (JPEG); 5–8 swap width and height on screen. */
  orientation?: number;
}

/** Bytes read first; a JPEG whose EXIF block (a big thumbnail) pushes its frame header further is read whole. */
export const DIMENSIONS_HEAD_BYTES = 256 * 1024;

/** About 100 megapixels: 10000×10000, a 108 MP phone photo just above. */
export const MAX_PIXELS = 100_000_000;

/** Size from header bytes, or null when the header is unknown, damaged or cut short. */
export async function dimensionsFromHeader(bytes: Uint8Array): Promise<ImageDimensions | null> {
  let imageSize: ImageSize;
  try {
    imageSize = await loadParser();
  } catch {
    // Its chunk didn't load (the server gone, no service worker): the size is unknown, as for a damaged
    // header; the worker decodes within its own limits. The next photo tries the chunk again.
    parser = null;
    return null;
  }
  try {
    const size = imageSize(bytes);
    // Formats with several images (ICO, HEIF collections) report the largest as the decoded one.
    let { width, height } = size;
    for (const image of size.images ?? []) {
      if (image.width * image.height > width * height) ({ width, height } = image);
    }
    if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) return null;
    return size.orientation === undefined ? { width, height } : { width, height, orientation: size.orientation };
  } catch {
    return null;
  }
}

/** Reads a Blob's header (its head, then the whole file when the head is not enough) for its size. */
export async function readImageDimensions(file: Blob): Promise<ImageDimensions | null> {
  const head = new Uint8Array(await file.slice(0, DIMENSIONS_HEAD_BYTES).arrayBuffer());
  const fromHead = await dimensionsFromHeader(head);
  if (fromHead !== null || file.size <= DIMENSIONS_HEAD_BYTES) return fromHead;
  return dimensionsFromHeader(new Uint8Array(await file.arrayBuffer()));
}

/** Null when the photo fits the budget; otherwise the sentence saying why it is refused. */
export function pixelBudgetRefusal(dims: ImageDimensions | null, maxPixels = MAX_PIXELS): string | null {
  if (dims === null) return null;
  const pixels = dims.width * dims.height;
  if (pixels <= maxPixels) return null;
  const mp = (n: number) => `${Math.round(n / 1_000_000)} megapixels`;
  return `This photo is ${dims.width}×${dims.height} pixels (${mp(pixels)}), more than the ${mp(maxPixels)} Facewise decodes: scale it down first.`;
}

/**
 * Time a worker is given for one photo: a base for the models plus decoding time per megapixel. Generous on
 * purpose: it catches a worker that will never answer, not a slow one. A photo without a face runs every
 * detection fallback (about 2 s alone on 2 cores), and a machine shared with other work can be 30× slower
 * (74 s measured for a 16×16 PNG at a load average of 33).
 */
export const TIME_LIMIT_BASE_MS = 120_000;
export const TIME_LIMIT_PER_MEGAPIXEL_MS = 2_000;
/** Assumed for a photo whose header could not be read (the browser may still decode it). */
export const UNKNOWN_SIZE_PIXELS = 24_000_000;

export function analysisTimeLimitMs(dims: ImageDimensions | null): number {
  const pixels = dims === null ? UNKNOWN_SIZE_PIXELS : dims.width * dims.height;
  return Math.round(TIME_LIMIT_BASE_MS + (Math.min(pixels, MAX_PIXELS) / 1_000_000) * TIME_LIMIT_PER_MEGAPIXEL_MS);
}
