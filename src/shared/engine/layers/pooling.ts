/** Pooling on sequences, images and volumes: max and average pooling, global pooling, and depth (channel-wise) max pooling. */
import type { GraphNode, LayerParams } from '../../graph/graph';
import { CONVENTIONS } from '../conventions';
import { ints, num } from '../params';
import type { InferInput, InferOutput, KerasLayerJson, LayerSpec, ParamSchema, PytorchContext, PytorchLayer } from '../types';
import { axisNames, explicitPads, explicitPaddingTfjsProblem, kerasBase, paddingParam, windowAxes, windowParams, windowShort } from './common';
import { withDataFormat } from './data-format';
import { assemble, padOrder, padsPerAxis, pySize, pyTuple, symmetric, zeroPad } from './pytorch';

type Axes = 1 | 2 | 3;

function inferPool(input: InferInput, axes: Axes): InferOutput {
  const { params, inputShapes } = input;
  const shape = inputShapes[0]!;
  const win = windowParams(params, axes, 'pool_size');
  const result = windowAxes(input, shape.slice(0, axes), win.kernel, win.strides, win.dilation, win.padding, 'pool');
  return {
    shape: [...result.out, shape[axes]!],
    params: { trainable: 0, nonTrainable: 0 },
    macs: 0,
    trace: [...result.trace, { label: 'params', formula: 'none: pooling has no weights', text: '0' }],
    window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: result.padBefore },
    diagnostics: result.diagnostics,
  };
}

function poolToKeras(className: string, axes: Axes) {
  return (node: GraphNode, p: LayerParams): KerasLayerJson[] => {
    const pads = explicitPads(p, axes);
    const layer: KerasLayerJson = {
      class_name: className,
      config: {
        ...kerasBase(node),
        pool_size: ints(p.pool_size, axes),
        strides: p.strides === null || p.strides === undefined ? ints(p.pool_size, axes) : ints(p.strides, axes),
        padding: pads ? 'valid' : p.padding,
        data_format: 'channels_last',
      },
    };
    if (!pads || pads.every((v) => v === 0)) return [layer];
    const pairs = pads.map((v) => [v, v]);
    const padding = axes === 1 ? { padding: pairs[0] } : { padding: pairs, data_format: 'channels_last' };
    return [{ class_name: `ZeroPadding${axes}D`, config: { ...kerasBase(node, `${node.name}_pad`), ...padding } }, layer];
  };
}

/**
 * Pooling as Keras computes it. 'same' pads max pooling with −∞ and leaves the padding out of averages
 * (PyTorch's own padding does both, but only symmetrically and up to half the window); integer padding
 * is the app's ZeroPadding + 'valid' pooling (zeros, counted in averages).
 */
function poolToPytorch(kind: 'Max' | 'Avg', axes: Axes) {
  return ({ params, inputShapes }: PytorchContext): PytorchLayer => {
    const spatial = inputShapes[0]!.slice(0, axes);
    const win = windowParams(params, axes, 'pool_size');
    const pads = padsPerAxis(spatial, win.kernel, win.strides, win.dilation, win.padding);
    const core = `${pySize(win.kernel)}${win.strides.every((s, i) => s === win.kernel[i]) ? '' : `, stride=${pySize(win.strides)}`}`;
    const pool = (extra = '') => `nn.${kind}Pool${axes}d(${core}${extra})`;
    // PyTorch pads inside the layer only symmetrically, by at most half the window; its 3-D pooling also
    // refuses an unpadded input smaller than the window, so that pads outside.
    const fitsInside = symmetric(pads) && pads.every(([p], i) => 2 * p <= win.kernel[i]!) && (axes < 3 || spatial.every((n, i) => n >= win.kernel[i]!));
    const p = pySize(pads.map(([a]) => a));
    if (pads.every(([a, b]) => a === 0 && b === 0)) return assemble([pool()]);
    if (typeof win.padding[0] === 'number') {
      if (kind === 'Avg' && fitsInside) return assemble([pool(`, padding=${p}`)]);
      return assemble([zeroPad(pads), pool()]);
    }
    if (kind === 'Max') return fitsInside ? assemble([pool(`, padding=${p}`)]) : assemble([zeroPad(pads, '-math.inf'), pool()]);
    if (fitsInside) return assemble([pool(`, padding=${p}, count_include_pad=False`)]);
    return assemble([`AvgPoolSame(${pyTuple(win.kernel)}, ${pyTuple(win.strides)}, ${pyTuple(padOrder(pads))})`]);
  };
}

