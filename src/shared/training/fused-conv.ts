/**
 * Conv2D + bias + relu in one forward kernel while training. tfjs's fused conv refuses to fuse when a
 * gradient is being recorded and the activation is not linear (`shouldFuse`), so every Conv2D layer
 * with relu trains as Conv2D, Add (bias) and Relu, each saved on the tape, and their gradients (Cast,
 * Step, Multiply, Sum, Reshape…). `fusedConv2d` runs the backend's `FusedConv2D` kernel under its own
 * name with a registered gradient: the one tfjs writes for its fused conv (dy·step(y), the two
 * convolution gradients, the bias sum), the convolution gradients lazy (the model input's is never
 * computed). (dy·step(y) and the bias sum as one JS pass was slower than the backend's C kernels; on wasm
 * dy·step(y) is one SIMD kernel.)
 *
 * The gradients are computed as the unfused layer's are; the forward values may differ in
 * the last bit (the fused kernel adds the bias inside the convolution's sum). `fuseConvLayers` swaps
 * the `call` of each Conv2D layer that fits (2-D, channels last, no dilation, relu or linear) for this
 * op; other layers, and symbolic calls, keep their own.
 */
import * as tf from '@tensorflow/tfjs';
import { RELU_GRAD_KERNEL } from './wasm-backend/relu-grad';

type Activation = 'relu' | 'linear';

interface ConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
}

/** The training copy of the backend's FusedConv2D (its own name, so that it can carry its own gradient). */
const KERNEL = 'TrainingFusedConv2D';
/**
 * dy·step(y) and, with `bias`, its per-channel sum: both in one SIMD pass where the backend has
 * TrainingReluGrad (wasm-backend/relu-grad.ts), else Step, Multiply and Sum (the wasm backend's own
 * Step and Multiply were faster than one JS pass).
 */
function activationGradients(dy: tf.Tensor, y: tf.Tensor, activation: Activation, bias: boolean): [tf.Tensor, tf.Tensor | undefined] {
  if (activation === 'relu' && tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend())) {
    const out = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y } as unknown as tf.NamedTensorMap, { withSum: bias });
    return Array.isArray(out) ? [out[0]!, out[1]] : [out, undefined];
  }
  const dyAct = activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
  return [dyAct, bias ? tf.sum(dyAct, [0, 1, 2]) : undefined];
}

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as tf.Tensor4D[];
      const { strides, pad, activation } = attrs as unknown as ConvAttrs;
      const withBias = !!(attrs as { hasBias?: boolean }).hasBias;
      // Eager: both convolution gradients use it (each lazy gradient runs in its own tidy).
      const [dyAct, biasGrad] = activationGradients(dy as tf.Tensor, y!, activation, withBias);
      const e = tf.engine();
      return {
        // Lazy, as tfjs's Conv2D gradient: the model input's gradient is never computed.
        x: () =>
          e.runKernel('Conv2DBackpropInput', { dy: dyAct, filter: filter! }, { strides, pad, dataFormat: 'NHWC', inputShape: x!.shape } as never) as tf.Tensor,
        filter: () =>
          e.runKernel('Conv2DBackpropFilter', { x: x!, dy: dyAct }, { strides, pad, dataFormat: 'NHWC', filterShape: filter!.shape } as never) as tf.Tensor,
        ...(withBias ? { bias: () => biasGrad! } : {}),
      };
    },
  });
}

/** Makes the training copy of FusedConv2D on the active backend; false where the backend has no FusedConv2D. */
function ensureKernel(): boolean {
  register();
  const backendName = tf.getBackend();
  if (tf.getKernel(KERNEL, backendName)) return true;
  const fused = tf.getKernel('FusedConv2D', backendName);
  if (!fused) return false;
  // The backend's kernel function itself: one dispatch, not a kernel calling another.
  tf.registerKernel({ kernelName: KERNEL, backendName, kernelFunc: fused.kernelFunc });
  return true;
}

/** relu(conv2d(x, filter) + bias) (NHWC, no dilation): one FusedConv2D kernel forward, tfjs's own fused-conv gradient; null where the backend cannot. */
export function fusedConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, { strides, pad, activation }: ConvAttrs): tf.Tensor4D | null {
  if (!ensureKernel()) return null;
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation, hasBias: !!bias };
  return tf
    .engine()
    .runKernel(KERNEL, (bias ? { x, filter, bias } : { x, filter }) as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

interface ConvLayerInternals {
  rank: number;
  dataFormat: string;
  padding: string;
  strides: number[];
  dilationRate: number | number[];
  activation: { getClassName(): string };
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: object): tf.Tensor | tf.Tensor[];
}

/** The fused attributes of a Conv2D layer, or null when it must keep its own call. */
function fusable(layer: tf.layers.Layer): ConvAttrs | null {
  if (layer.getClassName() !== 'Conv2D') return null;
  const l = layer as unknown as ConvLayerInternals;
  const dilation = typeof l.dilationRate === 'number' ? [l.dilationRate] : l.dilationRate;
  const activation = l.activation?.getClassName();
  const act: Activation | null = activation === 'relu' || activation === 'linear' ? activation : null;
  if (l.rank !== 2 || l.dataFormat !== 'channelsLast' || !act || dilation.some((d) => d !== 1)) return null;
  if (l.padding !== 'same' && l.padding !== 'valid') return null;
  return { strides: [l.strides[0]!, l.strides[1] ?? l.strides[0]!], pad: l.padding, activation: act };
}

/** Makes each fitting Conv2D layer of `model` train through `fusedConv2d`; returns how many it changed. */
export function fuseConvLayers(model: tf.LayersModel): number {
  let changed = 0;
  for (const layer of model.layers) {
    const attrs = fusable(layer);
    if (!attrs || Object.prototype.hasOwnProperty.call(layer, 'call')) continue;
    const l = layer as unknown as ConvLayerInternals;
    const original = l.call.bind(l) as ConvLayerInternals['call'];
    l.call = (inputs, kwargs) => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // Only while a gradient is recorded: elsewhere tfjs fuses by itself.
      if (!(x instanceof tf.Tensor) || x.rank !== 4 || (Array.isArray(inputs) && inputs.length !== 1) || !gradientRecorded() || !ensureKernel())
        return original(inputs, kwargs);
      return tf.tidy(() => fusedConv2d(x as tf.Tensor4D, l.kernel.read() as tf.Tensor4D, (l.bias?.read() as tf.Tensor1D | undefined) ?? null, attrs)!);
    };
    changed++;
  }
  return changed;
}

const gradientRecorded = () => (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
