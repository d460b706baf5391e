/**
 * Normalization and regularization: BatchNormalization, LayerNormalization, GroupNormalization, the
 * spatial and Gaussian dropouts, GaussianNoise, ActivityRegularization (Dropout lives with the core
 * layers, in the same palette group).
 */
import type { LayerParams, ParamValue } from '../../graph/graph';
import { CONVENTIONS } from '../conventions';
import { fmtInt, paramValueText } from '../format';
import { axisPositions, num } from '../params';
import type { Diagnostic, LayerSpec, ParamSchema, PytorchWeight, TraceLine } from '../types';
import { axisNames, groupsMismatch, kerasBase, zeros } from './common';
import { withDataFormat } from './data-format';
import { assemble, py, pyTuple, torchDim } from './pytorch';

const ones = { class_name: 'Ones', config: {} };

export const batchNormalization: LayerSpec = {
  type: 'BatchNormalization',
  family: 'normalization',
  summary: 'Normalizes each channel over the batch, then scales (γ) and shifts (β); shape unchanged.',
  docs: `${CONVENTIONS.batchNormCounting}.`,
  params: [
    { key: 'axis', label: 'Axis', kind: 'int', default: -1, help: 'The channel axis (-1 = last).' },
    { key: 'momentum', label: 'Momentum', kind: 'float', min: 0, max: 1, default: 0.99, help: 'For the moving mean and variance.' },
    { key: 'epsilon', label: 'Epsilon', kind: 'float', min: 0, minExclusive: true, default: 0.001, help: 'Added to the variance to avoid dividing by zero.' },
    { key: 'center', label: 'Center (β)', kind: 'bool', default: true, help: 'Learn an offset β per channel.' },
    { key: 'scale', label: 'Scale (γ)', kind: 'bool', default: true, help: 'Learn a scale γ per channel.' },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: () => '',
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const rank = shape.length;
    const axis = num(params.axis);
    const index = axis < 0 ? rank + axis + 1 : axis; // Keras counts the batch axis: axis 3 is channels of H×W×C
    const position = axis < 0 ? rank + axis : axis - 1;
    if (position < 0 || position >= rank) {
      return {
        shape: [...shape],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [],
        diagnostics: [
          {
            code: 'invalid-axis',
            severity: 'error',
            message: `Axis ${axis} does not exist on a rank-${rank} input (${shape.join('×')}).`,
            fix: 'Use -1 (the channels).',
            param: 'axis',
          },
        ],
      };
    }
    void index;
    const c = shape[position]!;
    const trainable = (params.scale !== false ? c : 0) + (params.center !== false ? c : 0);
    const nonTrainable = 2 * c;
    const perChannel = trainable / c + 2;
    return {
      shape: [...shape],
      params: { trainable, nonTrainable },
      macs: 0,
      trace: [
        { label: 'params', formula: `${perChannel}·C`, text: `${perChannel}·${c} = ${fmtInt(trainable + nonTrainable)}` },
        { label: 'trainable', formula: `γ, β: ${trainable / c}·C`, text: `${trainable / c}·${c} = ${fmtInt(trainable)}` },
        { label: 'non-trainable', formula: 'moving mean, variance: 2·C', text: `2·${c} = ${fmtInt(nonTrainable)}` },
      ],
    };
  },
  toKeras: (node, p) => [
    {
      class_name: 'BatchNormalization',
      config: {
        ...kerasBase(node),
        axis: p.axis,
        momentum: p.momentum,
        epsilon: p.epsilon,
        center: p.center,
        scale: p.scale,
        beta_initializer: { class_name: 'Zeros', config: {} },
        gamma_initializer: { class_name: 'Ones', config: {} },
        moving_mean_initializer: { class_name: 'Zeros', config: {} },
        moving_variance_initializer: { class_name: 'Ones', config: {} },
      },
    },
  ],
  // PyTorch's momentum is 1 − Keras'. nn.BatchNorm*d where it fits (channels axis, γ and β); otherwise a helper.
  toPytorch: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const rank = shape.length;
    const dim = torchDim(num(params.axis), rank);
    const c = shape[dim === 1 ? rank - 1 : dim - 2]!;
    const scale = params.scale !== false;
    const center = params.center !== false;
    const eps = py(num(params.epsilon));
    const momentum = py(Number((1 - num(params.momentum)).toPrecision(12)));
    const weights = [
      ...(scale ? [{ keras: 'gamma', torch: 'weight', shape: [c], init: 'ones' as const }] : []),
      ...(center ? [{ keras: 'beta', torch: 'bias', shape: [c], init: 'zeros' as const }] : []),
      { keras: 'moving_mean', torch: 'running_mean', shape: [c], init: 'zeros' as const },
      { keras: 'moving_variance', torch: 'running_var', shape: [c], init: 'ones' as const },
    ];
    const module =
      dim === 1 && scale && center && rank <= 4
        ? `nn.BatchNorm${Math.max(rank - 1, 1)}d(${c}, eps=${eps}, momentum=${momentum})`
        : `KerasBatchNorm(${c}, dim=${dim}, eps=${eps}, momentum=${momentum}, center=${py(center)}, scale=${py(scale)})`;
    return { module, weights };
  },
  fromKeras: (c) => {
    const params: Record<string, never> = {};
    for (const key of ['momentum', 'epsilon', 'center', 'scale']) if (c[key] !== undefined) params[key] = c[key] as never;
    const axis = Array.isArray(c.axis) ? c.axis[0] : c.axis;
    if (typeof axis === 'number') params.axis = axis as never;
    return params;
  },
};