const poolParams = (axes: Axes): ParamSchema[] => [
  {
    key: 'pool_size',
    label: 'Pool size',
    kind: 'ints',
    length: axes,
    min: 1,
    default: Array(axes).fill(2),
    unit: 'px',
    help: axes === 1 ? 'Window length.' : axes === 2 ? 'Window height and width.' : 'Window depth, height and width.',
  },
  {
    key: 'strides',
    label: 'Strides',
    kind: 'optionalInts',
    length: axes,
    min: 1,
    default: null,
    unit: 'px',
    help: 'Step of the window; empty = the pool size (Keras default).',
  },
  paddingParam(axes),
];

const fromKerasPool = (c: Record<string, unknown>): LayerParams => {
  const params: LayerParams = {};
  for (const key of ['pool_size', 'strides', 'padding']) if (c[key] !== undefined && c[key] !== null) params[key] = c[key] as never;
  return params;
};

const WHAT = { 1: 'sequence', 2: 'image', 3: 'volume' } as const;

function poolSpec(kind: 'Max' | 'Avg', axes: Axes, extra: Partial<LayerSpec> = {}): LayerSpec {
  const type = `${kind === 'Max' ? 'Max' : 'Average'}Pooling${axes}D`;
  const halves = axes === 1 ? 'halves L' : axes === 2 ? 'halves H and W' : 'halves D, H and W';
  return withDataFormat(
    {
      type,
      family: 'pooling',
      summary: `${kind === 'Max' ? 'Keeps the largest value in' : 'Averages'} each window of the ${WHAT[axes]}; ${halves} with the default ${Array(axes).fill(2).join('×')}.`,
      docs:
        kind === 'Max'
          ? `Sizes as a convolution with the pool window; ${CONVENTIONS.poolingStrides}. Explicit padding exports as ZeroPadding${axes}D (PyTorch pads max pooling with −∞; equal after a ReLU).`
          : `Sizes as a convolution with the pool window; ${CONVENTIONS.poolingStrides}. Explicit padding counts the zeros (PyTorch count_include_pad=True).`,
      params: poolParams(axes),
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: (p) => windowShort({ ...p, dilation_rate: 1 }, axes, 'pool_size'),
      infer: (input) => inferPool(input, axes),
      tfjsProblem: (p) => explicitPaddingTfjsProblem(p, axes),
      toKeras: poolToKeras(type, axes),
      toPytorch: poolToPytorch(kind, axes),
      fromKeras: fromKerasPool,
      ...extra,
    },
    axes,
    // tfjs 4.22's 1-D pooling has no data_format: it would pool the channels.
    { tfjsIgnoresIt: axes === 1 },
  );
}

export const maxPooling2d = poolSpec('Max', 2, { summary: 'Keeps the largest value in each window; halves H and W with the default 2×2.' });
export const averagePooling2d = poolSpec('Avg', 2, { summary: 'Averages each window; halves H and W with the default 2×2.' });
export const maxPooling1d = poolSpec('Max', 1);
export const averagePooling1d = poolSpec('Avg', 1);

