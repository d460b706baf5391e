/** Core layers: InputLayer, Dense, Flatten, Dropout, Activation (+ ReLU, LeakyReLU, Softmax, ELU, PReLU), Reshape, Permute, RepeatVector. Padding, cropping and upsampling are in `reshaping.ts`. */
import type { LayerParams } from '../../graph/graph';
import { fmtInt } from '../format';
import { num } from '../params';
import type { LayerSpec, Shape, TraceLine } from '../types';
import { activationParam, activationShort, glorot, kerasBase, useBiasParam, zeros } from './common';
import { dataFormatParam } from './data-format';
import { activationModule, assemble, biasWeight, channelsFirst, kernelWeight, py } from './pytorch';

const product = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const pick = (c: Record<string, unknown>, keys: string[]): LayerParams => {
  const params: LayerParams = {};
  for (const key of keys) if (c[key] !== undefined && c[key] !== null) params[key] = c[key] as never;
  return params;
};

export const inputLayer: LayerSpec = {
  type: 'InputLayer',
  family: 'input',
  summary: 'The network input: H × W × C for images, L × C for sequences, D × H × W × C for volumes, or a flat vector.',
  docs: 'Shape without the batch axis, e.g. 28, 28, 1 for MNIST, 100, 3 for a sequence of 100 steps, 16, 64, 64, 1 for a volume (a scan or a clip of 16 frames). No parameters.',
  params: [
    {
      key: 'shape',
      label: 'Shape',
      kind: 'shape',
      default: [28, 28, 1],
      help: 'Sizes without the batch axis: 28, 28, 1 (H, W, C); 100, 3 (L, C); 16, 64, 64, 1 (D, H, W, C).',
    },
  ],
  inputs: { min: 0, max: 0 },
  inputRank: 'any',
  shortForm: (p) => (p.shape as number[]).join('×'),
  infer: ({ params }) => ({ shape: [...(params.shape as number[])], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [] }),
  toKeras: (node, p) => [
    {
      class_name: 'InputLayer',
      config: { batch_input_shape: [null, ...(p.shape as number[])], dtype: 'float32', sparse: false, ragged: false, name: node.name },
    },
  ],
  toPytorch: () => null,
  fromKeras: (c) => {
    const batchShape = (c.batch_input_shape ?? c.batch_shape) as (number | null)[] | undefined;
    return batchShape ? { shape: batchShape.slice(1) as number[] } : ({} as LayerParams);
  },
};

export const dense: LayerSpec = {
  type: 'Dense',
  family: 'core',
  summary: 'Fully connected: every output unit sees every input of the last axis.',
  docs: 'Acts on the last axis (as Keras does): (…, n) → (…, units). Parameters (n + 1)·units with bias.',
  params: [{ key: 'units', label: 'Units', kind: 'int', min: 1, max: 1_000_000, default: 64, help: 'Number of outputs.' }, activationParam(), useBiasParam],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => `${p.units}${activationShort(p)}`,
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const n = shape[shape.length - 1]!;
    const units = num(params.units);
    const bias = params.use_bias !== false;
    const total = n * units + (bias ? units : 0);
    const positions = product(shape.slice(0, -1));
    return {
      shape: [...shape.slice(0, -1), units],
      params: { trainable: total, nonTrainable: 0 },
      macs: positions * n * units,
      mixesAllPositions: shape.length === 1,
      trace: [
        { label: 'shape', formula: '(…, n) → (…, units)', text: `(${shape.join(', ')}) → (${[...shape.slice(0, -1), units].join(', ')})` },
        bias
          ? { label: 'params', formula: '(n + 1)·units', text: `(${n} + 1)·${units} = ${fmtInt(total)}` }
          : { label: 'params', formula: 'n·units', text: `${n}·${units} = ${fmtInt(total)}` },
        {
          label: 'MACs',
          formula: shape.length > 1 ? 'positions·n·units' : 'n·units',
          text: `${shape.length > 1 ? `${positions}·` : ''}${n}·${units} = ${fmtInt(positions * n * units)}`,
        },
      ],
    };
  },
  toKeras: (node, p) => [
    {
      class_name: 'Dense',
      config: { ...kerasBase(node), units: p.units, activation: p.activation, use_bias: p.use_bias, kernel_initializer: glorot, bias_initializer: zeros },
    },
  ],
  toPytorch: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const n = shape[shape.length - 1]!;
    const units = num(params.units);
    const bias = params.use_bias !== false;
    const linear = {
      module: `${shape.length === 1 ? 'nn.Linear' : 'ChannelDense'}(${n}, ${units}${bias ? '' : ', bias=False'})`,
      weights: [kernelWeight([n, units], [1, 0]), ...(bias ? [biasWeight(units)] : [])],
    };
    return assemble([linear, activationModule(params.activation)]);
  },
  fromKeras: (c) => pick(c, ['units', 'activation', 'use_bias']),
};

