import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { contrast, flipHorizontal, randomAugment, rotate, shift, tint, zoom } from './augment';
import { fromMatrix, toMatrix } from './tensor';

const m = fromMatrix([
  [0, 0.5],
  [1, 0.25],
]);

describe('augmentation previews', () => {
  it('flip mirrors columns; a 90° turn moves corners; a shift brings in zeros', () => {
    expect(toMatrix(flipHorizontal(m))).toEqual([
      [0.5, 0],
      [0.25, 1],
    ]);
    expect(toMatrix(rotate(m, 90)).map((row) => row.map((v) => Math.round(v * 100) / 100))).toEqual([
      [0.5, 0.25],
      [0, 1],
    ]);
    expect(toMatrix(shift(m, 0, 1))).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(toMatrix(zoom(m, 1))).toEqual(toMatrix(m));
  });
  it('contrast keeps the mean; tint scales a channel and clips', () => {
    const c = contrast(m, 0.5); // lower contrast never clips
    expect(Array.from(c.data).reduce((a, b) => a + b, 0) / 4).toBeCloseTo(Array.from(m.data).reduce((a, b) => a + b, 0) / 4, 6);
    expect(toMatrix(tint(m, [2]))).toEqual([
      [0, 1],
      [1, 0.5],
    ]);
  });
  it('a random augmentation draws flip, rotation and zoom in that order from the generator', () => {
    const draws = [0.25, 1, 0.5];
    const rand = () => draws.shift()!;
    const expected = zoom(rotate(flipHorizontal(m), 15), 1.125);
    expect(toMatrix(randomAugment(m, rand, { degrees: 15, zoom: 1.25 }))).toEqual(toMatrix(expected));
    expect(draws).toEqual([]);
    const a = randomAugment(m, mulberry32(11), { degrees: 15, zoom: 1.25 });
    expect(toMatrix(randomAugment(m, mulberry32(11), { degrees: 15, zoom: 1.25 }))).toEqual(toMatrix(a));
    expect(toMatrix(randomAugment(m, () => 0.75, { degrees: 0, zoom: 1 }))).toEqual(toMatrix(m));
  });
});