function globalPool(kind: 'Max' | 'Avg', axes: Axes, extra: Partial<LayerSpec> = {}): LayerSpec {
  const type = `Global${kind === 'Max' ? 'Max' : 'Average'}Pooling${axes}D`;
  const what = kind === 'Max' ? 'Maximum' : 'Average';
  const names = axisNames(axes);
  const from = [...names, 'C'].join(' × ');
  return withDataFormat(
    {
      type,
      family: 'pooling',
      summary: `${what} of each channel over all positions: ${from} → C.`,
      docs: `One number per channel (${what.toLowerCase()} over ${names.join('·')}). No parameters.`,
      params: [],
      inputs: { min: 1, max: 1 },
      inputRank: [axes + 1],
      shortForm: () => '',
      infer: ({ inputShapes }) => {
        const shape = inputShapes[0]!;
        const c = shape[axes]!;
        return {
          shape: [c],
          params: { trainable: 0, nonTrainable: 0 },
          macs: 0,
          mixesAllPositions: true,
          trace: [
            { label: 'shape', formula: `${from} → C`, text: `${shape.join(' × ')} → ${c}` },
            { label: 'params', formula: 'none', text: '0' },
          ],
        };
      },
      toKeras: (node) => [{ class_name: type, config: { ...kerasBase(node), data_format: 'channels_last', keepdims: false } }],
      toPytorch: () => assemble([`nn.Adaptive${kind}Pool${axes}d(1)`, 'nn.Flatten()']),
      ...extra,
    },
    axes,
    // tfjs 4.22's 1-D pooling has no data_format: it would pool the channels.
    { tfjsIgnoresIt: axes === 1 },
  );
}

export const globalAveragePooling2d = globalPool('Avg', 2, { summary: 'Average of each channel over all positions: H × W × C → C.' });
export const globalMaxPooling2d = globalPool('Max', 2, { summary: 'Maximum of each channel over all positions: H × W × C → C.' });
export const globalAveragePooling1d = globalPool('Avg', 1);
export const globalMaxPooling1d = globalPool('Max', 1);
export const maxPooling3d = poolSpec('Max', 3);
export const averagePooling3d = poolSpec('Avg', 3);
export const globalAveragePooling3d = globalPool('Avg', 3, { notInTfjs: 'TensorFlow.js 4.22 has no GlobalAveragePooling3D layer' });
export const globalMaxPooling3d = globalPool('Max', 3, { notInTfjs: 'TensorFlow.js 4.22 has no GlobalMaxPooling3D layer' });

/** Channel-wise max pooling as the course builds it (`tf.nn.max_pool` with ksize (1, 1, 1, k)). */
export const depthMaxPooling: LayerSpec = {
  type: 'DepthMaxPooling',
  family: 'pooling',
  summary: 'Max over groups of k neighbouring channels: H × W × C → H × W × C/k.',
  docs: 'Depth-wise (channel) max pooling, e.g. picking the strongest of 3 filter responses per pixel. C must be divisible by k. Not a built-in Keras layer: exported as a custom layer.',
  params: [
    {
      key: 'pool_size',
      label: 'Channels per group',
      kind: 'int',
      min: 1,
      max: 4096,
      default: 3,
      help: 'How many neighbouring channels each output takes the maximum of.',
    },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => `k${p.pool_size}`,
  infer: ({ params, inputShapes }) => {
    const [h, w, c] = inputShapes[0]! as [number, number, number];
    const k = num(params.pool_size);
    const out = Math.floor(c / k);
    const diagnostics =
      c % k === 0
        ? []
        : [
            {
              code: 'channels-not-divisible',
              severity: 'error' as const,
              message: `${c} channels cannot be split into groups of ${k}.`,
              fix: `Use a group size that divides ${c} (e.g. ${[1, 2, 3, 4, 5, 6, 8].filter((d) => c % d === 0).slice(-1)[0] ?? 1}), or change the number of filters before it.`,
              param: 'pool_size',
            },
          ];
    return {
      shape: [h, w, out],
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [{ label: 'C', formula: 'C / k', text: `${c} / ${k} = ${c / k}` }],
      diagnostics,
    };
  },
  toPytorch: ({ params }) => assemble([`DepthMaxPool(${params.pool_size})`]),
  toKeras: (node, p) => [{ class_name: 'DepthMaxPooling', config: { ...kerasBase(node), pool_size: p.pool_size } }],
  fromKeras: (c): LayerParams => (typeof c.pool_size === 'number' ? { pool_size: c.pool_size } : {}),
  notInTfjs: 'a custom layer (the course builds it with tf.nn.max_pool), not in Keras or TensorFlow.js',
};

export const poolingLayers = [
  maxPooling2d,
  averagePooling2d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  depthMaxPooling,
  maxPooling1d,
  averagePooling1d,
  globalAveragePooling1d,
  globalMaxPooling1d,
  maxPooling3d,
  averagePooling3d,
  globalAveragePooling3d,
  globalMaxPooling3d,
];
