/**
 * face-api's recognition network (dlib's ResNet, 150×150 chip → 128 numbers) with fused ops: the same layers
 * and weights as face-api's `FaceRecognitionNet.forwardInput`, but each conv's bias, its scale layer
 * (multiply, add) and its ReLU run inside the conv (`tf.fused.conv2d`): the scale is folded into the conv's
 * filters and bias once, when the weights are loaded. face-api runs the bias add, the two ops of the scale
 * layer and the ReLU as passes of their own, and builds its mean colour from three planes: ~4 ms of the
 * net's ~28 ms per chip on WASM. Outputs differ from face-api's in float rounding only
 * (tests/unit/face-api-fused.test.ts, against face-api itself).
 */
import * as tf from '@tensorflow/tfjs-core';

/** face-api's mean colour for this net, subtracted before dividing by 255. */
const MEAN_RGB = [122.782, 117.001, 104.298];

/** One of face-api's conv layers: conv + bias, then a per-channel scale layer. */
export interface ConvLayerParams {
  conv: { filters: tf.Tensor4D; bias: tf.Tensor1D };
  scale: { weights: tf.Tensor1D; biases: tf.Tensor1D };
}
export interface ResidualLayerParams {
  conv1: ConvLayerParams;
  conv2: ConvLayerParams;
}
/** face-api's `NetParams` of the recognition net. */
export interface RecognitionParams {
  conv32_down: ConvLayerParams;
  conv32_1: ResidualLayerParams;
  conv32_2: ResidualLayerParams;
  conv32_3: ResidualLayerParams;
  conv64_down: ResidualLayerParams;
  conv64_1: ResidualLayerParams;
  conv64_2: ResidualLayerParams;
  conv64_3: ResidualLayerParams;
  conv128_down: ResidualLayerParams;
  conv128_1: ResidualLayerParams;
  conv128_2: ResidualLayerParams;
  conv256_down: ResidualLayerParams;
  conv256_1: ResidualLayerParams;
  conv256_2: ResidualLayerParams;
  conv256_down_out: ResidualLayerParams;
  fc: tf.Tensor2D;
}

interface FoldedConv {
  filters: tf.Tensor4D;
  bias: tf.Tensor1D;
}
interface FoldedResidual {
  conv1: FoldedConv;
  conv2: FoldedConv;
}
type ResidualName = Exclude<keyof RecognitionParams, 'conv32_down' | 'fc'>;
/** The network's weights with each scale layer folded into its conv: made by `foldRecognitionParams`, freed by `disposeFolded`. */
export type FoldedRecognitionParams = { conv32_down: FoldedConv; fc: tf.Tensor2D } & Record<ResidualName, FoldedResidual>;

const RESIDUALS: readonly ResidualName[] = [
  'conv32_1', 'conv32_2', 'conv32_3',
  'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3',
  'conv128_down', 'conv128_1', 'conv128_2',
  'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out',
];

/** ((conv(x, f) + b) × w) + c  =  conv(x, f × w) + (b × w + c), per output channel. */
function foldConv(p: ConvLayerParams): FoldedConv {
  // Kept: a caller inside a tf.tidy of its own must not lose them.
  return tf.tidy(() => ({
    filters: tf.keep(tf.mul<tf.Tensor4D>(p.conv.filters, p.scale.weights)),
    bias: tf.keep(tf.add<tf.Tensor1D>(tf.mul(p.conv.bias, p.scale.weights), p.scale.biases)),
  }));
}

/** Folds every scale layer into its conv; the new tensors are the caller's (`disposeFolded`). `fc` is shared, not copied. */
export function foldRecognitionParams(p: RecognitionParams): FoldedRecognitionParams {
  const folded = { conv32_down: foldConv(p.conv32_down), fc: p.fc } as FoldedRecognitionParams;
  for (const name of RESIDUALS) folded[name] = { conv1: foldConv(p[name].conv1), conv2: foldConv(p[name].conv2) };
  return folded;
}

/** Frees what `foldRecognitionParams` made (not `fc`, which is face-api's). */
export function disposeFolded(f: FoldedRecognitionParams): void {
  tf.dispose([f.conv32_down.filters, f.conv32_down.bias]);
  for (const name of RESIDUALS) tf.dispose([f[name].conv1.filters, f[name].conv1.bias, f[name].conv2.filters, f[name].conv2.bias]);
}

function conv(x: tf.Tensor4D, c: FoldedConv, stride: 1 | 2, relu: boolean, pad: 'same' | 'valid' = 'same'): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter: c.filters, strides: stride, pad, bias: c.bias, activation: relu ? 'relu' : 'linear' });
}

function residual(x: tf.Tensor4D, r: FoldedResidual): tf.Tensor4D {
  const out = conv(conv(x, r.conv1, 1, true), r.conv2, 1, false);
  return tf.relu(tf.add(out, x));
}

/** face-api's `residualDown`: the shortcut is average-pooled, and zero-padded where the shapes differ. */
function residualDown(x: tf.Tensor4D, r: FoldedResidual): tf.Tensor4D {
  let out = conv(conv(x, r.conv1, 2, true, 'valid'), r.conv2, 1, false);
  let pooled: tf.Tensor4D = tf.avgPool(x, 2, 2, 'valid');
  if (pooled.shape[1] !== out.shape[1] || pooled.shape[2] !== out.shape[2]) {
    const [n, h, w, c] = out.shape;
    out = tf.concat([out, tf.zeros([n, 1, w, c])], 1);
    out = tf.concat([out, tf.zeros([n, h + 1, 1, c])], 2);
  }
  if (pooled.shape[3] !== out.shape[3]) pooled = tf.concat([pooled, tf.zeros(pooled.shape)], 3);
  return tf.relu(tf.add(pooled, out));
}

/** The encodings of a batch of 150×150 RGB chips (float32, 0–255): [n, 150, 150, 3] → [n, 128]. */
export function recognitionNet(chips: tf.Tensor4D, p: FoldedRecognitionParams): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.div(tf.sub(chips, tf.tensor1d(MEAN_RGB)), 255) as tf.Tensor4D;
    let out = tf.maxPool(conv(x, p.conv32_down, 2, true, 'valid'), 3, 2, 'valid');
    for (const name of RESIDUALS) out = name.endsWith('_down') || name === 'conv256_down_out' ? residualDown(out, p[name]) : residual(out, p[name]);
    return tf.matMul(tf.mean(out, [1, 2]) as tf.Tensor2D, p.fc);
  });
}
