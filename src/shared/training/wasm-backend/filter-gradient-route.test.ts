// The filter gradient's route choice as a table: which of the four routes each shape takes, and at
// which boundary it switches (co in fours, stride, ci ≥ 8, x smaller than dy, pads, KH·KW·ci ≤ 64).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { chooseFilterGradientRoute, filterGradientCase, IM2COL_MAX_ROWS, type FilterGradientCase, type FilterGradientRoute } from './filter-gradient-route';

/** A 3×3 conv, 16 → 32 channels, stride 1, 'same' pads of 1, with x (B·H·W·ci) half the size of dy. */
const base: FilterGradientCase = {
  filterShape: [3, 3, 16, 32],
  strides: [1, 1],
  dilations: [1, 1],
  pad: { top: 1, bottom: 1, left: 1, right: 1 },
  xSize: 1000,
  dySize: 2000,
  simdKernel: true,
};
const pad = (top: number, bottom: number, left: number, right: number) => ({ top, bottom, left, right });

describe('chooseFilterGradientRoute', () => {
  const table: [string, Partial<FilterGradientCase>, FilterGradientRoute][] = [
    ['co a multiple of 4, SIMD compiled', {}, 'simd'],
    ['co = 4', { filterShape: [3, 3, 1, 4] }, 'simd'],
    ['co a multiple of 4, large rows, stride 2', { filterShape: [5, 5, 64, 128], strides: [2, 2] }, 'simd'],
    ['co a multiple of 4 but dilated', { dilations: [2, 1], filterShape: [3, 3, 4, 32] }, 'im2col'],
    ['co a multiple of 4 but no SIMD kernel', { simdKernel: false }, 'x-as-kernel'],
    ['co not a multiple of 4: x as the kernel', { filterShape: [3, 3, 16, 30] }, 'x-as-kernel'],
    ['x as the kernel needs stride 1 (height)', { filterShape: [3, 3, 16, 30], strides: [2, 1] }, 'dy-as-kernel'],
    ['x as the kernel needs stride 1 (width)', { filterShape: [3, 3, 16, 30], strides: [1, 2] }, 'dy-as-kernel'],
    ['x as the kernel needs ci ≥ 8', { filterShape: [3, 3, 7, 30] }, 'im2col'],
    ['ci = 8 is enough', { filterShape: [3, 3, 8, 30] }, 'x-as-kernel'],
    ['x as the kernel needs x smaller than dy', { filterShape: [3, 3, 16, 30], xSize: 2000 }, 'dy-as-kernel'],
    ['x larger than dy, few rows', { filterShape: [1, 1, 16, 30], xSize: 3000, pad: pad(0, 0, 0, 0) }, 'im2col'],
    ['pads up to K−1 keep x as the kernel', { filterShape: [3, 3, 16, 30], pad: pad(2, 2, 2, 2) }, 'x-as-kernel'],
    ['a top pad beyond K−1', { filterShape: [3, 3, 16, 30], pad: pad(3, 0, 0, 0) }, 'dy-as-kernel'],
    ['a bottom pad beyond K−1', { filterShape: [3, 3, 16, 30], pad: pad(0, 3, 0, 0) }, 'dy-as-kernel'],
    ['a left pad beyond K−1', { filterShape: [3, 3, 16, 30], pad: pad(0, 0, 3, 0) }, 'dy-as-kernel'],
    ['a right pad beyond K−1', { filterShape: [3, 3, 16, 30], pad: pad(0, 0, 0, 3) }, 'dy-as-kernel'],
    [`KH·KW·ci = ${IM2COL_MAX_ROWS}: im2col`, { filterShape: [4, 4, 4, 30], strides: [2, 2] }, 'im2col'],
    [`KH·KW·ci = ${IM2COL_MAX_ROWS + 1}: dy as the kernel`, { filterShape: [5, 13, 1, 30], strides: [2, 2] }, 'dy-as-kernel'],
    ['a first layer (3×3×1 → 30), stride 1', { filterShape: [3, 3, 1, 30] }, 'im2col'],
  ];
  it.each(table)('%s', (_label, change, route) => {
    expect(chooseFilterGradientRoute({ ...base, ...change })).toBe(route);
  });

  it('reads the case from tfjs’s Conv2DInfo: sizes, strides, pads', () => {
    const info = tf.backend_util.computeConv2DInfo([2, 10, 8, 9], [3, 3, 9, 6], [1, 2], 1, 'same');
    expect(filterGradientCase(info, [3, 3, 9, 6], false)).toEqual({
      filterShape: [3, 3, 9, 6],
      strides: [1, 2],
      dilations: [1, 1],
      pad: { top: 1, bottom: 1, left: 0, right: 1 },
      xSize: 2 * 10 * 8 * 9,
      dySize: 2 * 10 * 4 * 6,
      simdKernel: false,
    });
    // The course's second conv, 32 → 64: SIMD where it is compiled, else x as the kernel.
    const course = tf.backend_util.computeConv2DInfo([64, 14, 14, 32], [3, 3, 32, 64], 1, 1, 'same');
    expect(chooseFilterGradientRoute(filterGradientCase(course, [3, 3, 32, 64], true))).toBe('simd');
    expect(chooseFilterGradientRoute(filterGradientCase(course, [3, 3, 32, 64], false))).toBe('x-as-kernel');
  });
});
