import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../data/random';
import { applyRepeatedly, convolveOutputSize, crossCorrelate } from './convolve';
import { CORR2D_K, CORR2D_X } from './course-examples';
import { edgeMagnitude, edgeMaps } from './edges';
import { edgeKernel, identity, randomNormal, sobelHorizontal, sobelVertical, transposeMatrix } from './kernels';
import { crossCorrelationSteps } from './steps';
import { fromMatrix, kernel4, kernelFromChannels, kernelFromMatrix, stackChannels, stackKernels, tensor3, toMatrix, type Tensor3 } from './tensor';

/** Textbook cross-correlation on nested arrays: pad explicitly, slide, multiply, sum. */
function naive(x: number[][], k: number[][], pad = { top: 0, bottom: 0, left: 0, right: 0 }, stride = 1, dilation = 1): number[][] {
  const w = x[0]!.length + pad.left + pad.right;
  const padded = [
    ...Array.from({ length: pad.top }, () => new Array<number>(w).fill(0)),
    ...x.map((row) => [...new Array<number>(pad.left).fill(0), ...row, ...new Array<number>(pad.right).fill(0)]),
    ...Array.from({ length: pad.bottom }, () => new Array<number>(w).fill(0)),
  ];
  const dkh = (k.length - 1) * dilation + 1;
  const dkw = (k[0]!.length - 1) * dilation + 1;
  const out: number[][] = [];
  for (let r = 0; r + dkh <= padded.length; r += stride) {
    const row: number[] = [];
    for (let c = 0; c + dkw <= w; c += stride) {
      let s = 0;
      k.forEach((kr, a) => kr.forEach((kv, b) => (s += padded[r + a * dilation]![c + b * dilation]! * kv)));
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

const f32 = (m: number[][]) => m.map((row) => row.map((v) => Math.fround(v)));
function expectClose(actual: number[][], expected: number[][], digits = 4): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => {
    expect(row.length).toBe(expected[r]!.length);
    row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, digits));
  });
}

