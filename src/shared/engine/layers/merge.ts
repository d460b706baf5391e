/** Merge layers: Add (skip connections), Concatenate (Inception branches), and their element-wise kin. */
import type { LayerParams } from '../../graph/graph';
import { num } from '../params';
import type { LayerSpec } from '../types';
import { kerasBase } from './common';

function elementwise(type: string, what: string, maxInputs = 64): LayerSpec {
  return {
    type,
    family: 'merge',
    summary: `${what} of its inputs, element by element; all inputs need the same shape.`,
    docs: 'Used for skip (residual) connections. No parameters.',
    params: [],
    inputs: { min: 2, max: maxInputs },
    inputRank: 'any',
    shortForm: () => '',
    infer: ({ inputShapes }) => {
      const first = inputShapes[0]!;
      const mismatch = inputShapes.findIndex((s) => s.length !== first.length || s.some((d, i) => d !== first[i]));
      const diagnostics =
        mismatch < 0
          ? []
          : [{
              code: 'merge-shape-mismatch', severity: 'error' as const,
              message: `${type} needs inputs of the same shape, but got ${inputShapes.map((s) => `(${s.join(', ')})`).join(' and ')}.`,
              fix: "Make the branches agree: use padding 'same' and matching strides, or a 1×1 Conv2D on the shortcut to match channels and size.",
            }];
      return { shape: [...first], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [{ label: 'shape', formula: 'all inputs equal', text: inputShapes.map((s) => `(${s.join(', ')})`).join(' = ') }], diagnostics };
    },
    toKeras: (node) => [{ class_name: type, config: kerasBase(node) }],
  };
}

export const add = elementwise('Add', 'Sum');
export const subtract = elementwise('Subtract', 'Difference (first − second)', 2);
export const multiply = elementwise('Multiply', 'Product');
export const average = elementwise('Average', 'Mean');
export const maximum = elementwise('Maximum', 'Maximum');
export const minimum = elementwise('Minimum', 'Minimum');

export const concatenate: LayerSpec = {
  type: 'Concatenate',
  family: 'merge',
  summary: 'Stacks its inputs along one axis (channels by default), e.g. Inception branches.',
  docs: 'All sizes must match except along the axis, where they add up. No parameters.',
  params: [{ key: 'axis', label: 'Axis', kind: 'int', default: -1, help: 'Axis to join along (-1 = channels).' }],
  inputs: { min: 2, max: 64 },
  inputRank: 'any',
  shortForm: (p) => (p.axis === -1 ? '' : `axis ${p.axis}`),
  infer: ({ params, inputShapes }) => {
    const first = inputShapes[0]!;
    const rank = first.length;
    const axis = num(params.axis);
    const position = axis < 0 ? rank + axis : axis - 1; // Keras axes count the batch axis
    const shapes = inputShapes.map((s) => `(${s.join(', ')})`).join(', ');
    const fail = (message: string, fix: string) => ({
      shape: [...first], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [],
      diagnostics: [{ code: 'concat-mismatch', severity: 'error' as const, message, fix, param: 'axis' }],
    });
    if (position < 0 || position >= rank) return fail(`Axis ${axis} does not exist on rank-${rank} inputs.`, 'Use -1 to join along the channels.');
    if (inputShapes.some((s) => s.length !== rank)) return fail(`Concatenate needs inputs of the same rank, got ${shapes}.`, 'Flatten or reshape the branches so their ranks agree.');
    const bad = inputShapes.find((s) => s.some((d, i) => i !== position && d !== first[i]));
    if (bad) return fail(`Concatenate along axis ${axis} needs all other sizes equal, got ${shapes}.`, "Make the spatial sizes agree (padding 'same', matching strides) before joining.");
    const sizes = inputShapes.map((s) => s[position]!);
    const total = sizes.reduce((a, b) => a + b, 0);
    const shape = [...first];
    shape[position] = total;
    return { shape, params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [{ label: 'joined axis', formula: 'sum of the inputs\' sizes', text: `${sizes.join(' + ')} = ${total}` }] };
  },
  toKeras: (node, p) => [{ class_name: 'Concatenate', config: { ...kerasBase(node), axis: p.axis } }],
  fromKeras: (c): LayerParams => (typeof c.axis === 'number' ? { axis: c.axis } : {}),
};

export const mergeLayers = [add, subtract, multiply, average, maximum, minimum, concatenate];
