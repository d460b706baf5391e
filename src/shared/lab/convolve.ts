/**
 * The one convolution of the Filter Lab and the lessons: Keras/TensorFlow `Conv2D` semantics, i.e.
 * true cross-correlation (the kernel is not flipped, as the course stresses), summed over input
 * channels, zero padding, 'same' split as TensorFlow splits it.
 */
import { tensor3, type Kernel4, type Tensor3 } from './tensor';
import { windowGeometry, type LabPadding, type Pair, type WindowGeometry } from './geometry';

export interface ConvOptions {
  padding: LabPadding;
  stride?: Pair;
  dilation?: Pair;
  /** One value per output channel. */
  bias?: number[];
}

/** Output size, padding per side and the arithmetic behind them (engine/conventions' trace lines). */
export function convolveOutputSize(
  input: { height: number; width: number },
  kernel: { height: number; width: number },
  opts: Omit<ConvOptions, 'bias'>,
): WindowGeometry {
  return windowGeometry(input.height, input.width, kernel.height, kernel.width, opts.padding, opts.stride, opts.dilation);
}

/**
 * out[r, c, o] = bias[o] + Σ_{a, b, i} in[r·sh + a·dh − padTop, c·sw + b·dw − padLeft, i] · k[a, b, i, o],
 * positions outside the input reading as zero. Products and sums are taken in doubles and rounded to
 * float32 once per output value, so results are exact for integer data and within float32 rounding
 * of TensorFlow otherwise. Flat loops, no allocation per pixel: a 512×512 image with a 3×3 kernel
 * takes a few milliseconds.
 */
export function crossCorrelate(input: Tensor3, kernel: Kernel4, opts: ConvOptions): Tensor3 {
  if (input.channels !== kernel.inChannels) {
    throw new Error(`crossCorrelate: the input has ${input.channels} channel(s) but the kernel expects ${kernel.inChannels}`);
  }
  const O = kernel.outChannels;
  const bias = opts.bias ?? [];
  if (opts.bias && bias.length !== O) throw new Error(`crossCorrelate: ${bias.length} bias value(s) for ${O} output channel(s)`);
  const g = convolveOutputSize(input, kernel, opts);
  const out = tensor3(g.height, g.width, O);
  const { height: H, width: W, channels: C, data: x } = input;
  const { height: KH, width: KW, data: k } = kernel;
  const y = out.data;
  const OW = g.width;
  // One output row at a time, tap by tap: each weight is read once per row and the innermost loop
  // walks contiguous columns with no bounds checks (the valid column range is computed per tap).
  const row = new Float64Array(OW * O);
  for (let r = 0; r < g.height; r++) {
    for (let c = 0; c < OW; c++) for (let o = 0; o < O; o++) row[c * O + o] = bias[o] ?? 0;
    const r0 = r * g.strideH - g.padTop;
    for (let a = 0; a < KH; a++) {
      const ir = r0 + a * g.dilationH;
      if (ir < 0 || ir >= H) continue;
      for (let b = 0; b < KW; b++) {
        const shift = b * g.dilationW - g.padLeft; // input column = c·sw + shift
        const cStart = Math.max(0, Math.ceil(-shift / g.strideW));
        const cEnd = Math.min(OW, Math.floor((W - 1 - shift) / g.strideW) + 1);
        if (cEnd <= cStart) continue;
        const step = g.strideW * C;
        for (let i = 0; i < C; i++) {
          const xFirst = (ir * W + cStart * g.strideW + shift) * C + i;
          for (let o = 0; o < O; o++) {
            const w = k[((a * KW + b) * C + i) * O + o]!;
            if (w === 0) continue; // sparse kernels (identity, line filters) skip their zeros
            let xi = xFirst;
            for (let c = cStart * O + o, cLast = cEnd * O; c < cLast; c += O, xi += step) row[c]! += w * x[xi]!;
          }
        }
      }
    }
    y.set(row, r * OW * O);
  }
  return out;
}

/**
 * The same kernel applied n times in a row (the course's y1 … y4): element i is the result after
 * i + 1 applications; the input itself is not included. After the first pass the kernel sees its own
 * output, so n > 1 needs as many output as input channels.
 */
export function applyRepeatedly(input: Tensor3, kernel: Kernel4, n: number, opts: ConvOptions): Tensor3[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`applyRepeatedly: n must be a non-negative integer, got ${n}`);
  const results: Tensor3[] = [];
  let current = input;
  for (let i = 0; i < n; i++) {
    current = crossCorrelate(current, kernel, opts);
    results.push(current);
  }
  return results;
}
