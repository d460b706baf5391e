import { describe, expect, it } from 'vitest';
import { crossCorrelate } from './convolve';
import { sobelHorizontal } from './kernels';
import { kernel3x3, manualSobel, maxDifference, noisyCrops, round1, sameCentreDifference, sameWhenRounded } from './sobel-lessons';
import { kernelFromMatrix, tensor3 } from './tensor';

/** A 5×6 grayscale ramp with a bright square. */
const picture = (() => {
  const height = 5;
  const width = 6;
  const pixels = Uint8Array.from({ length: height * width }, (_, i) => (i * 37) % 256);
  return { height, width, pixels };
})();
const asTensor = tensor3(
  picture.height,
  picture.width,
  1,
  Float32Array.from(picture.pixels, (v) => v / 255),
);

describe('lesson 3: Sobel by hand', () => {
  it('the hand loop is the lab cross-correlation, valid and same', () => {
    for (const [pad, padding] of [
      [0, 'valid'],
      [1, 'same'],
    ] as const) {
      const manual = manualSobel(picture, pad);
      const lab = crossCorrelate(asTensor, kernelFromMatrix(sobelHorizontal()), { padding });
      expect([manual.height, manual.width]).toEqual([lab.height, lab.width]);
      expect(maxDifference(manual.values, lab.data)).toBeLessThan(1e-6);
    }
    expect([manualSobel(picture, 0).height, manualSobel(picture, 0).width]).toEqual([3, 4]);
  });

  it('a worked pixel: Σ kernel × window over pixels / 255', () => {
    const k = sobelHorizontal();
    let sum = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += (picture.pixels[(1 + i) * 6 + 2 + j]! / 255) * k[i]![j]!;
    expect(manualSobel(picture, 0).values[1 * 4 + 2]).toBeCloseTo(sum, 12);
  });

  it('same without its border is valid', () => {
    const same = manualSobel(picture, 1);
    const valid = manualSobel(picture, 0);
    expect(sameCentreDifference(same, valid)).toBe(0);
    const shifted = { ...valid, values: valid.values.map((v) => v + 0.25) };
    expect(sameCentreDifference(same, shifted)).toBeCloseTo(0.25, 12);
  });

  it('maxDifference is the largest |a − b| over a', () => {
    expect(maxDifference([1, 2, 3], [1, 4, 2.5, 100])).toBe(2);
    expect(maxDifference([], [1])).toBe(0);
  });
});

describe('lesson 4: noisy crops and the learned kernel', () => {
  const photo = { height: 8, width: 8, pixels: Uint8Array.from({ length: 64 }, (_, i) => i * 4) };

  it('cuts the crops back to back at their offsets', () => {
    const out = noisyCrops(photo, {
      size: 2,
      offsets: [
        [0, 0],
        [3, 5],
      ],
      noise: 0,
      seed: 4,
    });
    expect(Array.from(out)).toEqual([0, 4, 32, 36, 116, 120, 148, 152]);
  });

  it('adds the same seeded noise every time, within ±noise, clamped to 0…255', () => {
    const plan = {
      size: 4,
      offsets: [
        [0, 0],
        [4, 4],
      ] as const,
      noise: 32,
      seed: 4,
    };
    const a = noisyCrops(photo, plan);
    expect(Array.from(noisyCrops(photo, plan))).toEqual(Array.from(a));
    expect(Array.from(noisyCrops(photo, { ...plan, seed: 5 }))).not.toEqual(Array.from(a));
    const clean = noisyCrops(photo, { ...plan, noise: 0 });
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - clean[i]!)).toBeLessThanOrEqual(32);
    const white = noisyCrops({ height: 2, width: 2, pixels: Uint8Array.of(255, 255, 0, 0) }, { size: 2, offsets: [[0, 0]], noise: 200, seed: 1 });
    expect(white.every((v) => v >= 0 && v <= 255)).toBe(true);
  });

  it('reads a 3×3 kernel and compares it rounded to 0.1', () => {
    const k = kernel3x3(Float32Array.of(1.04, 0.02, -1.01, 2.03, -0.04, -1.96, 0.98, 0, -1.04));
    expect(k.map((row) => row.map(round1))).toEqual([
      [1, 0, -1],
      [2, 0, -2],
      [1, 0, -1],
    ]);
    expect(Object.is(round1(-0.04), -0)).toBe(false);
    expect(sameWhenRounded(k, sobelHorizontal())).toBe(true);
    expect(sameWhenRounded(kernel3x3([1, 0, -1, 2, 0, -2, 1, 0.2, -1]), sobelHorizontal())).toBe(false);
  });
});
