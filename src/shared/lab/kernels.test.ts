import { describe, expect, it } from 'vitest';
import {
  boxBlur,
  courseSigma,
  edgeKernel,
  gabor,
  gaussian,
  gaussianDerivative1,
  gaussianDerivative2,
  identity,
  laplacianOfGaussian,
  lineHorizontal7,
  lineVertical7,
  normalizeKernel,
  randomNormal,
  sobelHorizontal,
  sobelVertical,
  transposeMatrix,
  type Matrix,
} from './kernels';
import { KERNEL_PRESETS, kernelPreset } from './kernel-presets';
import { crossCorrelate } from './convolve';
import { fromMatrix, kernelFromMatrix, toMatrix } from './tensor';

// Straight translations of lesson 001's numpy code, to check the generators against.
const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) / (n - 1)) * i));
const g1 = (x: number) => Math.exp(-x * x * 0.5) / Math.sqrt(2 * Math.PI);
const dg1 = (x: number) => (-2 * x * Math.exp(-x * x * 0.5)) / Math.sqrt(2 * Math.PI);
const ddg1 = (x: number) => (-2 * (2 * x * x - 1) * Math.exp(-x * x * 0.5)) / Math.sqrt(2 * Math.PI);
/** `tile(a[newaxis], [n, 1]) * tile(b[newaxis], [n, 1]).T`: a along columns, b along rows. */
const outer = (a: number[], b: number[]): Matrix => b.map((bi) => a.map((aj) => aj * bi));
const sum = (m: Matrix) => m.flat().reduce((s, x) => s + x, 0);
const rot180 = (m: Matrix) => m.map((row) => [...row].reverse()).reverse();

function expectClose(actual: Matrix, expected: Matrix, digits = 10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, digits)));
}

