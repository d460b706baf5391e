import { describe, expect, it } from 'vitest';
import { centerSquare, resizeBilinear, toGray } from './resize';
import { tensor3 } from './tensor';

describe('preparing a photo', () => {
  it('gray uses 0.299 R + 0.587 G + 0.114 B', () => {
    expect(Array.from(toGray(tensor3(1, 1, 3, [1, 0.5, 0])).data)[0]).toBeCloseTo(0.5925, 6);
  });
  it('centre square of a wide image', () => {
    const t = tensor3(2, 4, 1, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(centerSquare(t).data)).toEqual([1, 2, 5, 6]);
  });
  it('halving averages 2×2 blocks (half-pixel centres); same size is a no-op', () => {
    const t = tensor3(2, 2, 1, [0, 1, 2, 3]);
    expect(Array.from(resizeBilinear(t, 1, 1).data)).toEqual([1.5]);
    expect(resizeBilinear(t, 2, 2)).toBe(t);
  });
});
