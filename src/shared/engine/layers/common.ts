/** Pieces several layer specs share: schemas for common params, window arithmetic, Keras config basics. */
import type { GraphNode, LayerParams } from '../../graph/graph';
import { windowOutput, type PaddingSpec } from '../conventions';
import { fmtInt, pairText } from '../format';
import { ints, paddingPerAxis } from '../params';
import type { Diagnostic, InferInput, ParamSchema, TraceLine } from '../types';

type NodeDiagnostic = Omit<Diagnostic, 'nodeId'>;

export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'leaky_relu',
  'elu',
  'selu',
  'gelu',
  'swish',
  'silu',
  'mish',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'exponential',
] as const;

export const activationParam = (fallback = 'linear'): ParamSchema => ({
  key: 'activation',
  label: 'Activation',
  kind: 'enum',
  options: ACTIVATIONS,
  default: fallback,
  help: 'Applied to the output; `linear` means none.',
});
export const useBiasParam: ParamSchema = { key: 'use_bias', label: 'Use bias', kind: 'bool', default: true, help: 'Adds one learned bias per output channel.' };
export const filtersParam = (fallback = 32): ParamSchema => ({
  key: 'filters',
  label: 'Filters',
  kind: 'int',
  min: 1,
  max: 65536,
  default: fallback,
  help: 'Number of output channels (kernels).',
});
export const kernelParam = (axes: number, fallback = 3): ParamSchema => ({
  key: 'kernel_size',
  label: 'Kernel size',
  kind: 'ints',
  length: axes,
  min: 1,
  default: Array(axes).fill(fallback),
  unit: 'px',
  help: 'Height and width of the sliding window.',
});
export const stridesParam = (axes: number): ParamSchema => ({
  key: 'strides',
  label: 'Strides',
  kind: 'ints',
  length: axes,
  min: 1,
  default: Array(axes).fill(1),
  unit: 'px',
  help: 'Step of the window; 2 halves the size.',
});
export const dilationParam = (axes: number): ParamSchema => ({
  key: 'dilation_rate',
  label: 'Dilation',
  kind: 'ints',
  length: axes,
  min: 1,
  default: Array(axes).fill(1),
  help: 'Gaps between kernel taps: the window covers (k − 1)·d + 1 pixels.',
});
export const paddingParam = (axes: number, modes: readonly string[] = ['valid', 'same']): ParamSchema => ({
  key: 'padding',
  label: 'Padding',
  kind: 'padding',
  modes,
  axes,
  default: 'valid',
  unit: 'px',
  help: "'valid' = none, 'same' = keep ⌈in/s⌉, or a number of zero pixels on each side (as PyTorch and textbooks write it).",
});

/** The spatial axes' names: L for sequences, H and W for images, D, H and W for volumes. */
export const axisNames = (axes: number): string[] =>
  axes === 1 ? ['L'] : axes === 2 ? ['H', 'W'] : axes === 3 ? ['D', 'H', 'W'] : Array.from({ length: axes }, (_, i) => `d${i + 1}`);

/** What one step along each axis is called, for messages: rows and columns of an image, steps of a sequence, slices of a volume. */
export const axisUnits = (axes: number): string[] => (axes === 1 ? ['steps'] : axes === 2 ? ['rows', 'columns'] : ['slices', 'rows', 'columns']);

/** What a rank-(axes + 1) input is, for summaries: `L × C`, `H × W × C`, `D × H × W × C`. */
export const spatialShapeText = (axes: number): string => [...axisNames(axes), 'C'].join(' × ');

/** Keras' base config for any layer. */
export function kerasBase(node: GraphNode, name = node.name): Record<string, unknown> {
  return { name, trainable: true, dtype: 'float32' };
}
export const glorot = { class_name: 'GlorotUniform', config: { seed: null } };
export const zeros = { class_name: 'Zeros', config: {} };

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const poolingCount = (n: number) => `${NUMBER_WORDS[n] ?? n} pooling layer${n === 1 ? '' : 's'}`;

/** Output spatial sizes of a 2-D / 1-D window layer, its trace and the diagnostics if the window does not fit. */
export function windowAxes(
  input: InferInput,
  spatial: number[],
  kernel: number[],
  strides: number[],
  dilation: number[],
  padding: (string | number)[],
  what: 'kernel' | 'pool',
): { out: number[]; padBefore: number[]; trace: TraceLine[]; diagnostics: NodeDiagnostic[] } {
  const names = axisNames(spatial.length);
  const out: number[] = [];
  const padBefore: number[] = [];
  const trace: TraceLine[] = [];
  const diagnostics: NodeDiagnostic[] = [];
  spatial.forEach((size, i) => {
    const r = windowOutput(names[i]!, size, kernel[i]!, strides[i]!, dilation[i]!, padding[i] as PaddingSpec);
    out.push(r.out);
    padBefore.push(r.padBefore);
    trace.push(...r.trace);
  });
  if (out.some((v) => v <= 0)) {
    const dk = kernel.map((k, i) => (k - 1) * dilation[i]! + 1);
    const window = pairText(dk);
    const inputText = spatial.join('×');
    const after = input.poolingsUpstream > 0 ? ` after ${poolingCount(input.poolingsUpstream)}` : '';
    const label = what === 'kernel' ? (dilation.some((d) => d > 1) ? `dilated kernel ${window}` : `kernel ${window}`) : `pool window ${window}`;
    const remedies =
      what === 'kernel'
        ? "use padding 'same', a smaller kernel or remove a pooling layer"
        : "use padding 'same', a smaller pool size or remove an earlier pooling layer";
    diagnostics.push({
      code: 'window-too-large',
      severity: 'error',
      message: `The ${label} is larger than the ${inputText} input it receives${after}, so the output would have size ${out.join('×')}.`,
      fix: remedies[0]!.toUpperCase() + remedies.slice(1) + '.',
      param: what === 'kernel' ? 'kernel_size' : 'pool_size',
    });
  }
  return { out, padBefore, trace, diagnostics };
}

