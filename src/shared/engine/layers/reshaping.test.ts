// Padding, cropping and upsampling: shapes, the arithmetic with each node's numbers, and the errors,
// worked out by hand from the Keras docs' formulas (each axis grows or shrinks by its two sides).
import { describe, expect, it } from 'vitest';
import { sequentialGraph, type LayerDef } from '../../graph/build';
import { analyzeGraph } from '../analyze';
import { fieldProblemText } from '../params';
import { getLayerSpec } from '../registry';
import { sidesFromKeras } from './reshaping';

const chain = (input: number[], layers: LayerDef[]) => analyzeGraph(sequentialGraph(input, layers));
const traceOf = (node: { trace: { label: string; formula: string; text: string }[] }) => node.trace.map(({ label, formula, text }) => [label, formula, text]);

describe('ZeroPadding2D and Cropping2D in every Keras form', () => {
  it('one integer pads every side: 28×28×1 → 32×32×1', () => {
    const pad = chain([28, 28, 1], [{ type: 'ZeroPadding2D', params: { padding: 2 } }]).nodes.zero_padding2d!;
    expect(pad).toMatchObject({ status: 'ok', shape: [32, 32, 1], params: { total: 0 }, shortForm: '2×2' });
    expect(traceOf(pad)).toEqual([
      ['H', 'H + 2·p', '28 + 2·2 = 32'],
      ['W', 'W + 2·p', '28 + 2·2 = 32'],
    ]);
  });

  it('one integer per axis: (rows, columns)', () => {
    const pad = chain([5, 7, 3], [{ type: 'ZeroPadding2D', params: { padding: [1, 0] } }]).nodes.zero_padding2d!;
    expect(pad).toMatchObject({ shape: [7, 7, 3], shortForm: '1×0' });
  });

  it('((top, bottom), (left, right)): uneven sides, as TensorFlow pads for an even kernel', () => {
    const pad = chain(
      [5, 7, 3],
      [
        {
          type: 'ZeroPadding2D',
          params: {
            padding: [
              [0, 1],
              [2, 3],
            ],
          },
        },
      ],
    ).nodes.zero_padding2d!;
    expect(pad).toMatchObject({ status: 'ok', shape: [6, 12, 3], shortForm: '(0,1)×(2,3)' });
    expect(traceOf(pad)).toEqual([
      ['H', 'H + top + bottom', '5 + 0 + 1 = 6'],
      ['W', 'W + left + right', '7 + 2 + 3 = 12'],
    ]);
  });

  it('Cropping2D with uneven sides: the U-Net skip crop', () => {
    const crop = chain(
      [64, 64, 16],
      [
        {
          type: 'Cropping2D',
          params: {
            cropping: [
              [4, 4],
              [3, 5],
            ],
          },
        },
      ],
    ).nodes.cropping2d!;
    expect(crop).toMatchObject({ status: 'ok', shape: [56, 56, 16], shortForm: '(4,4)×(3,5)' });
    expect(traceOf(crop)).toEqual([
      ['H', 'H − 2·c', '64 − 2·4 = 56'],
      ['W', 'W − left − right', '64 − 3 − 5 = 56'],
    ]);
  });

  it('cropping all of an axis is an error on the node, with its arithmetic kept', () => {
    const a = chain(
      [6, 6, 2],
      [
        {
          type: 'Cropping2D',
          params: {
            cropping: [
              [3, 4],
              [0, 0],
            ],
          },
        },
        { type: 'Flatten' },
      ],
    );
    const crop = a.nodes.cropping2d!;
    expect(crop.status).toBe('error');
    expect(crop.diagnostics).toEqual([
      expect.objectContaining({
        code: 'crop-too-large',
        param: 'cropping',
        message: 'Cropping 3 + 4 rows from the 6 rows of H leaves nothing (H: 6 − 3 − 4 = -1).',
        fix: 'Crop at most 5 rows in total from H, e.g. 2 on each side, or crop before an earlier downsampling layer.',
      }),
    ]);
    expect(traceOf(crop)).toEqual([
      ['H', 'H − top − bottom', '6 − 3 − 4 = -1'],
      ['W', 'W − 2·c', '6 − 2·0 = 6'],
    ]);
    expect(a.nodes.flatten).toMatchObject({ status: 'blocked', blockedBy: 'cropping2d' });
  });

  it('the field refuses a wrong form or a negative side, saying which forms it takes', () => {
    const schema = getLayerSpec('ZeroPadding2D')!.params[0]!;
    expect(fieldProblemText(schema, [1, 2, 3])).toBe(
      'Must be an integer, 2 integers (rows, columns) or (top, bottom), (left, right); got 1, 2, 3. Enter an integer, 2 integers (rows, columns) or (top, bottom), (left, right), e.g. “1, 1”.',
    );
    expect(
      fieldProblemText(schema, [
        [0, -1],
        [1, 1],
      ]),
    ).toBe('Cannot be negative (got -1). Use 0 or more pixels.');
    expect(
      fieldProblemText(schema, [
        [0, 1],
        [1, 1],
      ]),
    ).toBeNull();
    expect(fieldProblemText(schema, 3)).toBeNull();
  });

  it('reads every Keras form; pairs that agree become one number per axis', () => {
    expect(sidesFromKeras(2, 2)).toBe(2);
    expect(sidesFromKeras([1, 2], 2)).toEqual([1, 2]);
    expect(
      sidesFromKeras(
        [
          [1, 1],
          [2, 2],
        ],
        2,
      ),
    ).toEqual([1, 2]);
    expect(
      sidesFromKeras(
        [
          [0, 1],
          [2, 2],
        ],
        2,
      ),
    ).toEqual([
      [0, 1],
      [2, 2],
    ]);
    expect(sidesFromKeras([[0, 1], 2], 2)).toEqual([
      [0, 1],
      [2, 2],
    ]);
    expect(sidesFromKeras([1, 2, 3], 2)).toBeUndefined();
    expect(sidesFromKeras('same', 2)).toBeUndefined();
  });
});

