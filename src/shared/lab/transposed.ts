/**
 * Transposed convolution ("deconvolution", lesson 002): every input value multiplies the whole kernel
 * and the scaled copies are added into a bigger output, s pixels apart. No kernel flip, same as
 * TensorFlow's conv2d_transpose (the gradient of crossCorrelate with respect to its input).
 */
import { transposedOutput, windowOutput } from '../engine/conventions';
import type { TraceLine } from '../engine/types';
import { toPair, type Pair } from './geometry';
import { fromMatrix, kernelFromMatrix, tensor3, toMatrix, type Kernel4, type Tensor3 } from './tensor';

export interface TransposedOptions {
  stride?: Pair;
  /** Keras Conv2DTranspose padding; 'valid' keeps every scattered window. */
  padding?: 'valid' | 'same';
  dilation?: Pair;
}

export interface TransposedGeometry {
  height: number;
  width: number;
  /** Rows/columns cropped off the top/left of the full scatter ('same' only). */
  cropTop: number;
  cropLeft: number;
  trace: TraceLine[];
}

/**
 * Keras sizes (output_padding unset): 'valid' gives in·s + max(dk − s, 0), 'same' gives in·s. For
 * 'same' the crop is the padding a 'same' convolution over that output would add before, so this op
 * stays the exact adjoint of crossCorrelate.
 */
export function transposedOutputSize(
  input: { height: number; width: number },
  kernel: { height: number; width: number },
  opts: TransposedOptions = {},
): TransposedGeometry {
  const [sh, sw] = toPair(opts.stride, 1, 'stride');
  const [dh, dw] = toPair(opts.dilation, 1, 'dilation');
  const padding = opts.padding ?? 'valid';
  const h = transposedOutput('H', input.height, kernel.height, sh, dh, padding, null);
  const w = transposedOutput('W', input.width, kernel.width, sw, dw, padding, null);
  const cropTop = padding === 'same' ? windowOutput('H', h.out, kernel.height, sh, dh, 'same').padBefore : 0;
  const cropLeft = padding === 'same' ? windowOutput('W', w.out, kernel.width, sw, dw, 'same').padBefore : 0;
  return { height: h.out, width: w.out, cropTop, cropLeft, trace: [...h.trace, ...w.trace] };
}

/**
 * out[i·sh + a·dh − cropTop, j·sw + b·dw − cropLeft, o] += in[i, j, c] · k[a, b, c, o].
 * The kernel's inChannels are this op's input channels (Keras stores Conv2DTranspose kernels the other
 * way round, [kh, kw, cout, cin]: swap the last two axes when importing one).
 */
export function transposedConvolve3(input: Tensor3, kernel: Kernel4, opts: TransposedOptions = {}): Tensor3 {
  if (input.channels !== kernel.inChannels) {
    throw new Error(`transposedConvolve: the input has ${input.channels} channel(s) but the kernel expects ${kernel.inChannels}`);
  }
  const [sh, sw] = toPair(opts.stride, 1, 'stride');
  const [dh, dw] = toPair(opts.dilation, 1, 'dilation');
  const g = transposedOutputSize(input, kernel, opts);
  const { height: H, width: W, channels: C, data: x } = input;
  const { height: KH, width: KW, outChannels: O, data: k } = kernel;
  const out = tensor3(g.height, g.width, O);
  const acc = new Float64Array(g.height * g.width * O);
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      const xb = (i * W + j) * C;
      for (let a = 0; a < KH; a++) {
        const orow = i * sh + a * dh - g.cropTop;
        if (orow < 0 || orow >= g.height) continue;
        for (let b = 0; b < KW; b++) {
          const ocol = j * sw + b * dw - g.cropLeft;
          if (ocol < 0 || ocol >= g.width) continue;
          const yb = (orow * g.width + ocol) * O;
          let kb = (a * KW + b) * C * O;
          for (let c = 0; c < C; c++, kb += O) {
            const xv = x[xb + c]!;
            for (let o = 0; o < O; o++) acc[yb + o]! += xv * k[kb + o]!;
          }
        }
      }
    }
  }
  out.data.set(acc);
  return out;
}

/** The course's `trans_conv` on plain matrices, with a stride (Keras 'valid' sizes). */
export function transposedConvolve(input: number[][], kernel: number[][], stride = 1): number[][] {
  return toMatrix(transposedConvolve3(fromMatrix(input), kernelFromMatrix(kernel), { stride, padding: 'valid' }));
}
