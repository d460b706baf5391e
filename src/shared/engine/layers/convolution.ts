/**
 * Convolution layers on sequences (1-D), images (2-D) and volumes (3-D): Conv, ConvTranspose,
 * DepthwiseConv, SeparableConv. The arithmetic is written once for any number of spatial axes; each
 * spec picks its axes.
 */
import type { GraphNode, LayerParams } from '../../graph/graph';
import { CONVENTIONS, transposedOutput } from '../conventions';
import { fmtInt } from '../format';
import { ints, num } from '../params';
import type { InferInput, InferOutput, KerasLayerJson, LayerSpec, ParamSchema, PytorchContext, PytorchLayer, TraceLine } from '../types';
import {
  activationParam,
  activationShort,
  axisNames,
  dilationParam,
  explicitPads,
  explicitPaddingTfjsProblem,
  filtersParam,
  firstProblem,
  groupsMismatch,
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
import { withDataFormat } from './data-format';
import { activationModule, assemble, biasWeight, kernelWeight, padsPerAxis, pySize, pyTuple, symmetric, zeroPad } from './pytorch';

type Axes = 1 | 2 | 3;

/** Symbols in the traces, by the number of spatial axes. */
const KERNEL = { 1: 'k', 2: 'kh·kw', 3: 'kd·kh·kw' } as const;
const OUT = { 1: 'Lout', 2: 'Hout·Wout', 3: 'Dout·Hout·Wout' } as const;
const IN = { 1: 'Lin', 2: 'Hin·Win', 3: 'Din·Hin·Win' } as const;
const WHAT = { 1: 'sequence (L × C)', 2: 'image (H × W × C)', 3: 'volume (D × H × W × C)' } as const;

/** Keras kernel [k…, a, b] → PyTorch [b, a, k…] (Conv weight [out, in, k…], ConvTranspose [in, out, k…]). */
const kernelPermute = (axes: number) => [axes + 1, axes, ...Array.from({ length: axes }, (_, i) => i)];
/** Keras depthwise kernel [k…, Cin, dm] → PyTorch [Cin, dm, k…] (then reshaped to [Cin·dm, 1, k…]). */
const depthwisePermute = (axes: number) => [axes, axes + 1, ...Array.from({ length: axes }, (_, i) => i)];

const mode = (params: LayerParams) => (typeof params.padding === 'string' ? params.padding : 'valid');

/** Explicit padding exports as ZeroPadding(1D|2D|3D) + the layer with 'valid'. */
function withExplicitPadding(node: GraphNode, params: LayerParams, axes: number, layer: KerasLayerJson): KerasLayerJson[] {
  const pads = explicitPads(params, axes);
  if (!pads || pads.every((p) => p === 0)) return [layer];
  const pairs = pads.map((p) => [p, p]);
  // As ZeroPadding1D writes itself: (start, end), and no data_format in tf.keras 2.
  const config = axes === 1 ? { padding: pairs[0] } : { padding: pairs, data_format: 'channels_last' };
  return [{ class_name: `ZeroPadding${axes}D`, config: { ...kerasBase(node, `${node.name}_pad`), ...config } }, layer];
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

const outputSizeError = (out: number[]) =>
  out.some((v) => v <= 0)
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

const groupsParam: ParamSchema = {
  key: 'groups',
  label: 'Groups',
  kind: 'int',
  min: 1,
  max: 65536,
  default: 1,
  help: 'Splits the input channels and the filters into this many independent groups (the original AlexNet used 2); both must divide by it.',
};

function inferConv(input: InferInput, axes: Axes): InferOutput {
  const { params, inputShapes } = input;
  const shape = inputShapes[0]!;
  const spatial = shape.slice(0, axes);
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const groups = num(params.groups ?? 1);
  const w = windowParams(params, axes);
  const win = windowAxes(input, spatial, w.kernel, w.strides, w.dilation, w.padding, 'kernel');
  const k = w.kernel.reduce((a, b) => a * b, 1);
  const bias = params.use_bias !== false;
  // Each filter sees Cin/g channels (Keras' kernel is k… × Cin/g × F).
  const fanIn = (k * cin) / groups;
  const total = fanIn * filters + (bias ? filters : 0);
  const kText = w.kernel.join('·');
  const cinSym = groups > 1 ? 'Cin/g' : 'Cin';
  const cinText = groups > 1 ? `${cin}/${groups}` : `${cin}`;
  const trace = [
    ...win.trace,
    bias
      ? paramsTrace(`(${KERNEL[axes]}·${cinSym} + 1)·F`, `(${kText}·${cinText} + 1)·${filters}`, total)
      : paramsTrace(`${KERNEL[axes]}·${cinSym}·F`, `${kText}·${cinText}·${filters}`, total),
    productTrace('MACs', `${OUT[axes]}·F·(${KERNEL[axes]}·${cinSym})`, [...win.out, filters, fanIn]),
  ];
  return {
    shape: [...win.out, filters],
    params: { trainable: total, nonTrainable: 0 },
    macs: win.out.reduce((a, b) => a * b, 1) * filters * fanIn,
    trace,
    window: { kernel: w.kernel, stride: w.strides, dilation: w.dilation, padBefore: win.padBefore },
    diagnostics: [...win.diagnostics, ...(cin % groups === 0 ? [] : [groupsMismatch('input channels', cin, groups)])],
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

function convToPytorch({ params, inputShapes }: PytorchContext, axes: Axes): PytorchLayer {
  const shape = inputShapes[0]!;
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const groups = num(params.groups ?? 1);
  const w = windowParams(params, axes);
  const { arg, pad } = torchPadding(padsPerAxis(shape.slice(0, axes), w.kernel, w.strides, w.dilation, w.padding));
  const bias = params.use_bias !== false;
  // Keras and PyTorch split the channels into groups the same way: group i reads input channels i·Cin/g … and writes filters i·F/g ….
  const conv = {
    module: `nn.Conv${axes}d(${cin}, ${filters}, ${pySize(w.kernel)}${strideArgs(w.strides, w.dilation)}${arg}${groups > 1 ? `, groups=${groups}` : ''}${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...w.kernel, cin / groups, filters], kernelPermute(axes)), ...(bias ? [biasWeight(filters)] : [])],
  };
  return assemble([pad, conv, activationModule(params.activation)]);
}

/** DepthwiseConv, and the depthwise step of SeparableConv: `Conv{n}d(groups=Cin)`, output channel c·dm + j as in Keras. */
function depthwiseToPytorch({ params, inputShapes }: PytorchContext, separable: boolean, axes: Axes): PytorchLayer {
  const shape = inputShapes[0]!;
  const cin = shape[axes]!;
  const dm = num(params.depth_multiplier);
  const win = windowParams(params, axes);
  const { arg, pad } = torchPadding(padsPerAxis(shape.slice(0, axes), win.kernel, win.strides, win.dilation, win.padding));
  const bias = params.use_bias !== false;
  const depthBias = bias && !separable;
  const depthwise = {
    module: `nn.Conv${axes}d(${cin}, ${cin * dm}, ${pySize(win.kernel)}${strideArgs(win.strides, win.dilation)}${arg}, groups=${cin}${depthBias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...win.kernel, cin, dm], depthwisePermute(axes), 'depthwise_kernel'), ...(depthBias ? [biasWeight(cin * dm)] : [])],
  };
  if (!separable) return assemble([pad, depthwise, activationModule(params.activation)]);
  const filters = num(params.filters);
  const pointwise = {
    module: `nn.Conv${axes}d(${cin * dm}, ${filters}, 1${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...Array(axes).fill(1), cin * dm, filters], kernelPermute(axes), 'pointwise_kernel'), ...(bias ? [biasWeight(filters)] : [])],
  };
  return assemble([pad, depthwise, pointwise, activationModule(params.activation)]);
}

/**
 * A transposed convolution as TF computes it: the full transposed convolution ((n − 1)·s + dk), extended
 * at the end where Keras' output is longer (PyTorch's output_padding) and cropped where it is shorter
 * ('same' and integer padding: TF crops ⌊total/2⌋ before, the rest after). Symmetric crops go into `padding=`.
 */
function transposeToPytorch({ params, inputShapes, outputShape }: PytorchContext, axes: Axes): PytorchLayer {
  const shape = inputShapes[0]!;
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const win = windowParams(params, axes);
  const perAxis = shape.slice(0, axes).map((n, i) => {
    const dk = (win.kernel[i]! - 1) * win.dilation[i]! + 1;
    const s = win.strides[i]!;
    const out = outputShape[i]!;
    const full = (n - 1) * s + dk;
    const mode = win.padding[i]!;
    const before = typeof mode === 'number' ? mode : mode === 'same' ? Math.floor(Math.max(full - out, 0) / 2) : 0;
    const extra = Math.max(out + before - full, 0);
    return { before, extra, after: full + extra - before - out, limit: Math.max(s, win.dilation[i]!) };
  });
  const tooLong = perAxis.findIndex((a) => a.extra >= a.limit);
  if (tooLong >= 0) {
    const unit = axes === 1 ? 'steps' : axisNames(axes)[tooLong] === 'W' ? 'columns' : axisNames(axes)[tooLong] === 'H' ? 'rows' : 'slices';
    return {
      error: `its output needs ${perAxis[tooLong]!.extra} extra ${unit}, but PyTorch's output_padding must be smaller than the stride or the dilation`,
    };
  }
  const inside = perAxis.every((a) => a.before === a.after);
  const bias = params.use_bias !== false;
  const op = perAxis.map((a) => a.extra);
  const conv = {
    module:
      `nn.ConvTranspose${axes}d(${cin}, ${filters}, ${pySize(win.kernel)}${strideArgs(win.strides, win.dilation)}` +
      `${inside && perAxis.some((a) => a.before > 0) ? `, padding=${pySize(perAxis.map((a) => a.before))}` : ''}` +
      `${op.some((v) => v > 0) ? `, output_padding=${pySize(op)}` : ''}${bias ? '' : ', bias=False'})`,
    weights: [kernelWeight([...win.kernel, filters, cin], kernelPermute(axes)), ...(bias ? [biasWeight(filters)] : [])],
  };
  const crop = inside ? null : `Crop(${perAxis.map((a) => pyTuple([a.before, a.after])).join(', ')})`;
  return assemble([conv, crop, activationModule(params.activation)]);
}

const GROUPS_DOC = 'with g groups each filter sees Cin/g channels: (k·Cin/g + 1)·F (TensorFlow.js cannot train grouped convolutions).';

const CONV_KEYS = ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'groups', 'activation', 'use_bias'];

function convSpec(axes: Axes, extra: Partial<LayerSpec> = {}): LayerSpec {
  const modes = axes === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same'];
  return withDataFormat(
    {
      type: `Conv${axes}D`,
      family: 'convolution',
      summary: `Slides F learned ${KERNEL[axes].replace(/·/g, '×')}×Cin kernels over the ${WHAT[axes]}, one output channel each.`,
      docs: `Output ${CONVENTIONS.valid} for 'valid', ${CONVENTIONS.same}. Explicit padding p: ${CONVENTIONS.explicit}. Parameters (${KERNEL[axes]}·Cin + 1)·F with bias; ${GROUPS_DOC} ${CONVENTIONS.stridesWithDilation}.`,
      params: [
        filtersParam(32),
        kernelParam(axes),
        stridesParam(axes),
        paddingParam(axes, modes),
        dilationParam(axes),
        groupsParam,
        activationParam(),
        useBiasParam,
      ],
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: (p) => `${p.filters}@${windowShort(p, axes)}${activationShort(p)}`,
      validate: (p) => [
        ...stridesWithDilation(p, axes),
        ...(num(p.filters) % num(p.groups) === 0 ? [] : [groupsMismatch('filters', num(p.filters), num(p.groups))]),
      ],
      infer: (input) => inferConv(input, axes),
      toKeras: (node, p) =>
        withExplicitPadding(node, p, axes, {
          class_name: `Conv${axes}D`,
          config: { ...convConfig(node, p, axes), filters: p.filters, groups: p.groups, kernel_initializer: glorot, bias_initializer: zeros },
        }),
      toPytorch: (ctx) => convToPytorch(ctx, axes),
      fromKeras: (c) => fromKerasWindow(c, CONV_KEYS),
      tfjsProblem: (p) => {
        const groups = num(p.groups);
        return firstProblem(
          groups > 1
            ? `is a grouped convolution (groups ${groups}): TensorFlow.js has no grouped convolutions. Use groups 1 for training (it stays grouped for export), or split it into ${groups} convolutions joined by a Concatenate.`
            : undefined,
          explicitPaddingTfjsProblem(p, axes),
        );
      },
      ...extra,
    },
    axes,
  );
}

export const conv2d = convSpec(2, {
  summary: 'Slides F learned kh×kw×Cin kernels over the image (cross-correlation), one output channel each.',
  kernelView: { weight: 'kernel', layout: 'in-out' },
});

export const conv1d = convSpec(1, {
  summary: 'A 1-D convolution over sequences (L × C); supports causal padding.',
  docs: `Output ${CONVENTIONS.valid}; 'same' and 'causal' give ⌈L/s⌉ (${CONVENTIONS.causal}). Parameters (k·Cin + 1)·F; ${GROUPS_DOC}`,
});

function inferDepthwise(input: InferInput, separable: boolean, axes: Axes): InferOutput {
  const { params, inputShapes } = input;
  const shape = inputShapes[0]!;
  const cin = shape[axes]!;
  const dm = num(params.depth_multiplier);
  const win = windowParams(params, axes);
  const result = windowAxes(input, shape.slice(0, axes), win.kernel, win.strides, win.dilation, win.padding, 'kernel');
  const k = win.kernel.reduce((a, b) => a * b, 1);
  const bias = params.use_bias !== false;
  const positions = result.out.reduce((a, b) => a * b, 1);
  const kText = win.kernel.join('·');
  const ks = KERNEL[axes];
  let total: number;
  let outC: number;
  const trace: TraceLine[] = [...result.trace];
  if (separable) {
    const filters = num(params.filters);
    outC = filters;
    total = k * cin * dm + cin * dm * filters + (bias ? filters : 0);
    trace.push(
      paramsTrace(`${ks}·Cin·dm + Cin·dm·F${bias ? ' + F' : ''}`, `${kText}·${cin}·${dm} + ${cin}·${dm}·${filters}${bias ? ` + ${filters}` : ''}`, total),
    );
    trace.push({
      label: 'MACs',
      formula: `${OUT[axes]}·Cin·dm·(${ks} + F)`,
      text: `${positions}·${cin}·${dm}·(${k} + ${filters}) = ${fmtInt(positions * cin * dm * (k + filters))}`,
    });
  } else {
    outC = cin * dm;
    total = k * cin * dm + (bias ? cin * dm : 0);
    trace.push(paramsTrace(`${ks}·Cin·dm${bias ? ' + Cin·dm' : ''}`, `${kText}·${cin}·${dm}${bias ? ` + ${cin}·${dm}` : ''}`, total));
    trace.push(productTrace('MACs', `${OUT[axes]}·Cin·dm·${ks}`, [...result.out, cin, dm, k]));
  }
  const macs = separable ? positions * cin * dm * (k + num(params.filters)) : positions * cin * dm * k;
  return {
    shape: [...result.out, outC],
    params: { trainable: total, nonTrainable: 0 },
    macs,
    trace,
    window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: result.padBefore },
    diagnostics: result.diagnostics,
  };
}