const product = (values: number[]) => values.reduce((a, b) => a * b, 1);
/** The names of a shape's axes, for formulas: (n), (L, C), (H, W, C), (D, H, W, C). */
const shapeNames = (rank: number) => (rank === 1 ? ['n'] : [...axisNames(rank - 1), 'C']);

const epsilonParam: ParamSchema = {
  key: 'epsilon',
  label: 'Epsilon',
  kind: 'float',
  min: 0,
  minExclusive: true,
  default: 0.001,
  help: 'Added to the variance to avoid dividing by zero.',
};
const centerParam: ParamSchema = { key: 'center', label: 'Center (β)', kind: 'bool', default: true, help: 'Learn an offset β.' };
const scaleParam: ParamSchema = { key: 'scale', label: 'Scale (γ)', kind: 'bool', default: true, help: 'Learn a scale γ.' };
const pickKeys = (c: Record<string, unknown>, keys: string[]): LayerParams =>
  Object.fromEntries(keys.filter((k) => c[k] !== undefined && c[k] !== null).map((k) => [k, c[k] as never]));

function axisError(axis: ParamValue, shape: number[]): Omit<Diagnostic, 'nodeId'> {
  return {
    code: 'invalid-axis',
    severity: 'error',
    message: `Axis ${paramValueText(axis)} does not exist on a rank-${shape.length} input (${shape.join('×')}): Keras counts the batch as axis 0, so the axes are 1 to ${shape.length} (or −1 for the last).`,
    fix: 'Use -1 (the channels).',
    param: 'axis',
  };
}

/** γ and β over the normalized axes, as LayerNormalization and GroupNormalization count them. */
function scaleShiftTrace(params: LayerParams, symbols: string, sizes: number[]): { trainable: number; line: TraceLine } {
  const per = (params.scale !== false ? 1 : 0) + (params.center !== false ? 1 : 0);
  const n = product(sizes);
  const sizeText = sizes.length > 1 ? `(${sizes.join('·')})` : `${sizes[0]}`;
  return { trainable: per * n, line: { label: 'params', formula: `γ, β: ${per}·${symbols}`, text: `${per}·${sizeText} = ${fmtInt(per * n)}` } };
}

