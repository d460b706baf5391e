/**
 * The maths of lessons 3 and 4, out of their components: the notebook's hand-written Sobel loop and
 * how it is compared with the layer (lesson 3), and the noisy cameraman crops a Conv2D learns the Sobel
 * kernel from (lesson 4). The loop is deliberately a plain double loop, not `crossCorrelate`: the
 * lesson's point is that a literal Σ kernel × window agrees with the layer.
 */
import { mulberry32 } from '../data/random';
import { sobelHorizontal, type Matrix } from './kernels';

/** A grayscale 8-bit image, row-major (a `Picture` with one channel). */
export interface GrayPicture {
  height: number;
  width: number;
  pixels: Uint8Array;
}

/** A 2-D map of values, row-major. */
export interface Map2D<T extends ArrayLike<number> = ArrayLike<number>> {
  height: number;
  width: number;
  values: T;
}

/** The notebook's loop, written out: every output pixel is Σ kernel × window over pixels / 255, with zeros outside the image. */
export function manualSobel(p: GrayPicture, pad: number): Map2D<Float64Array> {
  const k = sobelHorizontal();
  const { height: h, width: w } = p;
  const x = (r: number, c: number) => (r < 0 || c < 0 || r >= h || c >= w ? 0 : p.pixels[r * w + c]! / 255);
  const height = h + 2 * pad - 2;
  const width = w + 2 * pad - 2;
  const values = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += x(r - pad + i, c - pad + j) * k[i]![j]!;
      values[r * width + c] = sum;
    }
  }
  return { height, width, values };
}

/** Largest |a[i] − b[i]| over the first a.length values. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest |same[1:-1, 1:-1] − valid|: a 'same' 3×3 response without its border is the 'valid' one. */
export function sameCentreDifference(same: Map2D, valid: Map2D): number {
  let m = 0;
  for (let r = 0; r < valid.height; r++) {
    for (let c = 0; c < valid.width; c++) m = Math.max(m, Math.abs(same.values[(r + 1) * same.width + c + 1]! - valid.values[r * valid.width + c]!));
  }
  return m;
}

/** Lesson 4's training images: square crops of a grayscale photo at (top, left) offsets, with seeded noise. */
export interface CropPlan {
  size: number;
  offsets: readonly (readonly [number, number])[];
  /** ± this many gray levels of uniform noise. */
  noise: number;
  seed: number;
}

/**
 * The crops, back to back (offsets.length × size × size bytes). Neighbouring pixels of a photo are
 * nearly equal, so some kernel directions barely change the loss and plain training needs thousands of
 * epochs (the notebook runs 3,000). Noise fixes the conditioning; the targets are computed from these
 * same noisy crops, so the answer is still exactly Sobel.
 */
export function noisyCrops(p: GrayPicture, plan: CropPlan): Uint8Array {
  const { size } = plan;
  const out = new Uint8Array(plan.offsets.length * size * size);
  plan.offsets.forEach(([top, left], i) => {
    for (let r = 0; r < size; r++) out.set(p.pixels.subarray((top + r) * p.width + left, (top + r) * p.width + left + size), (i * size + r) * size);
  });
  const rand = mulberry32(plan.seed);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(out[i]! + (rand() * 2 - 1) * plan.noise)));
  return out;
}

/** A 3×3 kernel from its 9 weights (row-major, one input and one output channel). */
export function kernel3x3(values: ArrayLike<number>): Matrix {
  const v = Array.from(values);
  return [0, 1, 2].map((r) => v.slice(r * 3, r * 3 + 3));
}

/** Rounded to 0.1, without "-0". */
export const round1 = (v: number): number => Math.round(v * 10) / 10 + 0;

/** Whether a learned kernel, rounded to 0.1, is exactly `target`. */
export function sameWhenRounded(kernel: Matrix, target: Matrix): boolean {
  return kernel.every((row, r) => row.every((v, c) => round1(v) === target[r]![c]));
}