const depthMultiplier: ParamSchema = {
  key: 'depth_multiplier',
  label: 'Depth multiplier',
  kind: 'int',
  min: 1,
  max: 1024,
  default: 1,
  help: 'Kernels per input channel.',
};

function depthwiseSpec(axes: 1 | 2, extra: Partial<LayerSpec> = {}): LayerSpec {
  return withDataFormat(
    {
      type: `DepthwiseConv${axes}D`,
      family: 'convolution',
      summary: `One ${KERNEL[axes].replace('·', '×')} kernel per input channel (× depth multiplier); channels are not mixed.`,
      docs: `Output channels Cin·dm. Parameters ${KERNEL[axes]}·Cin·dm + Cin·dm (bias). ${axes === 1 ? 'Lengths' : 'Spatial sizes'} as Conv${axes}D.`,
      params: [kernelParam(axes), stridesParam(axes), paddingParam(axes), depthMultiplier, dilationParam(axes), activationParam(), useBiasParam],
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: (p) => `${windowShort(p, axes)}${num(p.depth_multiplier) > 1 ? ` ×${p.depth_multiplier}` : ''}${activationShort(p)}`,
      validate: (p) => stridesWithDilation(p, axes),
      infer: (input) => inferDepthwise(input, false, axes),
      toKeras: (node, p) =>
        withExplicitPadding(node, p, axes, {
          class_name: `DepthwiseConv${axes}D`,
          config: { ...convConfig(node, p, axes), depth_multiplier: p.depth_multiplier, depthwise_initializer: glorot, bias_initializer: zeros },
        }),
      toPytorch: (ctx) => depthwiseToPytorch(ctx, false, axes),
      fromKeras: (c) => fromKerasWindow(c, ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'dilation_rate', 'activation', 'use_bias']),
      ...extra,
    },
    axes,
  );
}

