/**
 * SSD MobileNet v1's network (face-api's `SsdMobilenetv1.forwardInput`) with fused ops: the same layers and
 * weights, but each depthwise conv's batch norm is folded into its filter and bias once per load, and every
 * conv runs with its bias and its clip to [0, 6] inside it (`tf.fused.*`, activation relu6). face-api runs
 * each batch norm, bias add and clip as a pass of its own over the feature maps: ~70 ms of the net's
 * ~300 ms per photo on WASM. The box decoding (face-api's `outputLayer`) is transcribed as it is, and
 * face-api's non-maximum suppression and box scaling run unchanged on the result. Outputs differ from
 * face-api's in float rounding only (tests/unit/face-api-fused.test.ts, against face-api itself).
 */
import * as tf from '@tensorflow/tfjs-core';

/** face-api's batch-norm epsilon (as float32). */
const BN_EPSILON = 0.0010000000474974513;

interface PointwiseConvParams {
  filters: tf.Tensor4D;
  batch_norm_offset: tf.Tensor1D;
}
interface DepthwiseConvParams {
  filters: tf.Tensor4D;
  batch_norm_scale: tf.Tensor1D;
  batch_norm_offset: tf.Tensor1D;
  batch_norm_mean: tf.Tensor1D;
  batch_norm_variance: tf.Tensor1D;
}
interface ConvPairParams {
  depthwise_conv: DepthwiseConvParams;
  pointwise_conv: PointwiseConvParams;
}
// Type aliases, not interfaces: tf.tidy's result type needs their implicit index signature.
type ConvParams = {
  filters: tf.Tensor4D;
  bias: tf.Tensor1D;
};
interface BoxPredictionParams {
  box_encoding_predictor: ConvParams;
  class_predictor: ConvParams;
}
const PAIRS = ['conv_1', 'conv_2', 'conv_3', 'conv_4', 'conv_5', 'conv_6', 'conv_7', 'conv_8', 'conv_9', 'conv_10', 'conv_11', 'conv_12', 'conv_13'] as const;
/** The prediction layer's extra feature convs. */
type ExtraConv = 'conv_0' | 'conv_1' | 'conv_2' | 'conv_3' | 'conv_4' | 'conv_5' | 'conv_6' | 'conv_7';
const PREDICTORS = ['box_predictor_0', 'box_predictor_1', 'box_predictor_2', 'box_predictor_3', 'box_predictor_4', 'box_predictor_5'] as const;

/** face-api's `NetParams` of SSD MobileNet v1. */
export interface SsdParams {
  mobilenetv1: { conv_0: PointwiseConvParams } & Record<(typeof PAIRS)[number], ConvPairParams>;
  prediction_layer: Record<ExtraConv, PointwiseConvParams> & Record<(typeof PREDICTORS)[number], BoxPredictionParams>;
  output_layer: { extra_dim: tf.Tensor3D };
}

/** Each depthwise conv with its batch norm folded in (a filter and a bias): made by `foldSsdParams`, freed by `disposeFoldedSsd`. */
export type FoldedSsdParams = Record<(typeof PAIRS)[number], ConvParams>;

/** (dw(x, f) − mean) × scale / √(var + ε) + offset  =  dw(x, f × k) + (offset − mean × k), k = scale / √(var + ε). */
export function foldSsdParams(p: SsdParams): FoldedSsdParams {
  return tf.tidy(() => {
    const folded = {} as FoldedSsdParams;
    for (const name of PAIRS) {
      const d = p.mobilenetv1[name].depthwise_conv;
      const k = tf.mul(d.batch_norm_scale, tf.rsqrt(tf.add(d.batch_norm_variance, BN_EPSILON)));
      folded[name] = {
        // Depthwise filters are [h, w, channels, 1]: the channel is the third axis.
        filters: tf.mul<tf.Tensor4D>(d.filters, tf.reshape(k, [1, 1, -1, 1])),
        bias: tf.sub<tf.Tensor1D>(d.batch_norm_offset, tf.mul(d.batch_norm_mean, k)),
      };
    }
    // Kept: a caller inside a tf.tidy of its own (face-api's forwardInput is one) must not lose them.
    for (const c of Object.values(folded)) {
      tf.keep(c.filters);
      tf.keep(c.bias);
    }
    return folded;
  });
}

export function disposeFoldedSsd(f: FoldedSsdParams): void {
  for (const name of PAIRS) tf.dispose([f[name].filters, f[name].bias]);
}

const pointwise = (x: tf.Tensor4D, p: PointwiseConvParams, stride: 1 | 2): tf.Tensor4D =>
  tf.fused.conv2d({ x, filter: p.filters, strides: stride, pad: 'same', bias: p.batch_norm_offset, activation: 'relu6' });

