import { describe, expect, it } from 'vitest';
import { channelMaxPool, globalAveragePool, globalMaxPool, pool2d, poolOutputSize } from './pooling';
import { stackChannels, tensor3, toMatrix, fromMatrix } from './tensor';

const range = (h: number, w: number) =>
  tensor3(
    h,
    w,
    1,
    Array.from({ length: h * w }, (_, i) => i),
  );

describe('lesson 000: 4×4 tensor 0…15', () => {
  const t = range(4, 4);
  it('2×2 average pooling (stride defaults to the pool size) → [[2.5, 4.5], [10.5, 12.5]]', () => {
    expect(toMatrix(pool2d(t, { mode: 'avg', size: 2, padding: 'valid' }))).toEqual([
      [2.5, 4.5],
      [10.5, 12.5],
    ]);
  });
  it('2×2 max pooling → [[5, 7], [13, 15]]', () => {
    expect(toMatrix(pool2d(t, { mode: 'max', size: 2, padding: 'valid' }))).toEqual([
      [5, 7],
      [13, 15],
    ]);
  });
  it('global average pooling → 7.5', () => {
    expect(globalAveragePool(t)).toEqual([7.5]);
    expect(globalMaxPool(t)).toEqual([15]);
  });
});

describe('lesson 004: 3×3 tensor 0…8', () => {
  const t = range(3, 3);
  it('2×2 window, stride 1: max [[4, 5], [7, 8]], avg [[2, 3], [5, 6]]', () => {
    expect(toMatrix(pool2d(t, { mode: 'max', size: 2, stride: 1, padding: 'valid' }))).toEqual([
      [4, 5],
      [7, 8],
    ]);
    expect(toMatrix(pool2d(t, { mode: 'avg', size: 2, stride: 1, padding: 'valid' }))).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('Keras MaxPool2D(2) valid → [[4]], same → [[4, 5], [7, 8]]', () => {
    expect(toMatrix(pool2d(t, { mode: 'max', size: 2, padding: 'valid' }))).toEqual([[4]]);
    expect(toMatrix(pool2d(t, { mode: 'max', size: 2, padding: 'same' }))).toEqual([
      [4, 5],
      [7, 8],
    ]);
  });

  it('same padding, stride 1: padding never wins a max and is left out of averages (TensorFlow)', () => {
    expect(toMatrix(pool2d(t, { mode: 'max', size: 2, stride: 1, padding: 'same' }))).toEqual([
      [4, 5, 5],
      [7, 8, 8],
      [7, 8, 8],
    ]);
    expect(toMatrix(pool2d(t, { mode: 'avg', size: 2, stride: 1, padding: 'same' }))).toEqual([
      [2, 3, 3.5],
      [5, 6, 6.5],
      [6.5, 7.5, 8],
    ]);
  });

  it('padding does not win a max even when every real value is negative', () => {
    const neg = fromMatrix([
      [-1, -2, -3],
      [-4, -5, -6],
      [-7, -8, -9],
    ]);
    expect(toMatrix(pool2d(neg, { mode: 'max', size: 2, stride: 1, padding: 'same' }))[2]).toEqual([-7, -8, -9]);
  });
});

describe('pooling geometry and channels', () => {
  it('pools each channel on its own', () => {
    const t = stackChannels([range(4, 4), fromMatrix(Array.from({ length: 4 }, () => [1, 2, 3, 4]))]);
    const out = pool2d(t, { mode: 'max', size: 2, padding: 'valid' });
    expect(out.channels).toBe(2);
    expect(toMatrix(out, 1)).toEqual([
      [2, 4],
      [2, 4],
    ]);
    expect(globalAveragePool(t)).toEqual([7.5, 2.5]);
  });

  it('sizes come from the engine conventions, rectangular windows allowed', () => {
    const g = poolOutputSize({ height: 28, width: 28 }, { size: 2, padding: 'valid' });
    expect([g.height, g.width]).toEqual([14, 14]);
    const r = pool2d(range(4, 6), { mode: 'avg', size: [2, 3], padding: 'valid' });
    expect(toMatrix(r)).toEqual([
      [4, 7],
      [16, 19],
    ]);
  });
});

describe('channelMaxPool (lesson 003: depth-wise pooling, pool 3 on RGB)', () => {
  it('takes the maximum over groups of channels, keeping height and width', () => {
    const rgb = stackChannels([fromMatrix([[1, 9]]), fromMatrix([[5, 2]]), fromMatrix([[3, 4]])]);
    const out = channelMaxPool(rgb, 3);
    expect([out.height, out.width, out.channels]).toEqual([1, 2, 1]);
    expect(toMatrix(out)).toEqual([[5, 9]]);
  });

  it('drops channels that do not fill a group (VALID)', () => {
    const t = tensor3(1, 1, 7, [1, 7, 2, 3, 9, 4, 100]);
    expect(Array.from(channelMaxPool(t, 3).data)).toEqual([7, 9]);
    expect(Array.from(channelMaxPool(t, 2).data)).toEqual([7, 3, 9]);
  });
});