/** Window params of a layer, normalized per axis. */
export function windowParams(params: LayerParams, axes: number, kernelKey = 'kernel_size') {
  const kernel = ints(params[kernelKey], axes);
  const stridesValue = params.strides;
  const strides = stridesValue === null || stridesValue === undefined ? kernel : ints(stridesValue, axes);
  const dilation = params.dilation_rate === undefined ? Array(axes).fill(1) : ints(params.dilation_rate, axes);
  const padding = paddingPerAxis(params.padding, axes);
  return { kernel, strides, dilation, padding };
}

export function stridesWithDilation(params: LayerParams, axes: number): NodeDiagnostic[] {
  const strides = ints(params.strides, axes);
  const dilation = ints(params.dilation_rate, axes);
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    return [
      {
        code: 'strides-with-dilation',
        severity: 'error',
        message: `Strides ${pairText(strides)} with dilation ${pairText(dilation)}: Keras does not allow strides > 1 together with dilation_rate > 1.`,
        fix: 'Set the strides to 1 or the dilation to 1 (follow with a pooling layer to downsample).',
        param: 'strides',
      },
    ];
  }
  return [];
}

/** Short forms for node faces. */
export function windowShort(params: LayerParams, axes: number, kernelKey = 'kernel_size'): string {
  const { kernel, strides, dilation, padding } = windowParams(params, axes, kernelKey);
  const pad = padding.every((p) => p === padding[0]) ? String(padding[0]) : padding.join(',');
  const dil = dilation.some((d) => d > 1) ? ` d${pairText(dilation).replace('×', ',')}` : '';
  return `${pairText(kernel)} s${strides.every((s) => s === strides[0]) ? strides[0] : strides.join(',')} ${/^\d/.test(pad) ? `p${pad}` : pad}${dil}`;
}

export const activationShort = (params: LayerParams) => (params.activation && params.activation !== 'linear' ? ` ${params.activation}` : '');

/** `a·b·c` with the product, e.g. for MACs lines. */
export function productTrace(label: string, formula: string, factors: number[]): TraceLine {
  const value = factors.reduce((a, b) => a * b, 1);
  return { label, formula, text: `${factors.join('·')} = ${fmtInt(value)}` };
}

/** Explicit integer padding per axis, or null when the layer uses 'valid'/'same'. */
export function explicitPads(params: LayerParams, axes: number): number[] | null {
  const padding = paddingPerAxis(params.padding, axes);
  return typeof padding[0] === 'number' ? (padding as number[]) : null;
}

/** The largest divisor of n that is at most `limit` (for a fix that names a value that works). */
export const divisorUpTo = (n: number, limit: number) =>
  Array.from({ length: Math.max(1, Math.min(n, limit)) }, (_, i) => i + 1)
    .filter((d) => n % d === 0)
    .pop() ?? 1;

/** `groups-not-divisible`: grouped convolutions and GroupNormalization split channels (or filters) into equal groups. */
export function groupsMismatch(what: string, count: number, groups: number) {
  return {
    code: 'groups-not-divisible',
    severity: 'error' as const,
    message: `${count} ${what} cannot be split into ${groups} equal groups.`,
    fix: `Use a number of groups that divides ${count} (e.g. ${divisorUpTo(count, groups)}), or change the ${what === 'filters' ? 'number of filters' : 'channels of the layer before it'}.`,
    param: 'groups',
  };
}

/**
 * Training on tfjs with explicit (PyTorch) padding outside 2-D: it exports as ZeroPadding1D/3D (or, after a
 * transposed convolution, Cropping1D/3D), which TensorFlow.js 4.22 lacks. Undefined when it can train.
 */
export function explicitPaddingTfjsProblem(params: LayerParams, axes: number): string | undefined {
  const pads = axes === 2 ? null : explicitPads(params, axes);
  if (!pads || pads.every((p) => p === 0)) return undefined;
  return `uses padding ${pads.join('×')} (PyTorch style), which exports as a ZeroPadding${axes}D or Cropping${axes}D layer that TensorFlow.js lacks. Use padding 'same' or 'valid' for training.`;
}

/** The first of several reasons tfjs cannot train a layer, or undefined. */
export const firstProblem = (...reasons: (string | undefined)[]): string | undefined => reasons.find((r) => r !== undefined);
