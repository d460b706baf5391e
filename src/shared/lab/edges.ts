/**
 * Edge maps as the first lesson builds them: one response per direction kernel, then the magnitude
 * e = √(e_h² + e_v²). Magnitude is not a kernel (it is non-linear), so it lives here and not among
 * the kernel presets.
 */
import { crossCorrelate, type ConvOptions } from './convolve';
import { kernelFromMatrix, tensor3, type Tensor3 } from './tensor';

export interface EdgeMaps {
  horizontal: Tensor3;
  vertical: Tensor3;
  magnitude: Tensor3;
}

/**
 * Both responses and their magnitude. Each kernel is tiled over the input's channels and summed, as a
 * one-filter Conv2D on that input would do, so every map has one channel.
 */
export function edgeMaps(input: Tensor3, kh: number[][], kv: number[][], opts: Omit<ConvOptions, 'bias'> = { padding: 'valid' }): EdgeMaps {
  const horizontal = crossCorrelate(input, kernelFromMatrix(kh, input.channels), opts);
  const vertical = crossCorrelate(input, kernelFromMatrix(kv, input.channels), opts);
  if (horizontal.height !== vertical.height || horizontal.width !== vertical.width) {
    throw new Error('edgeMaps: the two kernels must have the same size');
  }
  const magnitude = tensor3(horizontal.height, horizontal.width, 1);
  for (let p = 0; p < magnitude.data.length; p++) {
    const h = horizontal.data[p]!;
    const v = vertical.data[p]!;
    magnitude.data[p] = Math.sqrt(h * h + v * v);
  }
  return { horizontal, vertical, magnitude };
}

/** e(x, y) = √(e_h(x, y)² + e_v(x, y)²). */
export function edgeMagnitude(input: Tensor3, kh: number[][], kv: number[][], opts: Omit<ConvOptions, 'bias'> = { padding: 'valid' }): Tensor3 {
  return edgeMaps(input, kh, kv, opts).magnitude;
}
