/**
 * A layer's feature maps painted at once: every channel of an H × W × C activation into one RGBA atlas
 * (tiles of W × H in a grid of `columns`), in one pass over the values as they lie in memory. The UI
 * makes one bitmap of it per layer and each channel's tile is a copy of its part (no per-channel paint
 * or `putImageData`); colours are exactly `colorOf`'s.
 */
import { colorOf, type ColorMap, type ValueRange } from './colormap';
import { mapGeometry, rangeOf, type KernelLayout, type Normalization, type Values } from './tensor-views';

export interface Atlas {
  /** Atlas size in pixels. */
  width: number;
  height: number;
  /** One tile per channel, `columns` per row, each `tileWidth` × `tileHeight`. */
  columns: number;
  tileWidth: number;
  tileHeight: number;
  channels: number;
  pixels: Uint8ClampedArray;
}

/** min/max of every channel in one pass (what `rangeOf(t, c)` gives for each c). */
export function channelRanges(t: Values): ValueRange[] {
  const { channels } = mapGeometry(t.shape);
  const min = new Float64Array(channels).fill(Infinity);
  const max = new Float64Array(channels).fill(-Infinity);
  const v = t.values;
  for (let i = 0; i < v.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const x = v[i + c]!;
      if (x < min[c]!) min[c] = x;
      if (x > max[c]!) max[c] = x;
    }
  }
  return Array.from({ length: channels }, (_, c) => (min[c]! <= max[c]! ? { min: min[c]!, max: max[c]! } : { min: 0, max: 0 }));
}

/** Each channel's range under a normalization (`rangeFor` for all channels at once). */
export function rangesFor(mode: Normalization, t: Values, network: ValueRange): ValueRange[] {
  const { channels } = mapGeometry(t.shape);
  if (mode === 'channel') return channelRanges(t);
  const one = mode === 'layer' ? rangeOf(t) : network;
  return Array<ValueRange>(channels).fill(one);
}

const NEG = [33, 102, 172] as const;
const POS = [178, 24, 43] as const;

/**
 * The first `channelCount` channels of `t` (all by default) as an atlas, channel c drawn against
 * `ranges[c]` with `map`. Non-finite values are magenta, as `colorOf` draws them.
 */
export function paintAtlas(t: Values, ranges: readonly ValueRange[], map: ColorMap, channelCount?: number, columns = 8): Atlas {
  const { height, width, channels } = mapGeometry(t.shape);
  const shown = Math.min(channels, channelCount ?? channels);
  const cols = Math.max(1, Math.min(columns, shown));
  const rows = Math.ceil(shown / cols);
  const atlasWidth = cols * width;
  const pixels = new Uint8ClampedArray(atlasWidth * rows * height * 4);
  // Per channel: where its tile starts, and the scale of its colour ramp.
  const origin = new Int32Array(shown);
  const scale = new Float64Array(shown);
  const offset = new Float64Array(shown);
  const flat = new Uint8Array(shown);
  for (let c = 0; c < shown; c++) {
    origin[c] = (Math.floor(c / cols) * height * atlasWidth + (c % cols) * width) * 4;
    const r = ranges[c]!;
    if (map === 'gray') {
      const span = r.max - r.min;
      flat[c] = span > 0 ? 0 : 1;
      scale[c] = span > 0 ? 255 / span : 0;
      offset[c] = r.min;
    } else {
      const m = Math.max(Math.abs(r.min), Math.abs(r.max));
      scale[c] = m > 0 ? 1 / m : 0;
    }
  }
  const v = t.values;
  for (let p = 0; p < height * width; p++) {
    const y = Math.floor(p / width);
    const rowOffset = (y * atlasWidth + (p - y * width)) * 4;
    const base = p * channels;
    for (let c = 0; c < shown; c++) {
      const value = v[base + c]!;
      const o = origin[c]! + rowOffset;
      if (!Number.isFinite(value)) {
        pixels[o] = 255;
        pixels[o + 1] = 0;
        pixels[o + 2] = 255;
      } else if (map === 'gray') {
        // Matches colorOf: 128 for a flat channel, else round((v − min)/span·255) clipped.
        const g = flat[c] ? 128 : Math.round((value - offset[c]!) * scale[c]!);
        pixels[o] = pixels[o + 1] = pixels[o + 2] = g;
      } else {
        const tt = Math.max(-1, Math.min(1, value * scale[c]!));
        const a = tt < 0 ? -tt : tt;
        const end = tt < 0 ? NEG : POS;
        pixels[o] = Math.round(255 + (end[0] - 255) * a);
        pixels[o + 1] = Math.round(255 + (end[1] - 255) * a);
        pixels[o + 2] = Math.round(255 + (end[2] - 255) * a);
      }
      pixels[o + 3] = 255;
    }
  }
  return { width: atlasWidth, height: rows * height, columns: cols, tileWidth: width, tileHeight: height, channels: shown, pixels };
}

