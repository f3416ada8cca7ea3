/**
 * The face workers' Concat for the WASM backend (src/ml/worker/wasm-concat.ts) gives the stock kernel's
 * result, byte for byte, on the shapes face-api joins (three one-channel planes) and on every other kind of
 * join, narrow or not; and it is what runs once installed.
 */
import { resolve } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installWasmConcat, NARROW_ROW } from '../../src/ml/worker/wasm-concat';

type Case = { name: string; make: () => tf.Tensor[]; axis: number };

const ramp = (shape: number[], dtype: 'float32' | 'int32' | 'bool', seed: number): tf.Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? Number((i * 7 + seed) % 3 === 0) : dtype === 'int32' ? ((i * 31 + seed) % 1000) - 500 : Math.sin(i + seed) * 1e3));
  return tf.tensor(values, shape, dtype);
};

const CASES: Case[] = [
  { name: "face-api's normalize: three 320×320 planes on the channel axis", make: () => [0, 1, 2].map((s) => ramp([1, 320, 320, 1], 'float32', s)), axis: 3 },
  { name: 'int32 pieces of different widths, middle axis', make: () => [ramp([4, 2, 3], 'int32', 1), ramp([4, 5, 3], 'int32', 2)], axis: 1 },
  { name: 'bool pieces on the last axis', make: () => [ramp([6, 2], 'bool', 1), ramp([6, 1], 'bool', 2)], axis: 1 },
  { name: 'an empty piece among others', make: () => [ramp([3, 0], 'float32', 1), ramp([3, 2], 'float32', 2), ramp([3, 1], 'float32', 3)], axis: 1 },
  { name: 'axis 0 (a single row per piece)', make: () => [ramp([2, 3], 'float32', 1), ramp([5, 3], 'float32', 2)], axis: 0 },
  { name: `rows of ${NARROW_ROW} and more (the stock kernel)`, make: () => [ramp([3, NARROW_ROW], 'float32', 1), ramp([3, 2], 'float32', 2)], axis: 1 },
  { name: 'negative axis', make: () => [ramp([2, 3, 1], 'float32', 1), ramp([2, 3, 2], 'float32', 2)], axis: -1 },
];

describe('the WASM Concat for narrow rows', () => {
  const stock: Array<{ shape: number[]; bytes: Buffer }> = [];

  beforeAll(async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    for (const c of CASES) {
      const out = tf.concat(c.make(), c.axis);
      stock.push({ shape: out.shape, bytes: Buffer.from((await out.data()).buffer.slice(0)) });
    }
  }, 60_000);

  it('installs once, and is then the kernel that runs', () => {
    const before = tf.getKernel('Concat', 'wasm')?.kernelFunc;
    expect(installWasmConcat()).toBe(true);
    expect(tf.getKernel('Concat', 'wasm')?.kernelFunc).not.toBe(before);
    expect(installWasmConcat()).toBe(false);
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))('gives the stock result: %s', async (_, i) => {
    const c = CASES[i]!;
    const before = tf.memory().numTensors;
    const inputs = c.make();
    const out = tf.concat(inputs, c.axis);
    expect(out.shape).toEqual(stock[i]!.shape);
    const bytes = Buffer.from((await out.data()).buffer.slice(0));
    expect(bytes.length).toBe(stock[i]!.bytes.length);
    expect(bytes.equals(stock[i]!.bytes), 'same bytes as the stock kernel').toBe(true);
    tf.dispose([...inputs, out]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('joins the planes in order, each value in its place', async () => {
    const planes = [10, 20, 30].map((v) => tf.fill([1, 2, 2, 1], v));
    const rgb = tf.concat(planes, 3);
    expect(Array.from(await rgb.data())).toEqual([10, 20, 30, 10, 20, 30, 10, 20, 30, 10, 20, 30]);
    tf.dispose([...planes, rgb]);
  });
});