describe('course kernels', () => {
  it('Sobel filters are the ones lesson 000 calls horizontal and vertical', () => {
    expect(sobelHorizontal()).toEqual([
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ]);
    expect(sobelVertical()).toEqual([
      [1, 2, 1],
      [0, 0, 0],
      [-1, -2, -1],
    ]);
  });

  it("identity is lesson 001's 5×5 one in the middle, and leaves an image unchanged under same padding", () => {
    expect(identity(5)).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    const img = fromMatrix(randomNormal(6, 7, 3));
    for (const size of [1, 2, 3, 4, 5]) {
      const out = crossCorrelate(img, kernelFromMatrix(identity(size)), { padding: 'same' });
      expect(Array.from(out.data)).toEqual(Array.from(img.data));
    }
  });

  it("gaussian is the notebook's gf*gf.T, normalised to sum 1", () => {
    for (const n of [5, 7, 30]) {
      const x = linspace(-3, 3, n).map(g1);
      const course = outer(x, x);
      expect(sum(gaussian(n))).toBeCloseTo(1, 12);
      expectClose(gaussian(n), normalizeKernel(course), 12);
    }
    expect(sum(gaussian(9, 2.5))).toBeCloseTo(1, 12);
  });

  it('first derivative of Gaussian is dgf*gf.T: derivative along x, Gaussian along y', () => {
    const n = 30;
    const x = linspace(-3, 3, n);
    expectClose(gaussianDerivative1(n), outer(x.map(dg1), x.map(g1)), 12);
    expect(courseSigma(7)).toBe(1);
  });

  it('first derivative rotated by 90° turns the left-to-right ramp into a bottom-to-top one', () => {
    const k0 = gaussianDerivative1(7);
    const k90 = gaussianDerivative1(7, 1, 90);
    // Counter-clockwise as drawn: new[r][c] = old[c][n − 1 − r]; the positive left column becomes the bottom row.
    expectClose(
      k90,
      k0.map((row, r) => row.map((_, c) => k0[c]![6 - r]!)),
      12,
    );
    expect(k90[6]![3]!).toBeGreaterThan(0);
    expect(k90[0]![3]!).toBeLessThan(0);
  });

  it('second derivative of Gaussian is ddgf (mean removed) times gf.T and sums to 0', () => {
    const n = 30;
    const x = linspace(-3, 3, n);
    const dd = x.map(ddg1);
    const m = dd.reduce((s, v) => s + v, 0) / n;
    expectClose(
      gaussianDerivative2(n),
      outer(
        dd.map((v) => v - m),
        x.map(g1),
      ),
      12,
    );
    expect(sum(gaussianDerivative2(n))).toBeCloseTo(0, 12);
  });

  it("Laplacian of Gaussian is the notebook's ddgaussian2d: radial profile, zero mean", () => {
    const n = 30;
    const c = linspace(-3, 3, n);
    const r = c.map((yi) => c.map((xi) => Math.sqrt(xi ** 2 + yi ** 2)));
    const f = r.map((row) => row.map(ddg1));
    const mean = sum(f) / (n * n);
    expectClose(
      laplacianOfGaussian(n),
      f.map((row) => row.map((v) => v - mean)),
      12,
    );
    expect(sum(laplacianOfGaussian(7, 1.3))).toBeCloseTo(0, 12);
    expect(laplacianOfGaussian(7)[3]![3]!).toBeGreaterThan(0);
  });

  it("lesson 003's 7×7 line filters are a column / row of ones in the middle", () => {
    const v = lineVertical7();
    const h = lineHorizontal7();
    expect(v.length).toBe(7);
    expect(v.every((row) => row.length === 7 && row[3] === 1 && sum([row]) === 1)).toBe(true);
    expect(h[3]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(sum(h)).toBe(7);
    expect(transposeMatrix(v)).toEqual(h);
  });

  it('edge kernel and box blur', () => {
    expect(edgeKernel()).toEqual([[1, -1]]);
    expect(transposeMatrix(edgeKernel())).toEqual([[1], [-1]]);
    expect(sum(boxBlur(4))).toBeCloseTo(1, 12);
  });
});

describe('Gabor', () => {
  it('is symmetric under a 180° rotation when ψ = 0', () => {
    for (const theta of [0, 30, 45, 90, 137]) {
      const k = gabor(15, 3, theta, 6, 0.5, 0);
      expectClose(rot180(k), k, 12);
    }
  });

  it('is antisymmetric when ψ = 90°, and θ = 90° turns vertical stripes horizontal', () => {
    expectClose(
      rot180(gabor(11, 2, 20, 5, 0.7, 90)).map((row) => row.map((v) => -v)),
      gabor(11, 2, 20, 5, 0.7, 90),
      12,
    );
    expectClose(gabor(11, 2, 90, 5, 1, 0), transposeMatrix(gabor(11, 2, 0, 5, 1, 0)), 12);
  });
});

describe('random and normalisation', () => {
  it('random kernels are reproducible from the seed', () => {
    expect(randomNormal(5, 5, 42)).toEqual(randomNormal(5, 5, 42));
    expect(randomNormal(5, 5, 42)).not.toEqual(randomNormal(5, 5, 43));
    expect(randomNormal(2, 3, 1).map((r) => r.length)).toEqual([3, 3]);
  });

  it('normalizeKernel divides by the sum, or by the sum of magnitudes for zero-sum kernels', () => {
    expect(normalizeKernel([[1, 3]])).toEqual([[0.25, 0.75]]);
    expect(normalizeKernel(sobelHorizontal())).toEqual(sobelHorizontal().map((r) => r.map((v) => v / 8)));
    expect(normalizeKernel([[0, 0]])).toEqual([[0, 0]]);
  });
});

describe('KERNEL_PRESETS', () => {
  it('has the Filter Lab ids, each making a square-or-course-shaped finite kernel from its defaults', () => {
    expect(KERNEL_PRESETS.map((p) => p.id)).toEqual([
      'identity',
      'sobel-h',
      'sobel-v',
      'box',
      'gaussian',
      'dog1',
      'dog2',
      'gabor',
      'log',
      'line-v7',
      'line-h7',
      'edge-1x2',
      'random',
    ]);
    for (const p of KERNEL_PRESETS) {
      const k = p.make();
      expect(k.length).toBeGreaterThan(0);
      expect(k.flat().every(Number.isFinite)).toBe(true);
      for (const d of p.params) expect(d.min <= d.default && d.default <= d.max).toBe(true);
    }
  });

  it('defaults reproduce the course and parameters reach the generators', () => {
    expect(kernelPreset('sobel-h').make()).toEqual(sobelHorizontal());
    expect(kernelPreset('dog1').make()).toEqual(gaussianDerivative1(7, courseSigma(7), 0));
    expect(kernelPreset('gaussian').make({ size: 9, sigma: 2 })).toEqual(gaussian(9, 2));
    expect(kernelPreset('random').make({ seed: 7 })).toEqual(randomNormal(5, 5, 7));
    expect(kernelPreset('edge-1x2').make()).toEqual([[1, -1]]);
    expect(kernelPreset('dog2').make({ size: 30, sigma: 29 / 6 })).toEqual(gaussianDerivative2(30));
  });

  it('a preset kernel convolves like its matrix', () => {
    const img = fromMatrix(randomNormal(8, 8, 5));
    const k = kernelPreset('log').make();
    expect(toMatrix(crossCorrelate(img, kernelFromMatrix(k), { padding: 'valid' })).length).toBe(2);
  });
});