export const depthwiseConv2d = depthwiseSpec(2, {
  summary: 'One kh×kw kernel per input channel (× depth multiplier); channels are not mixed.',
  docs: 'Output channels Cin·dm. Parameters kh·kw·Cin·dm + Cin·dm (bias). Spatial sizes as Conv2D.',
  kernelView: { weight: 'depthwise_kernel', layout: 'depthwise' },
});

export const depthwiseConv1d = depthwiseSpec(1, {
  summary: 'One k-long kernel per input channel of a sequence (× depth multiplier); channels are not mixed.',
  notInTfjs: 'TensorFlow.js 4.22 has no DepthwiseConv1D layer',
});

function separableSpec(axes: 1 | 2, extra: Partial<LayerSpec> = {}): LayerSpec {
  return withDataFormat(
    {
      type: `SeparableConv${axes}D`,
      family: 'convolution',
      summary: `A depthwise convolution followed by a pointwise (size 1) convolution to F channels.`,
      docs: `Parameters ${KERNEL[axes]}·Cin·dm + Cin·dm·F + F (bias). Far fewer than Conv${axes}D for the same window.`,
      params: [
        filtersParam(32),
        kernelParam(axes),
        stridesParam(axes),
        paddingParam(axes),
        depthMultiplier,
        dilationParam(axes),
        activationParam(),
        useBiasParam,
      ],
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: (p) => `${p.filters}@${windowShort(p, axes)}${activationShort(p)}`,
      validate: (p) => stridesWithDilation(p, axes),
      infer: (input) => inferDepthwise(input, true, axes),
      toKeras: (node, p) =>
        withExplicitPadding(node, p, axes, {
          class_name: `SeparableConv${axes}D`,
          config: {
            ...convConfig(node, p, axes),
            filters: p.filters,
            depth_multiplier: p.depth_multiplier,
            depthwise_initializer: glorot,
            pointwise_initializer: glorot,
            bias_initializer: zeros,
          },
        }),
      toPytorch: (ctx) => depthwiseToPytorch(ctx, true, axes),
      fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'depth_multiplier', 'dilation_rate', 'activation', 'use_bias']),
      ...extra,
    },
    axes,
  );
}

