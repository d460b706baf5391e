import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../engine/analyze';
import { sequentialGraph } from '../graph/build';
import { colorOf, paint } from './colormap';
import { channelCsv, filterPlane, histogram, kernelLayout, mapGeometry, rangeFor, rangeOf, receptiveWindow } from './tensor-views';

describe('colour maps', () => {
  it('the diverging map is white at zero, saturated at ±max, symmetric in the sign', () => {
    const range = { min: -2, max: 1 };
    expect(colorOf(0, range, 'diverging')).toEqual([255, 255, 255]);
    expect(colorOf(-2, range, 'diverging')).toEqual([33, 102, 172]);
    expect(colorOf(2, range, 'diverging')).toEqual([178, 24, 43]);
    const half = colorOf(1, range, 'diverging');
    expect(half[0]).toBeGreaterThan(half[2]);
  });

  it('the gray map spans min…max; NaN shows magenta', () => {
    expect(colorOf(-1, { min: -1, max: 3 }, 'gray')).toEqual([0, 0, 0]);
    expect(colorOf(3, { min: -1, max: 3 }, 'gray')).toEqual([255, 255, 255]);
    expect(colorOf(NaN, { min: 0, max: 1 }, 'gray')).toEqual([255, 0, 255]);
    expect(Array.from(paint(2, (i) => i, { min: 0, max: 1 }, 'gray'))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});

describe('reading tensors', () => {
  // 2 × 2 × 2: channel 0 = 0, 1, 2, 3; channel 1 = −10, 10, −20, 20.
  const t = { shape: [2, 2, 2], values: new Float32Array([0, -10, 1, 10, 2, -20, 3, 20]) };

  it('ranges per channel, per layer, per network', () => {
    expect(rangeOf(t, 0)).toEqual({ min: 0, max: 3 });
    expect(rangeOf(t, 1)).toEqual({ min: -20, max: 20 });
    expect(rangeOf(t)).toEqual({ min: -20, max: 20 });
    const network = { min: -100, max: 5 };
    expect(rangeFor('channel', t, 0, network)).toEqual({ min: 0, max: 3 });
    expect(rangeFor('layer', t, 0, network)).toEqual({ min: -20, max: 20 });
    expect(rangeFor('network', t, 0, network)).toBe(network);
  });

  it('vectors draw as one row; CSV gives one line per row of a channel', () => {
    expect(mapGeometry([10])).toEqual({ height: 1, width: 10, channels: 1 });
    expect(mapGeometry([5, 3])).toEqual({ height: 1, width: 5, channels: 3 });
    expect(channelCsv(t, 1)).toBe('-10,10\n-20,20');
  });

  it('kernel layouts: Conv2D [kh,kw,in,out], DepthwiseConv2D [kh,kw,in,mult], Conv2DTranspose [kh,kw,out,in]', () => {
    // 1 × 2 kernel, 2 inputs, 3 filters: value = 100·r + 10·c … encode (c, i, f) as c·100 + i·10 + f.
    const values = new Float32Array(6 * 2);
    for (let c = 0; c < 2; c++) for (let i = 0; i < 2; i++) for (let f = 0; f < 3; f++) values[(c * 2 + i) * 3 + f] = c * 100 + i * 10 + f;
    const conv = kernelLayout('Conv2D', [1, 2, 2, 3])!;
    expect(conv).toMatchObject({ kh: 1, kw: 2, inChannels: 2, filters: 3 });
    expect(Array.from(filterPlane(values, conv, 2, 1))).toEqual([12, 112]);
    const transposed = kernelLayout('Conv2DTranspose', [1, 2, 3, 2])!;
    expect(transposed).toMatchObject({ inChannels: 2, filters: 3 });
    const depthwise = kernelLayout('DepthwiseConv2D', [1, 2, 2, 3])!;
    expect(depthwise).toMatchObject({ inChannels: 1, filters: 6 });
    // Filter 4 = input channel 1, multiplier 1 → stored at i = 1, f = 1.
    expect(Array.from(filterPlane(values, depthwise, 4, 0))).toEqual([11, 111]);
  });

  it('kernel layouts come from the registry: SeparableConv2D shows its depthwise kernel, layers without a kernel view none', () => {
    expect(kernelLayout('SeparableConv2D', [1, 2, 2, 3])).toMatchObject({ inChannels: 1, filters: 6 });
    expect(kernelLayout('Dense', [1, 2, 2, 3])).toBeNull();
    expect(kernelLayout('Conv2D', [3, 2, 3])).toBeNull();
  });

  it('histograms count every value once', () => {
    const h = histogram(new Float32Array([0, 0.5, 1, 1]), 2);
    expect(h).toEqual({ min: 0, max: 1, counts: [1, 3] });
  });
});

describe('receptive windows on the input', () => {
  it('three stacked 2×2 convolutions see 4×4 of the input, like one 4×4', () => {
    const stacked = analyzeGraph(
      sequentialGraph(
        [8, 8, 1],
        [1, 2, 3].map(() => ({ type: 'Conv2D', params: { filters: 1, kernel_size: [2, 2] } })),
      ),
    );
    const last = stacked.nodes[stacked.outputIds[0]!]!.receptiveField!;
    expect(receptiveWindow(last, 0, 0, { height: 8, width: 8 })).toEqual({ top: 0, left: 0, bottom: 3, right: 3 });
    expect(receptiveWindow(last, 4, 2, { height: 8, width: 8 })).toEqual({ top: 4, left: 2, bottom: 7, right: 5 });
  });

  it("'same' padding and stride (TensorFlow pads 0 before, 1 after here): windows are clipped at the border", () => {
    const a = analyzeGraph(sequentialGraph([8, 8, 1], [{ type: 'Conv2D', params: { filters: 1, kernel_size: [3, 3], padding: 'same', strides: [2, 2] } }]));
    const field = a.nodes[a.outputIds[0]!]!.receptiveField!;
    expect(receptiveWindow(field, 0, 0, { height: 8, width: 8 })).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(receptiveWindow(field, 1, 3, { height: 8, width: 8 })).toEqual({ top: 2, left: 6, bottom: 4, right: 7 });
  });
});
