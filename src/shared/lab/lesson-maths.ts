/**
 * Small pieces of maths the guided lessons show step by step: how much of a padded axis a strided
 * window covers (and what it leaves over), the scaled kernel copies a transposed convolution adds up,
 * and a 1×1 convolution written as a matrix product. Each one reuses the lab's own operations, so a
 * lesson can never show different numbers from the layer it explains.
 */
import { windowOutput, type PaddingSpec } from '../engine/conventions';
import type { TraceLine } from '../engine/types';
import { tensor3, type Kernel4, type Tensor3 } from './tensor';
import { transposedConvolve } from './transposed';

export interface WindowCoverage {
  /** Output length (≤ 0 when the dilated kernel does not fit). */
  out: number;
  /** Dilated kernel extent (k − 1)·d + 1. */
  dk: number;
  padBefore: number;
  padAfter: number;
  /** in + padBefore + padAfter. */
  padded: number;
  /** Cells from the first window's first tap to the last window's last tap: (out − 1)·s + dk. */
  used: number;
  /** Padded cells at the end that no window reaches: (padded − dk) mod s; 0 when the stride divides evenly. */
  leftover: number;
  /** How many of the left-over cells are real input (the rest is padding after the input). */
  leftoverInput: number;
  trace: TraceLine[];
}

/**
 * One axis of a window (convolution or pooling): windowOutput's size and trace, plus what the last
 * window leaves uncovered. A non-zero `leftover` is the case where (in + 2p − dk)/s is not an integer
 * and the floor silently drops the last rows/columns.
 */
export function windowCoverage(axis: string, input: number, k: number, stride: number, dilation: number, padding: PaddingSpec): WindowCoverage {
  const r = windowOutput(axis, input, k, stride, dilation, padding);
  const dk = (k - 1) * dilation + 1;
  const padded = input + r.padBefore + r.padAfter;
  if (r.out <= 0) {
    return { out: r.out, dk, padBefore: r.padBefore, padAfter: r.padAfter, padded, used: 0, leftover: 0, leftoverInput: 0, trace: r.trace };
  }
  const used = (r.out - 1) * stride + dk;
  const leftover = padded - used;
  return {
    out: r.out,
    dk,
    padBefore: r.padBefore,
    padAfter: r.padAfter,
    padded,
    used,
    leftover,
    leftoverInput: Math.max(0, leftover - r.padAfter),
    trace: r.trace,
  };
}

export interface ScaledWindow {
  /** The input cell whose value scales the kernel. */
  row: number;
  col: number;
  value: number;
  /** value · kernel placed s·(row, col) into an output-sized matrix of zeros. */
  window: number[][];
}

/**
 * The transposed convolution's terms: one output-sized matrix per input cell, that cell's value times
 * the whole kernel in its window. Each is the transposed convolution of the input with every other
 * cell zeroed, so by linearity they add up to transposedConvolve(input, kernel, stride) exactly.
 */
export function transposedWindows(input: number[][], kernel: number[][], stride = 1): ScaledWindow[] {
  const windows: ScaledWindow[] = [];
  input.forEach((row, i) =>
    row.forEach((value, j) => {
      const only = input.map((r, a) => r.map((v, b) => (a === i && b === j ? v : 0)));
      windows.push({ row: i, col: j, value, window: transposedConvolve(only, kernel, stride) });
    }),
  );
  return windows;
}

/**
 * A 1×1 convolution as a matrix product (the course's `corr2d_multi_in_out_1x1`): the input reshaped
 * to (H·W) × Cin times the kernel reshaped to Cin × Cout, reshaped back to H × W × Cout. HWC data is
 * already (H·W) × Cin row-major and a Keras [1, 1, Cin, Cout] kernel already Cin × Cout, so the
 * reshapes are free.
 */
export function conv1x1AsMatmul(input: Tensor3, kernel: Kernel4): Tensor3 {
  if (kernel.height !== 1 || kernel.width !== 1) throw new Error(`conv1x1AsMatmul: the kernel is ${kernel.height}×${kernel.width}, not 1×1`);
  if (input.channels !== kernel.inChannels) {
    throw new Error(`conv1x1AsMatmul: the input has ${input.channels} channel(s) but the kernel expects ${kernel.inChannels}`);
  }
  const rows = input.height * input.width;
  const inner = input.channels;
  const cols = kernel.outChannels;
  const out = tensor3(input.height, input.width, cols);
  for (let p = 0; p < rows; p++) {
    for (let o = 0; o < cols; o++) {
      let sum = 0;
      for (let i = 0; i < inner; i++) sum += input.data[p * inner + i]! * kernel.data[i * cols + o]!;
      out.data[p * cols + o] = sum;
    }
  }
  return out;
}

/** Largest |a − b| over two tensors of the same shape. */
export function maxAbsDifference(a: Tensor3, b: Tensor3): number {
  if (a.height !== b.height || a.width !== b.width || a.channels !== b.channels) {
    throw new Error(`maxAbsDifference: ${a.height}×${a.width}×${a.channels} vs ${b.height}×${b.width}×${b.channels}`);
  }
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}
