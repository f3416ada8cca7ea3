/**
 * A faster Concat for tfjs's WASM backend, where the pieces are narrow along the joined axis.
 *
 * face-api subtracts each net's mean colour by joining three one-channel planes into an RGB tensor
 * (`normalize`: `concat([r, g, b], 3)`) on every call of the Tiny Face Detector, the 68-landmark net and
 * the recognition net. tfjs-backend-wasm's Concat copies one row of each piece at a time with
 * `subarray(…)` + `set(…)`: for a 320×320 plane that is 307,200 typed-array views of one number each,
 * ~16 ms of the Tiny Face Detector's ~43 ms at 320 px, ~3.5 ms of the landmark net's ~10 ms
 * (`npm run bench:stages`). This kernel copies narrow rows (fewer than NARROW_ROW numbers per piece) with a
 * plain loop and leaves every other case to the backend's own kernel. The result is the same bytes.
 *
 * Installed in the face workers only (engine.ts): the page's plain face-api usage (the benchmarks'
 * baseline) keeps the stock kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

/** Rows at least this long are copied by the stock kernel (one `set` per row is cheap there). */
export const NARROW_ROW = 64;

const KERNEL = 'Concat';
const BACKEND = 'wasm';

type ConcatArgs = { inputs: tf.TensorInfo[]; backend: BackendWasm; attrs: { axis: number | number[] } };

/** Concat of `inputs` along `attrs.axis`, copying narrow rows element by element; null where the stock kernel should run. */
function concatNarrow({ inputs, backend, attrs }: ConcatArgs): tf.TensorInfo | null {
  const pieces = inputs.filter((t) => tf.util.sizeFromShape(t.shape) > 0);
  const first = pieces[0];
  if (!first || pieces.length < 2 || first.dtype === 'string' || pieces.some((t) => t.dtype !== first.dtype)) return null;
  const axis = tf.util.parseAxisParam(attrs.axis, first.shape)[0] ?? 0;
  const widths = pieces.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
  if (widths.some((w) => w >= NARROW_ROW)) return null;
  tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
  const out = backend.makeOutput(tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis), first.dtype);
  // Views of the heap are taken after makeOutput, which may grow (and so move) the WASM memory.
  const to = backend.typedArrayFromHeap(out);
  const rows = tf.util.sizeFromShape(first.shape.slice(0, axis));
  const rowWidth = widths.reduce((a, b) => a + b, 0);
  let column = 0;
  pieces.forEach((piece, i) => {
    const from = backend.typedArrayFromHeap(piece);
    const width = widths[i]!;
    for (let r = 0, src = 0, dst = column; r < rows; r++, dst += rowWidth)
      for (let k = 0; k < width; k++, src++) to[dst + k] = from[src]!;
    column += width;
  });
  return out;
}

/** The kernels this module registered (so a second install is a no-op). */
const installed = new WeakSet<tf.KernelFunc>();

/**
 * Puts the narrow-row Concat in front of the WASM backend's own (which still handles everything else).
 * Returns false where there is nothing to do: the WASM backend's kernels are not registered, or already done.
 */
export function installWasmConcat(): boolean {
  const stock = tf.getKernel(KERNEL, BACKEND);
  if (!stock || installed.has(stock.kernelFunc)) return false;
  const kernelFunc: tf.KernelFunc = (args) => concatNarrow(args as unknown as ConcatArgs) ?? (stock.kernelFunc(args) as tf.TensorInfo);
  installed.add(kernelFunc);
  tf.unregisterKernel(KERNEL, BACKEND);
  tf.registerKernel({ ...stock, kernelFunc });
  return true;
}
