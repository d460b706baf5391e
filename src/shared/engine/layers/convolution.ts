/** Convolution layers: Conv2D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D, Conv1D. */
import type { GraphNode, LayerParams } from '../../graph/graph';
import { CONVENTIONS, transposedOutput } from '../conventions';
import { fmtInt } from '../format';
import { ints, num } from '../params';
import type { InferInput, InferOutput, KerasLayerJson, LayerSpec, PytorchContext, PytorchLayer, TraceLine } from '../types';
import {
  activationParam,
  activationShort,
  dilationParam,
  explicitPads,
  filtersParam,
  glorot,
  kerasBase,
  kernelParam,
  paddingParam,
  productTrace,
  stridesParam,
  stridesWithDilation,
  useBiasParam,
  windowAxes,
  windowParams,
  windowShort,
  zeros,
} from './common';
import { activationModule, assemble, biasWeight, kernelWeight, padsPerAxis, pySize, symmetric, zeroPad } from './pytorch';

const mode = (params: LayerParams) => (typeof params.padding === 'string' ? params.padding : 'valid');

/** Explicit padding exports as ZeroPadding(1D|2D) + the layer with 'valid'. */
function withExplicitPadding(node: GraphNode, params: LayerParams, axes: number, layer: KerasLayerJson): KerasLayerJson[] {
  const pads = explicitPads(params, axes);
  if (!pads || pads.every((p) => p === 0)) return [layer];
  const padding =
    axes === 2
      ? [
          [pads[0], pads[0]],
          [pads[1], pads[1]],
        ]
      : [pads[0], pads[0]];
  return [
    { class_name: axes === 2 ? 'ZeroPadding2D' : 'ZeroPadding1D', config: { ...kerasBase(node, `${node.name}_pad`), padding, data_format: 'channels_last' } },
    layer,
  ];
}

const convConfig = (node: GraphNode, params: LayerParams, axes: number) => ({
  ...kerasBase(node),
  kernel_size: ints(params.kernel_size, axes),
  strides: ints(params.strides, axes),
  padding: mode(params),
  data_format: 'channels_last',
  dilation_rate: ints(params.dilation_rate, axes),
  activation: params.activation,
  use_bias: params.use_bias,
});

const fromKerasWindow = (config: Record<string, unknown>, keys: string[]): LayerParams => {
  const params: LayerParams = {};
  for (const key of keys) if (config[key] !== undefined && config[key] !== null) params[key] = config[key] as never;
  if (typeof config.activation === 'object' && config.activation !== null)
    params.activation = String((config.activation as { config?: { name?: string } }).config?.name ?? 'linear');
  return params;
};

function paramsTrace(formula: string, text: string, value: number): TraceLine {
  return { label: 'params', formula, text: `${text} = ${fmtInt(value)}` };
}

function inferConv(input: InferInput, axes: number): InferOutput {
  const { params, inputShapes } = input;
  const shape = inputShapes[0]!;
  const spatial = shape.slice(0, axes);
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const w = windowParams(params, axes);
  const win = windowAxes(input, spatial, w.kernel, w.strides, w.dilation, w.padding, 'kernel');
  const k = w.kernel.reduce((a, b) => a * b, 1);
  const bias = params.use_bias !== false;
  const total = k * cin * filters + (bias ? filters : 0);
  const kText = w.kernel.join('·');
  const trace = [
    ...win.trace,
    bias
      ? paramsTrace(`(${axes === 2 ? 'kh·kw' : 'k'}·Cin + 1)·F`, `(${kText}·${cin} + 1)·${filters}`, total)
      : paramsTrace(`${axes === 2 ? 'kh·kw' : 'k'}·Cin·F`, `${kText}·${cin}·${filters}`, total),
    productTrace('MACs', `${axes === 2 ? 'Hout·Wout' : 'Lout'}·F·(${axes === 2 ? 'kh·kw' : 'k'}·Cin)`, [...win.out, filters, k * cin]),
  ];
  return {
    shape: [...win.out, filters],
    params: { trainable: total, nonTrainable: 0 },
    macs: win.out.reduce((a, b) => a * b, 1) * filters * k * cin,
    trace,
    window: { kernel: w.kernel, stride: w.strides, dilation: w.dilation, padBefore: win.padBefore },
    diagnostics: win.diagnostics,
  };
}

/**
 * Padding for a PyTorch convolution: symmetric pads go into the layer (`padding=`), TF's asymmetric
 * 'same' and 'causal' pads into a zero-padding module before it.
 */
