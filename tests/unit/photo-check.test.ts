/** checkPhoto: a dropped photo's kind, header size and SHA-256 from one read of its bytes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsupportedReason } from '../../src/domain/file-kind';
import { dimensionsFromHeader, readImageDimensions } from '../../src/domain/image-dimensions';
import { checkPhoto } from '../../src/domain/photo-check';
import { sha256Hex, sha256HexWasm } from '../../src/domain/sha256';
import { KNOWN_DIR, requireDir } from '../e2e/fixtures/data';

/** A Blob that counts how often its bytes are read (whole or sliced). */
function countingBlob(bytes: Uint8Array): { blob: Blob; reads: () => number } {
  let reads = 0;
  class Counting extends Blob {
    override arrayBuffer() {
      reads++;
      return super.arrayBuffer();
    }
    override slice(start?: number, end?: number, type?: string): Blob {
      reads++;
      return super.slice(start, end, type);
    }
  }
  return { blob: new Counting([bytes as BlobPart]), reads: () => reads };
}

describe('checkPhoto', () => {
  it('reads a real photo once and gives the same size and hash as reading it for each', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(requireDir(KNOWN_DIR, 'FACES_DIR'), 'biden.jpg')));
    const { blob, reads } = countingBlob(bytes);
    const check = await checkPhoto(blob);
    expect(reads()).toBe(1);
    expect(check.kind).toBe('jpeg');
    expect(check.reason).toBeNull();
    expect(check.dims).toEqual(await readImageDimensions(new Blob([bytes as BlobPart])));
    expect(check.dims?.width).toBeGreaterThan(100);
    expect(check.sha256).toBe(await sha256Hex(new Blob([bytes as BlobPart])));
    // Outside a secure context (no crypto.subtle) the bytes already read are hashed by hash-wasm: the same hash.
    expect(await sha256HexWasm(bytes)).toBe(check.sha256);
    expect(check.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns away what is not a decodable photo without hashing it', async () => {
    const heic = new Uint8Array([0, 0, 0, 24, ...[...'ftypheic'].map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...[...'mif1heic'].map((c) => c.charCodeAt(0)), ...new Array<number>(1000).fill(0)]);
    expect(await checkPhoto(new Blob([heic as BlobPart]))).toEqual({ kind: 'heic', reason: unsupportedReason('heic'), dims: null, sha256: null });
    expect((await checkPhoto(new Blob([]))).reason).toBe(unsupportedReason('empty'));
    expect((await checkPhoto(new Blob(['just some text\n']))).kind).toBe('text');
  });

  it('finds the size of a JPEG whose frame header lies past the first 256 KB', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(KNOWN_DIR, 'biden.jpg')));
    // A 320 KB APP1 segment run between SOI and the rest of the file.
    const filler: number[] = [];
    for (let i = 0; i < 5; i++) filler.push(0xff, 0xe1, 0xff, 0xfe, ...new Array<number>(0xfffc).fill(0));
    const padded = new Uint8Array([0xff, 0xd8, ...filler, ...bytes.subarray(2)]);
    expect((await checkPhoto(new Blob([padded as BlobPart]))).dims).toEqual(await dimensionsFromHeader(bytes));
  });
});