export const flatten: LayerSpec = {
  type: 'Flatten',
  family: 'core',
  summary: 'Unrolls H × W × C into one vector of H·W·C values (channel-last order).',
  docs: "Output length is the product of the input sizes. No parameters. 'channels_first' (as in a model converted from PyTorch) changes only the order of the values.",
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => (p.data_format === 'channels_first' ? 'channels_first' : ''),
  infer: ({ inputShapes }) => {
    const shape = inputShapes[0]!;
    const n = product(shape);
    return {
      shape: [n],
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      mixesAllPositions: true,
      trace: [{ label: 'length', formula: shape.length === 3 ? 'H·W·C' : 'product of sizes', text: `${shape.join('·')} = ${fmtInt(n)}` }],
    };
  },
  // channels_first changes only the order of the values (Keras moves the channels last first), not the length.
  params: [dataFormatParam],
  toPytorch: ({ params }) =>
    params.data_format === 'channels_first'
      ? { error: 'it flattens in channels_first order, which the PyTorch export does not follow; set its Data format to channels_last' }
      : assemble(['KerasFlatten()']),
  toKeras: (node, p) => [{ class_name: 'Flatten', config: { ...kerasBase(node), data_format: p.data_format } }],
  fromKeras: (c): LayerParams => (c.data_format === 'channels_first' ? { data_format: 'channels_first' } : {}),
};

const passThrough = (shape: Shape) => ({ shape: [...shape], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [] });

