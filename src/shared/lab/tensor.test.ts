import { describe, expect, it } from 'vitest';
import {
  channel,
  fromMatrix,
  kernelFromChannels,
  kernelFromMatrices,
  kernelFromMatrix,
  kernelToMatrix,
  maxAbs,
  stackChannels,
  stackKernels,
  tensor3,
  toMatrix,
  valueRange,
} from './tensor';

describe('Tensor3', () => {
  it('stores HWC row-major and round-trips through matrices', () => {
    const t = fromMatrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([t.height, t.width, t.channels]).toEqual([2, 3, 1]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(toMatrix(t)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('stacks and splits channels', () => {
    const a = fromMatrix([[1, 2]]);
    const b = fromMatrix([[3, 4]]);
    const s = stackChannels([a, b]);
    expect(s.channels).toBe(2);
    expect(Array.from(s.data)).toEqual([1, 3, 2, 4]);
    expect(toMatrix(s, 1)).toEqual([[3, 4]]);
    expect(toMatrix(channel(s, 0))).toEqual([[1, 2]]);
  });

  it('reports value range and largest magnitude', () => {
    const t = fromMatrix([[-3, 1, 2]]);
    expect(valueRange(t)).toEqual({ min: -3, max: 2 });
    expect(maxAbs(t)).toBe(3);
    expect(valueRange(tensor3(0, 0, 1))).toEqual({ min: 0, max: 0 });
  });

  it('rejects mismatched data and ragged rows', () => {
    expect(() => tensor3(2, 2, 1, [1, 2, 3])).toThrow();
    expect(() => fromMatrix([[1, 2], [3]])).toThrow();
    expect(() => stackChannels([fromMatrix([[1]]), fromMatrix([[1, 2]])])).toThrow();
  });
});

describe('Kernel4', () => {
  it('uses the Keras [kh, kw, cin, cout] layout', () => {
    const k = stackKernels([kernelFromChannels([[[1, 2]], [[3, 4]]]), kernelFromChannels([[[5, 6]], [[7, 8]]])]);
    expect([k.height, k.width, k.inChannels, k.outChannels]).toEqual([1, 2, 2, 2]);
    // index ((r·kw + c)·cin + i)·cout + o
    expect(Array.from(k.data)).toEqual([1, 5, 3, 7, 2, 6, 4, 8]);
    expect(kernelToMatrix(k, 1, 0)).toEqual([[3, 4]]);
    expect(kernelToMatrix(k, 0, 1)).toEqual([[5, 6]]);
  });

  it('tiles one matrix over input channels and stacks matrices as outputs', () => {
    const tiled = kernelFromMatrix([[1, -1]], 3);
    expect(tiled.inChannels).toBe(3);
    for (let i = 0; i < 3; i++) expect(kernelToMatrix(tiled, i, 0)).toEqual([[1, -1]]);
    const outs = kernelFromMatrices([[[1]], [[2]], [[3]]]);
    expect([outs.inChannels, outs.outChannels]).toEqual([1, 3]);
    expect(Array.from(outs.data)).toEqual([1, 2, 3]);
  });
});
