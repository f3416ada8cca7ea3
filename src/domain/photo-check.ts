/**
 * What the page learns of a dropped photo before a worker decodes it, from one read of its bytes: whether
 * it is a kind worth decoding (./file-kind.ts), its pixel size from its header (./image-dimensions.ts), and
 * its SHA-256 (./sha256.ts), which keys the analysis cache and is handed to the worker. Each read of a Blob
 * is a round trip to the browser process, the page's time that the workers need on a 2-core machine: the
 * three used to read the file three times.
 */
import { classifyFileHead, FILE_HEAD_BYTES, unsupportedReason, type FileKind } from './file-kind';
import { dimensionsFromHeader, type ImageDimensions } from './image-dimensions';
import { sha256Hex } from './sha256';

export interface PhotoCheck {
  kind: FileKind;
  /** Why it is turned away before analysis (unsupportedReason), or null to analyse it. */
  reason: string | null;
  /** From the header; null when the header is unknown or damaged (the decoder gets to try). */
  dims: ImageDimensions | null;
  /** Hex SHA-256 of the bytes; null when the file is turned away or hashing failed. */
  sha256: string | null;
}

/** Reads the file once; a file that can't be read at all rejects (as reading it would). */
export async function checkPhoto(file: Blob): Promise<PhotoCheck> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const kind = classifyFileHead(bytes.subarray(0, FILE_HEAD_BYTES));
  const reason = unsupportedReason(kind);
  if (reason !== null) return { kind, reason, dims: null, sha256: null };
  const dims = await dimensionsFromHeader(bytes);
  const sha256 = await sha256Hex(bytes).catch(() => null);
  return { kind, reason, dims, sha256 };
}
