/**
 * Runs a converted graph (graph-format.ts, written by scripts/onnx-to-tfjs.ts) with tfjs-core ops, on
 * whichever backend tfjs has active (WASM, WebGL, CPU) — the one face-api's nets run on. Convolutions with a
 * PRelu after them run as one fused op. Intermediate tensors are freed as soon as their last consumer has
 * run, so a batch holds a few feature maps at a time rather than the whole graph's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { GRAPH_FORMAT, type ConvertedGraph, type GraphNode } from './graph-format.ts';

export interface GraphModel {
  readonly graph: ConvertedGraph;
  /** Runs the graph on an NHWC batch; the caller owns (and disposes) the input and the output. */
  execute(input: tf.Tensor4D): tf.Tensor;
  dispose(): void;
}

function inputsOf(node: GraphNode): string[] {
  return node.op === 'add' ? [node.a, node.b] : [node.input];
}

/** Builds the model from the graph JSON and the bytes of its .bin file. */
export function createGraphModel(graph: ConvertedGraph, weightData: ArrayBuffer): GraphModel {
  if (graph.format !== GRAPH_FORMAT) throw new Error(`unknown graph format ${String(graph.format)}`);
  const expected = graph.weights.specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weightData.byteLength !== expected)
    throw new Error(`weights file has ${weightData.byteLength} bytes, the graph needs ${expected}`);
  const weights = tf.io.decodeWeights(weightData, graph.weights.specs);
  const weight = (name: string): tf.Tensor => {
    const t = weights[name];
    if (!t) throw new Error(`weight ${name} missing`);
    return t;
  };
  // How many nodes read each tensor (the graph output is also read by the caller).
  const uses = new Map<string, number>();
  for (const node of graph.nodes) for (const i of inputsOf(node)) uses.set(i, (uses.get(i) ?? 0) + 1);

  function run(node: GraphNode, get: (name: string) => tf.Tensor): tf.Tensor {
    switch (node.op) {
      case 'conv2d':
      case 'depthwiseConv2d': {
        const x = get(node.input) as tf.Tensor4D;
        const args = {
          x,
          strides: node.strides,
          pad: node.pad,
          dilations: node.dilations,
          ...(node.bias ? { bias: weight(node.bias) } : {}),
          ...(node.prelu ? { activation: 'prelu' as const, preluActivationWeights: weight(node.prelu) } : {}),
        };
        return node.op === 'conv2d'
          ? tf.fused.conv2d({ ...args, filter: weight(node.filter) as tf.Tensor4D })
          : tf.fused.depthwiseConv2d({ ...args, filter: weight(node.filter) as tf.Tensor4D });
      }
      case 'prelu':
        return tf.prelu(get(node.input), weight(node.alpha));
      case 'add':
        return tf.add(get(node.a), get(node.b));
      case 'flatten':
        // NCHW order, as the ONNX graph flattened; a no-op when the map is 1×1, as it is here.
        return tf.tidy(() => {
          const x = get(node.input);
          const batch = x.shape[0] ?? 1;
          return x.rank === 4 ? tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [batch, -1]) : tf.reshape(x, [batch, -1]);
        });
    }
  }

  return {
    graph,
    execute(input) {
      const live = new Map<string, tf.Tensor>([[graph.input.name, input]]);
      const left = new Map(uses);
      const get = (name: string): tf.Tensor => {
        const t = live.get(name);
        if (!t) throw new Error(`tensor ${name} is not computed yet`);
        return t;
      };
      try {
        for (const node of graph.nodes) {
          const out = run(node, get);
          live.set(node.output, out);
          for (const name of inputsOf(node)) {
            const n = (left.get(name) ?? 1) - 1;
            left.set(name, n);
            if (n === 0 && name !== graph.input.name && name !== graph.output) {
              live.get(name)?.dispose();
              live.delete(name);
            }
          }
        }
        const result = get(graph.output);
        live.delete(graph.output);
        return result;
      } finally {
        for (const [name, t] of live) if (name !== graph.input.name) t.dispose();
      }
    },
    dispose() {
      for (const t of Object.values(weights)) t.dispose();
    },
  };
}