const depthwise = (x: tf.Tensor4D, p: ConvParams, stride: 1 | 2): tf.Tensor4D =>
  tf.fused.depthwiseConv2d({ x, filter: p.filters, strides: stride, pad: 'same', bias: p.bias, activation: 'relu6' });

const conv = (x: tf.Tensor4D, p: ConvParams): tf.Tensor4D => tf.fused.conv2d({ x, filter: p.filters, strides: 1, pad: 'same', bias: p.bias });

/** The layers of depthwise stride 2 (face-api's `getStridesForLayerIdx`). */
const STRIDE_2 = new Set([2, 4, 6, 12]);

/** Boxes (corners, relative to the 512×512 input) and face scores of every anchor, per photo of the batch. */
export type SsdOutput = {
  boxes: tf.Tensor2D[];
  scores: tf.Tensor1D[];
};

/** face-api's `decodeBoxesLayer`, op for op: anchors `x0` and predicted offsets `x1` → box corners. */
function decodeBoxes(x0: tf.Tensor2D, x1: tf.Tensor2D): tf.Tensor2D {
  const a = tf.unstack(tf.transpose(x0, [1, 0]));
  const sizes = [tf.sub(a[2]!, a[0]!), tf.sub(a[3]!, a[1]!)] as const;
  const centers = [tf.add(a[0]!, tf.div(sizes[0], 2)), tf.add(a[1]!, tf.div(sizes[1], 2))] as const;
  const v = tf.unstack(tf.transpose(x1, [1, 0]));
  const div0 = tf.div(tf.mul(tf.exp(tf.div(v[2]!, 5)), sizes[0]), 2);
  const add0 = tf.add(tf.mul(tf.div(v[0]!, 10), sizes[0]), centers[0]);
  const div1 = tf.div(tf.mul(tf.exp(tf.div(v[3]!, 5)), sizes[1]), 2);
  const add1 = tf.add(tf.mul(tf.div(v[1]!, 10), sizes[1]), centers[1]);
  return tf.transpose(tf.stack([tf.sub(add0, div0), tf.sub(add1, div1), tf.add(add0, div0), tf.add(add1, div1)]), [1, 0]) as tf.Tensor2D;
}

/** The network on a batch already scaled to [−1, 1] at 512×512: boxes and scores per photo (the caller disposes them). */
export function ssdNetwork(x: tf.Tensor4D, p: SsdParams, folded: FoldedSsdParams): SsdOutput {
  return tf.tidy(() => {
    const m = p.mobilenetv1;
    let out = pointwise(x, m.conv_0, 2);
    let conv11: tf.Tensor4D | null = null;
    PAIRS.forEach((name, i) => {
      out = pointwise(depthwise(out, folded[name], STRIDE_2.has(i + 1) ? 2 : 1), m[name].pointwise_conv, 1);
      if (i + 1 === 11) conv11 = out;
    });
    if (!conv11) throw new Error('SSD: no output from conv layer 11');
    const q = p.prediction_layer;
    const c0 = pointwise(out, q.conv_0, 1);
    const c1 = pointwise(c0, q.conv_1, 2);
    const c3 = pointwise(pointwise(c1, q.conv_2, 1), q.conv_3, 2);
    const c5 = pointwise(pointwise(c3, q.conv_4, 1), q.conv_5, 2);
    const c7 = pointwise(pointwise(c5, q.conv_6, 1), q.conv_7, 2);
    const n = x.shape[0];
    const sources: tf.Tensor4D[] = [conv11, out, c1, c3, c5, c7];
    const predictions = PREDICTORS.map((name, i) => {
      const source = sources[i]!;
      return {
        box: tf.reshape(conv(source, q[name].box_encoding_predictor), [n, -1, 1, 4]),
        cls: tf.reshape(conv(source, q[name].class_predictor), [n, -1, 3]),
      };
    });
    const boxPredictions = tf.concat(predictions.map((r) => r.box), 1);
    const classPredictions = tf.concat(predictions.map((r) => r.cls), 1);
    // face-api's outputLayer.
    const decoded = decodeBoxes(tf.reshape(tf.tile(p.output_layer.extra_dim, [n, 1, 1]), [-1, 4]), tf.reshape(boxPredictions, [-1, 4]));
    const boxes = tf.reshape(decoded, [n, decoded.shape[0] / n, 4]);
    const scoresAndClasses = tf.sigmoid(tf.slice(classPredictions, [0, 0, 1], [-1, -1, -1]));
    const scores = tf.reshape(tf.slice(scoresAndClasses, [0, 0, 0], [-1, -1, 1]), [n, scoresAndClasses.shape[1]!]);
    return { boxes: tf.unstack(boxes) as tf.Tensor2D[], scores: tf.unstack(scores) as tf.Tensor1D[] };
  });
}
