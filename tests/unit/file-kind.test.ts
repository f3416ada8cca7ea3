import { describe, expect, it } from 'vitest';
import { classifyFileHead, unsupportedReason } from '../../src/domain/file-kind';

const bytes = (...values: number[]): Uint8Array<ArrayBuffer> => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);

function isoFtyp(major: string, ...compatible: string[]): Uint8Array<ArrayBuffer> {
  const size = 16 + 4 * compatible.length;
  const out = new Uint8Array(size + 8);
  new DataView(out.buffer).setUint32(0, size);
  out.set(text('ftyp'), 4);
  out.set(text(major), 8);
  compatible.forEach((brand, i) => out.set(text(brand), 16 + 4 * i));
  return out;
}

describe('classifyFileHead', () => {
  it('recognises image formats by their magic bytes', () => {
    expect(classifyFileHead(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpeg');
    expect(classifyFileHead(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('png');
    expect(classifyFileHead(text('GIF89a\x01\x00'))).toBe('gif');
    expect(classifyFileHead(text('GIF87a'))).toBe('gif');
    expect(classifyFileHead(text('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('webp');
    expect(classifyFileHead(bytes(0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0))).toBe('bmp');
  });

  it('tells HEIC/HEIF from AVIF by the ftyp brands', () => {
    expect(classifyFileHead(isoFtyp('heic', 'mif1', 'heic'))).toBe('heic');
    expect(classifyFileHead(isoFtyp('heix', 'mif1'))).toBe('heic');
    expect(classifyFileHead(isoFtyp('mif1', 'heic'))).toBe('heic');
    expect(classifyFileHead(isoFtyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(classifyFileHead(isoFtyp('mif1', 'avif', 'miaf'))).toBe('avif');
    // An MP4 is neither.
    expect(classifyFileHead(isoFtyp('isom', 'mp41'))).toBe('unknown');
  });

  it('finds SVG, even after an XML declaration, a comment or a BOM', () => {
    expect(classifyFileHead(text('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe('svg');
    expect(classifyFileHead(text('\uFEFF<?xml version="1.0"?>\n<!-- hi -->\n<svg>'))).toBe('svg');
    expect(classifyFileHead(text('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg\n width="1">'))).toBe('svg');
  });

  it('calls UTF-8 text text, and random or empty bytes what they are', () => {
    expect(classifyFileHead(text('Remember to buy milk.\nNot a photo, Zoë 😀.\n'))).toBe('text');
    expect(classifyFileHead(text('<html><body>hi</body></html>'))).toBe('text');
    expect(classifyFileHead(new Uint8Array(0))).toBe('empty');
    const noise = new Uint8Array(512);
    let seed = 12345;
    for (let i = 0; i < noise.length; i += 1) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise[i] = seed >> 16;
    }
    expect(classifyFileHead(noise)).toBe('unknown');
    expect(classifyFileHead(bytes(0, 0, 0, 0))).toBe('unknown');
  });

  it('copes with heads shorter than any signature', () => {
    expect(classifyFileHead(bytes(0xff))).toBe('unknown');
    expect(classifyFileHead(bytes(0xff, 0xd8, 0xff))).toBe('jpeg');
    expect(classifyFileHead(text('B'))).toBe('text');
  });
});

describe('unsupportedReason', () => {
  it('turns away HEIC, SVG, text and empty files with a sentence, lets images and unknown bytes through', () => {
    expect(unsupportedReason('heic')).toMatch(/HEIC photos are not supported by this browser; convert it to JPEG/);
    expect(unsupportedReason('svg')).toMatch(/SVG/);
    expect(unsupportedReason('text')).toMatch(/text file/);
    expect(unsupportedReason('empty')).toMatch(/empty/);
    for (const kind of ['jpeg', 'png', 'gif', 'webp', 'bmp', 'avif', 'unknown'] as const) expect(unsupportedReason(kind)).toBeNull();
  });
});
