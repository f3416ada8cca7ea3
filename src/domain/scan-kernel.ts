/**
 * The grouping scan's WebAssembly SIMD kernels (scan-kernel.wat, assembled into scan-kernel-bytes.ts). Pure:
 * no DOM.
 *
 * `scanRowsWithKernel`: the rows of a ScanView scanned four float32 lanes at a time, ~3× the JavaScript
 * loop's speed. `multiplyWithKernel`: vectors multiplied by the rows of a matrix in float64, two lanes (the
 * scan basis's fit and its projection of many faces at once, scan-basis.ts).
 *
 *
 * Each call copies the view's slots into a fresh instance's memory (a few milliseconds for 5,000 faces;
 * freed with the instance), so it pays for itself only over many rows: clustering.ts's scanRows calls it
 * from SIMD_MIN_ROWS rows on (a reload's faces, both halves of FaceGraph.addSplit) and scans fewer rows —
 * a few faces as photos finish — in JavaScript. Null where this runtime cannot run it (no WebAssembly, no
 * SIMD, lengths not multiples of 16): the caller scans in JavaScript. The pairs are the JavaScript scan's,
 * in the same order: both compare float32 sums with a limit that has slack, and the exact distance decides
 * (FaceGraph.link).
 */
import { SCAN_KERNEL_WASM } from './scan-kernel-bytes';
import type { ScanView } from './clustering';

/** Rows from which a scan goes through the kernel. */
export const SIMD_MIN_ROWS = 16;
const PAGE = 65536;

type Multiply = (rows: number, k: number, dim: number, xs: number, count: number, out: number) => void;

type ScanRow = (
  t: number,
  aVec: number,
  aHead: number,
  vecBase: number,
  headBase: number,
  orderBase: number,
  nSlots: number,
  n: number,
  k: number,
  limit: number,
  out: number,
) => number;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is missing (compiled once per thread). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' && WebAssembly.validate(SCAN_KERNEL_WASM) ? new WebAssembly.Module(SCAN_KERNEL_WASM) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A fresh instance of the kernels with at least `bytes` of memory (freed with it), or null. */
function instance(bytes: number): { memory: WebAssembly.Memory; exports: WebAssembly.Exports } | null {
  const module = kernelModule();
  if (!module) return null;
  const created = new WebAssembly.Instance(module, {});
  const memory = created.exports['memory'] as WebAssembly.Memory;
  const pages = Math.ceil(bytes / PAGE);
  if (pages > 1) memory.grow(pages - 1);
  return { memory, exports: created.exports };
}

/**
 * out[c·k + j] = row j of `rows` (k × dim) · vector c of the `count` vectors that `fill` writes (count × dim,
 * float64) — in float64, as the JavaScript product. Null where the kernel cannot (no WebAssembly SIMD, dim
 * odd, k not a multiple of 4): the caller multiplies in JavaScript.
 */
export function multiplyWithKernel(rows: Float64Array, k: number, dim: number, count: number, fill: (xs: Float64Array) => void): Float64Array | null {
  if (dim % 2 !== 0 || k % 4 !== 0 || count === 0) return null;
  const rowsAt = 0;
  const xsAt = rowsAt + k * dim * 8;
  const outAt = xsAt + count * dim * 8;
  const kernel = instance(outAt + count * k * 8);
  if (!kernel) return null;
  const buffer = kernel.memory.buffer;
  new Float64Array(buffer, rowsAt, k * dim).set(rows.subarray(0, k * dim));
  fill(new Float64Array(buffer, xsAt, count * dim));
  (kernel.exports['multiply'] as Multiply)(rowsAt, k, dim, xsAt, count, outAt);
  return new Float64Array(buffer, outAt, count * k).slice();
}

/** Whether scanRowsWithKernel can scan this view (the runtime has the kernel, lengths fit its blocks of 16). */
export function kernelScans(view: Pick<ScanView, 'n' | 'k'>): boolean {
  return view.n % 16 === 0 && view.k % 16 === 0 && kernelModule() !== null;
}

/**
 * scanRows(view, from, to) through the kernel: the [row, slot] pairs within the limit, flat, rows in order
 * and slots ascending within a row. Null where the kernel cannot scan this view.
 */
export function scanRowsWithKernel(view: ScanView, from: number, to: number): Int32Array | null {
  if (!kernelScans(view)) return null;
  const { vectors, heads, n, k, order, rows, limit } = view;
  const slots = order.length;
  const vecBase = 0;
  const headBase = vecBase + slots * n * 4;
  const orderBase = headBase + slots * k * 4;
  const out = orderBase + slots * 4;
  const kernel = instance(out + slots * 4);
  if (!kernel) return null;
  const scanRow = kernel.exports['scanRow'] as ScanRow;
  const buffer = kernel.memory.buffer;
  new Float32Array(buffer, vecBase, slots * n).set(vectors.subarray(0, slots * n));
  if (k > 0) new Float32Array(buffer, headBase, slots * k).set(heads.subarray(0, slots * k));
  new Int32Array(buffer, orderBase, slots).set(order);
  const written = new Int32Array(buffer, out, slots);
  let found = new Int32Array(1024);
  let count = 0;
  for (let t = from; t < to; t++) {
    const slot = rows[t]!;
    const m = scanRow(t, vecBase + slot * n * 4, headBase + slot * k * 4, vecBase, headBase, orderBase, slots, n, k, limit, out);
    if (count + 2 * m > found.length) {
      const larger = new Int32Array(Math.max(found.length * 2, count + 2 * m));
      larger.set(found);
      found = larger;
    }
    for (let i = 0; i < m; i++) {
      found[count++] = t;
      found[count++] = written[i]!;
    }
  }
  return found.slice(0, count);
}
