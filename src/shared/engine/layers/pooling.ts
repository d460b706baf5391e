/** Pooling: MaxPooling2D, AveragePooling2D, global pooling, and depth (channel-wise) max pooling. */
import type { GraphNode, LayerParams } from '../../graph/graph';
import { CONVENTIONS } from '../conventions';
import { ints, num } from '../params';
import type { InferInput, InferOutput, KerasLayerJson, LayerSpec, PytorchContext, PytorchLayer } from '../types';
import { explicitPads, kerasBase, paddingParam, windowAxes, windowParams, windowShort } from './common';
import { assemble, padOrder, padsPerAxis, pySize, pyTuple, symmetric, zeroPad } from './pytorch';

function inferPool(input: InferInput): InferOutput {
  const { params, inputShapes } = input;
  const [h, w, c] = inputShapes[0]! as [number, number, number];
  const win = windowParams(params, 2, 'pool_size');
  const axes = windowAxes(input, [h, w], win.kernel, win.strides, win.dilation, win.padding, 'pool');
  return {
    shape: [axes.out[0]!, axes.out[1]!, c],
    params: { trainable: 0, nonTrainable: 0 },
    macs: 0,
    trace: [...axes.trace, { label: 'params', formula: 'none: pooling has no weights', text: '0' }],
    window: { kernel: win.kernel, stride: win.strides, dilation: win.dilation, padBefore: axes.padBefore },
    diagnostics: axes.diagnostics,
  };
}

function poolToKeras(className: string) {
  return (node: GraphNode, p: LayerParams): KerasLayerJson[] => {
    const pads = explicitPads(p, 2);
    const layer: KerasLayerJson = {
      class_name: className,
      config: {
        ...kerasBase(node),
        pool_size: ints(p.pool_size, 2),
        strides: p.strides === null || p.strides === undefined ? ints(p.pool_size, 2) : ints(p.strides, 2),
        padding: pads ? 'valid' : p.padding,
        data_format: 'channels_last',
      },
    };
    if (!pads || pads.every((v) => v === 0)) return [layer];
    return [
      {
        class_name: 'ZeroPadding2D',
        config: {
          ...kerasBase(node, `${node.name}_pad`),
          padding: [
            [pads[0], pads[0]],
            [pads[1], pads[1]],
          ],
          data_format: 'channels_last',
        },
      },
      layer,
    ];
  };
}

/**
 * Pooling as Keras computes it. 'same' pads max pooling with −∞ and leaves the padding out of averages
 * (PyTorch's own padding does both, but only symmetrically and up to half the window); integer padding
 * is the app's ZeroPadding2D + 'valid' pooling (zeros, counted in averages).
 */
function poolToPytorch(kind: 'Max' | 'Avg') {
  return ({ params, inputShapes }: PytorchContext): PytorchLayer => {
    const [h, w] = inputShapes[0]! as [number, number, number];
    const win = windowParams(params, 2, 'pool_size');
    const pads = padsPerAxis([h, w], win.kernel, win.strides, win.dilation, win.padding);
    const core = `${pySize(win.kernel)}${win.strides.every((s, i) => s === win.kernel[i]) ? '' : `, stride=${pySize(win.strides)}`}`;
    const pool = (extra = '') => `nn.${kind}Pool2d(${core}${extra})`;
    const fitsInside = symmetric(pads) && pads.every(([p], i) => 2 * p <= win.kernel[i]!);
    const p = pySize(pads.map(([a]) => a));
    if (pads.every(([a, b]) => a === 0 && b === 0)) return assemble([pool()]);
    if (typeof win.padding[0] === 'number') {
      if (kind === 'Avg' && fitsInside) return assemble([pool(`, padding=${p}`)]);
      return assemble([zeroPad(pads), pool()]);
    }
    if (kind === 'Max') return fitsInside ? assemble([pool(`, padding=${p}`)]) : assemble([zeroPad(pads, '-math.inf'), pool()]);
    if (fitsInside) return assemble([pool(`, padding=${p}, count_include_pad=False`)]);
    return assemble([`AvgPool2dSame(${pyTuple(win.kernel)}, ${pyTuple(win.strides)}, ${pyTuple(padOrder(pads))})`]);
  };
}

const poolParams = [
  { key: 'pool_size', label: 'Pool size', kind: 'ints' as const, length: 2, min: 1, default: [2, 2], unit: 'px', help: 'Window height and width.' },
  {
    key: 'strides',
    label: 'Strides',
    kind: 'optionalInts' as const,
    length: 2,
    min: 1,
    default: null,
    unit: 'px',
    help: 'Step of the window; empty = the pool size (Keras default).',
  },
  paddingParam(2),
];

const fromKerasPool = (c: Record<string, unknown>): LayerParams => {
  const params: LayerParams = {};
  for (const key of ['pool_size', 'strides', 'padding']) if (c[key] !== undefined && c[key] !== null) params[key] = c[key] as never;
  return params;
};

export const maxPooling2d: LayerSpec = {
  type: 'MaxPooling2D',
  family: 'pooling',
  summary: 'Keeps the largest value in each window; halves H and W with the default 2×2.',
  docs: `Sizes as a convolution with the pool window; ${CONVENTIONS.poolingStrides}. Explicit padding exports as ZeroPadding2D (PyTorch pads max pooling with −∞; equal after a ReLU).`,
  params: poolParams,
  inputs: { min: 1, max: 1 },
  inputRank: [3],
  shortForm: (p) => windowShort({ ...p, dilation_rate: 1 }, 2, 'pool_size'),
  infer: inferPool,
  toKeras: poolToKeras('MaxPooling2D'),
  toPytorch: poolToPytorch('Max'),
  fromKeras: fromKerasPool,
};

export const averagePooling2d: LayerSpec = {
  ...maxPooling2d,
  type: 'AveragePooling2D',
  summary: 'Averages each window; halves H and W with the default 2×2.',
  docs: `Sizes as a convolution with the pool window; ${CONVENTIONS.poolingStrides}. Explicit padding counts the zeros (PyTorch count_include_pad=True).`,
  toKeras: poolToKeras('AveragePooling2D'),
  toPytorch: poolToPytorch('Avg'),
};

function globalPool(type: string, what: string): LayerSpec {
  return {
    type,
    family: 'pooling',
    summary: `${what} of each channel over all positions: H × W × C → C.`,
    docs: `One number per channel (${what.toLowerCase()} over H·W). No parameters.`,
    params: [],
    inputs: { min: 1, max: 1 },
    inputRank: [3],
    shortForm: () => '',
    infer: ({ inputShapes }) => {
      const [h, w, c] = inputShapes[0]! as [number, number, number];
      return {
        shape: [c],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        mixesAllPositions: true,
        trace: [
          { label: 'shape', formula: 'H × W × C → C', text: `${h} × ${w} × ${c} → ${c}` },
          { label: 'params', formula: 'none', text: '0' },
        ],
      };
    },
    toKeras: (node) => [{ class_name: type, config: { ...kerasBase(node), data_format: 'channels_last', keepdims: false } }],
    toPytorch: () => assemble([`nn.Adaptive${type.startsWith('GlobalMax') ? 'Max' : 'Avg'}Pool2d(1)`, 'nn.Flatten()']),
  };
}

export const globalAveragePooling2d = globalPool('GlobalAveragePooling2D', 'Average');
export const globalMaxPooling2d = globalPool('GlobalMaxPooling2D', 'Maximum');

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

export const poolingLayers = [maxPooling2d, averagePooling2d, globalAveragePooling2d, globalMaxPooling2d, depthMaxPooling];
