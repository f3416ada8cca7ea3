/**
 * Build-time conversion of the second recognizer (MobileFaceNet, `model/fr_feature.onnx` of the npm package
 * `faceplugin-face-recognition-js`) into the app's converted-graph format (src/ml/worker/models/graph-format.ts):
 * a JSON graph plus one .bin of float32 weights, run in the worker with tfjs-core ops on the same backend as
 * face-api (graph-executor.ts). The ONNX file is read with `onnx-proto` (protobufjs).
 *
 * What it converts is exactly what this graph uses — Conv (plain and depthwise, symmetric padding), PRelu
 * (fused into the Conv that feeds it), Add, Reshape to [batch, -1] — and it refuses anything else with the
 * node's name, rather than guessing. Weights are re-laid out for NHWC: conv OIHW → HWIO, depthwise
 * [C, 1, kh, kw] → [kh, kw, C, 1], PRelu [C, 1, 1] → [C].
 *
 * Negligible weights (0 < |w| < 2^-40, ~1e-12) are written as zero. Training left 190 k of this graph's 1.19 M
 * weights at such magnitudes (8,938 of them subnormal, below 2^-126), and their products with the activations
 * are often subnormal numbers, which WebAssembly must compute exactly and x86 CPUs compute ~100× slower: they
 * made the network take four times as long on the WASM backend (`npm run bench:mobilefacenet`). A weight under
 * 2^-40 times any activation this net produces is far below float32's resolution of the sum it joins: the
 * outputs stay onnxruntime's to the same 4e-7 (tests/unit/mobilefacenet-parity.test.ts), and bit for bit the
 * same as with the weights kept on the LFW faces tried.
 *
 * `writeMobileFaceNet(dir)` is called by scripts/model-assets.ts (so `npm run build` and `npm run dev`
 * produce public/models/mobilefacenet.{json,bin}); it rewrites them only when the source or this converter
 * changed. `npx tsx scripts/onnx-to-tfjs.ts [outDir]` runs it by hand.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import {
  GRAPH_FORMAT,
  type ConvertedGraph,
  type GraphNode,
  type GraphWeightSpec,
} from '../src/ml/worker/models/graph-format.ts';

const { onnx } = onnxProto;
const require = createRequire(import.meta.url);

export const MOBILEFACENET_PACKAGE = 'faceplugin-face-recognition-js';
export const MOBILEFACENET_ONNX = 'model/fr_feature.onnx';
/** The files written into the models folder (the model module's descriptor lists the same names). */
export const MOBILEFACENET_JSON = 'mobilefacenet.json';
export const MOBILEFACENET_BIN = 'mobilefacenet.bin';
/** Bumped when the converter's output changes, so stale generated files are rewritten. */
const CONVERTER_VERSION = 3;

/** Weights smaller than this (in magnitude) are written as zero: see the header. */
export const SMALLEST_WEIGHT = 2 ** -40;

/** Sets every value of `data` under SMALLEST_WEIGHT in magnitude to zero, in place; returns how many changed. */
export function zeroNegligibleWeights(data: Float32Array): number {
  let flushed = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== 0 && Math.abs(v) < SMALLEST_WEIGHT) {
      data[i] = 0;
      flushed++;
    }
  }
  return flushed;
}

type Dims4 = [number, number, number, number];
type Long = number | { toNumber(): number };
const num = (v: unknown): number => (v == null ? 0 : typeof v === 'number' ? v : (v as Exclude<Long, number>).toNumber());

interface Initializer {
  dims: number[];
  data: Float32Array | BigInt64Array;
}

function readInitializer(t: OnnxTypes.ITensorProto): Initializer {
  const dims = (t.dims ?? []).map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  if (t.dataType === onnx.TensorProto.DataType.FLOAT) {
    let data: Float32Array;
    if (raw) {
      // Copy: rawData is a view into the protobuf buffer at an arbitrary (maybe unaligned) offset.
      data = new Float32Array(count);
      new Uint8Array(data.buffer).set(raw.subarray(0, count * 4));
    } else data = Float32Array.from(t.floatData ?? []);
    if (data.length !== count) throw new Error(`initializer ${t.name}: ${data.length} values for shape [${dims.join(', ')}]`);
    return { dims, data };
  }
  if (t.dataType === onnx.TensorProto.DataType.INT64) {
    const data = new BigInt64Array(count);
    if (raw) new Uint8Array(data.buffer).set(raw.subarray(0, count * 8));
    else (t.int64Data ?? []).forEach((v, i) => (data[i] = BigInt(num(v))));
    return { dims, data };
  }
  throw new Error(`initializer ${t.name}: data type ${t.dataType} is not supported`);
}

function attr(node: OnnxTypes.INodeProto, name: string): OnnxTypes.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}
function ints(node: OnnxTypes.INodeProto, name: string, fallback: number[]): number[] {
  const a = attr(node, name);
  return a?.ints && a.ints.length > 0 ? a.ints.map(num) : fallback;
}