export const separableConv2d = separableSpec(2, {
  summary: 'A depthwise convolution followed by a 1×1 pointwise convolution to F channels.',
  docs: 'Parameters kh·kw·Cin·dm + Cin·dm·F + F (bias). Far fewer than Conv2D for the same window.',
  // The filters shown are the depthwise step's; the 1×1 pointwise kernel only mixes channels.
  kernelView: { weight: 'depthwise_kernel', layout: 'depthwise' },
});

export const separableConv1d = separableSpec(1, {
  summary: 'A depthwise 1-D convolution followed by a pointwise (k = 1) convolution to F channels.',
  notInTfjs: 'TensorFlow.js 4.22 has no SeparableConv1D layer',
});

function inferTransposed(input: InferInput, axes: Axes): InferOutput {
  const { params, inputShapes } = input;
  const shape = inputShapes[0]!;
  const spatial = shape.slice(0, axes);
  const cin = shape[axes]!;
  const filters = num(params.filters);
  const win = windowParams(params, axes);
  const op = params.output_padding === null || params.output_padding === undefined ? null : ints(params.output_padding, axes);
  const names = axisNames(axes);
  const perAxis = spatial.map((size, i) =>
    transposedOutput(names[i]!, size, win.kernel[i]!, win.strides[i]!, win.dilation[i]!, win.padding[i] as 'valid' | 'same' | number, op ? op[i]! : null),
  );
  const out = perAxis.map((a) => a.out);
  const k = win.kernel.reduce((a, b) => a * b, 1);
  const bias = params.use_bias !== false;
  const total = k * filters * cin + (bias ? filters : 0);
  const positions = spatial.reduce((a, b) => a * b, 1);
  return {
    shape: [...out, filters],
    params: { trainable: total, nonTrainable: 0 },
    macs: positions * cin * k * filters,
    trace: [
      ...perAxis.flatMap((a) => a.trace),
      bias
        ? paramsTrace(`${KERNEL[axes]}·F·Cin + F`, `${win.kernel.join('·')}·${filters}·${cin} + ${filters}`, total)
        : paramsTrace(`${KERNEL[axes]}·F·Cin`, `${win.kernel.join('·')}·${filters}·${cin}`, total),
      productTrace('MACs', `${IN[axes]}·Cin·${KERNEL[axes]}·F`, [...spatial, cin, k, filters]),
    ],
    window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: perAxis.map((a) => a.padBefore), transposed: true },
    diagnostics: outputSizeError(out),
  };
}