describe('crossCorrelate: lesson 004 numbers', () => {
  const X = CORR2D_X;
  const K = CORR2D_K;

  it('corr2d(X, K) = [[19, 25], [37, 43]] (no kernel flip)', () => {
    expect(toMatrix(crossCorrelate(fromMatrix(X), kernelFromMatrix(K), { padding: 'valid' }))).toEqual([
      [19, 25],
      [37, 43],
    ]);
  });

  it('crossCorrelationSteps lists every window and product of the animated lesson', () => {
    const steps = crossCorrelationSteps(X, K);
    expect(steps.map((s) => s.sum)).toEqual([19, 25, 37, 43]);
    expect(steps.map((s) => [s.row, s.col])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(steps[0]!.products.map((p) => p.product)).toEqual([0, 1, 6, 12]);
    expect(steps[3]!.products.map((p) => [p.row, p.col, p.input, p.weight])).toEqual([
      [1, 1, 4, 0],
      [1, 2, 5, 1],
      [2, 1, 7, 2],
      [2, 2, 8, 3],
    ]);
  });

  const X2 = [X, X.map((row) => row.map((v) => v + 1))];
  const K2 = [K, K.map((row) => row.map((v) => v + 1))];

  it('multi-input, single output: sums over channels → [[56, 72], [104, 120]]', () => {
    const input = stackChannels(X2.map(fromMatrix));
    expect(toMatrix(crossCorrelate(input, kernelFromChannels(K2), { padding: 'valid' }))).toEqual([
      [56, 72],
      [104, 120],
    ]);
  });

  it('multi-output: stacking K, K + 1, K + 2 gives three output channels', () => {
    const input = stackChannels(X2.map(fromMatrix));
    const plus = (d: number) => kernelFromChannels(K2.map((m) => m.map((row) => row.map((v) => v + d))));
    const out = crossCorrelate(input, stackKernels([plus(0), plus(1), plus(2)]), { padding: 'valid' });
    expect(out.channels).toBe(3);
    expect([0, 1, 2].map((ch) => toMatrix(out, ch))).toEqual([
      [
        [56, 72],
        [104, 120],
      ],
      [
        [76, 100],
        [148, 172],
      ],
      [
        [96, 128],
        [192, 224],
      ],
    ]);
  });

  it('1×1 convolution is a matrix product over channels at every pixel', () => {
    const rand = mulberry32(11);
    const [h, w, cin, cout] = [3, 3, 3, 2];
    const x = tensor3(
      h,
      w,
      cin,
      Array.from({ length: h * w * cin }, () => normal(rand)),
    );
    const k = kernel4(
      1,
      1,
      cin,
      cout,
      Array.from({ length: cin * cout }, () => normal(rand)),
    );
    const y = crossCorrelate(x, k, { padding: 'valid' });
    for (let p = 0; p < h * w; p++) {
      for (let o = 0; o < cout; o++) {
        let s = 0;
        for (let i = 0; i < cin; i++) s += x.data[p * cin + i]! * k.data[i * cout + o]!;
        expect(y.data[p * cout + o]).toBeCloseTo(s, 5);
      }
    }
  });
});

describe('edge lesson (004): the [1, −1] kernel', () => {
  const X = Array.from({ length: 6 }, () => [1, 1, 0, 0, 0, 0, 1, 1]);

  it('finds the two vertical edges: +1 at column 1, −1 at column 5', () => {
    const Y = toMatrix(crossCorrelate(fromMatrix(X), kernelFromMatrix(edgeKernel()), { padding: 'valid' }));
    expect(Y).toEqual(Array.from({ length: 6 }, () => [0, 1, 0, 0, 0, -1, 0]));
  });

  it('sees nothing on the transposed image, and finds the edges again with the transposed kernel', () => {
    const XT = transposeMatrix(X);
    expect(toMatrix(crossCorrelate(fromMatrix(XT), kernelFromMatrix(edgeKernel()), { padding: 'valid' }))).toEqual(
      Array.from({ length: 8 }, () => [0, 0, 0, 0, 0]),
    );
    const withKT = toMatrix(crossCorrelate(fromMatrix(XT), kernelFromMatrix(transposeMatrix(edgeKernel())), { padding: 'valid' }));
    expect(withKT).toEqual([
      [0, 0, 0, 0, 0, 0],
      [1, 1, 1, 1, 1, 1],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [-1, -1, -1, -1, -1, -1],
      [0, 0, 0, 0, 0, 0],
    ]);
  });
});

describe('Sobel (lesson 000)', () => {
  const img = randomNormal(16, 16, 1).map((row) => row.map((v) => Math.round(v * 100)));

  it('valid matches the naive reference exactly on integer data', () => {
    for (const k of [sobelHorizontal(), sobelVertical()]) {
      expect(toMatrix(crossCorrelate(fromMatrix(img), kernelFromMatrix(k), { padding: 'valid' }))).toEqual(naive(img, k));
    }
  });

  it("same padding keeps the size and its centre equals the valid output (the course's [1:511, 1:511])", () => {
    const k = kernelFromMatrix(sobelHorizontal());
    const same = toMatrix(crossCorrelate(fromMatrix(img), k, { padding: 'same' }));
    const valid = toMatrix(crossCorrelate(fromMatrix(img), k, { padding: 'valid' }));
    expect([same.length, same[0]!.length]).toEqual([16, 16]);
    expect(same.slice(1, 15).map((row) => row.slice(1, 15))).toEqual(valid);
    expect(same).toEqual(naive(img, sobelHorizontal(), { top: 1, bottom: 1, left: 1, right: 1 }));
  });

  it('512×512 gives 510 valid and 512 same, with the arithmetic as trace lines', () => {
    const k = { height: 3, width: 3 };
    const valid = convolveOutputSize({ height: 512, width: 512 }, k, { padding: 'valid' });
    expect([valid.height, valid.width]).toEqual([510, 510]);
    expect(valid.trace.map((t) => t.text)).toContain('⌊(512 + 2·0 − 3)/1⌋ + 1 = 510');
    const same = convolveOutputSize({ height: 512, width: 512 }, k, { padding: 'same' });
    expect([same.height, same.width, same.padTop, same.padBottom]).toEqual([512, 512, 1, 1]);
  });

  it('edge magnitude is √(e_h² + e_v²)', () => {
    const x = fromMatrix(img);
    const { horizontal, vertical, magnitude } = edgeMaps(x, sobelHorizontal(), sobelVertical());
    const h = naive(img, sobelHorizontal());
    const v = naive(img, sobelVertical());
    expectClose(toMatrix(horizontal), h);
    expectClose(toMatrix(vertical), v);
    expectClose(toMatrix(magnitude), f32(h.map((row, r) => row.map((hv, c) => Math.hypot(hv, v[r]![c]!)))));
    expect(Array.from(edgeMagnitude(x, sobelHorizontal(), sobelVertical()).data)).toEqual(Array.from(magnitude.data));
  });
});

describe('padding, stride, dilation', () => {
  const img = randomNormal(9, 11, 2);

  it('same splits padding as TensorFlow: the odd pixel goes bottom/right', () => {
    const g = convolveOutputSize({ height: 6, width: 5 }, { height: 4, width: 2 }, { padding: 'same' });
    expect([g.padTop, g.padBottom, g.padLeft, g.padRight]).toEqual([1, 2, 0, 1]);
    const s2 = convolveOutputSize({ height: 5, width: 6 }, { height: 3, width: 3 }, { padding: 'same', stride: 2 });
    expect([s2.height, s2.width, s2.padTop, s2.padBottom, s2.padLeft, s2.padRight]).toEqual([3, 3, 1, 1, 0, 1]);
  });

  it('matches the naive reference for every padding form, strides and dilations', () => {
    const k = randomNormal(3, 2, 9);
    const cases: Array<[Parameters<typeof crossCorrelate>[2], { top: number; bottom: number; left: number; right: number }, number, number]> = [
      [{ padding: 'valid' }, { top: 0, bottom: 0, left: 0, right: 0 }, 1, 1],
      [{ padding: 2 }, { top: 2, bottom: 2, left: 2, right: 2 }, 1, 1],
      [{ padding: { top: 1, bottom: 0, left: 3, right: 2 } }, { top: 1, bottom: 0, left: 3, right: 2 }, 1, 1],
      [{ padding: 'valid', stride: 2 }, { top: 0, bottom: 0, left: 0, right: 0 }, 2, 1],
      [{ padding: 'same', stride: 2 }, { top: 1, bottom: 1, left: 0, right: 1 }, 2, 1],
      [{ padding: 'valid', dilation: 2 }, { top: 0, bottom: 0, left: 0, right: 0 }, 1, 2],
      [{ padding: 'same', dilation: 2 }, { top: 2, bottom: 2, left: 1, right: 1 }, 1, 2],
    ];
    for (const [opts, pad, s, d] of cases) {
      expectClose(toMatrix(crossCorrelate(fromMatrix(img), kernelFromMatrix(k), opts)), naive(f32(img), f32(k), pad, s, d), 5);
    }
  });

  it('several input and output channels: output o is the sum over inputs of the naive 2-D results', () => {
    const xs = [randomNormal(7, 8, 21), randomNormal(7, 8, 22)];
    const ks = [0, 1, 2].map((o) => [randomNormal(3, 3, 30 + o), randomNormal(3, 3, 40 + o)]);
    const out = crossCorrelate(stackChannels(xs.map(fromMatrix)), stackKernels(ks.map(kernelFromChannels)), { padding: 'same', stride: [2, 1] });
    const pad = { top: 1, bottom: 1, left: 1, right: 1 };
    ks.forEach((perInput, o) => {
      const [a, b] = perInput.map((k, i) => naive(f32(xs[i]!), f32(k), pad, 1));
      const expected = a!.map((row, r) => row.map((v, c) => v + b![r]![c]!)).filter((_, r) => r % 2 === 0);
      expectClose(toMatrix(out, o), expected, 5);
    });
  });

  it('supports different strides per axis and adds a bias per output channel', () => {
    const k = stackKernels([kernelFromMatrix(identity(1)), kernelFromMatrix([[2]])]);
    const out = crossCorrelate(fromMatrix(img), k, { padding: 'valid', stride: [3, 2], bias: [10, -1] });
    expect([out.height, out.width]).toEqual([3, 6]);
    expect(toMatrix(out, 0)[1]![2]).toBeCloseTo(Math.fround(img[3]![4]!) + 10, 5);
    expect(toMatrix(out, 1)[1]![2]).toBeCloseTo(2 * Math.fround(img[3]![4]!) - 1, 5);
  });

  it('rejects mismatched channels and bias lengths', () => {
    expect(() => crossCorrelate(tensor3(3, 3, 2), kernelFromMatrix([[1]]), { padding: 'valid' })).toThrow(/channel/);
    expect(() => crossCorrelate(tensor3(3, 3, 1), kernelFromMatrix([[1]]), { padding: 'valid', bias: [1, 2] })).toThrow(/bias/);
  });
});

describe('applyRepeatedly (lesson 001: the same kernel four times)', () => {
  it('shrinks by k − 1 per valid pass: 512 → 510 → 508 → 506 → 504', () => {
    const big: Tensor3 = tensor3(512, 512, 1);
    const outs = applyRepeatedly(big, kernelFromMatrix(sobelHorizontal()), 4, { padding: 'valid' });
    expect(outs.map((t) => t.height)).toEqual([510, 508, 506, 504]);
    expect(outs.map((t) => t.width)).toEqual([510, 508, 506, 504]);
  });

  it('each step is the previous one convolved again', () => {
    const x = fromMatrix(randomNormal(10, 10, 4));
    const k = kernelFromMatrix(randomNormal(3, 3, 5));
    const [a, b] = applyRepeatedly(x, k, 2, { padding: 'same' });
    expect(Array.from(b!.data)).toEqual(Array.from(crossCorrelate(a!, k, { padding: 'same' }).data));
  });
});
