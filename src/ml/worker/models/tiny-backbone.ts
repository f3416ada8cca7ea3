/**
 * The Tiny Face Detector's network with fused ops: the same layers and weights as face-api's
 * `TinyYolov2Base.runMobilenet` (first layer a 3×3 conv, then depthwise-separable convs with max pools, a
 * 1×1 conv to the anchors' outputs), but each conv's bias and leaky ReLU (slope 0.1) run inside the conv
 * (`tf.fused.conv2d`) and the depthwise conv pads by itself. face-api runs every bias add, the four ops of
 * its leaky ReLU and each pad as a pass of their own over the feature maps: ~6 ms of the net's ~29 ms at
 * 320 px on WASM. Outputs differ from face-api's in float rounding only (largest difference in the raw
 * output ~2e-5, in a box's corner ~3e-5 px; tests/unit/face-api-fused.test.ts, against face-api itself).
 *
 * face-api's detector calls `runMobilenet` inside its own `tf.tidy`, with the input already normalised; the
 * model module (tiny-face-detector.ts) puts this function in its place on the loaded net, so face-api's input
 * handling, box decoding and non-maximum suppression are untouched.
 */
import * as tf from '@tensorflow/tfjs-core';

/** face-api's leaky ReLU slope, as the float32 it multiplies by. */
export const LEAKY_SLOPE = 0.10000000149011612;

interface ConvParams {
  filters: tf.Tensor4D;
  bias: tf.Tensor1D;
}
interface SeparableConvParams {
  depthwise_filter: tf.Tensor4D;
  pointwise_filter: tf.Tensor4D;
  bias: tf.Tensor1D;
}
/** The loaded net's parameters (face-api's `MobilenetParams` for the Tiny Face Detector). */
export interface TinyMobilenetParams {
  conv0: ConvParams;
  conv1: SeparableConvParams;
  conv2: SeparableConvParams;
  conv3: SeparableConvParams;
  conv4: SeparableConvParams;
  conv5: SeparableConvParams;
  conv6?: SeparableConvParams;
  conv7?: SeparableConvParams;
  conv8: ConvParams;
}

/** Depthwise 3×3 (padded by one pixel), then pointwise 1×1 with the bias and the leaky ReLU fused in. */
function separable(x: tf.Tensor4D, p: SeparableConvParams): tf.Tensor4D {
  const depthwise = tf.depthwiseConv2d(x, p.depthwise_filter, 1, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  return tf.fused.conv2d({ x: depthwise, filter: p.pointwise_filter, strides: 1, pad: 'valid', bias: p.bias, activation: 'leakyrelu', leakyreluAlpha: LEAKY_SLOPE });
}

const pool = (x: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D => tf.maxPool(x, [2, 2], [stride, stride], 'same');

/** The network on a normalised batch: [n, size, size, 3] → [n, size/32, size/32, 25]. Call inside tf.tidy. */
export function tinyBackbone(x: tf.Tensor4D, p: TinyMobilenetParams): tf.Tensor4D {
  let out = tf.fused.conv2d({ x, filter: p.conv0.filters, strides: 1, pad: 'valid', bias: p.conv0.bias, activation: 'leakyrelu', leakyreluAlpha: LEAKY_SLOPE });
  out = pool(out, 2);
  for (const layer of [p.conv1, p.conv2, p.conv3, p.conv4]) out = pool(separable(out, layer), 2);
  out = pool(separable(out, p.conv5), 1);
  if (p.conv6) out = separable(out, p.conv6);
  if (p.conv7) out = separable(out, p.conv7);
  return tf.fused.conv2d({ x: out, filter: p.conv8.filters, strides: 1, pad: 'valid', bias: p.conv8.bias });
}
