/**
 * What a dropped file really is, from its first bytes (magic numbers), not from its name: a photo
 * named `.jpg` may be HEIC, a "photo" may be a text file or an SVG drawing. Pure: no DOM; the caller
 * reads the head of the file (`FILE_HEAD_BYTES`) and passes it in (./photo-check.ts, with the rest of the file).
 *
 * Files of a kind this browser can't decode (HEIC/HEIF), or that aren't photos at all (text, SVG,
 * empty), are turned away with a sentence before they reach the face models.
 */

export type FileKind =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'avif'
  | 'heic'
  | 'svg'
  | 'text'
  | 'empty'
  | 'unknown';

/** How many leading bytes `classifyFileHead` looks at. */
export const FILE_HEAD_BYTES = 512;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let out = '';
  for (let i = start; i < start + length && i < bytes.length; i += 1) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** ISO base media (HEIF/AVIF): `....ftyp<major brand><minor version><compatible brands...>`. */
function isoBrandKind(bytes: Uint8Array): 'heic' | 'avif' | null {
  if (bytes.length < 12 || ascii(bytes, 4, 4) !== 'ftyp') return null;
  const boxSize = ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
  const end = Math.min(bytes.length, boxSize > 16 ? boxSize : 16);
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, 4));
  // AVIF files usually list mif1 too: any AVIF brand wins.
  if (brands.some((b) => AVIF_BRANDS.has(b))) return 'avif';
  if (brands.some((b) => HEIC_BRANDS.has(b))) return 'heic';
  return null;
}

/** True when the bytes look like UTF-8 (or ASCII) text: no NUL and almost no control characters. */
function looksLikeText(bytes: Uint8Array): boolean {
  let control = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control += 1;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    // A UTF-8 sequence: lead byte then continuation bytes (a sequence cut at the end of the head is fine).
    const extra = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    if (extra < 0) return false;
    for (let k = 1; k <= extra; k += 1) {
      if (i + k >= bytes.length) break;
      const c = bytes[i + k] ?? 0;
      if (c < 0x80 || c > 0xbf) return false;
    }
    i += extra + 1;
  }
  return control <= bytes.length / 100;
}

/** The kind of a file from its first bytes (up to FILE_HEAD_BYTES; fewer is fine). */
export function classifyFileHead(head: Uint8Array): FileKind {
  if (head.length === 0) return 'empty';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  const six = ascii(head, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 14) return 'bmp';
  const iso = isoBrandKind(head);
  if (iso) return iso;
  if (looksLikeText(head)) {
    const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart().slice(0, FILE_HEAD_BYTES);
    // An SVG may open with an XML declaration, comments or a doctype: any <svg element in the head counts.
    return /<svg[\s>/]/i.test(text) ? 'svg' : 'text';
  }
  return 'unknown';
}

/**
 * Why a file of this kind is turned away before analysis, as a sentence for the person who dropped
 * it; null when it should be analysed (a decodable image, or unknown bytes the decoder gets to try).
 */
export function unsupportedReason(kind: FileKind): string | null {
  switch (kind) {
    case 'heic':
      return 'HEIC photos are not supported by this browser; convert it to JPEG first.';
    case 'svg':
      return "This is an SVG drawing, not a photo; it wasn't opened.";
    case 'text':
      return "Couldn't read this file as an image: it is a text file.";
    case 'empty':
      return "Couldn't read this file as an image: it is empty (0 bytes).";
    default:
      return null;
  }
}