describe('ZeroPadding1D, Cropping1D and UpSampling1D on (L, C)', () => {
  it('(start, end) padding, one-number cropping, repeated steps', () => {
    const a = chain(
      [10, 4],
      [
        { type: 'ZeroPadding1D', params: { padding: [[2, 3]] } },
        { type: 'Cropping1D', params: { cropping: 2 } },
        { type: 'UpSampling1D', params: { size: 3 } },
      ],
    );
    expect(a.nodes.zero_padding1d).toMatchObject({ shape: [15, 4], shortForm: '(2,3)' });
    expect(traceOf(a.nodes.zero_padding1d!)).toEqual([['L', 'L + start + end', '10 + 2 + 3 = 15']]);
    expect(a.nodes.cropping1d).toMatchObject({ shape: [11, 4], shortForm: '2' });
    expect(traceOf(a.nodes.cropping1d!)).toEqual([['L', 'L − 2·c', '15 − 2·2 = 11']]);
    expect(a.nodes.up_sampling1d).toMatchObject({ shape: [33, 4], shortForm: '×3', params: { total: 0 } });
    expect(traceOf(a.nodes.up_sampling1d!).slice(0, 2)).toEqual([
      ['L', 'L·s', '11·3 = 33'],
      ['params', 'none: upsampling has no weights', '0'],
    ]);
  });

  it('Keras writes a 1-D pair flat: (start, end)', () => {
    expect(sidesFromKeras([1, 2], 1)).toEqual([[1, 2]]);
    expect(sidesFromKeras([2, 2], 1)).toBe(2);
    expect(sidesFromKeras(3, 1)).toBe(3);
  });

  it('cropping a whole sequence', () => {
    const crop = chain([4, 2], [{ type: 'Cropping1D', params: { cropping: [[2, 2]] } }]).nodes.cropping1d!;
    expect(crop.diagnostics[0]).toMatchObject({
      code: 'crop-too-large',
      message: 'Cropping 2 + 2 steps from the 4 steps of L leaves nothing (L: 4 − 2 − 2 = 0).',
      fix: 'Crop at most 3 steps in total from L, e.g. 1 on each side, or crop before an earlier downsampling layer.',
    });
  });
});

describe('ZeroPadding3D, Cropping3D and UpSampling3D on (D, H, W, C)', () => {
  it('per-axis and uneven padding, one-number cropping, upsampling by (1, 2, 2)', () => {
    const a = chain(
      [4, 5, 6, 2],
      [
        {
          type: 'ZeroPadding3D',
          params: {
            padding: [
              [1, 1],
              [2, 2],
              [0, 3],
            ],
          },
        },
        { type: 'Cropping3D', params: { cropping: 1 } },
        { type: 'UpSampling3D', params: { size: [1, 2, 2] } },
      ],
    );
    expect(a.nodes.zero_padding3d).toMatchObject({ shape: [6, 9, 9, 2], shortForm: '(1,1)×(2,2)×(0,3)' });
    expect(traceOf(a.nodes.zero_padding3d!)).toEqual([
      ['D', 'D + 2·p', '4 + 2·1 = 6'],
      ['H', 'H + 2·p', '5 + 2·2 = 9'],
      ['W', 'W + left + right', '6 + 0 + 3 = 9'],
    ]);
    expect(a.nodes.cropping3d).toMatchObject({ shape: [4, 7, 7, 2] });
    expect(a.nodes.up_sampling3d).toMatchObject({ shape: [4, 14, 14, 2], shortForm: '×1×2×2' });
    expect(traceOf(a.nodes.up_sampling3d!).slice(0, 3)).toEqual([
      ['D', 'D·sd', '4·1 = 4'],
      ['H', 'H·sh', '7·2 = 14'],
      ['W', 'W·sw', '7·2 = 14'],
    ]);
  });

  it('cropping all the slices of a volume', () => {
    expect(chain([2, 5, 5, 1], [{ type: 'Cropping3D' }]).nodes.cropping3d!.diagnostics[0]).toMatchObject({
      code: 'crop-too-large',
      message: 'Cropping 1 + 1 slices from the 2 slices of D leaves nothing (D: 2 − 1 − 1 = 0).',
    });
  });
});