/** Keras' LayerNormalization: each sample normalized over `axis` (the channels by default); γ and β of those axes' sizes. */
export const layerNormalization: LayerSpec = {
  type: 'LayerNormalization',
  family: 'normalization',
  summary: 'Normalizes each sample over its channels (or the axes you name), then scales (γ) and shifts (β); shape unchanged.',
  docs: 'Mean and variance per sample, over the normalized axes (not over the batch, as BatchNormalization does). Parameters: γ and β, one per value of the normalized axes: 2·C for the default axis −1. All trainable; nothing is kept between batches.',
  params: [
    { key: 'axis', label: 'Axis', kind: 'axes', default: -1, help: 'The axis (or axes) to normalize over; −1 = the channels.' },
    epsilonParam,
    centerParam,
    scaleParam,
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => (p.axis === -1 ? '' : `axis ${paramValueText(p.axis)}`),
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const positions = axisPositions(params.axis, shape.length);
    if (positions.includes(-1)) return { ...keepShape(shape), diagnostics: [axisError(params.axis!, shape)] };
    const names = shapeNames(shape.length);
    const { trainable, line } = scaleShiftTrace(
      params,
      positions.length > 1 ? `(${positions.map((p) => names[p]).join('·')})` : names[positions[0]!]!,
      positions.map((p) => shape[p]!),
    );
    return { ...keepShape(shape), params: { trainable, nonTrainable: 0 }, trace: [line] };
  },
  toKeras: (node, p) => [
    {
      class_name: 'LayerNormalization',
      config: { ...kerasBase(node), axis: p.axis, epsilon: p.epsilon, center: p.center, scale: p.scale, beta_initializer: zeros, gamma_initializer: ones },
    },
  ],
  // PyTorch's LayerNorm normalizes the last dims of a channels-first tensor; Keras' axes map to other dims, so a helper.
  toPytorch: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const rank = shape.length;
    const axes = Array.isArray(params.axis) ? (params.axis as number[]) : [params.axis as number];
    const dims = axes.map((a) => torchDim(a, rank));
    const order = dims.map((_, i) => i).sort((a, b) => dims[a]! - dims[b]!);
    const kerasShape = axisPositions(params.axis, rank).map((p) => shape[p]!);
    const torchShape = order.map((i) => kerasShape[i]!);
    const weights: PytorchWeight[] = [];
    if (params.scale !== false) weights.push({ keras: 'gamma', torch: 'weight', shape: kerasShape, permute: order, init: 'ones' });
    if (params.center !== false) weights.push({ keras: 'beta', torch: 'bias', shape: kerasShape, permute: order, init: 'zeros' });
    return {
      module: `KerasLayerNorm(${pyTuple(torchShape)}, ${pyTuple(order.map((i) => dims[i]!))}, eps=${py(num(params.epsilon))}, center=${py(params.center !== false)}, scale=${py(params.scale !== false)})`,
      weights,
    };
  },
  // Keras 3's rms_scaling: γ only (no centering, no β).
  fromKeras: (c) => ({ ...pickKeys(c, ['axis', 'epsilon', 'center', 'scale']), ...(c.rms_scaling === true ? { center: false, scale: true } : {}) }),
};

