/**
 * Conv2D + bias + relu in one forward kernel while training. tfjs's fused conv refuses to fuse when a
 * gradient is being recorded and the activation is not linear (`shouldFuse`), so every Conv2D layer
 * with relu trains as Conv2D, Add (bias) and Relu, each saved on the tape, and their gradients (Cast,
 * Step, Multiply, Sum, Reshape…). `fusedConv2d` runs the backend's `FusedConv2D` kernel under
 * `tf.customGrad` with the gradient tfjs itself writes for its fused conv (dy·step(y), then the two
 * convolution gradients and the bias sum), so training takes the same kernels as inference.
 *
 * The gradients are those of the unfused layer, kernel for kernel; the forward values may differ in
 * the last bit (the fused kernel adds the bias inside the convolution's sum). `fuseConvLayers` swaps
 * the `call` of each Conv2D layer that fits (2-D, channels last, no dilation, relu or linear) for this
 * op; other layers, and symbolic calls, keep their own.
 */
import * as tf from '@tensorflow/tfjs';

type Activation = 'relu' | 'linear';

interface ConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
}

/** One fused op per attribute set (tf.customGrad captures them). */
function makeOp({ strides, pad, activation }: ConvAttrs, withBias: boolean) {
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], activation } as unknown as tf.NamedAttrMap;
  const grad = (dy: tf.Tensor, [x, filter, y]: tf.Tensor[]): tf.Tensor[] => {
    const e = tf.engine();
    const dyAct = activation === 'relu' ? tf.mul(dy, tf.step(y!)) : dy;
    const dx = e.runKernel('Conv2DBackpropInput', { dy: dyAct, filter: filter! }, {
      strides,
      pad,
      dataFormat: 'NHWC',
      inputShape: x!.shape,
    } as never) as tf.Tensor;
    const df = e.runKernel('Conv2DBackpropFilter', { x: x!, dy: dyAct }, {
      strides,
      pad,
      dataFormat: 'NHWC',
      filterShape: filter!.shape,
    } as never) as tf.Tensor;
    return withBias ? [dx, df, tf.sum(dyAct, [0, 1, 2])] : [dx, df];
  };
  return tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [x, filter, bias] = args as tf.Tensor[];
    const inputs = (withBias ? { x, filter, bias } : { x, filter }) as unknown as tf.NamedTensorMap;
    const y = tf.engine().runKernel('FusedConv2D', inputs, attrs) as tf.Tensor;
    save([x!, filter!, y]);
    return { value: y, gradFunc: grad };
  }) as never) as (...inputs: tf.Tensor[]) => tf.Tensor;
}

const ops = new Map<string, (...inputs: tf.Tensor[]) => tf.Tensor>();

/** relu(conv2d(x, filter) + bias) (NHWC, no dilation), one FusedConv2D kernel forward, tfjs's own fused-conv gradient. */
export function fusedConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, attrs: ConvAttrs): tf.Tensor4D {
  const key = `${attrs.strides.join(',')}|${attrs.pad}|${attrs.activation}|${!!bias}`;
  let op = ops.get(key);
  if (!op) ops.set(key, (op = makeOp(attrs, !!bias)));
  return (bias ? op(x, filter, bias) : op(x, filter)) as tf.Tensor4D;
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
    const original = l.call.bind(l);
    l.call = (inputs, kwargs) => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // Only while a gradient is recorded: elsewhere tfjs fuses by itself.
      if (!(x instanceof tf.Tensor) || x.rank !== 4 || (Array.isArray(inputs) && inputs.length !== 1) || !gradientRecorded()) return original(inputs, kwargs);
      return tf.tidy(() => fusedConv2d(x as tf.Tensor4D, l.kernel.read() as tf.Tensor4D, (l.bias?.read() as tf.Tensor1D | undefined) ?? null, attrs));
    };
    changed++;
  }
  return changed;
}

const gradientRecorded = () => (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;
