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

/** Whether this host stores a Uint32 0xAABBGGRR as the bytes RR GG BB AA. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const MAGENTA = 0xffff00ff; // colorOf's [255, 0, 255] for NaN and ±Infinity, as 0xAABBGGRR
const swapBytes = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

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
  // One 32-bit store per pixel and one loop per colour map: this runs for every value of every shown
  // layer on each refresh. Written as 0xAABBGGRR, i.e. RGBA bytes on a little-endian host (swapped after on others).
  const v = t.values;
  const out = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >> 2);
  const at = new Int32Array(shown);
  for (let c = 0; c < shown; c++) at[c] = origin[c]! >> 2;
  const pixelsPerTile = height * width;
  if (map === 'gray') {
    for (let p = 0; p < pixelsPerTile; p++) {
      const y = Math.floor(p / width);
      const row = y * atlasWidth + (p - y * width);
      const base = p * channels;
      for (let c = 0; c < shown; c++) {
        const value = v[base + c]!;
        // Matches colorOf: magenta for NaN/±Infinity, 128 for a flat channel, else round((v − min)/span·255) clipped.
        if (value - value !== 0) out[at[c]! + row] = MAGENTA;
        else {
          const g = flat[c] ? 128 : Math.max(0, Math.min(255, Math.round((value - offset[c]!) * scale[c]!)));
          out[at[c]! + row] = (0xff000000 | (g << 16) | (g << 8) | g) >>> 0;
        }
      }
    }
  } else {
    const [nr, ng, nb] = NEG;
    const [pr, pg, pb] = POS;
    for (let p = 0; p < pixelsPerTile; p++) {
      const y = Math.floor(p / width);
      const row = y * atlasWidth + (p - y * width);
      const base = p * channels;
      for (let c = 0; c < shown; c++) {
        const value = v[base + c]!;
        let rgba = MAGENTA;
        if (value - value === 0) {
          const tt = value * scale[c]!;
          if (tt < 0) {
            const a = tt < -1 ? 1 : -tt;
            rgba = 0xff000000 | (Math.round(255 + (nb - 255) * a) << 16) | (Math.round(255 + (ng - 255) * a) << 8) | Math.round(255 + (nr - 255) * a);
          } else {
            const a = tt > 1 ? 1 : tt;
            rgba = 0xff000000 | (Math.round(255 + (pb - 255) * a) << 16) | (Math.round(255 + (pg - 255) * a) << 8) | Math.round(255 + (pr - 255) * a);
          }
        }
        out[at[c]! + row] = rgba >>> 0;
      }
    }
  }
  if (!LITTLE_ENDIAN) for (let i = 0; i < out.length; i++) out[i] = swapBytes(out[i]!);
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
  // A few thousand values a layer: colorOf itself, so the colours are its exactly.
  return paintFilterTiles(layout, count, columns, (r, c, f) => colorOf(kernel[layout.index(r, c, channel, f)]!, range, map));
}

/**
 * RGB composites of the first `count` filters over 3 input channels as one atlas: input channel i's
 * weight is colour component i, mapped symmetrically around 0 → 128 (±`maxAbs` → 1 … 255).
 */
export function paintRgbFilterAtlas(kernel: Float32Array, layout: KernelLayout, maxAbs: number, count: number, columns = 16): Atlas {
  const component = (r: number, c: number, ch: number, f: number) => Math.round(128 + (kernel[layout.index(r, c, ch, f)]! / (maxAbs || 1)) * 127);
  return paintFilterTiles(layout, count, columns, (r, c, f) => [component(r, c, 0, f), component(r, c, 1, f), component(r, c, 2, f)]);
}

/** One kh × kw tile per filter, each pixel coloured by `colour(row, column, filter)` (0…255 components, clamped by the array). */
function paintFilterTiles(
  { kh, kw }: KernelLayout,
  count: number,
  columns: number,
  colour: (r: number, c: number, f: number) => readonly [number, number, number],
): Atlas {
  const atlas = emptyAtlas(count, kw, kh, columns);
  const { pixels, width } = atlas;
  for (let f = 0; f < count; f++) {
    const { x, y } = tileOf(atlas, f);
    for (let r = 0; r < kh; r++) {
      for (let c = 0; c < kw; c++) {
        const o = ((y + r) * width + x + c) * 4;
        const [red, green, blue] = colour(r, c, f);
        pixels[o] = red;
        pixels[o + 1] = green;
        pixels[o + 2] = blue;
        pixels[o + 3] = 255;
      }
    }
  }
  return atlas;
}
