/**
 * Data augmentation as previews: the transformations Keras' augmentation layers apply at random
 * while training (RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast), here with
 * chosen amounts so the learner sees each one. Sampling is bilinear; outside the image reads as 0.
 */
import { tensor3, type Tensor3 } from './tensor';

function sample(t: Tensor3, y: number, x: number, ch: number): number {
  const y0 = Math.floor(y),
    x0 = Math.floor(x);
  const fy = y - y0,
    fx = x - x0;
  const at = (r: number, c: number) => (r < 0 || c < 0 || r >= t.height || c >= t.width ? 0 : t.data[(r * t.width + c) * t.channels + ch]!);
  return (at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx) * (1 - fy) + (at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx) * fy;
}

/** out(r, c) = in(map(r, c)) for every channel. */
function remap(t: Tensor3, map: (r: number, c: number) => [number, number]): Tensor3 {
  const out = tensor3(t.height, t.width, t.channels);
  for (let r = 0; r < t.height; r++) {
    for (let c = 0; c < t.width; c++) {
      const [y, x] = map(r, c);
      for (let ch = 0; ch < t.channels; ch++) out.data[(r * t.width + c) * t.channels + ch] = sample(t, y, x, ch);
    }
  }
  return out;
}

export const flipHorizontal = (t: Tensor3) => remap(t, (r, c) => [r, t.width - 1 - c]);

/** Rotation about the centre by `degrees` (counter-clockwise as seen). */
export function rotate(t: Tensor3, degrees: number): Tensor3 {
  const a = (degrees * Math.PI) / 180;
  const cy = (t.height - 1) / 2,
    cx = (t.width - 1) / 2;
  const cos = Math.cos(a),
    sin = Math.sin(a);
  return remap(t, (r, c) => [cy + (r - cy) * cos + (c - cx) * sin, cx - (r - cy) * sin + (c - cx) * cos]);
}

/** Moves the content by (dy, dx) pixels. */
export const shift = (t: Tensor3, dy: number, dx: number) => remap(t, (r, c) => [r - dy, c - dx]);

/** Zoom in by `factor` (> 1) about the centre: a centre crop resized back. */
export function zoom(t: Tensor3, factor: number): Tensor3 {
  const cy = (t.height - 1) / 2,
    cx = (t.width - 1) / 2;
  return remap(t, (r, c) => [cy + (r - cy) / factor, cx + (c - cx) / factor]);
}

/** Multiplies each channel by its factor (a colour cast), clipped to [0, 1]. */
export function tint(t: Tensor3, factors: number[]): Tensor3 {
  const out = tensor3(t.height, t.width, t.channels);
  for (let i = 0; i < t.data.length; i++) out.data[i] = Math.min(1, t.data[i]! * (factors[i % t.channels] ?? 1));
  return out;
}

/** Contrast as Keras' RandomContrast: (x − mean) · factor + mean, per channel, clipped to [0, 1]. */
export function contrast(t: Tensor3, factor: number): Tensor3 {
  const out = tensor3(t.height, t.width, t.channels);
  const pixels = t.height * t.width;
  for (let ch = 0; ch < t.channels; ch++) {
    let mean = 0;
    for (let p = 0; p < pixels; p++) mean += t.data[p * t.channels + ch]!;
    mean /= pixels;
    for (let p = 0; p < pixels; p++) out.data[p * t.channels + ch] = Math.min(1, Math.max(0, (t.data[p * t.channels + ch]! - mean) * factor + mean));
  }
  return out;
}

/** How far lesson 9's random augmentation may go. */
export interface RandomAugmentLimits {
  /** Rotation up to ± this many degrees. */
  degrees: number;
  /** Zoom between ×1 and × this. */
  zoom: number;
}

/**
 * One image as training sees it: flipped with probability ½, rotated by up to ±degrees and zoomed by
 * up to ×zoom, drawn from `rand` in that order (three draws per image, so a seeded batch is repeatable).
 */
export function randomAugment(t: Tensor3, rand: () => number, limits: RandomAugmentLimits): Tensor3 {
  let out = t;
  if (rand() < 0.5) out = flipHorizontal(out);
  out = rotate(out, (rand() * 2 - 1) * limits.degrees);
  out = zoom(out, 1 + rand() * (limits.zoom - 1));
  return out;
}