function transposedToKeras(axes: Axes) {
  return (node: GraphNode, p: LayerParams): KerasLayerJson[] => {
    const type = `Conv${axes}DTranspose`;
    const pads = explicitPads(p, axes);
    const op = p.output_padding === null || p.output_padding === undefined ? null : ints(p.output_padding, axes);
    const base = { ...convConfig(node, p, axes), filters: p.filters, kernel_initializer: glorot, bias_initializer: zeros };
    if (!pads) return [{ class_name: type, config: { ...base, output_padding: op } }];
    // PyTorch-style padding p: a 'valid' transposed conv with explicit output_padding, then crop p on each side.
    const layer = {
      class_name: type,
      config: { ...base, name: pads.some((v) => v > 0) ? `${node.name}_full` : node.name, padding: 'valid', output_padding: op ?? Array(axes).fill(0) },
    };
    if (pads.every((v) => v === 0)) return [layer];
    const pairs = pads.map((v) => [v, v]);
    const cropping = axes === 1 ? { cropping: pairs[0] } : { cropping: pairs, data_format: 'channels_last' };
    return [layer, { class_name: `Cropping${axes}D`, config: { ...kerasBase(node), ...cropping } }];
  };
}

function transposedSpec(axes: Axes, extra: Partial<LayerSpec> = {}): LayerSpec {
  return withDataFormat(
    {
      type: `Conv${axes}DTranspose`,
      family: 'convolution',
      summary: `Transposed ("de-") convolution of a ${WHAT[axes]}: upsamples by the stride, e.g. ${axes === 1 ? 'L = 7 → 14' : '7 → 14 per axis'} with stride 2.`,
      docs: `${CONVENTIONS.transposedValid}; ${CONVENTIONS.transposedSame}; with output_padding: ${CONVENTIONS.transposedWithOutputPadding}; explicit p: ${CONVENTIONS.transposedExplicit}. Parameters ${KERNEL[axes]}·F·Cin + F.`,
      params: [
        filtersParam(32),
        kernelParam(axes),
        stridesParam(axes),
        paddingParam(axes),
        {
          key: 'output_padding',
          label: 'Output padding',
          kind: 'optionalInts',
          length: axes,
          min: 0,
          default: null,
          unit: 'px',
          help: 'Extra positions on one side of the output, per axis; must be smaller than the stride. Empty = Keras default.',
        },
        dilationParam(axes),
        activationParam(),
        useBiasParam,
      ],
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: (p) => `${p.filters}@${windowShort(p, axes)}${activationShort(p)}`,
      validate: (p) => {
        const problems = stridesWithDilation(p, axes);
        if (p.output_padding !== null && p.output_padding !== undefined) {
          const op = ints(p.output_padding, axes);
          const s = ints(p.strides, axes);
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
      infer: (input) => inferTransposed(input, axes),
      // tfjs' transposed convolutions drop output_padding (and the 0 the export sets for PyTorch padding), so their sizes differ from Keras'.
      tfjsProblem: (p) => {
        const op = p.output_padding === null || p.output_padding === undefined ? null : ints(p.output_padding, axes);
        const w = windowParams(p, axes);
        const pytorchShort = explicitPads(p, axes) !== null && w.kernel.some((k, i) => k < w.strides[i]!);
        return firstProblem(
          op || pytorchShort
            ? `${op ? `sets output_padding ${op.join('×')}` : 'has PyTorch padding with a kernel smaller than its stride'}, which TensorFlow.js ignores, so it would train on other sizes. Clear the output padding (or use padding 'same') for training.`
            : undefined,
          explicitPaddingTfjsProblem(p, axes),
        );
      },
      toKeras: transposedToKeras(axes),
      toPytorch: (ctx) => transposeToPytorch(ctx, axes),
      fromKeras: (c) => fromKerasWindow(c, ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'dilation_rate', 'activation', 'use_bias']),
      ...extra,
    },
    axes,
  );
}

export const conv2dTranspose = transposedSpec(2, {
  summary: 'Transposed ("de-") convolution: upsamples by the stride, e.g. 7×7 → 14×14 with stride 2.',
  docs: `${CONVENTIONS.transposedValid}; ${CONVENTIONS.transposedSame}; with output_padding: ${CONVENTIONS.transposedWithOutputPadding}; explicit p: ${CONVENTIONS.transposedExplicit}. Parameters kh·kw·F·Cin + F.`,
  kernelView: { weight: 'kernel', layout: 'out-in' },
});

export const conv1dTranspose = transposedSpec(1, {
  summary: 'Transposed 1-D convolution: upsamples a sequence by the stride, e.g. L = 50 → 100 with stride 2.',
  notInTfjs: 'TensorFlow.js 4.22 has no Conv1DTranspose layer',
});

export const conv3d = convSpec(3, {
  summary: 'Slides F learned kd×kh×kw×Cin kernels through the volume (D × H × W × C: scans, video clips), one output channel each.',
});

export const conv3dTranspose = transposedSpec(3, {
  summary: 'Transposed 3-D convolution: upsamples a volume by the stride, e.g. 8×8×8 → 16×16×16 with stride 2.',
});

export const convolutionLayers = [
  conv2d,
  conv2dTranspose,
  depthwiseConv2d,
  separableConv2d,
  conv1d,
  conv1dTranspose,
  separableConv1d,
  depthwiseConv1d,
  conv3d,
  conv3dTranspose,
];
