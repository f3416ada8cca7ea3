/**
 * The grouping scan's WebAssembly SIMD kernel (src/domain/scan-kernel.ts, scan-kernel.wat): the committed
 * bytes are what the .wat assembles to, and the kernel finds exactly the JavaScript scan's pairs, in the same
 * order — with free slots, faces already in the graph, rows reading only earlier rows, pairs at the limit, and
 * without a scan basis; its float64 product is the JavaScript one (the scan basis's fit and projections).
 */
import { describe, expect, it } from 'vitest';
import { scanRows, scanRowsInJs, type ScanView } from '../../src/domain/clustering';
import { seededRandom } from '../../src/domain/random';
import { SCAN_KERNEL_WASM } from '../../src/domain/scan-kernel-bytes';
import { kernelScans, multiplyWithKernel, scanRowsWithKernel, SIMD_MIN_ROWS } from '../../src/domain/scan-kernel';
import { fitScanBasis, projectMany, projectOnto } from '../../src/domain/scan-basis';
import { assembleScanKernel } from '../../scripts/assemble-scan-kernel';

/** A view of `slots` faces in clusters (so some pairs are within the limit), `rows` of them being added. */
function view(slots: number, rows: number, n: number, k: number, seed: number): ScanView {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 12 }, () => Float32Array.from({ length: n + k }, () => random() - 0.5));
  const vectors = new Float32Array(slots * n);
  const heads = new Float32Array(slots * k);
  for (let s = 0; s < slots; s++) {
    const c = centres[s % centres.length]!;
    for (let t = 0; t < n; t++) vectors[s * n + t] = c[t]! + (random() - 0.5) * 0.08;
    // Coordinates that bound the vector distance from below, as the basis's do: a scaled copy of the first k.
    for (let t = 0; t < k; t++) heads[s * k + t] = vectors[s * n + t]! * 0.9;
  }
  const order = new Int32Array(slots).fill(-2);
  for (let s = 0; s < slots; s += 7) order[s] = -1;
  const rowSlots: number[] = [];
  for (let s = 3; s < slots && rowSlots.length < rows; s += 2) if (order[s] !== -1) rowSlots.push(s);
  rowSlots.forEach((s, t) => (order[s] = t));
  // A limit around the distance of two faces of one cluster: some pairs in, most out.
  const limit = n * (0.08 * 0.08) / 6 * 1.2;
  return { vectors, heads, n, k, order, rows: Int32Array.from(rowSlots), limit };
}

describe('scan kernel', () => {
  it('is the assembled scan-kernel.wat', async () => {
    expect([...SCAN_KERNEL_WASM]).toEqual([...(await assembleScanKernel())]);
  });

  it('runs here (Node has WebAssembly SIMD, as every browser the app supports)', () => {
    expect(kernelScans({ n: 640, k: 96 })).toBe(true);
    expect(kernelScans({ n: 650, k: 96 })).toBe(false);
  });

  for (const [n, k] of [
    [640, 96],
    [128, 0],
    [64, 16],
  ] as const) {
    it(`finds the JavaScript scan's pairs, in its order (n ${n}, k ${k})`, () => {
      const v = view(600, 200, n, k, n + k);
      const js = scanRowsInJs(v, 0, 200);
      expect(js.length).toBeGreaterThan(200);
      expect(js.length).toBeLessThan(2 * 200 * 600 * 0.5);
      expect([...scanRowsWithKernel(v, 0, 200)!]).toEqual([...js]);
      // A part of the rows, as each half of a split scan.
      expect([...scanRowsWithKernel(v, 70, 200)!]).toEqual([...scanRowsInJs(v, 70, 200)]);
    });
  }

  it('keeps a pair exactly at the limit and drops one just over it', () => {
    const n = 16;
    const vectors = new Float32Array(3 * n);
    vectors[n] = 0.5; // slot 1: distance² 0.25 from slot 0
    vectors[2 * n] = 0.5001; // slot 2: just over
    const v: ScanView = { vectors, heads: new Float32Array(0), n, k: 0, order: Int32Array.of(-2, -2, -2), rows: Int32Array.of(0), limit: 0.25 };
    v.order = Int32Array.of(0, -2, -2);
    expect([...scanRowsWithKernel(v, 0, 1)!]).toEqual([0, 1]);
    expect([...scanRowsInJs(v, 0, 1)]).toEqual([0, 1]);
  });

  it('scanRows takes the kernel for many rows and JavaScript for a few, with the same pairs', () => {
    const v = view(300, 2 * SIMD_MIN_ROWS, 640, 96, 7);
    expect([...scanRows(v, 0, 2 * SIMD_MIN_ROWS)]).toEqual([...scanRowsInJs(v, 0, 2 * SIMD_MIN_ROWS)]);
    expect([...scanRows(v, 0, 1)]).toEqual([...scanRowsInJs(v, 0, 1)]);
  });

  it('multiplies vectors by rows in float64 as JavaScript does, and leaves odd shapes to JavaScript', () => {
    const random = seededRandom(3);
    const k = 8;
    const dim = 34;
    const rows = Float64Array.from({ length: k * dim }, () => random() - 0.5);
    const xs = Float64Array.from({ length: 5 * dim }, () => random() * 2 - 1);
    const out = multiplyWithKernel(rows, k, dim, 5, (m) => m.set(xs))!;
    for (let c = 0; c < 5; c++)
      for (let j = 0; j < k; j++) {
        let dot = 0;
        for (let t = 0; t < dim; t++) dot += rows[j * dim + t]! * xs[c * dim + t]!;
        expect(out[c * k + j]).toBeCloseTo(dot, 12);
      }
    expect(multiplyWithKernel(rows, 6, dim, 5, (m) => m.set(xs.subarray(0, 5 * dim)))).toBeNull();
    expect(multiplyWithKernel(rows, k, 33, 5, () => undefined)).toBeNull();
  });

  it('projects many faces at once as projectOnto does one by one', () => {
    const random = seededRandom(4);
    const dim = 640;
    const sample = Array.from({ length: 64 }, () => Float32Array.from({ length: dim }, () => random() - 0.5));
    const basis = fitScanBasis(sample, 32);
    const source = new Float32Array(10 * dim);
    sample.slice(0, 10).forEach((v, i) => source.set(v, i * dim));
    const slots = [9, 2, 5];
    const many = new Float32Array(10 * basis.k);
    projectMany(basis, source, dim, slots, many);
    const one = new Float32Array(10 * basis.k);
    for (const s of slots) projectOnto(basis, sample[s]!, one, s * basis.k);
    for (let i = 0; i < one.length; i++) expect(Math.abs(many[i]! - one[i]!)).toBeLessThan(1e-6);
    expect(many.some((v) => v !== 0)).toBe(true);
  });
});
