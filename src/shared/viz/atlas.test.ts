import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import { colorOf, paint, type ColorMap } from './colormap';
import { channelRanges, paintAtlas, paintFilterAtlas, paintRgbFilterAtlas, rangesFor, tileOf, type Atlas } from './atlas';
import { filterPlane, kernelLayout, rangeOf, rangeFor } from './tensor-views';

function tensor(h: number, w: number, c: number, seed = 1) {
  const rand = mulberry32(seed);
  const values = Float32Array.from({ length: h * w * c }, () => rand() * 4 - 2);
  return { shape: [h, w, c], values };
}

describe('feature-map atlas', () => {
  it('ranges per channel are rangeOf per channel, and rangesFor follows rangeFor', () => {
    const t = tensor(5, 7, 6);
    expect(channelRanges(t)).toEqual(Array.from({ length: 6 }, (_, c) => rangeOf(t, c)));
    const network = { min: -9, max: 9 };
    for (const mode of ['channel', 'layer', 'network'] as const)
      expect(rangesFor(mode, t, network)).toEqual(Array.from({ length: 6 }, (_, c) => rangeFor(mode, t, c, network)));
  });

  it('every tile holds exactly what painting its channel alone gives (both colour maps, non-finite values)', () => {
    const t = tensor(4, 3, 11, 7);
    t.values[5] = NaN;
    t.values[20] = Infinity;
    for (const map of ['diverging', 'gray'] as ColorMap[]) {
      const ranges = channelRanges(t);
      ranges[2] = { min: 1, max: 1 }; // a flat channel
      const atlas = paintAtlas(t, ranges, map, undefined, 4);
      expect([atlas.columns, atlas.width, atlas.height]).toEqual([4, 12, 12]);
      for (let c = 0; c < 11; c++) {
        const alone = paint(12, (i) => t.values[i * 11 + c]!, ranges[c]!, map);
        const { x, y } = tileOf(atlas, c);
        for (let row = 0; row < 4; row++)
          for (let col = 0; col < 3; col++) {
            const a = ((y + row) * atlas.width + x + col) * 4;
            const b = (row * 3 + col) * 4;
            expect([...atlas.pixels.slice(a, a + 4)], `${map} channel ${c} (${row}, ${col})`).toEqual([...alone.slice(b, b + 4)]);
          }
      }
    }
  });

  it('paints only the channels asked for', () => {
    const atlas = paintAtlas(tensor(2, 2, 100), channelRanges(tensor(2, 2, 100)), 'diverging', 64);
    expect([atlas.channels, atlas.columns, atlas.height]).toEqual([64, 8, 16]);
  });
});

describe('filter atlas', () => {
  const rand = mulberry32(3);
  // Conv2D [kh, kw, in, out] = [3, 2, 3, 5].
  const kernel = Float32Array.from({ length: 3 * 2 * 3 * 5 }, () => rand() * 2 - 1);
  const layout = kernelLayout('Conv2D', [3, 2, 3, 5])!;
  const pixelAt = (atlas: Atlas, f: number, r: number, c: number) => {
    const { x, y } = tileOf(atlas, f);
    const o = ((y + r) * atlas.width + x + c) * 4;
    return [...atlas.pixels.slice(o, o + 4)];
  };

  it("every tile is its filter's plane for the input channel, in colorOf's colours", () => {
    kernel[layout.index(1, 0, 2, 3)] = NaN;
    const range = { min: -0.8, max: 0.9 };
    for (const map of ['diverging', 'gray'] as ColorMap[]) {
      const atlas = paintFilterAtlas(kernel, layout, 2, range, map, 5, 2);
      expect([atlas.columns, atlas.width, atlas.height, atlas.channels]).toEqual([2, 4, 9, 5]);
      for (let f = 0; f < 5; f++) {
        const plane = filterPlane(kernel, layout, f, 2);
        for (let r = 0; r < 3; r++)
          for (let c = 0; c < 2; c++) expect(pixelAt(atlas, f, r, c), `${map} ${f} (${r}, ${c})`).toEqual([...colorOf(plane[r * 2 + c]!, range, map), 255]);
      }
    }
  });

  it('RGB composites: input channel i is colour i, ±maxAbs around 128, only the filters asked for', () => {
    const atlas = paintRgbFilterAtlas(kernel, layout, 0.5, 3);
    expect([atlas.columns, atlas.channels, atlas.width, atlas.height]).toEqual([3, 3, 6, 3]);
    for (let f = 0; f < 3; f++)
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 2; c++)
          expect(pixelAt(atlas, f, r, c)).toEqual([
            ...[0, 1, 2].map((i) => Math.min(255, Math.max(0, Math.round(128 + (kernel[layout.index(r, c, i, f)]! / 0.5) * 127)))),
            255,
          ]);
  });
});
