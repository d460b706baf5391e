// Core and activation layers added for the course's Keras models: PReLU's learned slopes (Keras'
// parameter count, with and without shared axes) and ELU.
import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../graph/build';
import type { LayerParams } from '../../graph/graph';
import { analyzeGraph, type NodeAnalysis } from '../analyze';

function one(input: number[], type: string, params: LayerParams = {}): NodeAnalysis {
  return analyzeGraph(sequentialGraph(input, [{ type, name: 'layer', params }])).nodes.layer!;
}
const traceOf = (node: NodeAnalysis) => node.trace.map(({ label, formula, text }) => [label, formula, text]);

describe('PReLU', () => {
  it('one α per channel when H and W are shared: 28 × 28 × 32 → 32 parameters', () => {
    const act = one([28, 28, 32], 'PReLU', { shared_axes: [1, 2] });
    expect(act).toMatchObject({ status: 'ok', shape: [28, 28, 32], params: { trainable: 32, total: 32 }, shortForm: 'shared 1,2' });
    expect(traceOf(act)).toEqual([['params', 'one α per value, 1 along each shared axis', '1·1·32 = 32']]);
  });

  it('one α per value by default (Keras: the input shape)', () => {
    expect(traceOf(one([4, 4, 3], 'PReLU'))).toEqual([['params', 'one α per value: product of the sizes', '4·4·3 = 48']]);
    expect(one([10], 'PReLU').params.total).toBe(10);
  });

  it('a shared axis beyond the rank is an error that counts axes as Keras does', () => {
    expect(one([4, 4, 3], 'PReLU', { shared_axes: [1, 4] }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-shared-axis',
        param: 'shared_axes',
        message: 'Shared axis 4 does not exist on a rank-3 input (4×4×3): Keras counts the batch as axis 0, so the axes are 1 to 3.',
        fix: 'Use axes from 1 to 3, e.g. 1, 2 for one α per channel.',
      }),
    ]);
    expect(one([4, 4, 3], 'PReLU', { shared_axes: [0] }).diagnostics[0]).toMatchObject({
      code: 'invalid-param',
      message: 'Shared axes cannot name axis 0: axis 0 is the batch.',
    });
  });
});

describe('ELU', () => {
  it('keeps the shape, no parameters', () => {
    expect(one([5, 3], 'ELU', { alpha: 0.5 })).toMatchObject({ status: 'ok', shape: [5, 3], params: { total: 0 }, shortForm: 'α 0.5' });
  });
});

describe('shape tools', () => {
  it('Permute (2, 1) turns (L, C) into (C, L)', () => {
    const p = one([10, 64], 'Permute', { dims: [2, 1] });
    expect(p).toMatchObject({ status: 'ok', shape: [64, 10], shortForm: '(2, 1)' });
    expect(traceOf(p)).toEqual([['shape', 'size i = input size dims[i]', '(10, 64) → (64, 10)']]);
    expect(one([2, 3, 4], 'Permute', { dims: [3, 1, 2] }).shape).toEqual([4, 2, 3]);
  });

  it('Permute needs each axis once', () => {
    expect(one([10, 64], 'Permute', { dims: [1, 3] }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'permute-dims',
        message: 'Dims (1, 3) must order all 2 axes of the (10, 64) input: a permutation of 1, 2.',
        fix: 'List each of 1, 2 once, e.g. 2, 1.',
      }),
    ]);
  });

  it('RepeatVector: (F) → (n, F)', () => {
    const r = one([32], 'RepeatVector', { n: 5 });
    expect(r).toMatchObject({ status: 'ok', shape: [5, 32], params: { total: 0 } });
    expect(traceOf(r)).toEqual([['shape', '(F) → (n, F)', '(32) → (5, 32)']]);
    expect(one([4, 4], 'RepeatVector').diagnostics[0]).toMatchObject({ code: 'rank-mismatch' });
  });

  it('Reshape with one -1 shows how the size is inferred', () => {
    const r = one([784], 'Reshape', { target_shape: [28, -1, 1] });
    expect(r.shape).toEqual([28, 28, 1]);
    expect(traceOf(r)).toEqual([
      ['size 2', '−1 = input values / product of the other sizes', '784 / 28 = 28'],
      ['size', 'product must match', '784 = 784 → 28·28·1'],
    ]);
  });
});
