/** BatchNormalization (Dropout lives with the core layers, in the same palette group). */
import { CONVENTIONS } from '../conventions';
import { fmtInt } from '../format';
import { num } from '../params';
import type { LayerSpec } from '../types';
import { kerasBase } from './common';
import { py, torchDim } from './pytorch';

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

export const normalizationLayers = [batchNormalization];