export const dropout: LayerSpec = {
  type: 'Dropout',
  family: 'normalization',
  summary: 'During training, zeroes a random fraction of the values (and scales the rest); shape unchanged.',
  docs: 'Rate must be in [0, 1). No parameters; inactive at inference.',
  params: [
    { key: 'rate', label: 'Rate', kind: 'float', min: 0, max: 1, maxExclusive: true, default: 0.5, help: 'Fraction of values dropped while training.' },
    { key: 'seed', label: 'Seed', kind: 'optionalInts', length: 1, min: 0, default: null, help: 'Random seed; empty = random.' },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => String(p.rate),
  infer: ({ inputShapes }) => passThrough(inputShapes[0]!),
  toKeras: (node, p) => [
    { class_name: 'Dropout', config: { ...kerasBase(node), rate: p.rate, noise_shape: null, seed: Array.isArray(p.seed) ? p.seed[0] : p.seed } },
  ],
  toPytorch: ({ params }) => assemble([`nn.Dropout(${py(num(params.rate))})`]),
  fromKeras: (c) => pick(c, ['rate']),
};

export const activation: LayerSpec = {
  type: 'Activation',
  family: 'activation',
  summary: 'Applies an activation function element-wise; shape unchanged.',
  docs: 'No parameters.',
  params: [activationParam('relu')],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => String(p.activation),
  infer: ({ inputShapes }) => passThrough(inputShapes[0]!),
  toKeras: (node, p) => [{ class_name: 'Activation', config: { ...kerasBase(node), activation: p.activation } }],
  toPytorch: ({ params }) => assemble([activationModule(params.activation) ?? 'nn.Identity()']),
  fromKeras: (c) => pick(c, ['activation']),
};

export const relu: LayerSpec = {
  ...activation,
  type: 'ReLU',
  summary: 'max(x, 0) element-wise; shape unchanged.',
  params: [],
  shortForm: () => '',
  toKeras: (node) => [{ class_name: 'ReLU', config: { ...kerasBase(node), max_value: null, negative_slope: 0, threshold: 0 } }],
  toPytorch: () => assemble(['nn.ReLU()']),
  fromKeras: undefined,
};

export const leakyRelu: LayerSpec = {
  ...activation,
  type: 'LeakyReLU',
  summary: 'x for x > 0, α·x otherwise; shape unchanged.',
  params: [
    { key: 'alpha', label: 'Negative slope α', kind: 'float', min: 0, default: 0.3, help: 'Slope for negative inputs (Keras 3 calls it negative_slope).' },
  ],
  shortForm: (p) => `α ${p.alpha}`,
  toKeras: (node, p) => [{ class_name: 'LeakyReLU', config: { ...kerasBase(node), alpha: p.alpha } }],
  toPytorch: ({ params }) => assemble([`nn.LeakyReLU(${py(num(params.alpha))})`]),
  fromKeras: (c) => ({ alpha: (c.alpha ?? c.negative_slope ?? 0.3) as number }),
};

export const softmax: LayerSpec = {
  ...activation,
  type: 'Softmax',
  summary: 'Turns the last axis into probabilities that sum to 1; shape unchanged.',
  params: [],
  shortForm: () => '',
  toKeras: (node) => [{ class_name: 'Softmax', config: { ...kerasBase(node), axis: -1 } }],
  toPytorch: () => assemble(['nn.Softmax(dim=1)']),
  fromKeras: undefined,
};

export const elu: LayerSpec = {
  ...activation,
  type: 'ELU',
  summary: 'x for x > 0, α·(eˣ − 1) otherwise; shape unchanged.',
  docs: 'Exponential linear unit, as a layer (Keras ELU). No parameters.',
  params: [{ key: 'alpha', label: 'α', kind: 'float', min: 0, default: 1, help: 'Value the output approaches for large negative inputs (−α).' }],
  shortForm: (p) => (p.alpha === 1 ? '' : `α ${p.alpha}`),
  toKeras: (node, p) => [{ class_name: 'ELU', config: { ...kerasBase(node), alpha: p.alpha } }],
  toPytorch: ({ params }) => assemble([`nn.ELU(${py(num(params.alpha))})`]),
  fromKeras: (c): LayerParams => (typeof c.alpha === 'number' ? { alpha: c.alpha } : {}),
  tfjsProblem: (p) =>
    p.alpha === 1
      ? undefined
      : `is an ELU with α ${p.alpha}: TensorFlow.js supports only α 1. Use α 1 for training (a LeakyReLU or PReLU also has a negative slope).`,
};

/** PReLU's α: the input's shape with 1 along each shared (Keras, batch-counted) axis. */
export const preluAlphaShape = (shape: Shape, shared: number[]): Shape => shape.map((d, i) => (shared.includes(i + 1) ? 1 : d));

/** Keras' PReLU: one learned slope α per value, except along `shared_axes` (α's size 1 there, as Keras builds it). */
export const prelu: LayerSpec = {
  type: 'PReLU',
  family: 'activation',
  summary: 'x for x > 0, α·x otherwise, with α learned: one per value, or shared along the axes you name.',
  docs: 'Parameters: one α per value of the input, except that each shared axis counts 1 (Keras numbers axes from the batch, 0: for H × W × C, shared axes 1, 2 give one α per channel, C parameters). α starts at 0 (a ReLU).',
  params: [
    {
      key: 'shared_axes',
      label: 'Shared axes',
      kind: 'axisList',
      default: null,
      help: 'Axes along which α is shared, counting the batch as 0 (1, 2 on an image = one α per channel); empty = one α per value.',
    },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => (Array.isArray(p.shared_axes) ? `shared ${(p.shared_axes as number[]).join(',')}` : ''),
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const shared = (params.shared_axes as number[] | null) ?? [];
    const alpha = preluAlphaShape(shape, shared);
    const bad = shared.find((a) => a > shape.length);
    const total = product(alpha);
    return {
      shape: [...shape],
      params: { trainable: total, nonTrainable: 0 },
      macs: 0,
      trace: [
        {
          label: 'params',
          formula: shared.length ? 'one α per value, 1 along each shared axis' : 'one α per value: product of the sizes',
          text: `${alpha.join('·')} = ${fmtInt(total)}`,
        },
      ],
      diagnostics:
        bad === undefined
          ? []
          : [
              {
                code: 'invalid-shared-axis',
                severity: 'error',
                message: `Shared axis ${bad} does not exist on a rank-${shape.length} input (${shape.join('×')}): Keras counts the batch as axis 0, so the axes are 1 to ${shape.length}.`,
                fix: `Use axes from 1 to ${shape.length}${shape.length === 3 ? ', e.g. 1, 2 for one α per channel' : ''}.`,
                param: 'shared_axes',
              },
            ],
    };
  },
  toKeras: (node, p) => [
    {
      class_name: 'PReLU',
      config: { ...kerasBase(node), alpha_initializer: zeros, alpha_regularizer: null, alpha_constraint: null, shared_axes: p.shared_axes ?? null },
    },
  ],
  toPytorch: ({ params, inputShapes }) => {
    const alpha = preluAlphaShape(inputShapes[0]!, (params.shared_axes as number[] | null) ?? []);
    const rank = alpha.length;
    // α in PyTorch's channels-first layout, so it broadcasts over (N, C, …) as Keras' does over (N, …, C).
    const permute = rank > 1 ? [rank - 1, ...Array.from({ length: rank - 1 }, (_, i) => i)] : [0];
    return {
      module: `KerasPReLU(${channelsFirst(alpha).join(', ')})`,
      weights: [{ keras: 'alpha', torch: 'weight', shape: alpha, permute, init: 'zeros' }],
    };
  },
  fromKeras: (c): LayerParams => {
    const axes = typeof c.shared_axes === 'number' ? [c.shared_axes] : c.shared_axes;
    return Array.isArray(axes) && axes.every((a) => typeof a === 'number') ? { shared_axes: axes as number[] } : {};
  },
};

export const reshape: LayerSpec = {
  type: 'Reshape',
  family: 'core',
  summary: 'Rearranges the values into a new shape with the same number of elements (-1 = inferred).',
  docs: 'The product of the target sizes must equal the product of the input sizes. No parameters.',
  params: [
    { key: 'target_shape', label: 'Target shape', kind: 'shape', allowInfer: true, default: [-1], help: 'New sizes without the batch axis; one may be -1.' },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => (p.target_shape as number[]).join('×'),
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const total = product(shape);
    const target = [...(params.target_shape as number[])];
    const known = product(target.filter((d) => d !== -1));
    const inferredAt = target.indexOf(-1);
    const diagnostics = [];
    let inferred: TraceLine | null = null;
    if (inferredAt >= 0) {
      if (total % known !== 0) {
        diagnostics.push({
          code: 'reshape-size',
          severity: 'error' as const,
          message: `Cannot reshape ${fmtInt(total)} values into (${target.join(', ')}): ${fmtInt(total)} is not divisible by ${fmtInt(known)}.`,
          fix: 'Choose sizes whose product divides the input size.',
          param: 'target_shape',
        });
      }
      target[inferredAt] = Math.floor(total / known);
      inferred = {
        label: `size ${inferredAt + 1}`,
        formula: '−1 = input values / product of the other sizes',
        text: `${fmtInt(total)} / ${fmtInt(known)} = ${total / known}`,
      };
    } else if (known !== total) {
      diagnostics.push({
        code: 'reshape-size',
        severity: 'error' as const,
        message: `Cannot reshape ${fmtInt(total)} values (${shape.join('×')}) into (${target.join(', ')}) = ${fmtInt(known)} values.`,
        fix: `Choose sizes whose product is ${fmtInt(total)}, or use -1 for one of them.`,
        param: 'target_shape',
      });
    }
    return {
      shape: target,
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [
        ...(inferred ? [inferred] : []),
        { label: 'size', formula: 'product must match', text: `${shape.join('·')} = ${fmtInt(total)} → ${target.join('·')}` },
      ],
      diagnostics,
    };
  },
  toKeras: (node, p) => [{ class_name: 'Reshape', config: { ...kerasBase(node), target_shape: p.target_shape } }],
  toPytorch: ({ outputShape }) => assemble([`KerasReshape(${outputShape.map((d) => py(d)).join(', ')})`]),
  fromKeras: (c) => pick(c, ['target_shape']),
};

/** Keras' Permute: reorders the axes after the batch; `dims` is a permutation of 1 … rank. */
export const permute: LayerSpec = {
  type: 'Permute',
  family: 'core',
  summary: 'Reorders the axes, e.g. (L, C) → (C, L) with dims 2, 1; the values are kept, only moved.',
  docs: 'dims lists, for each output axis, which input axis it takes (Keras counts from 1, after the batch): output size i = input size dims[i]. No parameters.',
  params: [{ key: 'dims', label: 'Dims', kind: 'axisList', default: [2, 1], help: 'A permutation of 1 … rank: 2, 1 swaps the two axes of a sequence.' }],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => (Array.isArray(p.dims) ? `(${(p.dims as number[]).join(', ')})` : ''),
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const dims = (params.dims as number[] | null) ?? [];
    const wanted = Array.from({ length: shape.length }, (_, i) => i + 1);
    if (dims.length !== shape.length || !wanted.every((d) => dims.includes(d))) {
      return {
        shape: [...shape],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [],
        diagnostics: [
          {
            code: 'permute-dims',
            severity: 'error',
            message: `Dims (${dims.join(', ')}) must order all ${shape.length} axes of the (${shape.join(', ')}) input: a permutation of ${wanted.join(', ')}.`,
            fix: `List each of ${wanted.join(', ')} once${shape.length === 2 ? ', e.g. 2, 1' : ''}.`,
            param: 'dims',
          },
        ],
      };
    }
    const out = dims.map((d) => shape[d - 1]!);
    return {
      shape: out,
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [{ label: 'shape', formula: 'size i = input size dims[i]', text: `(${shape.join(', ')}) → (${out.join(', ')})` }],
    };
  },
  toKeras: (node, p) => [{ class_name: 'Permute', config: { ...kerasBase(node), dims: p.dims } }],
  toPytorch: ({ params }) => assemble([`KerasPermute(${(params.dims as number[]).join(', ')})`]),
  fromKeras: (c): LayerParams => (Array.isArray(c.dims) && c.dims.every((d) => typeof d === 'number') ? { dims: c.dims as number[] } : {}),
};

