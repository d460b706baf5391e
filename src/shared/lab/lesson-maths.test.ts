import { describe, expect, it } from 'vitest';
import { crossCorrelate } from './convolve';
import { conv1x1AsMatmul, maxAbsDifference, transposedWindows, windowCoverage } from './lesson-maths';
import { randomNormal } from './kernels';
import { fromMatrix, kernel4, stackChannels, tensor3 } from './tensor';
import { transposedConvolve } from './transposed';

const K = [
  [0, 1],
  [2, 3],
];

describe('windowCoverage', () => {
  it('stride that divides evenly leaves nothing over', () => {
    const c = windowCoverage('H', 32, 3, 1, 1, 1);
    expect(c).toMatchObject({ out: 32, dk: 3, padBefore: 1, padAfter: 1, padded: 34, used: 34, leftover: 0, leftoverInput: 0 });
    expect(c.trace.map((t) => t.text)).toEqual(['⌊(32 + 2·1 − 3)/1⌋ + 1 = 32']);
  });

  it('(in + 2p − dk)/s not an integer: the floor drops the last cells, here only padding', () => {
    const c = windowCoverage('H', 32, 3, 2, 1, 1);
    expect(c).toMatchObject({ out: 16, used: 33, leftover: 1, leftoverInput: 0 });
    expect(c.trace.at(-1)!.text).toBe('⌊(32 + 2·1 − 3)/2⌋ + 1 = 16');
  });

  it('valid padding: the dropped cells are real input', () => {
    // 7 − 3 = 4, stride 3: windows at 0 and 3 reach cell 5; cell 6 is never read.
    expect(windowCoverage('W', 7, 3, 3, 1, 'valid')).toMatchObject({ out: 2, used: 6, leftover: 1, leftoverInput: 1 });
    expect((7 + 2 * 0 - 3) % 3).toBe(1);
  });

  it('dilation widens the window to dk = (k − 1)·d + 1', () => {
    const c = windowCoverage('H', 10, 3, 1, 2, 'valid');
    expect(c).toMatchObject({ out: 6, dk: 5, leftover: 0 });
    expect(c.trace.map((t) => t.text)).toEqual(['dk = (3 − 1)·2 + 1 = 5', '⌊(10 + 2·0 − 5)/1⌋ + 1 = 6']);
  });

  it("'same' pads so every cell is covered unless the stride exceeds the window", () => {
    expect(windowCoverage('H', 5, 3, 2, 1, 'same')).toMatchObject({ out: 3, padBefore: 1, padAfter: 1, leftover: 0 });
    // k = 1, s = 3 over 5 cells: windows at 0 and 3, cell 4 is skipped even with 'same'.
    expect(windowCoverage('H', 5, 1, 3, 1, 'same')).toMatchObject({ out: 2, padBefore: 0, padAfter: 0, leftover: 1, leftoverInput: 1 });
  });

  it('a kernel larger than the input gives no output and no coverage', () => {
    expect(windowCoverage('H', 2, 5, 1, 1, 'valid')).toMatchObject({ out: -2, used: 0, leftover: 0 });
  });
});

describe('transposedWindows', () => {
  it("the course's 2×2 example: each input times the whole kernel, s apart, adding up to the transposed convolution", () => {
    const w = transposedWindows(K, K);
    expect(w.map((x) => [x.row, x.col, x.value])).toEqual([
      [0, 0, 0],
      [0, 1, 1],
      [1, 0, 2],
      [1, 1, 3],
    ]);
    expect(w[1]!.window).toEqual([
      [0, 0, 1],
      [0, 2, 3],
      [0, 0, 0],
    ]);
    expect(w[2]!.window).toEqual([
      [0, 0, 0],
      [0, 2, 0],
      [4, 6, 0],
    ]);
    const sum = w.reduce(
      (acc, x) => acc.map((row, i) => row.map((v, j) => v + x.window[i]![j]!)),
      transposedConvolve(K, K).map((r) => r.map(() => 0)),
    );
    expect(sum).toEqual([
      [0, 0, 1],
      [0, 4, 6],
      [4, 12, 9],
    ]);
  });

  it('stride 2 puts the windows two cells apart', () => {
    const w = transposedWindows(K, K, 2);
    expect(w[3]!.window).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 3],
      [0, 0, 6, 9],
    ]);
  });
});

describe('conv1x1AsMatmul', () => {
  it('equals the 1×1 convolution (the course asserts a difference below 1e-6)', () => {
    const x = stackChannels([0, 1, 2].map((i) => fromMatrix(randomNormal(3, 3, 42 + i))));
    const k = kernel4(1, 1, 3, 2, randomNormal(3, 2, 45).flat());
    const y1 = conv1x1AsMatmul(x, k);
    const y2 = crossCorrelate(x, k, { padding: 'valid' });
    expect([y1.height, y1.width, y1.channels]).toEqual([3, 3, 2]);
    expect(maxAbsDifference(y1, y2)).toBeLessThan(1e-6);
  });

  it('is (H·W × Cin)·(Cin × Cout) on a small hand example', () => {
    const x = tensor3(1, 2, 2, [1, 2, 3, 4]);
    const k = kernel4(1, 1, 2, 1, [10, 1]);
    expect(Array.from(conv1x1AsMatmul(x, k).data)).toEqual([12, 34]);
  });

  it('rejects kernels that are not 1×1 and channel mismatches', () => {
    expect(() => conv1x1AsMatmul(tensor3(2, 2, 1), kernel4(2, 2, 1, 1))).toThrow(/not 1×1/);
    expect(() => conv1x1AsMatmul(tensor3(2, 2, 2), kernel4(1, 1, 3, 1))).toThrow(/channel/);
    expect(() => maxAbsDifference(tensor3(1, 1, 1), tensor3(1, 2, 1))).toThrow();
  });
});
