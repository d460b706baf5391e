// Normalization and regularization layers: Keras' parameter counts (γ and β over the normalized axes),
// the arithmetic with each node's numbers, and the errors, from the Keras docs' formulas.
import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../graph/build';
import type { LayerParams } from '../../graph/graph';
import { analyzeGraph, type NodeAnalysis } from '../analyze';

function one(input: number[], type: string, params: LayerParams = {}): NodeAnalysis {
  return analyzeGraph(sequentialGraph(input, [{ type, name: 'layer', params }])).nodes.layer!;
}
const traceOf = (node: NodeAnalysis) => node.trace.map(({ label, formula, text }) => [label, formula, text]);

describe('LayerNormalization', () => {
  it('over the channels by default: γ and β, 2·C, all trainable', () => {
    const ln = one([10, 64], 'LayerNormalization');
    expect(ln).toMatchObject({ status: 'ok', shape: [10, 64], params: { trainable: 128, nonTrainable: 0 } });
    expect(traceOf(ln)).toEqual([['params', 'γ, β: 2·C', '2·64 = 128']]);
  });

  it('over several axes (Keras: γ of the axes’ sizes), and without β', () => {
    expect(traceOf(one([4, 4, 8], 'LayerNormalization', { axis: [1, -1] }))).toEqual([['params', 'γ, β: 2·(H·C)', '2·(4·8) = 64']]);
    expect(one([4, 4, 8], 'LayerNormalization', { center: false }).params.total).toBe(8);
  });

  it('an axis beyond the rank, counted as Keras counts', () => {
    expect(one([4, 4, 8], 'LayerNormalization', { axis: 4 }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'invalid-axis',
        param: 'axis',
        message: 'Axis 4 does not exist on a rank-3 input (4×4×8): Keras counts the batch as axis 0, so the axes are 1 to 3 (or −1 for the last).',
      }),
    ]);
    expect(one([4, 4, 8], 'LayerNormalization', { axis: 0 }).diagnostics[0]).toMatchObject({
      code: 'invalid-param',
      message: 'Axis cannot be axis 0: that is the batch.',
    });
  });
});

describe('GroupNormalization', () => {
  it('32 channels in 8 groups of 4: 2·C parameters', () => {
    const gn = one([8, 8, 32], 'GroupNormalization', { groups: 8 });
    expect(gn).toMatchObject({ status: 'ok', shape: [8, 8, 32], params: { trainable: 64, total: 64 }, shortForm: '8 groups' });
    expect(traceOf(gn)).toEqual([
      ['groups', 'C / groups channels each', '32 / 8 = 4'],
      ['params', 'γ, β: 2·C', '2·32 = 64'],
    ]);
  });

  it('the channels must divide by the groups (Keras’ default is 32)', () => {
    expect(one([8, 8, 48], 'GroupNormalization').diagnostics).toEqual([
      expect.objectContaining({
        code: 'groups-not-divisible',
        message: '48 channels cannot be split into 32 equal groups.',
        fix: 'Use a number of groups that divides 48 (e.g. 24), or change the channels of the layer before it.',
      }),
    ]);
  });
});

describe('dropouts, noise and activity regularization keep the shape and add no parameters', () => {
  it.each([
    ['SpatialDropout1D', [10, 4]],
    ['SpatialDropout2D', [6, 6, 4]],
    ['SpatialDropout3D', [3, 6, 6, 4]],
    ['GaussianNoise', [6, 6, 4]],
    ['GaussianDropout', [10]],
    ['ActivityRegularization', [6, 6, 4]],
  ])('%s on %j', (type, input) => {
    expect(one(input as number[], type as string)).toMatchObject({ status: 'ok', shape: input, params: { total: 0 } });
  });

  it('SpatialDropout2D needs an image', () => {
    expect(one([10, 4], 'SpatialDropout2D').diagnostics[0]).toMatchObject({ code: 'rank-mismatch' });
  });
});