/** Keras' RepeatVector: a vector of F values → n copies, (n, F), e.g. to feed a sequence decoder. */
export const repeatVector: LayerSpec = {
  type: 'RepeatVector',
  family: 'core',
  summary: 'Repeats a vector n times: (F) → (n, F), a sequence of n copies.',
  docs: 'Input a flat vector of F values; output n × F. No parameters.',
  params: [{ key: 'n', label: 'Repeats (n)', kind: 'int', min: 1, max: 1_000_000, default: 2, help: 'How many copies: the length of the output sequence.' }],
  inputs: { min: 1, max: 1 },
  inputRank: [1],
  shortForm: (p) => `×${p.n}`,
  infer: ({ params, inputShapes }) => {
    const [f] = inputShapes[0]! as [number];
    const n = num(params.n);
    return {
      shape: [n, f],
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [{ label: 'shape', formula: '(F) → (n, F)', text: `(${f}) → (${n}, ${f})` }],
    };
  },
  toKeras: (node, p) => [{ class_name: 'RepeatVector', config: { ...kerasBase(node), n: p.n } }],
  toPytorch: ({ params }) => assemble([`RepeatVector(${params.n})`]),
  fromKeras: (c): LayerParams => (typeof c.n === 'number' ? { n: c.n } : {}),
};

export const coreLayers = [inputLayer, dense, flatten, dropout, activation, relu, leakyRelu, softmax, elu, prelu, reshape, permute, repeatVector];