/** Keras' GroupNormalization: the channels split into `groups`, each sample normalized per group; γ and β per channel. */
export const groupNormalization: LayerSpec = {
  type: 'GroupNormalization',
  family: 'normalization',
  summary: 'Splits the channels into groups and normalizes each sample per group, then scales (γ) and shifts (β) per channel.',
  docs: 'C must divide by the number of groups; groups = C is InstanceNormalization, groups = 1 a LayerNormalization over all positions and channels. Parameters 2·C (γ, β), all trainable.',
  params: [
    { key: 'groups', label: 'Groups', kind: 'int', min: 1, max: 65536, default: 32, help: 'Channel groups; the channels must divide by it.' },
    { key: 'axis', label: 'Axis', kind: 'int', default: -1, help: 'The channel axis (−1 = last).' },
    epsilonParam,
    centerParam,
    scaleParam,
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => `${p.groups} groups`,
  infer: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    const [position] = axisPositions(params.axis, shape.length);
    if (position === -1) return { ...keepShape(shape), diagnostics: [axisError(params.axis!, shape)] };
    const c = shape[position!]!;
    const groups = num(params.groups);
    const { trainable, line } = scaleShiftTrace(params, 'C', [c]);
    return {
      ...keepShape(shape),
      params: { trainable, nonTrainable: 0 },
      trace: [{ label: 'groups', formula: 'C / groups channels each', text: `${c} / ${groups} = ${c / groups}` }, line],
      diagnostics: c % groups === 0 ? [] : [groupsMismatch('channels', c, groups)],
    };
  },
  toKeras: (node, p) => [
    {
      class_name: 'GroupNormalization',
      config: {
        ...kerasBase(node),
        groups: p.groups,
        axis: p.axis,
        epsilon: p.epsilon,
        center: p.center,
        scale: p.scale,
        beta_initializer: zeros,
        gamma_initializer: ones,
      },
    },
  ],
  // nn.GroupNorm groups dim 1 (the channels here) exactly as Keras groups its channel axis; its γ and β are both or neither.
  toPytorch: ({ params, inputShapes }) => {
    const shape = inputShapes[0]!;
    if (torchDim(num(params.axis), shape.length) !== 1) return { error: "PyTorch's GroupNorm groups the channels only; use axis −1" };
    if ((params.scale !== false) !== (params.center !== false)) return { error: "PyTorch's GroupNorm learns γ and β together; set center and scale alike" };
    const c = shape.at(-1)!;
    const affine = params.scale !== false;
    return {
      module: `nn.GroupNorm(${params.groups}, ${c}, eps=${py(num(params.epsilon))}${affine ? '' : ', affine=False'})`,
      weights: affine
        ? [
            { keras: 'gamma', torch: 'weight', shape: [c], init: 'ones' },
            { keras: 'beta', torch: 'bias', shape: [c], init: 'zeros' },
          ]
        : [],
    };
  },
  fromKeras: (c) => pickKeys(c, ['groups', 'axis', 'epsilon', 'center', 'scale']),
  notInTfjs: 'TensorFlow.js 4.22 has no GroupNormalization layer',
};

const keepShape = (shape: number[]) => ({ shape: [...shape], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [] as TraceLine[] });

const rateParam = (help: string): ParamSchema => ({ key: 'rate', label: 'Rate', kind: 'float', min: 0, max: 1, maxExclusive: true, default: 0.5, help });

/** SpatialDropout1D/2D/3D: drops whole channels (feature maps) while training; shape unchanged. */
function spatialDropout(axes: 1 | 2 | 3): LayerSpec {
  const type = `SpatialDropout${axes}D`;
  return {
    type,
    family: 'normalization',
    summary: `During training, zeroes whole channels of the ${axes === 1 ? 'sequence' : axes === 2 ? 'image' : 'volume'} (every position of a feature map at once); shape unchanged.`,
    docs: 'Neighbouring positions are strongly correlated, so dropping single values barely regularizes a convolution; dropping a channel everywhere does. Rate in [0, 1); no parameters; inactive at inference.',
    params: [rateParam('Fraction of channels dropped while training.')],
    inputs: { min: 1, max: 1 },
    inputRank: [axes + 1],
    shortForm: (p) => String(p.rate),
    infer: ({ inputShapes }) => keepShape(inputShapes[0]!),
    toKeras: (node, p) => [{ class_name: type, config: { ...kerasBase(node), rate: p.rate, ...(axes > 1 ? { data_format: 'channels_last' } : {}) } }],
    toPytorch: ({ params }) => assemble([`nn.Dropout${axes}d(${py(num(params.rate))})`]),
    fromKeras: (c) => pickKeys(c, ['rate']),
    ...(axes === 1 ? {} : { notInTfjs: `TensorFlow.js 4.22 has no ${type} layer` }),
  };
}

