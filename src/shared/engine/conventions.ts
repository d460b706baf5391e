/**
 * The numeric conventions, as data and small functions that return both the number and the
 * arithmetic that produced it. These follow Keras / TensorFlow exactly (`conv_output_length`,
 * `deconv_output_length`, TF 'SAME' padding); explicit integer padding follows PyTorch / textbooks.
 */
import type { TraceLine } from './types';

export const CONVENTIONS = {
  dilatedKernel: 'dk = (k − 1)·d + 1',
  valid: 'out = ⌊(in − dk)/s⌋ + 1',
  same: 'out = ⌈in/s⌉; pad total = max((out − 1)·s + dk − in, 0), before = ⌊total/2⌋, after = total − before (the extra pixel goes to the bottom/right, as TensorFlow does)',
  causal: 'out = ⌈in/s⌉; pad dk − 1 on the left only (Conv1D)',
  explicit: 'out = ⌊(in + 2p − dk)/s⌋ + 1 (PyTorch / textbook padding p on both sides; exported to Keras as ZeroPadding2D + a valid layer)',
  transposedValid: 'out = in·s + max(dk − s, 0) (Keras, output_padding unset)',
  transposedSame: 'out = in·s (Keras, output_padding unset)',
  transposedWithOutputPadding: 'out = (in − 1)·s + dk − 2·pad + output_padding, pad = ⌊dk/2⌋ for same, 0 for valid',
  transposedExplicit: 'out = (in − 1)·s − 2p + dk + output_padding (PyTorch)',
  stridesWithDilation: 'Keras rejects strides > 1 together with dilation_rate > 1',
  poolingStrides: 'pooling strides default to pool_size',
  batchNormCounting: 'BatchNormalization: 4·C parameters, γ and β trainable (2·C), moving mean and variance not (2·C)',
} as const;

export type PaddingSpec = 'valid' | 'same' | 'causal' | number;

export interface AxisResult {
  out: number;
  padBefore: number;
  padAfter: number;
  trace: TraceLine[];
}

/** `dk` for a kernel k dilated by d, with its trace when d > 1. */
export function dilatedKernel(axis: string, k: number, d: number): { dk: number; trace: TraceLine[] } {
  const dk = (k - 1) * d + 1;
  return { dk, trace: d > 1 ? [{ label: `dk ${axis}`, formula: CONVENTIONS.dilatedKernel, text: `dk = (${k} − 1)·${d} + 1 = ${dk}` }] : [] };
}

/** Output length of a convolution or pooling window along one axis (Keras `conv_output_length`). */
export function windowOutput(axis: string, input: number, k: number, s: number, d: number, padding: PaddingSpec): AxisResult {
  const { dk, trace } = dilatedKernel(axis, k, d);
  if (typeof padding === 'number') {
    const out = Math.floor((input + 2 * padding - dk) / s) + 1;
    trace.push({ label: axis, formula: '⌊(in + 2p − dk)/s⌋ + 1', text: `⌊(${input} + 2·${padding} − ${dk})/${s}⌋ + 1 = ${out}` });
    return { out, padBefore: padding, padAfter: padding, trace };
  }
  if (padding === 'valid') {
    const out = Math.floor((input - dk) / s) + 1;
    trace.push({ label: axis, formula: '⌊(in + 2·0 − dk)/s⌋ + 1', text: `⌊(${input} + 2·0 − ${dk})/${s}⌋ + 1 = ${out}` });
    return { out, padBefore: 0, padAfter: 0, trace };
  }
  const out = Math.ceil(input / s);
  if (padding === 'causal') {
    trace.push({ label: axis, formula: '⌈in/s⌉', text: `⌈${input}/${s}⌉ = ${out}` });
    trace.push({ label: `pad ${axis}`, formula: 'left dk − 1, right 0', text: `left ${dk - 1}, right 0` });
    return { out, padBefore: dk - 1, padAfter: 0, trace };
  }
  const total = Math.max((out - 1) * s + dk - input, 0);
  const before = Math.floor(total / 2);
  trace.push({ label: axis, formula: '⌈in/s⌉', text: `⌈${input}/${s}⌉ = ${out}` });
  trace.push({
    label: `pad ${axis}`,
    formula: 'total = max((out − 1)·s + dk − in, 0); before = ⌊total/2⌋',
    text: `total = max((${out} − 1)·${s} + ${dk} − ${input}, 0) = ${total} → before ${before}, after ${total - before}`,
  });
  return { out, padBefore: before, padAfter: total - before, trace };
}

/** Output length of a transposed convolution along one axis (Keras `deconv_output_length`; integer padding as PyTorch). */
export function transposedOutput(
  axis: string,
  input: number,
  k: number,
  s: number,
  d: number,
  padding: 'valid' | 'same' | number,
  outputPadding: number | null,
): AxisResult {
  const { dk, trace } = dilatedKernel(axis, k, d);
  if (typeof padding === 'number') {
    const op = outputPadding ?? 0;
    const out = (input - 1) * s - 2 * padding + dk + op;
    trace.push({ label: axis, formula: '(in − 1)·s − 2p + dk + op', text: `(${input} − 1)·${s} − 2·${padding} + ${dk} + ${op} = ${out}` });
    return { out, padBefore: padding, padAfter: padding, trace };
  }
  if (outputPadding === null) {
    if (padding === 'same') {
      const out = input * s;
      trace.push({ label: axis, formula: 'in·s', text: `${input}·${s} = ${out}` });
      return { out, padBefore: 0, padAfter: 0, trace };
    }
    const out = input * s + Math.max(dk - s, 0);
    trace.push({ label: axis, formula: 'in·s + max(dk − s, 0)', text: `${input}·${s} + max(${dk} − ${s}, 0) = ${out}` });
    return { out, padBefore: 0, padAfter: 0, trace };
  }
  const pad = padding === 'same' ? Math.floor(dk / 2) : 0;
  const out = (input - 1) * s + dk - 2 * pad + outputPadding;
  trace.push({
    label: axis,
    formula: '(in − 1)·s + dk − 2·pad + op',
    text: `(${input} − 1)·${s} + ${dk} − 2·${pad} + ${outputPadding} = ${out}`,
  });
  return { out, padBefore: pad, padAfter: pad, trace };
}