function torchPadding(pads: [number, number][]): { arg: string; pad: string | null } {
  if (symmetric(pads)) return { arg: pads.every(([a]) => a === 0) ? '' : `, padding=${pySize(pads.map(([a]) => a))}`, pad: null };
  return { arg: '', pad: zeroPad(pads) };
}

/** `, stride=2, dilation=2` with the defaults (1) left out. */
const strideArgs = (strides: number[], dilation: number[]) =>
  `${strides.some((v) => v !== 1) ? `, stride=${pySize(strides)}` : ''}${dilation.some((v) => v !== 1) ? `, dilation=${pySize(dilation)}` : ''}`;

function convToPytorch({ params, inputShapes }: PytorchContext, axes: number): PytorchLayer {
  const shape = inputShapes[0]!;
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const w = windowParams(params, axes);
  const { arg, pad } = torchPadding(padsPerAxis(shape.slice(0, axes), w.kernel, w.strides, w.dilation, w.padding));
  const bias = params.use_bias !== false;
  const conv = {
    module: `nn.Conv${axes}d(${cin}, ${filters}, ${pySize(w.kernel)}${strideArgs(w.strides, w.dilation)}${arg}${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...w.kernel, cin, filters], axes === 2 ? [3, 2, 0, 1] : [2, 1, 0]), ...(bias ? [biasWeight(filters)] : [])],
  };
  return assemble([pad, conv, activationModule(params.activation)]);
}

/** DepthwiseConv2D, and the depthwise step of SeparableConv2D: `Conv2d(groups=Cin)`, output channel c·dm + j as in Keras. */
function depthwiseToPytorch({ params, inputShapes }: PytorchContext, separable: boolean): PytorchLayer {
  const [h, w, cin] = inputShapes[0]! as [number, number, number];
  const dm = num(params.depth_multiplier);
  const win = windowParams(params, 2);
  const { arg, pad } = torchPadding(padsPerAxis([h, w], win.kernel, win.strides, win.dilation, win.padding));
  const bias = params.use_bias !== false;
  const depthBias = bias && !separable;
  const depthwise = {
    module: `nn.Conv2d(${cin}, ${cin * dm}, ${pySize(win.kernel)}${strideArgs(win.strides, win.dilation)}${arg}, groups=${cin}${depthBias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...win.kernel, cin, dm], [2, 3, 0, 1], 'depthwise_kernel'), ...(depthBias ? [biasWeight(cin * dm)] : [])],
  };
  if (!separable) return assemble([pad, depthwise, activationModule(params.activation)]);
  const filters = num(params.filters);
  const pointwise = {
    module: `nn.Conv2d(${cin * dm}, ${filters}, 1${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([1, 1, cin * dm, filters], [3, 2, 0, 1], 'pointwise_kernel'), ...(bias ? [biasWeight(filters)] : [])],
  };
  return assemble([pad, depthwise, pointwise, activationModule(params.activation)]);
}

/**
 * Conv2DTranspose as TF computes it: the full transposed convolution ((n − 1)·s + dk), extended at the
 * end where Keras' output is longer (PyTorch's output_padding) and cropped where it is shorter ('same'
 * and integer padding: TF crops ⌊total/2⌋ before, the rest after). Symmetric crops go into `padding=`.
 */
function transposeToPytorch({ params, inputShapes, outputShape }: PytorchContext): PytorchLayer {
  const [h, w, cin] = inputShapes[0]! as [number, number, number];
  const filters = num(params.filters);
  const win = windowParams(params, 2);
  const axes = [h, w].map((n, i) => {
    const dk = (win.kernel[i]! - 1) * win.dilation[i]! + 1;
    const s = win.strides[i]!;
    const out = outputShape[i]!;
    const full = (n - 1) * s + dk;
    const mode = win.padding[i]!;
    const before = typeof mode === 'number' ? mode : mode === 'same' ? Math.floor(Math.max(full - out, 0) / 2) : 0;
    const extra = Math.max(out + before - full, 0);
    return { before, extra, after: full + extra - before - out, limit: Math.max(s, win.dilation[i]!) };
  });
  const tooLong = axes.findIndex((a) => a.extra >= a.limit);
  if (tooLong >= 0)
    return {
      error: `its output needs ${axes[tooLong]!.extra} extra ${tooLong === 0 ? 'rows' : 'columns'}, but PyTorch's output_padding must be smaller than the stride or the dilation`,
    };
  const inside = axes.every((a) => a.before === a.after);
  const bias = params.use_bias !== false;
  const op = axes.map((a) => a.extra);
  const conv = {
    module:
      `nn.ConvTranspose2d(${cin}, ${filters}, ${pySize(win.kernel)}${strideArgs(win.strides, win.dilation)}` +
      `${inside && axes.some((a) => a.before > 0) ? `, padding=${pySize(axes.map((a) => a.before))}` : ''}` +
      `${op.some((v) => v > 0) ? `, output_padding=${pySize(op)}` : ''}${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...win.kernel, filters, cin], [3, 2, 0, 1]), ...(bias ? [biasWeight(filters)] : [])],
  };
  const [ah, aw] = axes as [(typeof axes)[0], (typeof axes)[0]];
  const crop = inside ? null : `Crop2d(${aw.before}, ${aw.after}, ${ah.before}, ${ah.after})`;
  return assemble([conv, crop, activationModule(params.activation)]);
}

export const conv2d: LayerSpec = {
  type: 'Conv2D',
  family: 'convolution',
  summary: 'Slides F learned kh×kw×Cin kernels over the image (cross-correlation), one output channel each.',
  docs: `Output ${CONVENTIONS.valid} for 'valid', ${CONVENTIONS.same}. Explicit padding p: ${CONVENTIONS.explicit}. Parameters (kh·kw·Cin + 1)·F with bias. ${CONVENTIONS.stridesWithDilation}.`,
  params: [filtersParam(32), kernelParam(2), stridesParam(2), paddingParam(2), dilationParam(2), activationParam(), useBiasParam],
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => `${p.filters}@${windowShort(p, 2)}${activationShort(p)}`,
  validate: (p) => stridesWithDilation(p, 2),
  infer: (input) => inferConv(input, 2),
  toKeras: (node, p) =>
    withExplicitPadding(node, p, 2, {
      class_name: 'Conv2D',
      config: { ...convConfig(node, p, 2), filters: p.filters, groups: 1, kernel_initializer: glorot, bias_initializer: zeros },
    }),
  toPytorch: (ctx) => convToPytorch(ctx, 2),
  fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'activation', 'use_bias']),
  kernelView: { weight: 'kernel', layout: 'in-out' },
};

export const conv1d: LayerSpec = {
  type: 'Conv1D',
  family: 'convolution',
  summary: 'A 1-D convolution over sequences (L × C); supports causal padding.',
  docs: `Output ${CONVENTIONS.valid}; 'same' and 'causal' give ⌈L/s⌉ (${CONVENTIONS.causal}). Parameters (k·Cin + 1)·F.`,
  params: [filtersParam(32), kernelParam(1), stridesParam(1), paddingParam(1, ['valid', 'same', 'causal']), dilationParam(1), activationParam(), useBiasParam],
  inputs: { min: 1, max: 1 },
  inputRank: [2],
  shortForm: (p) => `${p.filters}@${windowShort(p, 1)}${activationShort(p)}`,
  validate: (p) => stridesWithDilation(p, 1),
  infer: (input) => inferConv(input, 1),
  toKeras: (node, p) =>
    withExplicitPadding(node, p, 1, {
      class_name: 'Conv1D',
      config: { ...convConfig(node, p, 1), filters: p.filters, groups: 1, kernel_initializer: glorot, bias_initializer: zeros },
    }),
  toPytorch: (ctx) => convToPytorch(ctx, 1),
  fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'activation', 'use_bias']),
};

function inferDepthwise(input: InferInput, separable: boolean): InferOutput {
  const { params, inputShapes } = input;
  const [h, w, cin] = inputShapes[0]! as [number, number, number];
  const dm = num(params.depth_multiplier);
  const win = windowParams(params, 2);
  const axes = windowAxes(input, [h, w], win.kernel, win.strides, win.dilation, win.padding, 'kernel');
  const k = win.kernel[0]! * win.kernel[1]!;
  const bias = params.use_bias !== false;
  const positions = axes.out[0]! * axes.out[1]!;
  const kText = win.kernel.join('·');
  let total: number;
  let outC: number;
  const trace: TraceLine[] = [...axes.trace];
  if (separable) {
    const filters = num(params.filters);
    outC = filters;
    total = k * cin * dm + cin * dm * filters + (bias ? filters : 0);
    trace.push(
      paramsTrace(`kh·kw·Cin·dm + Cin·dm·F${bias ? ' + F' : ''}`, `${kText}·${cin}·${dm} + ${cin}·${dm}·${filters}${bias ? ` + ${filters}` : ''}`, total),
    );
    trace.push({
      label: 'MACs',
      formula: 'Hout·Wout·Cin·dm·(kh·kw + F)',
      text: `${positions}·${cin}·${dm}·(${k} + ${filters}) = ${fmtInt(positions * cin * dm * (k + filters))}`,
    });
  } else {
    outC = cin * dm;
    total = k * cin * dm + (bias ? cin * dm : 0);
    trace.push(paramsTrace(`kh·kw·Cin·dm${bias ? ' + Cin·dm' : ''}`, `${kText}·${cin}·${dm}${bias ? ` + ${cin}·${dm}` : ''}`, total));
    trace.push(productTrace('MACs', 'Hout·Wout·Cin·dm·kh·kw', [axes.out[0]!, axes.out[1]!, cin, dm, k]));
  }
  const macs = separable ? positions * cin * dm * (k + num(params.filters)) : positions * cin * dm * k;
  return {
    shape: [axes.out[0]!, axes.out[1]!, outC],
    params: { trainable: total, nonTrainable: 0 },
    macs,
    trace,
    window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: axes.padBefore },
    diagnostics: axes.diagnostics,
  };
}

const depthMultiplier = {
  key: 'depth_multiplier',
  label: 'Depth multiplier',
  kind: 'int' as const,
  min: 1,
  max: 1024,
  default: 1,
  help: 'Kernels per input channel.',
};

export const depthwiseConv2d: LayerSpec = {
  type: 'DepthwiseConv2D',
  family: 'convolution',
  summary: 'One kh×kw kernel per input channel (× depth multiplier); channels are not mixed.',
  docs: 'Output channels Cin·dm. Parameters kh·kw·Cin·dm + Cin·dm (bias). Spatial sizes as Conv2D.',
  params: [kernelParam(2), stridesParam(2), paddingParam(2), depthMultiplier, dilationParam(2), activationParam(), useBiasParam],
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => `${windowShort(p, 2)}${num(p.depth_multiplier) > 1 ? ` ×${p.depth_multiplier}` : ''}${activationShort(p)}`,
  validate: (p) => stridesWithDilation(p, 2),
  infer: (input) => inferDepthwise(input, false),
  toKeras: (node, p) =>
    withExplicitPadding(node, p, 2, {
      class_name: 'DepthwiseConv2D',
      config: { ...convConfig(node, p, 2), depth_multiplier: p.depth_multiplier, depthwise_initializer: glorot, bias_initializer: zeros },
    }),
  toPytorch: (ctx) => depthwiseToPytorch(ctx, false),
  fromKeras: (c) => fromKerasWindow(c, ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'dilation_rate', 'activation', 'use_bias']),
  kernelView: { weight: 'depthwise_kernel', layout: 'depthwise' },
};

export const separableConv2d: LayerSpec = {
  type: 'SeparableConv2D',
  family: 'convolution',
  summary: 'A depthwise convolution followed by a 1×1 pointwise convolution to F channels.',
  docs: 'Parameters kh·kw·Cin·dm + Cin·dm·F + F (bias). Far fewer than Conv2D for the same window.',
  params: [filtersParam(32), kernelParam(2), stridesParam(2), paddingParam(2), depthMultiplier, dilationParam(2), activationParam(), useBiasParam],
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => `${p.filters}@${windowShort(p, 2)}${activationShort(p)}`,
  validate: (p) => stridesWithDilation(p, 2),
  infer: (input) => inferDepthwise(input, true),
  toKeras: (node, p) =>
    withExplicitPadding(node, p, 2, {
      class_name: 'SeparableConv2D',
      config: {
        ...convConfig(node, p, 2),
        filters: p.filters,
        depth_multiplier: p.depth_multiplier,
        depthwise_initializer: glorot,
        pointwise_initializer: glorot,
        bias_initializer: zeros,
      },
    }),
  toPytorch: (ctx) => depthwiseToPytorch(ctx, true),
  fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'depth_multiplier', 'dilation_rate', 'activation', 'use_bias']),
  // The filters shown are the depthwise step's; the 1×1 pointwise kernel only mixes channels.
  kernelView: { weight: 'depthwise_kernel', layout: 'depthwise' },
};

export const conv2dTranspose: LayerSpec = {
  type: 'Conv2DTranspose',
  family: 'convolution',
  summary: 'Transposed ("de-") convolution: upsamples by the stride, e.g. 7×7 → 14×14 with stride 2.',
  docs: `${CONVENTIONS.transposedValid}; ${CONVENTIONS.transposedSame}; with output_padding: ${CONVENTIONS.transposedWithOutputPadding}; explicit p: ${CONVENTIONS.transposedExplicit}. Parameters kh·kw·F·Cin + F.`,
  params: [
    filtersParam(32),
    kernelParam(2),
    stridesParam(2),
    paddingParam(2),
    {
      key: 'output_padding',
      label: 'Output padding',
      kind: 'optionalInts',
      length: 2,
      min: 0,
      default: null,
      unit: 'px',
      help: 'Extra rows/columns on one side of the output; must be smaller than the stride. Empty = Keras default.',
    },
    dilationParam(2),
    activationParam(),
    useBiasParam,
  ],
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => `${p.filters}@${windowShort(p, 2)}${activationShort(p)}`,
  validate: (p) => {
    const problems = stridesWithDilation(p, 2);
    if (p.output_padding !== null && p.output_padding !== undefined) {
      const op = ints(p.output_padding, 2);
      const s = ints(p.strides, 2);
      if (op.some((v, i) => v >= s[i]!)) {
        problems.push({
          code: 'output-padding-too-large',
          severity: 'error',
          message: `Output padding ${op.join('×')} must be smaller than the strides ${s.join('×')}.`,
          fix: 'Lower the output padding below the stride, or clear it.',
          param: 'output_padding',
        });
      }
    }
    return problems;
  },
  infer: (input) => {
    const { params, inputShapes } = input;
    const [h, w, cin] = inputShapes[0]! as [number, number, number];
    const filters = num(params.filters);
    const win = windowParams(params, 2);
    const op = params.output_padding === null || params.output_padding === undefined ? null : ints(params.output_padding, 2);
    const names = ['H', 'W'];
    const axes = [h, w].map((size, i) =>
      transposedOutput(names[i]!, size, win.kernel[i]!, win.strides[i]!, win.dilation[i]!, win.padding[i] as 'valid' | 'same' | number, op ? op[i]! : null),
    );
    const out = axes.map((a) => a.out);
    const k = win.kernel[0]! * win.kernel[1]!;
    const bias = params.use_bias !== false;
    const total = k * filters * cin + (bias ? filters : 0);
    const diagnostics = out.some((v) => v <= 0)
      ? [
          {
            code: 'size-zero',
            severity: 'error' as const,
            message: `The output would be ${out.join('×')}: explicit padding removes more than the layer produces.`,
            fix: 'Reduce the padding.',
            param: 'padding',
          },
        ]
      : [];
    return {
      shape: [out[0]!, out[1]!, filters],
      params: { trainable: total, nonTrainable: 0 },
      macs: h * w * cin * k * filters,
      trace: [
        ...axes.flatMap((a) => a.trace),
        bias
          ? paramsTrace('kh·kw·F·Cin + F', `${win.kernel.join('·')}·${filters}·${cin} + ${filters}`, total)
          : paramsTrace('kh·kw·F·Cin', `${win.kernel.join('·')}·${filters}·${cin}`, total),
        productTrace('MACs', 'Hin·Win·Cin·kh·kw·F', [h, w, cin, k, filters]),
      ],
      window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: axes.map((a) => a.padBefore), transposed: true },
      diagnostics,
    };
  },
  toKeras: (node, p) => {
    const pads = explicitPads(p, 2);
    const op = p.output_padding === null || p.output_padding === undefined ? null : ints(p.output_padding, 2);
    const base = { ...convConfig(node, p, 2), filters: p.filters, kernel_initializer: glorot, bias_initializer: zeros };
    if (!pads) return [{ class_name: 'Conv2DTranspose', config: { ...base, output_padding: op } }];
    // PyTorch-style padding p: a 'valid' transposed conv with explicit output_padding, then crop p on each side.
    const layer = {
      class_name: 'Conv2DTranspose',
      config: { ...base, name: pads.some((v) => v > 0) ? `${node.name}_full` : node.name, padding: 'valid', output_padding: op ?? [0, 0] },
    };
    if (pads.every((v) => v === 0)) return [layer];
    return [
      layer,
      {
        class_name: 'Cropping2D',
        config: {
          ...kerasBase(node),
          cropping: [
            [pads[0], pads[0]],
            [pads[1], pads[1]],
          ],
          data_format: 'channels_last',
        },
      },
    ];
  },
  toPytorch: transposeToPytorch,
  fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'dilation_rate', 'activation', 'use_bias']),
  kernelView: { weight: 'kernel', layout: 'out-in' },
};

export const convolutionLayers = [conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d, conv1d];