/** HWIO from OIHW. */
function convFilter(w: Float32Array, [o, i, h, k]: Dims4): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < k; x++) out[((y * k + x) * i + b) * o + a] = w[((a * i + b) * h + y) * k + x]!;
  return out;
}

/** [kh, kw, C, 1] from [C, 1, kh, kw]. */
function depthwiseFilter(w: Float32Array, [c, , h, k]: Dims4): Float32Array {
  const out = new Float32Array(w.length);
  for (let a = 0; a < c; a++)
    for (let y = 0; y < h; y++) for (let x = 0; x < k; x++) out[(y * k + x) * c + a] = w[(a * h + y) * k + x]!;
  return out;
}

export interface ConvertedModel {
  graph: ConvertedGraph;
  /** The .bin file's bytes: the weights of `graph.weights.specs`, float32, in order. */
  weightData: Uint8Array;
}

/** Converts the ONNX model's bytes; `source` describes where they came from (it goes into the JSON). */
export function convertOnnx(bytes: Uint8Array, source: Omit<ConvertedGraph['source'], 'sha256' | 'opset' | 'producer'>, binPath: string): ConvertedModel {
  const model = onnx.ModelProto.decode(bytes);
  const g = model.graph;
  if (!g) throw new Error('ONNX model without a graph');
  const opset = Math.max(0, ...(model.opsetImport ?? []).filter((o) => !o.domain).map((o) => num(o.version)));
  const inits = new Map<string, Initializer>();
  for (const t of g.initializer ?? []) inits.set(t.name ?? '', readInitializer(t));

  const graphInputs = (g.input ?? []).filter((i) => !inits.has(i.name ?? ''));
  const input = graphInputs[0];
  if (graphInputs.length !== 1 || !input?.name) throw new Error('one graph input expected');
  const inDims = (input.type?.tensorType?.shape?.dim ?? []).map((d) => num(d.dimValue));
  const [, c, h, w] = inDims;
  if (inDims.length !== 4 || !c || !h || !w) throw new Error(`NCHW input with fixed C, H, W expected, got [${inDims.join(', ')}]`);
  const output = g.output?.[0]?.name;
  if (!output || (g.output?.length ?? 0) !== 1) throw new Error('one graph output expected');

  const consumers = new Map<string, number>();
  for (const n of g.node ?? []) for (const i of n.input ?? []) consumers.set(i, (consumers.get(i) ?? 0) + 1);

  const specs: GraphWeightSpec[] = [];
  const chunks: Float32Array[] = [];
  const addWeight = (name: string, shape: number[], data: Float32Array): string => {
    specs.push({ name, shape, dtype: 'float32' });
    const copy = Float32Array.from(data); // the initializer may be shared by another node: change a copy
    zeroNegligibleWeights(copy);
    chunks.push(copy);
    return name;
  };
  const floatInit = (name: string, where: string): Initializer & { data: Float32Array } => {
    const t = inits.get(name);
    if (!t || !(t.data instanceof Float32Array)) throw new Error(`${where}: float initializer ${name} expected`);
    return t as Initializer & { data: Float32Array };
  };

  const nodes: GraphNode[] = [];
  /** Output name of a conv that may still take a PRelu, and the node. */
  const convByOutput = new Map<string, GraphNode & { op: 'conv2d' | 'depthwiseConv2d' }>();
  for (const n of g.node ?? []) {
    const where = `${n.opType} node ${n.name || n.output?.[0]}`;
    const [x, p1, p2] = n.input ?? [];
    const out = n.output?.[0];
    if (!x || !out || (n.output?.length ?? 0) !== 1) throw new Error(`${where}: one input and one output expected`);
    switch (n.opType) {
      case 'Conv': {
        const wt = floatInit(p1 ?? '', where);
        if (wt.dims.length !== 4) throw new Error(`${where}: 2-D convolution expected`);
        const dims = wt.dims as Dims4;
        const [o, ipg, kh, kw] = dims;
        const group = num(attr(n, 'group')?.i) || 1;
        const autoPad = attr(n, 'auto_pad')?.s;
        if (autoPad && autoPad.length > 0 && new TextDecoder().decode(autoPad) !== 'NOTSET')
          throw new Error(`${where}: auto_pad is not supported`);
        const kernel = ints(n, 'kernel_shape', [kh, kw]);
        if (kernel[0] !== kh || kernel[1] !== kw) throw new Error(`${where}: kernel_shape disagrees with the weights`);
        const pads = ints(n, 'pads', [0, 0, 0, 0]);
        if (pads.length !== 4 || pads.some((v) => v !== pads[0])) throw new Error(`${where}: only symmetric padding is supported, got [${pads.join(', ')}]`);
        const strides = ints(n, 'strides', [1, 1]);
        const dilations = ints(n, 'dilations', [1, 1]);
        const key = out.replace(/[^\w.-]/g, '_');
        let node: GraphNode & { op: 'conv2d' | 'depthwiseConv2d' };
        const common = {
          output: out,
          input: x,
          bias: p2 ? addWeight(`${key}/bias`, [o], floatInit(p2, where).data) : null,
          strides: [strides[0] ?? 1, strides[1] ?? 1] as [number, number],
          pad: pads[0] ?? 0,
          dilations: [dilations[0] ?? 1, dilations[1] ?? 1] as [number, number],
          prelu: null,
        };
        if (group === 1) {
          node = { op: 'conv2d', filter: addWeight(`${key}/filter`, [kh, kw, ipg, o], convFilter(wt.data, dims)), ...common };
        } else if (ipg === 1 && group === o) {
          node = { op: 'depthwiseConv2d', filter: addWeight(`${key}/filter`, [kh, kw, o, 1], depthwiseFilter(wt.data, dims)), ...common };
        } else throw new Error(`${where}: grouped convolution other than depthwise (group ${group}) is not supported`);
        nodes.push(node);
        convByOutput.set(out, node);
        break;
      }
      case 'PRelu': {
        const slope = floatInit(p1 ?? '', where);
        const channels = slope.dims.reduce((a, b) => a * b, 1);
        if (slope.dims.slice(1).some((d) => d !== 1)) throw new Error(`${where}: per-channel slopes [C, 1, 1] expected, got [${slope.dims.join(', ')}]`);
        const key = out.replace(/[^\w.-]/g, '_');
        const alpha = addWeight(`${key}/alpha`, [channels], slope.data);
        const conv = convByOutput.get(x);
        if (conv && consumers.get(x) === 1 && x !== output && conv.prelu === null) {
          conv.prelu = alpha;
          conv.output = out;
        } else nodes.push({ op: 'prelu', output: out, input: x, alpha });
        break;
      }
      case 'Add': {
        if (!p1 || inits.has(x) || inits.has(p1)) throw new Error(`${where}: only the sum of two computed tensors is supported`);
        nodes.push({ op: 'add', output: out, a: x, b: p1 });
        break;
      }
      case 'Reshape': {
        const shape = inits.get(p1 ?? '');
        if (!shape || !(shape.data instanceof BigInt64Array)) throw new Error(`${where}: constant shape expected`);
        const s = [...shape.data].map(Number);
        if (s.length !== 2 || !(s[0] === 1 || s[0] === 0) || s[1] !== -1) throw new Error(`${where}: only a reshape to [batch, -1] is supported, got [${s.join(', ')}]`);
        nodes.push({ op: 'flatten', output: out, input: x });
        break;
      }
      default:
        throw new Error(`${where}: operator ${n.opType} is not supported by the converter`);
    }
  }
  if (!nodes.some((n) => n.output === output)) throw new Error(`no node computes the graph output ${output}`);

  const total = chunks.reduce((a, c) => a + c.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  const graph: ConvertedGraph = {
    format: GRAPH_FORMAT,
    source: {
      ...source,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      opset,
      producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
    },
    input: { name: input.name, shape: [h, w, c] },
    output,
    nodes,
    weights: { path: binPath, specs },
  };
  return { graph, weightData: new Uint8Array(all.buffer) };
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The ONNX model's path in node_modules and its package's version. */
export function mobileFaceNetSource(): { path: string; version: string } {
  const dir = packageDir(MOBILEFACENET_PACKAGE);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { path: join(dir, MOBILEFACENET_ONNX), version: pkg.version };
}

/** Converts the packaged ONNX model in memory (the parity test uses this). */
export function convertMobileFaceNet(): ConvertedModel & { onnxPath: string } {
  const { path, version } = mobileFaceNetSource();
  const converted = convertOnnx(
    readFileSync(path),
    { package: MOBILEFACENET_PACKAGE, version, file: MOBILEFACENET_ONNX },
    MOBILEFACENET_BIN,
  );
  return { ...converted, onnxPath: path };
}

/** Writes mobilefacenet.{json,bin} into `modelsDir` unless they are already there from the same source. */
export function writeMobileFaceNet(modelsDir: string): void {
  const jsonPath = join(modelsDir, MOBILEFACENET_JSON);
  const binPath = join(modelsDir, MOBILEFACENET_BIN);
  const { path } = mobileFaceNetSource();
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (existsSync(jsonPath) && existsSync(binPath)) {
    try {
      const old = JSON.parse(readFileSync(jsonPath, 'utf8')) as { source?: { sha256?: string }; converter?: number };
      if (old.source?.sha256 === sha256 && old.converter === CONVERTER_VERSION) return;
    } catch {
      // unreadable: write it again
    }
  }
  const { graph, weightData } = convertMobileFaceNet();
  mkdirSync(modelsDir, { recursive: true });
  writeFileSync(binPath, weightData);
  writeFileSync(jsonPath, JSON.stringify({ ...graph, converter: CONVERTER_VERSION }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'models');
  writeMobileFaceNet(dir);
  console.log(`wrote ${join(dir, MOBILEFACENET_JSON)} and ${MOBILEFACENET_BIN}`);
}
