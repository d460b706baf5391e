/**
 * Reading feature maps and filters out of flat tensors, and the value ranges they are drawn against.
 * Activations are H × W × C (channels last, batch dropped); kernels are in Keras layout.
 */
import { getLayerSpec } from '../engine/registry';
import type { KernelView } from '../engine/types';
import { fieldSpan } from '../lab/receptive-field';
import type { ValueRange } from './colormap';

export type Normalization = 'channel' | 'layer' | 'network';

/** A flat tensor with its shape (the worker's `TensorView` without the naming). */
export interface Values {
  shape: number[];
  values: Float32Array;
}

/** H, W, C of an activation: [h, w, c] images, [n] vectors as 1 × n × 1, [t, c] sequences as 1 × t × c. */
export function mapGeometry(shape: number[]): { height: number; width: number; channels: number } {
  if (shape.length >= 3) return { height: shape[0]!, width: shape[1]!, channels: shape.slice(2).reduce((a, b) => a * b, 1) };
  if (shape.length === 2) return { height: 1, width: shape[0]!, channels: shape[1]! };
  return { height: 1, width: shape[0] ?? 1, channels: 1 };
}

/** min/max of channel `c` of an HWC tensor (or of all values when `c` is undefined). */
export function rangeOf(t: Values, c?: number): ValueRange {
  const { channels } = mapGeometry(t.shape);
  let min = Infinity,
    max = -Infinity;
  const start = c ?? 0;
  const step = c === undefined ? 1 : channels;
  for (let i = start; i < t.values.length; i += step) {
    const v = t.values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

export function unionRange(ranges: ValueRange[]): ValueRange {
  return ranges.reduce((a, b) => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) }), { min: Infinity, max: -Infinity });
}

/** The range channel `c` of `t` is drawn against under the chosen normalization. */
export function rangeFor(mode: Normalization, t: Values, c: number, network: ValueRange): ValueRange {
  if (mode === 'channel') return rangeOf(t, c);
  if (mode === 'layer') return rangeOf(t);
  return network;
}

/** Value at (row, col, channel) of an HWC tensor. */
export function valueAt(t: Values, row: number, col: number, channel: number): number {
  const { width, channels } = mapGeometry(t.shape);
  return t.values[(row * width + col) * channels + channel]!;
}

/** What a convolution's kernel tensor holds, per layer type (Keras layouts). */
export interface KernelLayout {
  kh: number;
  kw: number;
  /** Input channels each filter reads. */
  inChannels: number;
  /** Filters (output channels). */
  filters: number;
  /** Index of weight (r, c, i, f) in the flat kernel. */
  index(r: number, c: number, i: number, f: number): number;
}

/** The kernel a layer type shows as filters, from its registry entry (`LayerSpec.kernelView`); undefined when none. */
export function kernelView(layerType: string): KernelView | undefined {
  return getLayerSpec(layerType)?.kernelView;
}

/**
 * A layer type's kernel of this shape read as filters, in the layout its spec names (`KernelView`):
 * `in-out` [kh, kw, in, out]; `depthwise` [kh, kw, in, multiplier], filter f reads input channel
 * ⌊f / multiplier⌋ only; `out-in` [kh, kw, out, in] (Keras stores Conv2DTranspose transposed).
 */
export function kernelLayout(layerType: string, shape: number[]): KernelLayout | null {
  const view = kernelView(layerType);
  if (!view || shape.length !== 4) return null;
  const [kh, kw, a, b] = shape as [number, number, number, number];
  switch (view.layout) {
    case 'depthwise':
      return { kh, kw, inChannels: 1, filters: a * b, index: (r, c, _i, f) => ((r * kw + c) * a + Math.floor(f / b)) * b + (f % b) };
    case 'out-in':
      return { kh, kw, inChannels: b, filters: a, index: (r, c, i, f) => ((r * kw + c) * a + f) * b + i };
    case 'in-out':
      return { kh, kw, inChannels: a, filters: b, index: (r, c, i, f) => ((r * kw + c) * a + i) * b + f };
  }
}

/** Filter f's weights for input channel i, row-major kh × kw. */
export function filterPlane(kernel: Float32Array, layout: KernelLayout, f: number, i: number): Float32Array {
  const out = new Float32Array(layout.kh * layout.kw);
  for (let r = 0; r < layout.kh; r++) for (let c = 0; c < layout.kw; c++) out[r * layout.kw + c] = kernel[layout.index(r, c, i, f)]!;
  return out;
}

/** Counts of values in `bins` equal-width bins over [min, max]. */
export function histogram(values: Float32Array, bins = 24): { min: number; max: number; counts: number[] } {
  let min = Infinity,
    max = -Infinity;
  // Indexed loops and a typed counter: a trained network's weights are millions of values, redrawn on every live refresh.
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) return { min: 0, max: 0, counts: new Array<number>(bins).fill(0) };
  const tally = new Float64Array(bins);
  const perUnit = bins / (max - min || 1);
  for (let i = 0; i < values.length; i++) tally[Math.min(bins - 1, Math.floor((values[i]! - min) * perUnit))]!++;
  return { min, max, counts: Array.from(tally) };
}

/** A tensor as CSV: one line per row of channel `c` (for checking values elsewhere). */
export function channelCsv(t: Values, c: number): string {
  const { height, width } = mapGeometry(t.shape);
  const lines: string[] = [];
  for (let r = 0; r < height; r++) {
    const row: string[] = [];
    for (let col = 0; col < width; col++) row.push(String(valueAt(t, r, col, c)));
    lines.push(row.join(','));
  }
  return lines.join('\n');
}

/** The input pixels output (row, col) sees, from the engine's per-axis receptive field, clipped to the input. */
export function receptiveWindow(
  field: { size: number[]; jump: number[]; start: number[]; global: boolean },
  row: number,
  col: number,
  input: { height: number; width: number },
): { top: number; left: number; bottom: number; right: number } {
  if (field.global || field.size.length < 2) return { top: 0, left: 0, bottom: input.height - 1, right: input.width - 1 };
  const axis = (i: number, at: number, limit: number) => {
    const [first, last] = fieldSpan(field.start[i]!, field.jump[i]!, field.size[i]!, at);
    return [Math.max(0, first), Math.min(limit - 1, last)] as const;
  };
  const [top, bottom] = axis(0, row, input.height);
  const [left, right] = axis(1, col, input.width);
  return { top, left, bottom, right };
}
