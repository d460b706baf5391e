import { describe, expect, it } from 'vitest';
import { mulberry32, normal } from '../data/random';
import { crossCorrelate } from './convolve';
import { kernel4, tensor3, toMatrix, fromMatrix, kernelFromMatrix, type Kernel4, type Tensor3 } from './tensor';
import { transposedConvolve, transposedConvolve3, transposedOutputSize, type TransposedOptions } from './transposed';

const K = [
  [0, 1],
  [2, 3],
];

describe('transposedConvolve (lesson 002: "multiply each entry with the whole filter and add")', () => {
  it('[[0, 1], [2, 3]] with kernel [[0, 1], [2, 3]] → [[0, 0, 1], [0, 4, 6], [4, 12, 9]]', () => {
    expect(transposedConvolve(K, K)).toEqual([
      [0, 0, 1],
      [0, 4, 6],
      [4, 12, 9],
    ]);
  });

  it('stride 2 places the scaled kernels two pixels apart', () => {
    expect(transposedConvolve(K, K, 2)).toEqual([
      [0, 0, 0, 1],
      [0, 0, 2, 3],
      [0, 2, 0, 3],
      [4, 6, 6, 9],
    ]);
    // Keras 'valid' with stride > kernel: in·s along both axes, the gaps stay zero.
    expect(transposedConvolve([[1, 2]], [[1]], 3)).toEqual([
      [1, 0, 0, 2, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it('sizes follow Keras: valid in·s + max(k − s, 0), same in·s', () => {
    const v = transposedOutputSize({ height: 4, width: 4 }, { height: 3, width: 3 }, { stride: 2 });
    expect([v.height, v.width]).toEqual([9, 9]);
    const s = transposedOutputSize({ height: 4, width: 4 }, { height: 3, width: 3 }, { stride: 2, padding: 'same' });
    expect([s.height, s.width, s.cropTop]).toEqual([8, 8, 0]);
    expect(transposedOutputSize({ height: 4, width: 4 }, { height: 3, width: 3 }, { padding: 'same' }).cropTop).toBe(1);
  });
});

function randomTensor(h: number, w: number, c: number, seed: number): Tensor3 {
  const rand = mulberry32(seed);
  return tensor3(
    h,
    w,
    c,
    Array.from({ length: h * w * c }, () => normal(rand)),
  );
}

/** The same weights seen from the other side: [kh, kw, cin, cout] → [kh, kw, cout, cin]. */
function swapChannels(k: Kernel4): Kernel4 {
  const t = kernel4(k.height, k.width, k.outChannels, k.inChannels);
  for (let p = 0; p < k.height * k.width; p++) {
    for (let i = 0; i < k.inChannels; i++) {
      for (let o = 0; o < k.outChannels; o++) t.data[(p * k.outChannels + o) * k.inChannels + i] = k.data[(p * k.inChannels + i) * k.outChannels + o]!;
    }
  }
  return t;
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('transposedConvolve3 is the adjoint of crossCorrelate', () => {
  const cases: Array<{ h: number; w: number; kh: number; kw: number; opts: TransposedOptions }> = [
    { h: 7, w: 6, kh: 3, kw: 2, opts: { padding: 'valid' } },
    { h: 9, w: 8, kh: 3, kw: 2, opts: { padding: 'valid', stride: 2 } },
    { h: 8, w: 6, kh: 3, kw: 3, opts: { padding: 'same', stride: 2 } },
    { h: 8, w: 6, kh: 4, kw: 2, opts: { padding: 'same', stride: [2, 3] } },
    { h: 7, w: 7, kh: 3, kw: 3, opts: { padding: 'same', dilation: 2 } },
  ];
  it.each(cases)('<conv(x), y> = <x, convT(y)> for %o', ({ h, w, kh, kw, opts }) => {
    const rand = mulberry32(h * 100 + kh);
    const k = kernel4(
      kh,
      kw,
      2,
      3,
      Array.from({ length: kh * kw * 6 }, () => normal(rand)),
    );
    const x = randomTensor(h, w, 2, 1);
    const cx = crossCorrelate(x, k, { padding: opts.padding ?? 'valid', stride: opts.stride, dilation: opts.dilation });
    const y = randomTensor(cx.height, cx.width, 3, 2);
    const ty = transposedConvolve3(y, swapChannels(k), opts);
    expect([ty.height, ty.width, ty.channels]).toEqual([h, w, 2]);
    expect(dot(cx.data, y.data)).toBeCloseTo(dot(x.data, ty.data), 3);
  });

  it('the matrix form equals the tensor form', () => {
    const x = [
      [1, -2, 3],
      [0.5, 4, -1],
    ];
    const k = [
      [1, 2, 0],
      [-1, 3, 1],
    ];
    expect(transposedConvolve(x, k, 2)).toEqual(toMatrix(transposedConvolve3(fromMatrix(x), kernelFromMatrix(k), { stride: 2 })));
  });
});
