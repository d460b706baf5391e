// Pooling on sequences, images and volumes: shapes and the arithmetic with each node's numbers,
// worked out by hand from the Keras docs' formulas (strides default to the pool size).
import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../../graph/build';
import type { LayerParams } from '../../graph/graph';
import { analyzeGraph, type NodeAnalysis } from '../analyze';

function one(input: number[], type: string, params: LayerParams = {}): NodeAnalysis {
  return analyzeGraph(sequentialGraph(input, [{ type, name: 'layer', params }])).nodes.layer!;
}
const traceOf = (node: NodeAnalysis) => node.trace.filter((t) => t.label !== 'receptive field').map(({ label, formula, text }) => [label, formula, text]);

describe('1-D pooling on (L, C)', () => {
  it('MaxPooling1D halves L with the default pool 2', () => {
    const pool = one([100, 16], 'MaxPooling1D');
    expect(pool).toMatchObject({ status: 'ok', shape: [50, 16], params: { total: 0 }, shortForm: '2 s2 valid' });
    expect(traceOf(pool)).toEqual([
      ['L', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(100 + 2·0 − 2)/2⌋ + 1 = 50'],
      ['params', 'none: pooling has no weights', '0'],
    ]);
  });

  it("AveragePooling1D: 'same' gives ⌈L/s⌉, 'valid' with stride 1 drops k − 1", () => {
    expect(one([101, 4], 'AveragePooling1D', { pool_size: [3], strides: [2], padding: 'same' }).shape).toEqual([51, 4]);
    expect(one([10, 4], 'AveragePooling1D', { pool_size: [3], strides: [1] }).shape).toEqual([8, 4]);
  });

  it('global pooling: L × C → C, mixing every position', () => {
    for (const type of ['GlobalAveragePooling1D', 'GlobalMaxPooling1D']) {
      const pool = one([100, 16], type);
      expect(pool).toMatchObject({ status: 'ok', shape: [16], receptiveField: { global: true } });
      expect(traceOf(pool)[0]).toEqual(['shape', 'L × C → C', '100 × 16 → 16']);
    }
  });

  it('a pool longer than the sequence is window-too-large', () => {
    expect(one([1, 3], 'MaxPooling1D').diagnostics[0]).toMatchObject({ code: 'window-too-large', param: 'pool_size' });
  });
});

describe('3-D pooling on (D, H, W, C)', () => {
  it('MaxPooling3D halves every axis; AveragePooling3D can keep the depth', () => {
    expect(one([16, 64, 64, 8], 'MaxPooling3D')).toMatchObject({ status: 'ok', shape: [8, 32, 32, 8], shortForm: '2×2×2 s2 valid' });
    const avg = one([16, 64, 64, 8], 'AveragePooling3D', { pool_size: [1, 2, 2] });
    expect(avg.shape).toEqual([16, 32, 32, 8]);
    expect(traceOf(avg)[0]).toEqual(['D', '⌊(in + 2·0 − dk)/s⌋ + 1', '⌊(16 + 2·0 − 1)/1⌋ + 1 = 16']);
  });

  it('global pooling: D × H × W × C → C', () => {
    for (const type of ['GlobalAveragePooling3D', 'GlobalMaxPooling3D']) {
      expect(traceOf(one([16, 64, 64, 8], type))[0]).toEqual(['shape', 'D × H × W × C → C', '16 × 64 × 64 × 8 → 8']);
    }
  });

  it('a 3-D pool after an image is a rank mismatch that names volumes', () => {
    expect(one([8, 8, 3], 'MaxPooling3D').diagnostics[0]).toMatchObject({
      code: 'rank-mismatch',
      message: 'MaxPooling3D expects a D × H × W × C volume (rank 4), but "input_layer" gives (8, 8, 3), rank 3.',
    });
  });
});
