/**
 * The converted-graph format: what scripts/onnx-to-tfjs.ts writes at build time and graph-executor.ts
 * runs with tfjs-core ops. Tensors are NHWC (tfjs's layout), filters already in tfjs's layouts
 * (conv2d [kh, kw, in, out], depthwise [kh, kw, channels, 1]), PRelu slopes one per channel; the weights
 * are a tfjs weights manifest over one .bin file. Types only: no tfjs import.
 */

export const GRAPH_FORMAT = 'facewise-graph/1';

/** One weight tensor in the .bin file (tfjs's WeightsManifestEntry, float32 only). */
export interface GraphWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

interface ConvNode {
  /** Output tensor name; inputs are named by the node that produced them (or the graph input). */
  output: string;
  input: string;
  /** Weight names. */
  filter: string;
  bias: string | null;
  strides: [number, number];
  /** Symmetric zero padding on every side (the converter refuses other paddings). */
  pad: number;
  dilations: [number, number];
  /** A PRelu fused into the convolution: the name of its slopes. */
  prelu: string | null;
}

export type GraphNode =
  | ({ op: 'conv2d' } & ConvNode)
  | ({ op: 'depthwiseConv2d' } & ConvNode)
  | { op: 'prelu'; output: string; input: string; alpha: string }
  | { op: 'add'; output: string; a: string; b: string }
  /** ONNX Reshape to [batch, -1]: flattens in NCHW order, as the exported graph did. */
  | { op: 'flatten'; output: string; input: string };

export interface ConvertedGraph {
  format: typeof GRAPH_FORMAT;
  /** Where the graph came from: npm package, version, file, its SHA-256, ONNX opset, producer. */
  source: { package: string; version: string; file: string; sha256: string; opset: number; producer: string };
  /** The graph's input: name and its [height, width, channels]. */
  input: { name: string; shape: [number, number, number] };
  output: string;
  nodes: GraphNode[];
  /** The .bin file's name (relative to the JSON) and the weights in it, in order. */
  weights: { path: string; specs: GraphWeightSpec[] };
}
