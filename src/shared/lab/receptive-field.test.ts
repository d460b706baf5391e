import { describe, expect, it } from 'vitest';
import { crossCorrelate, convolveOutputSize, type ConvOptions } from './convolve';
import { receptiveField, receptiveWindow, type ReceptiveLayer } from './receptive-field';
import { kernelFromMatrix, tensor3, type Tensor3 } from './tensor';

describe('receptiveField', () => {
  it('lesson 002: three stacked 2×2 convolutions see as much as one 4×4', () => {
    const three = receptiveField([
      { kernel: 2, stride: 1 },
      { kernel: 2, stride: 1 },
      { kernel: 2, stride: 1 },
    ]);
    expect(three.map((s) => s.size)).toEqual([2, 3, 4]);
    expect(three[2]!.size).toBe(receptiveField([{ kernel: 4, stride: 1 }])[0]!.size);
    expect(receptiveWindow(three, 0, 0)).toEqual({ top: 0, left: 0, bottom: 3, right: 3 });
  });

  it('strides multiply the jump (lesson 001 homework: 3×3, then two 3×3 stride 2)', () => {
    const rf = receptiveField([
      { kernel: 3, stride: 1 },
      { kernel: 3, stride: 2 },
      { kernel: 3, stride: 2 },
    ]);
    expect(rf.map((s) => [s.size, s.jump])).toEqual([
      [3, 1],
      [5, 2],
      [9, 4],
    ]);
    expect(receptiveWindow(rf, 1, 2)).toEqual({ top: 4, left: 8, bottom: 12, right: 16 });
  });

  it('dilation widens the kernel and padding moves the window past the edge (clipped on request)', () => {
    const rf = receptiveField([{ kernel: 3, stride: 1, dilation: 2, padBefore: 2 }]);
    expect(rf[0]).toEqual({ size: 5, jump: 1, start: 0 });
    expect(receptiveWindow(rf, 0, 0)).toEqual({ top: -2, left: -2, bottom: 2, right: 2 });
    expect(receptiveWindow(rf, 0, 0, { height: 10, width: 10 })).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(receptiveWindow([], 3, 4)).toEqual({ top: 3, left: 4, bottom: 3, right: 4 });
  });
});

/** Which input pixels reach output (row, col): push an impulse through a stack of all-ones kernels. */
function reaches(h: number, w: number, stack: Array<{ k: number; opts: ConvOptions }>, i: number, j: number): Tensor3 {
  let t = tensor3(h, w, 1);
  t.data[i * w + j] = 1;
  for (const { k, opts } of stack) t = crossCorrelate(t, kernelFromMatrix(Array.from({ length: k }, () => new Array<number>(k).fill(1))), opts);
  return t;
}

describe('receptiveWindow agrees with the convolution itself', () => {
  it('for a padded, strided stack, every input pixel inside the clipped window (and none outside) reaches the output', () => {
    const h = 13;
    const w = 11;
    const stack: Array<{ k: number; opts: ConvOptions }> = [
      { k: 3, opts: { padding: 'same' } },
      { k: 2, opts: { padding: 'same', stride: 2 } },
      { k: 3, opts: { padding: 'valid', stride: 2 } },
    ];
    // Padding per layer from the same geometry the convolution uses.
    const layers: ReceptiveLayer[] = [];
    let size = { height: h, width: w };
    for (const { k, opts } of stack) {
      const g = convolveOutputSize(size, { height: k, width: k }, opts);
      expect(g.padTop).toBe(g.padLeft);
      layers.push({ kernel: k, stride: g.strideH, padBefore: g.padTop });
      size = { height: g.height, width: g.width };
    }
    const rf = receptiveField(layers);
    const responses = Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => reaches(h, w, stack, i, j)));
    for (let r = 0; r < size.height; r++) {
      for (let c = 0; c < size.width; c++) {
        const win = receptiveWindow(rf, r, c, { height: h, width: w });
        for (let i = 0; i < h; i++) {
          for (let j = 0; j < w; j++) {
            const inside = i >= win.top && i <= win.bottom && j >= win.left && j <= win.right;
            expect(responses[i]![j]!.data[r * size.width + c]! > 0).toBe(inside);
          }
        }
      }
    }
  });
});
