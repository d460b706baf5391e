/**
 * Values → pixels for feature maps and filters. The diverging map is centred on zero (blue < 0 < red,
 * white at 0) so a sign is readable at a glance; the gray map spans min…max. One value = one pixel:
 * scaling up is left to the canvas (nearest neighbour), never smoothed here.
 */
export type ColorMap = 'diverging' | 'gray';

/** The value span a map is drawn against. */
export interface ValueRange {
  min: number;
  max: number;
}

const NEG = [33, 102, 172];
const POS = [178, 24, 43];

/** RGB for one value: t = value / maxAbs in [−1, 1] (diverging) or (value − min) / (max − min) in [0, 1] (gray). */
export function colorOf(value: number, range: ValueRange, map: ColorMap): [number, number, number] {
  if (!Number.isFinite(value)) return [255, 0, 255];
  if (map === 'gray') {
    const span = range.max - range.min;
    const g = span > 0 ? Math.round(((value - range.min) / span) * 255) : 128;
    const c = Math.max(0, Math.min(255, g));
    return [c, c, c];
  }
  const m = Math.max(Math.abs(range.min), Math.abs(range.max));
  const t = m > 0 ? Math.max(-1, Math.min(1, value / m)) : 0;
  const end = t < 0 ? NEG : POS;
  const a = Math.abs(t);
  return [Math.round(255 + (end[0]! - 255) * a), Math.round(255 + (end[1]! - 255) * a), Math.round(255 + (end[2]! - 255) * a)];
}

/**
 * Paints `count` values read with `at(i)` into RGBA bytes (row-major, one pixel per value).
 * `at` lets callers read one channel out of an HWC tensor without copying it.
 */
export function paint(count: number, at: (i: number) => number, range: ValueRange, map: ColorMap, out = new Uint8ClampedArray(count * 4)): Uint8ClampedArray {
  for (let i = 0; i < count; i++) {
    const [r, g, b] = colorOf(at(i), range, map);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The colour legend as CSS: the same stops `colorOf` uses. */
export function legendGradient(map: ColorMap): string {
  if (map === 'gray') return 'linear-gradient(to right, rgb(0,0,0), rgb(255,255,255))';
  return `linear-gradient(to right, rgb(${NEG.join(',')}), rgb(255,255,255), rgb(${POS.join(',')}))`;
}

/**
 * An image tensor (H × W × C, C = 1 or 3) as it looks: `range` maps to black…white, values outside it
 * clip; one channel is drawn as gray.
 */
export function paintPicture(
  values: ArrayLike<number>,
  pixels: number,
  channels: number,
  range: ValueRange,
  out = new Uint8ClampedArray(pixels * 4),
): Uint8ClampedArray {
  const span = range.max - range.min || 1;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = Math.round(((values[p * channels + (channels === 3 ? c : 0)]! - range.min) / span) * 255);
    out[p * 4 + 3] = 255;
  }
  return out;
}