export const spatialDropout1d = spatialDropout(1);
export const spatialDropout2d = withDataFormat(spatialDropout(2), 2);
export const spatialDropout3d = withDataFormat(spatialDropout(3), 3);

export const gaussianNoise: LayerSpec = {
  type: 'GaussianNoise',
  family: 'normalization',
  summary: 'During training, adds zero-mean Gaussian noise of the given standard deviation; shape unchanged.',
  docs: 'A regularizer (and a mild augmentation): x + N(0, stddev²) while training, x at inference. No parameters.',
  params: [{ key: 'stddev', label: 'Standard deviation', kind: 'float', min: 0, default: 0.1, help: 'Of the noise added while training.' }],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => `σ ${p.stddev}`,
  infer: ({ inputShapes }) => keepShape(inputShapes[0]!),
  toKeras: (node, p) => [{ class_name: 'GaussianNoise', config: { ...kerasBase(node), stddev: p.stddev, seed: null } }],
  toPytorch: ({ params }) => assemble([`GaussianNoise(${py(num(params.stddev))})`]),
  fromKeras: (c) => pickKeys(c, ['stddev']),
};

export const gaussianDropout: LayerSpec = {
  type: 'GaussianDropout',
  family: 'normalization',
  summary: 'During training, multiplies each value by Gaussian noise of mean 1 (standard deviation √(rate/(1 − rate))); shape unchanged.',
  docs: 'Dropout with multiplicative Gaussian noise instead of zeros: the same expected value, no rescaling at inference. No parameters.',
  params: [rateParam('Sets the noise: standard deviation √(rate / (1 − rate)).')],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => String(p.rate),
  infer: ({ inputShapes }) => keepShape(inputShapes[0]!),
  toKeras: (node, p) => [{ class_name: 'GaussianDropout', config: { ...kerasBase(node), rate: p.rate, seed: null } }],
  toPytorch: ({ params }) => assemble([`GaussianDropout(${py(num(params.rate))})`]),
  fromKeras: (c) => pickKeys(c, ['rate']),
};

export const activityRegularization: LayerSpec = {
  type: 'ActivityRegularization',
  family: 'normalization',
  summary: 'Adds l1·Σ|x| + l2·Σx² of its input to the loss while training; passes the values through unchanged.',
  docs: 'Pushes activations towards zero (l1: sparse, l2: small). The values and the shape are unchanged; no parameters.',
  params: [
    { key: 'l1', label: 'L1', kind: 'float', min: 0, default: 0, help: 'Weight of Σ|x| in the loss.' },
    { key: 'l2', label: 'L2', kind: 'float', min: 0, default: 0, help: 'Weight of Σx² in the loss.' },
  ],
  inputs: { min: 1, max: 1 },
  inputRank: 'any',
  shortForm: (p) => `l1 ${p.l1} l2 ${p.l2}`,
  infer: ({ inputShapes }) => keepShape(inputShapes[0]!),
  toKeras: (node, p) => [{ class_name: 'ActivityRegularization', config: { ...kerasBase(node), l1: p.l1, l2: p.l2 } }],
  // PyTorch has no layer-added losses: the helper keeps the penalty in `.loss` for the training loop to add.
  toPytorch: ({ params }) => assemble([`ActivityRegularization(${py(num(params.l1))}, ${py(num(params.l2))})`]),
  fromKeras: (c) => pickKeys(c, ['l1', 'l2']),
  notInTfjs: 'TensorFlow.js 4.22 has no ActivityRegularization layer',
};

export const normalizationLayers = [
  batchNormalization,
  layerNormalization,
  groupNormalization,
  spatialDropout1d,
  spatialDropout2d,
  spatialDropout3d,
  gaussianNoise,
  gaussianDropout,
  activityRegularization,
];
