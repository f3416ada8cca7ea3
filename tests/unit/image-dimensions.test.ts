import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analysisTimeLimitMs,
  dimensionsFromHeader,
  MAX_PIXELS,
  pixelBudgetRefusal,
  readImageDimensions,
  UNKNOWN_SIZE_PIXELS,
} from '../../src/domain/image-dimensions';

const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u32le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function png(width: number, height: number): Uint8Array {
  return new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...u32be(13), ...ascii('IHDR'), ...u32be(width), ...u32be(height), 8, 6, 0, 0, 0, 0, 0, 0, 0]);
}
function gif(width: number, height: number): Uint8Array {
  return new Uint8Array([...ascii('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0]);
}
function bmp(width: number, height: number): Uint8Array {
  const header = [...ascii('BM'), ...u32le(54), 0, 0, 0, 0, ...u32le(54), ...u32le(40), ...u32le(width), ...u32le(height), 1, 0, 24, 0];
  return new Uint8Array([...header, ...new Array<number>(54 - header.length).fill(0)]);
}
function webpVp8x(width: number, height: number): Uint8Array {
  const chunk = [...ascii('VP8X'), ...u32le(10), 0, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)];
  return new Uint8Array([...ascii('RIFF'), ...u32le(4 + chunk.length), ...ascii('WEBP'), ...chunk]);
}
/** A JPEG's start, an APP0 segment, then a baseline frame header (SOF0). */
function jpeg(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0, 16, ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0, 17, 8, (height >> 8) & 255, height & 255, (width >> 8) & 255, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xda]);
}

describe('dimensionsFromHeader', () => {
  it.each([
    ['PNG', png(30000, 30000), 30000, 30000],
    ['GIF', gif(640, 480), 640, 480],
    ['BMP', bmp(800, 600), 800, 600],
    ['WebP (VP8X)', webpVp8x(4000, 3000), 4000, 3000],
    ['JPEG', jpeg(1920, 1080), 1920, 1080],
  ])('reads %s', async (_, bytes, width, height) => {
    expect(await dimensionsFromHeader(bytes)).toMatchObject({ width, height });
  });

  it('reads a real JPEG with EXIF from its head only', async () => {
    const bytes = new Uint8Array(readFileSync(path.resolve('node_modules/@vladmandic/face-api/demo/sample1.jpg')));
    expect(await dimensionsFromHeader(bytes.subarray(0, 64 * 1024))).toMatchObject({ width: 1920, height: 1280 });
  });

  it('returns null for text, random bytes and a header cut short', async () => {
    expect(await dimensionsFromHeader(new TextEncoder().encode('hello, world'))).toBeNull();
    expect(await dimensionsFromHeader(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBeNull();
    expect(await dimensionsFromHeader(png(100, 100).subarray(0, 12))).toBeNull();
    expect(await dimensionsFromHeader(new Uint8Array(0))).toBeNull();
  });
});

describe('readImageDimensions', () => {
  it('reads a Blob', async () => {
    expect(await readImageDimensions(new Blob([png(20000, 20000) as BlobPart]))).toMatchObject({ width: 20000, height: 20000 });
  });
  it('reads the whole file when the frame header lies past the head', async () => {
    const big = jpeg(1234, 567);
    // An APP1 segment of 64 KiB filler x5 between SOI and the frame header.
    const filler: number[] = [];
    for (let i = 0; i < 5; i++) filler.push(0xff, 0xe1, 0xff, 0xfe, ...new Array<number>(0xfffc).fill(0));
    const bytes = new Uint8Array([0xff, 0xd8, ...filler, ...big.subarray(2)]);
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    expect(await readImageDimensions(new Blob([bytes as BlobPart]))).toMatchObject({ width: 1234, height: 567 });
  });
});

describe('pixel budget', () => {
  it('refuses above about 100 MP with the size in the sentence', () => {
    expect(pixelBudgetRefusal({ width: 10000, height: 10000 })).toBeNull();
    expect(pixelBudgetRefusal({ width: 30000, height: 30000 })).toMatch(/30000×30000 pixels \(900 megapixels\), more than the 100 megapixels/);
    expect(pixelBudgetRefusal({ width: 20000, height: 20000 })).toMatch(/400 megapixels/);
    expect(pixelBudgetRefusal({ width: MAX_PIXELS + 1, height: 1 })).not.toBeNull();
    expect(pixelBudgetRefusal(null)).toBeNull();
  });
  it('gives larger photos more time, an unreadable header the time of a large photo', () => {
    const small = analysisTimeLimitMs({ width: 250, height: 250 });
    const forty = analysisTimeLimitMs({ width: 8000, height: 5000 });
    expect(small).toBeGreaterThanOrEqual(120_000);
    expect(forty).toBeGreaterThan(small + 70_000);
    expect(analysisTimeLimitMs(null)).toBe(analysisTimeLimitMs({ width: UNKNOWN_SIZE_PIXELS, height: 1 }));
  });
});
