/**
 * Reads what a photo's own metadata says — its EXIF orientation and the named face regions in its XMP —
 * and reads `.xmp` sidecars, with exifr (the XMP is parsed by exifr; ../domain/face-regions.ts interprets
 * the result). Runs in the face worker for photos (beside the decode) and, loaded on demand, on the page
 * for sidecars. JPEG, PNG, HEIC/AVIF and TIFF go to exifr whole; exifr has no WebP parser, so the XMP and
 * EXIF chunks of a WebP file are cut out of its RIFF container here and given to exifr as sidecar data.
 *
 * Metadata is a bonus: a file whose metadata can't be read gets orientation 1 and no regions, never an error.
 */
import { parse, sidecar } from 'exifr/dist/full.esm.mjs';
import type { PhotoMetadata, SidecarRegions } from '../domain/face-regions';
import { regionsFromXmp } from '../domain/face-regions';
import { toOrientation } from '../domain/orientation';

const NO_METADATA: PhotoMetadata = { orientation: 1, regions: [] };

/** Only the orientation tag and the XMP: everything else exifr can read stays unread. */
const photoOptions = () => ({
  tiff: true,
  ifd0: { pick: ['Orientation'] },
  ifd1: false,
  exif: false,
  gps: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: { multiSegment: true },
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  mergeOutput: false,
  translateValues: false,
  reviveValues: false,
});

interface ParsedMetadata {
  ifd0?: { Orientation?: unknown };
  [namespace: string]: unknown;
}

function fromParsed(parsed: unknown): PhotoMetadata {
  if (typeof parsed !== 'object' || parsed === null) return NO_METADATA;
  const output = parsed as ParsedMetadata;
  return { orientation: toOrientation(output.ifd0?.Orientation), regions: regionsFromXmp(output) };
}

function fourCc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

/** The payloads of a WebP file's `EXIF` and `XMP ` chunks (RIFF: 4-byte id, little-endian size, data, pad to even). */
export function webpMetadataChunks(bytes: Uint8Array): { exif: Uint8Array | null; xmp: Uint8Array | null } {
  const found: { exif: Uint8Array | null; xmp: Uint8Array | null } = { exif: null, xmp: null };
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WEBP') return found;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = fourCc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
    if (id === 'EXIF') found.exif = data;
    else if (id === 'XMP ') found.xmp = data;
    at += 8 + size + (size % 2);
  }
  return found;
}

/** Some writers keep JPEG's "Exif\0\0" prefix in WebP's EXIF chunk; exifr wants the TIFF header. */
function tiffHeaderOf(exif: Uint8Array): Uint8Array {
  return fourCc(exif, 0) === 'Exif' && exif[4] === 0 && exif[5] === 0 ? exif.subarray(6) : exif;
}

async function readWebp(bytes: Uint8Array): Promise<PhotoMetadata> {
  const chunks = webpMetadataChunks(bytes);
  const [tiff, xmp] = await Promise.all([
    chunks.exif ? sidecar(tiffHeaderOf(chunks.exif), photoOptions(), 'tiff').catch(() => undefined) : undefined,
    chunks.xmp ? sidecar(chunks.xmp, { mergeOutput: false }, 'xmp').catch(() => undefined) : undefined,
  ]);
  const ifd0 = (tiff as ParsedMetadata | undefined)?.ifd0 ?? (tiff as { Orientation?: unknown } | undefined);
  return { orientation: toOrientation(ifd0?.Orientation), regions: regionsFromXmp(xmp) };
}

/** Metadata never holds up an analysis: past this, the photo is taken as having none. */
const METADATA_TIMEOUT_MS = 5_000;

async function readBytes(bytes: Uint8Array): Promise<PhotoMetadata> {
  if (fourCc(bytes, 0) === 'RIFF' && fourCc(bytes, 8) === 'WEBP') return readWebp(bytes);
  return fromParsed(await parse(bytes, photoOptions()));
}

/**
 * The photo's EXIF orientation and embedded named face regions (none when it has none, or can't be read).
 * exifr is given the file's bytes (not the Blob: its chunked Blob reader is not needed for one read).
 */
export async function readPhotoMetadata(file: Blob): Promise<PhotoMetadata> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<PhotoMetadata>((resolve) => {
    timer = setTimeout(() => resolve(NO_METADATA), METADATA_TIMEOUT_MS);
  });
  try {
    const read = file.arrayBuffer().then((buffer) => readBytes(new Uint8Array(buffer)));
    return await Promise.race([read, timeout]);
  } catch {
    return NO_METADATA;
  } finally {
    clearTimeout(timer);
  }
}

/** The named face regions of a `.xmp` sidecar; an unreadable one has none. */
export async function readSidecar(file: File): Promise<SidecarRegions> {
  try {
    const parsed = await sidecar(new Uint8Array(await file.arrayBuffer()), { mergeOutput: false }, 'xmp');
    return { fileName: file.name, regions: regionsFromXmp(parsed) };
  } catch {
    return { fileName: file.name, regions: [] };
  }
}