/** Where channel c's tile lies in the atlas. */
export function tileOf(atlas: Atlas, c: number): { x: number; y: number } {
  return { x: (c % atlas.columns) * atlas.tileWidth, y: Math.floor(c / atlas.columns) * atlas.tileHeight };
}

/** An empty atlas of `count` tiles of `tileWidth` × `tileHeight`, `columns` per row. */
function emptyAtlas(count: number, tileWidth: number, tileHeight: number, columns: number): Atlas {
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.ceil(count / cols);
  const width = cols * tileWidth;
  return {
    width,
    height: rows * tileHeight,
    columns: cols,
    tileWidth,
    tileHeight,
    channels: count,
    pixels: new Uint8ClampedArray(width * rows * tileHeight * 4),
  };
}

/**
 * The first `count` filters of a kernel, each its kh × kw weights for input channel `channel`, drawn
 * against one `range` with `map` (what painting each filter alone with `colorOf` gives), as one atlas.
 */
export function paintFilterAtlas(
  kernel: Float32Array,
  layout: KernelLayout,
  channel: number,
  range: ValueRange,
  map: ColorMap,
  count: number,
  columns = 16,
): Atlas {
  const { kh, kw } = layout;
  const atlas = emptyAtlas(count, kw, kh, columns);
  const { pixels, width } = atlas;
  // A few thousand values a layer: colorOf itself, so the colours are its exactly.
  for (let f = 0; f < count; f++) {
    const { x, y } = tileOf(atlas, f);
    for (let r = 0; r < kh; r++) {
      for (let c = 0; c < kw; c++) {
        const o = ((y + r) * width + x + c) * 4;
        const [red, green, blue] = colorOf(kernel[layout.index(r, c, channel, f)]!, range, map);
        pixels[o] = red;
        pixels[o + 1] = green;
        pixels[o + 2] = blue;
        pixels[o + 3] = 255;
      }
    }
  }
  return atlas;
}

/**
 * RGB composites of the first `count` filters over 3 input channels as one atlas: input channel i's
 * weight is colour component i, mapped symmetrically around 0 → 128 (±`maxAbs` → 1 … 255).
 */
export function paintRgbFilterAtlas(kernel: Float32Array, layout: KernelLayout, maxAbs: number, count: number, columns = 16): Atlas {
  const { kh, kw } = layout;
  const atlas = emptyAtlas(count, kw, kh, columns);
  const { pixels, width } = atlas;
  for (let f = 0; f < count; f++) {
    const { x, y } = tileOf(atlas, f);
    for (let r = 0; r < kh; r++) {
      for (let c = 0; c < kw; c++) {
        const o = ((y + r) * width + x + c) * 4;
        for (let ch = 0; ch < 3; ch++) pixels[o + ch] = Math.round(128 + (kernel[layout.index(r, c, ch, f)]! / (maxAbs || 1)) * 127);
        pixels[o + 3] = 255;
      }
    }
  }
  return atlas;
}
