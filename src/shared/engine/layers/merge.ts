/** Merge layers: Add (skip connections), Concatenate (Inception branches), and their element-wise kin. */
import type { LayerParams } from '../../graph/graph';
import { num } from '../params';
import type { LayerSpec, Shape } from '../types';
import { kerasBase } from './common';
import { torchDim } from './pytorch';

/**
 * Keras' `Merge._compute_elemwise_op_output_shape`: shapes aligned from the right, a size of 1 stretches
 * to the other size, a shorter shape gets leading axes; null when two sizes differ and neither is 1.
 */
export function broadcastShapes(a: Shape, b: Shape): Shape | null {
  if (a.length < b.length) return broadcastShapes(b, a);
  const out = a.slice(0, a.length - b.length);
  for (let i = 0; i < b.length; i++) {
    const x = a[a.length - b.length + i]!;
    const y = b[i]!;
    if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else return null;
  }
  return out;
}

function elementwise(type: string, what: string, maxInputs = 64): LayerSpec {
  return {
    type,
    family: 'merge',
    summary: `${what} of its inputs, element by element; all inputs need the same shape (a size of 1 is broadcast).`,
    docs: 'Used for skip (residual) connections. As in Keras, a size of 1 (or a missing leading axis) is repeated to match the other inputs. No parameters.',
    params: [],
    inputs: { min: 2, max: maxInputs },
    inputRank: 'any',
    shortForm: () => '',
    infer: ({ inputShapes }) => {
      const first = inputShapes[0]!;
      const shapes = inputShapes.map((s) => `(${s.join(', ')})`);
      let shape: Shape | null = [...first];
      for (const s of inputShapes.slice(1)) shape = shape && broadcastShapes(shape, s);
      if (!shape) {
        return {
          shape: [...first],
          params: { trainable: 0, nonTrainable: 0 },
          macs: 0,
          trace: [],
          diagnostics: [
            {
              code: 'merge-shape-mismatch',
              severity: 'error' as const,
              message: `${type} needs inputs of the same shape, but got ${shapes.join(' and ')}.`,
              fix: "Make the branches agree: use padding 'same' and matching strides, or a 1×1 Conv2D on the shortcut to match channels and size.",
            },
          ],
        };
      }
      const out = shape;
      const equal = inputShapes.every((s) => s.length === out.length && s.every((d, i) => d === out[i]));
      if (equal) {
        return {
          shape: out,
          params: { trainable: 0, nonTrainable: 0 },
          macs: 0,
          trace: [{ label: 'shape', formula: 'all inputs equal', text: shapes.join(' = ') }],
        };
      }
      return {
        shape: out,
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [{ label: 'shape', formula: 'broadcast: sizes of 1 repeat', text: `${shapes.join(', ')} → (${out.join(', ')})` }],
        diagnostics: [
          {
            code: 'merge-broadcast',
            severity: 'warning' as const,
            message: `${type} gets inputs of different shapes, ${shapes.join(' and ')}; as Keras does, sizes of 1 are repeated to give (${out.join(', ')}).`,
            fix: 'Fine if intended (e.g. a per-channel scale); otherwise make the branches produce the same shape.',
          },
        ],
      };
    },
    toKeras: (node) => [{ class_name: type, config: kerasBase(node) }],
    toPytorch: () => ({ module: `${type}()`, merge: true }),
  };
}

export const add = elementwise('Add', 'Sum');
export const subtract: LayerSpec = { ...elementwise('Subtract', 'Difference (first − second)', 2), notInTfjs: 'TensorFlow.js 4.22 has no Subtract layer' };
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
      shape: [...first],
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [],
      diagnostics: [{ code: 'concat-mismatch', severity: 'error' as const, message, fix, param: 'axis' }],
    });
    if (position < 0 || position >= rank) return fail(`Axis ${axis} does not exist on rank-${rank} inputs.`, 'Use -1 to join along the channels.');
    if (inputShapes.some((s) => s.length !== rank))
      return fail(`Concatenate needs inputs of the same rank, got ${shapes}.`, 'Flatten or reshape the branches so their ranks agree.');
    const bad = inputShapes.find((s) => s.some((d, i) => i !== position && d !== first[i]));
    if (bad)
      return fail(
        `Concatenate along axis ${axis} needs all other sizes equal, got ${shapes}.`,
        "Make the spatial sizes agree (padding 'same', matching strides) before joining.",
      );
    const sizes = inputShapes.map((s) => s[position]!);
    const total = sizes.reduce((a, b) => a + b, 0);
    const shape = [...first];
    shape[position] = total;
    return {
      shape,
      params: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      trace: [{ label: 'joined axis', formula: "sum of the inputs' sizes", text: `${sizes.join(' + ')} = ${total}` }],
    };
  },
  toPytorch: ({ params, inputShapes }) => ({ module: `Concatenate(dim=${torchDim(num(params.axis), inputShapes[0]!.length)})`, merge: true }),
  toKeras: (node, p) => [{ class_name: 'Concatenate', config: { ...kerasBase(node), axis: p.axis } }],
  fromKeras: (c): LayerParams => (typeof c.axis === 'number' ? { axis: c.axis } : {}),
};

export const mergeLayers = [add, subtract, multiply, average, maximum, minimum, concatenate];
