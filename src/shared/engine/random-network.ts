/**
 * Random networks for property tests, shared by the engine's property test (against tfjs) and the
 * PyTorch export's test (against real PyTorch): chains, branches joined by merges, residual blocks and
 * two inputs, with every registered layer type drawn by its `LAYER_CASES` entry. Decisions go through
 * fast-check's `gen`, so failures replay and shrink. Test support only: no app code imports it.
 */
import fc from 'fast-check';
import { GraphBuilder } from '../graph/build';
import type { LayerParams, NetworkGraph, ParamValue } from '../graph/graph';
import { createAnalyzer, type Analyzer } from './analyze';
import { ACTIVATIONS } from './layers/common';
import { resolveParams } from './params';
import { getLayerSpec, isSourceType, LAYER_SPECS } from './registry';
import type { LayerSpec } from './types';
// ---------------------------------------------------------------------------------------------------
// Random decisions through fast-check's `gen`, so failures are replayable and shrink toward small choices.

export type G = fc.GeneratorValue;
export const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
export const pick = <T>(g: G, items: readonly T[]): T => items[int(g, 0, items.length - 1)]!;
/** True with probability p; shrinks toward false. */
export const chance = (g: G, p: number): boolean => int(g, 0, 999) >= 1000 - Math.round(p * 1000);
export const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
export const divisors = (n: number) => Array.from({ length: Math.min(n, 64) }, (_, i) => i + 1).filter((d) => n % d === 0);

/**
 * Activations tfjs 4.22 knows by their Keras names. Left out: leaky_relu, silu, exponential (not
 * registered in tfjs) and hard_sigmoid (tfjs spells it hardSigmoid).
 */
export const TFJS_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
] as const;

export interface Ctx {
  g: G;
  b: GraphBuilder;
  /**
   * Generate only what tfjs 4.22 can build the same way Keras does. Left out in this mode:
   * - Layer types whose spec has `notInTfjs` (DepthMaxPooling, Subtract, the Random* augmentations),
   *   and those whose `LAYER_CASES` entry has `tfjsDiffers` (Resizing, CenterCrop), each with its reason.
   * - Conv2DTranspose dilation_rate > 1 and output_padding: tfjs ignores both (deletes dilationRate, has no
   *   outputPadding), so its sizes differ from Keras'. For the same reason no integer (PyTorch) padding
   *   with kernel < stride: the export sets output_padding 0, which tfjs drops; with kernel ≥ stride that
   *   changes nothing.
   * - DepthwiseConv2D dilation_rate > 1: tfjs computes the output size without the dilation (a to-do note in tfjs's source:
   *   "Add support for dilation"), Keras with it.
   * - Conv1D padding 'causal': tfjs' convOutputLength treats it as 'valid'; Keras (conv_output_length)
   *   as 'same'. Conv1D integer padding: exported as ZeroPadding1D, which tfjs 4.22 lacks.
   * - Reshape with -1: tfjs leaves the inferred size null (it skips fixUnknownDimension whenever the
   *   batch size is unknown), so layers after it see an undefined size; Keras infers it.
   * - Concatenate on the batch axis (0) or an axis out of range: tfjs does not validate the axis.
   * - Conv1D / Conv2D groups > 1: tfjs' convolutions have no groups and build an ungrouped kernel.
   * - ELU alpha ≠ 1: tfjs refuses it. (Both are each spec's `tfjsProblem`, so training refuses them too.)
   * - channels_first on 1-D pooling: tfjs' has no data_format and pools the wrong axis (its `tfjsProblem`).
   */
  tfjs: boolean;
  /** Probability, per layer, of a deliberate mistake (a layer that does not fit, an invalid parameter). */
  mistakes: number;
  /** Steering only: what the engine says so far, so kernels are mostly chosen to fit. */
  analyzer: Analyzer;
}

const shapeOf = (ctx: Ctx, id: string): number[] | undefined => ctx.analyzer(ctx.b.graph).nodes[id]?.shape;
const activation = (ctx: Ctx) => pick(ctx.g, ctx.tfjs ? TFJS_ACTIVATIONS : ACTIVATIONS);
/** `[a, a]` mostly, sometimes per axis, sometimes the single-number form the schema also accepts. */
function perAxis(g: G, axes: number, f: () => number): number | number[] {
  const first = f();
  if (axes >= 2 && chance(g, 0.3)) return [first, ...Array.from({ length: axes - 1 }, f)];
  return chance(g, 0.15) ? first : Array(axes).fill(first);
}
/**
 * A ZeroPadding / Cropping value in each form Keras takes: one integer, one per axis, or (before, after)
 * pairs; `limit[i]` bounds before + after on axis i (a crop that leaves at least one position).
 */
function sides(g: G, limit: number[]): ParamValue {
  const one = (max: number) => int(g, 0, Math.max(0, max));
  switch (pick(g, ['int', 'axes', 'pairs', 'pairs'])) {
    case 'int':
      return one(Math.floor(Math.min(...limit) / 2));
    case 'axes':
      return limit.map((l) => one(Math.floor(l / 2)));
    default:
      return limit.map((l) => {
        const before = one(l);
        return [before, one(l - before)];
      });
  }
}
const asList = (v: ParamValue, axes: number): number[] => (typeof v === 'number' ? Array(axes).fill(v) : (v as number[]));

/** kernel_size / strides / padding / dilation_rate for a window over `sizes`, mostly fitting. */
function windowParams(
  ctx: Ctx,
  sizes: number[],
  opts: { dilation: boolean; modes: string[]; integerPadding: boolean; kernelKey?: string; maxKernel?: number },
): LayerParams {
  const { g } = ctx;
  const axes = sizes.length;
  const small = Math.min(...sizes);
  const kernel = perAxis(g, axes, () => int(g, 1, Math.max(1, Math.min(opts.maxKernel ?? 5, small + (chance(g, 0.1) ? 2 : 0)))));
  const strides = chance(g, 0.55) ? perAxis(g, axes, () => 1) : perAxis(g, axes, () => int(g, 1, 3));
  const params: LayerParams = { [opts.kernelKey ?? 'kernel_size']: kernel, strides };
  const modes = opts.integerPadding ? [...opts.modes, 'int'] : opts.modes;
  const mode = pick(g, modes);
  params.padding = mode === 'int' ? perAxis(g, axes, () => int(g, 0, 2)) : mode;
  if (opts.dilation && asList(strides, axes).every((s) => s === 1) && chance(g, 0.25)) params.dilation_rate = perAxis(g, axes, () => int(g, 1, 3));
  return params;
}

// ---------------------------------------------------------------------------------------------------
// One generator per registered layer type, keyed by type. The test "has a generator for every layer
// type" fails for a type in LAYER_SPECS that has neither an entry here nor a place in the structure
// (a source, built by `input`, or a merge, built by `randomNetwork`).

export type Rank = 1 | 2 | 3 | 4;

export interface LayerCase {
  /** How often it is drawn after an input of each rank (1 vector, 2 sequence, 3 image, 4 = rank 4 or more); absent = never. */
  ranks: Partial<Record<Rank, number>>;
  /**
   * Why tfjs 4.22 builds it differently from Keras, so the tfjs mode leaves it out. Types whose spec
   * has `notInTfjs` (tfjs cannot build them at all) are left out without an entry here.
   */
  tfjsDiffers?: string;
  /** Whether it is drawn for this input (to keep tfjs' weights small); default always. */
  fits?(shape: number[]): boolean;
  /** Parameters that usually fit this input (`[]` when the input's shape is unknown). */
  params(ctx: Ctx, shape: number[]): LayerParams;
}

const filters = (g: G) => int(g, 1, 8);
/** Filters, and sometimes groups (a divisor of the input channels; F a multiple of it). tfjs has no grouped convolution. */
function grouped(ctx: Ctx, shape: number[]): LayerParams {
  const { g } = ctx;
  const cin = shape.at(-1) ?? 1;
  if (ctx.tfjs || !chance(g, 0.25)) return { filters: filters(g) };
  const groups = pick(g, divisors(cin));
  return { filters: groups * int(g, 1, 3), groups };
}
const convWindow = (ctx: Ctx, shape: number[], dilation: boolean) =>
  windowParams(ctx, shape.slice(0, 2), { dilation, modes: ['valid', 'same'], integerPadding: true });
/** Max or average pooling over `axes` spatial axes; integer padding exports as ZeroPadding1D/3D outside 2-D, which tfjs lacks. */
const poolingCase = (axes: number): LayerCase => ({
  ranks: { [axes + 1]: 1 },
  ...(axes === 3 ? { fits: (shape: number[]) => shape.length === 4 } : {}),
  params: (ctx, shape) => {
    const params = windowParams(ctx, shape.slice(0, axes), {
      dilation: false,
      modes: ['valid', 'same'],
      integerPadding: axes === 2 || !ctx.tfjs,
      kernelKey: 'pool_size',
      maxKernel: 3,
    });
    if (chance(ctx.g, 0.4)) params.strides = null; // Keras default: the pool size
    return params;
  },
});
const poolCase = poolingCase(2);
/** A transposed convolution over `axes` spatial axes (tfjs mode: no dilation, output_padding or PyTorch padding with kernel < stride). */
const transposedCase = (axes: number): LayerCase => ({
  ranks: { [axes + 1]: 1 },
  fits: (shape) => product(shape.slice(0, axes)) <= 256,
  params: (ctx, shape) => {
    const { g } = ctx;
    const params: LayerParams = {
      filters: filters(g),
      // PyTorch padding exports as a Cropping{1,3}D after the layer outside 2-D, which tfjs lacks.
      ...windowParams(ctx, shape.slice(0, axes), { dilation: !ctx.tfjs, modes: ['valid', 'same'], integerPadding: axes === 2 || !ctx.tfjs, maxKernel: 4 }),
      use_bias: chance(g, 0.8),
    };
    const k = asList(params.kernel_size!, axes);
    const s = asList(params.strides!, axes);
    if (typeof params.padding !== 'string') {
      if (ctx.tfjs && k.some((v, i) => v < s[i]!)) params.padding = 'same';
      // PyTorch padding p crops p from each side of the full output; too much is a (c) case.
      else params.padding = Math.min(...asList(params.padding!, axes), chance(g, 0.8) ? Math.floor((Math.min(...k) - 1) / 2) : 2);
    }
    if (!ctx.tfjs && chance(g, 0.2)) params.output_padding = s.map((v) => int(g, 0, v - 1));
    return params;
  },
});
/** A 1-D depthwise (or, with filters, separable) convolution. */
const depthwise1dCase = (separable: boolean): LayerCase => ({
  ranks: { 2: 1 },
  params: (ctx, shape) => ({
    ...(separable ? { filters: filters(ctx.g) } : {}),
    depth_multiplier: int(ctx.g, 1, 3),
    ...windowParams(ctx, [shape[0]!], { dilation: true, modes: ['valid', 'same'], integerPadding: true }),
    activation: activation(ctx),
    use_bias: chance(ctx.g, 0.8),
  }),
});
const sizeCase = (tfjsDiffers?: string): LayerCase => ({
  ranks: { 3: 1 },
  ...(tfjsDiffers ? { tfjsDiffers } : {}),
  params: ({ g }) => ({ height: int(g, 1, 12), width: int(g, 1, 12) }),
});
const noParams = (ranks: LayerCase['ranks']): LayerCase => ({ ranks, params: () => ({}) });
const fixedParams = (ranks: LayerCase['ranks'], params: LayerParams): LayerCase => ({ ranks, params: () => ({ ...params }) });

export const LAYER_CASES: Record<string, LayerCase> = {
  Dense: {
    ranks: { 1: 2, 2: 1, 3: 1, 4: 1 },
    params: (ctx, shape) => ({ units: int(ctx.g, 1, shape.length === 1 ? 16 : 8), activation: activation(ctx), use_bias: chance(ctx.g, 0.8) }),
  },
  // Keep tfjs' weights small: no Flatten of big maps.
  Flatten: { ranks: { 2: 1, 3: 1, 4: 1 }, fits: (shape) => product(shape) <= 2048, params: () => ({}) },
  Dropout: { ranks: { 1: 1, 2: 1, 3: 1, 4: 1 }, params: ({ g }) => ({ rate: pick(g, [0, 0.1, 0.25, 0.5, 0.9]) }) },
  Activation: { ranks: { 1: 1, 2: 1, 3: 1, 4: 1 }, params: (ctx) => ({ activation: activation(ctx) }) },
  ReLU: noParams({ 1: 1, 3: 1 }),
  LeakyReLU: { ranks: { 2: 1, 3: 1 }, params: ({ g }) => ({ alpha: pick(g, [0.01, 0.3]) }) },
  Softmax: noParams({ 2: 1, 3: 1 }),
  // tfjs 4.22 refuses α ≠ 1 ("Non-default alpha value is not supported by the ELU layer yet").
  ELU: { ranks: { 1: 1, 2: 1, 3: 1 }, params: (ctx) => ({ alpha: ctx.tfjs ? 1 : pick(ctx.g, [0.5, 1, 2]) }) },
  // Keep tfjs' weights small: α has the input's size unless shared.
  PReLU: {
    ranks: { 1: 1, 2: 1, 3: 1, 4: 1 },
    fits: (shape) => product(shape) <= 4096,
    params: ({ g }, shape) => {
      const axes = Array.from({ length: shape.length }, (_, i) => i + 1).filter(() => chance(g, 0.5));
      return { shared_axes: axes.length && chance(g, 0.7) ? axes : null };
    },
  },
  Reshape: {
    ranks: { 1: 2, 2: 1, 3: 1 },
    params: (ctx, shape) => {
      const { g } = ctx;
      if (shape.length === 3) {
        const [h, w, c] = shape as [number, number, number];
        const target = pick(g, [[h * w * c], [h * w, c], [w, h, c], [h, w * c], [h, w, c, 1]]);
        if (!ctx.tfjs && chance(g, 0.3)) target[int(g, 0, target.length - 1)] = -1;
        return { target_shape: target };
      }
      if (shape.length === 2) {
        const [l, c] = shape as [number, number];
        const target = pick(g, [[l * c], [l, 1, c], [c, l], [pick(g, divisors(l)), 0, c]]);
        if (target[1] === 0) target[1] = l / target[0]!;
        return { target_shape: target };
      }
      // To an image (to continue with convolutions) or a sequence.
      const n = shape[0]!;
      const a = pick(g, divisors(n));
      const rest = n / a;
      const bb = pick(g, divisors(rest));
      const target = pick(g, [
        [a, bb, rest / bb],
        [a, rest],
        [n, 1],
      ]);
      if (!ctx.tfjs && chance(g, 0.3)) target[int(g, 0, target.length - 1)] = -1;
      return { target_shape: target };
    },
  },
  ZeroPadding2D: { ranks: { 3: 1 }, params: ({ g }) => ({ padding: sides(g, [3, 3]) }) },
  Permute: {
    ranks: { 2: 1, 3: 1, 4: 1 },
    params: ({ g }, shape) => {
      const dims = Array.from({ length: shape.length }, (_, i) => i + 1);
      for (let i = dims.length - 1; i > 0; i--) {
        const j = int(g, 0, i);
        [dims[i], dims[j]] = [dims[j]!, dims[i]!];
      }
      return { dims };
    },
  },
  // Keep tfjs' activations small.
  RepeatVector: { ranks: { 1: 1 }, fits: ([n]) => n! <= 64, params: ({ g }) => ({ n: int(g, 1, 4) }) },
  // Keep tfjs' activations small: no upsampling of big maps.
  UpSampling2D: {
    ranks: { 3: 1 },
    fits: ([h, w]) => h! * w! <= 256,
    params: ({ g }) => ({ size: perAxis(g, 2, () => int(g, 1, 3)), interpolation: pick(g, ['nearest', 'bilinear']) }),
  },
  Cropping2D: {
    ranks: { 3: 1 },
    params: ({ g }, shape) => ({
      cropping: sides(
        g,
        shape.slice(0, 2).map((n) => Math.min(n - 1, 4)),
      ),
    }),
  },
  Conv2D: {
    ranks: { 3: 3 },
    params: (ctx, shape) => ({ ...grouped(ctx, shape), ...convWindow(ctx, shape, true), activation: activation(ctx), use_bias: chance(ctx.g, 0.8) }),
  },
  Conv1D: {
    ranks: { 2: 3 },
    params: (ctx, shape) => {
      const modes = ctx.tfjs ? ['valid', 'same'] : ['valid', 'same', 'causal'];
      return {
        ...grouped(ctx, shape),
        ...windowParams(ctx, [shape[0]!], { dilation: true, modes, integerPadding: !ctx.tfjs }),
        activation: activation(ctx),
        use_bias: chance(ctx.g, 0.8),
      };
    },
  },
  DepthwiseConv2D: {
    ranks: { 3: 1 },
    params: (ctx, shape) => ({
      depth_multiplier: int(ctx.g, 1, 3),
      ...convWindow(ctx, shape, !ctx.tfjs),
      activation: activation(ctx),
      use_bias: chance(ctx.g, 0.8),
    }),
  },
  SeparableConv2D: {
    ranks: { 3: 1 },
    params: (ctx, shape) => ({
      filters: filters(ctx.g),
      depth_multiplier: int(ctx.g, 1, 2),
      ...convWindow(ctx, shape, true),
      activation: activation(ctx),
      use_bias: chance(ctx.g, 0.8),
    }),
  },
  // Keep tfjs' weights small: no upsampling of big maps.
  Conv2DTranspose: transposedCase(2),
  MaxPooling2D: { ...poolCase, ranks: { 3: 2 } },
  MaxPooling1D: poolingCase(1),
  AveragePooling1D: poolingCase(1),
  GlobalAveragePooling1D: noParams({ 2: 1 }),
  GlobalMaxPooling1D: noParams({ 2: 1 }),
  ZeroPadding1D: { ranks: { 2: 1 }, params: ({ g }) => ({ padding: sides(g, [3]) }) },
  Cropping1D: { ranks: { 2: 1 }, params: ({ g }, shape) => ({ cropping: sides(g, [Math.min(shape[0]! - 1, 4)]) }) },
  UpSampling1D: { ranks: { 2: 1 }, fits: ([l]) => l! <= 64, params: ({ g }) => ({ size: int(g, 1, 3) }) },
  Conv1DTranspose: transposedCase(1),
  Conv3D: {
    ranks: { 4: 3 },
    fits: (shape) => shape.length === 4,
    params: (ctx, shape) => ({
      ...grouped(ctx, shape),
      ...windowParams(ctx, shape.slice(0, 3), { dilation: true, modes: ['valid', 'same'], integerPadding: !ctx.tfjs, maxKernel: 3 }),
      activation: activation(ctx),
      use_bias: chance(ctx.g, 0.8),
    }),
  },
  Conv3DTranspose: { ...transposedCase(3), fits: (shape) => shape.length === 4 && product(shape.slice(0, 3)) <= 128 },
  MaxPooling3D: poolingCase(3),
  AveragePooling3D: poolingCase(3),
  GlobalAveragePooling3D: { ranks: { 4: 1 }, fits: (shape) => shape.length === 4, params: () => ({}) },
  GlobalMaxPooling3D: { ranks: { 4: 1 }, fits: (shape) => shape.length === 4, params: () => ({}) },
  ZeroPadding3D: { ranks: { 4: 1 }, fits: (shape) => shape.length === 4, params: ({ g }) => ({ padding: sides(g, [2, 2, 2]) }) },
  Cropping3D: {
    ranks: { 4: 1 },
    fits: (shape) => shape.length === 4,
    params: ({ g }, shape) => ({
      cropping: sides(
        g,
        shape.slice(0, 3).map((n) => Math.min(n - 1, 3)),
      ),
    }),
  },
  UpSampling3D: {
    ranks: { 4: 1 },
    fits: (shape) => shape.length === 4 && product(shape.slice(0, 3)) <= 128,
    params: ({ g }) => ({ size: perAxis(g, 3, () => int(g, 1, 2)) }),
  },
  SeparableConv1D: depthwise1dCase(true),
  DepthwiseConv1D: depthwise1dCase(false),
  AveragePooling2D: poolCase,
  GlobalAveragePooling2D: noParams({ 3: 1 }),
  GlobalMaxPooling2D: noParams({ 3: 1 }),
  DepthMaxPooling: { ranks: { 3: 1 }, params: ({ g }, shape) => ({ pool_size: pick(g, divisors(shape[2]!)) }) },
  BatchNormalization: {
    ranks: { 1: 1, 2: 1, 3: 1 },
    params: ({ g }, shape) => {
      const rank = shape.length || 1;
      // Keras counts the batch axis: 1…rank, or −rank…−1.
      const axis = chance(g, 0.6) ? -1 : pick(g, [...Array.from({ length: rank }, (_, i) => i + 1), ...Array.from({ length: rank }, (_, i) => -i - 1)]);
      return { axis, center: chance(g, 0.8), scale: chance(g, 0.8), momentum: 0.9, epsilon: 0.001 };
    },
  },
  LayerNormalization: {
    ranks: { 1: 1, 2: 1, 3: 1, 4: 1 },
    params: ({ g }, shape) => {
      const rank = shape.length || 1;
      const some = Array.from({ length: rank }, (_, i) => (chance(g, 0.5) ? i + 1 : -(rank - i))).filter(() => chance(g, 0.5));
      return { axis: chance(g, 0.6) || some.length === 0 ? -1 : some, center: chance(g, 0.8), scale: chance(g, 0.8) };
    },
  },
  GroupNormalization: {
    ranks: { 2: 1, 3: 1, 4: 1 },
    params: ({ g }, shape) => {
      const both = chance(g, 0.8);
      return { groups: pick(g, divisors(shape.at(-1) ?? 1)), center: both, scale: both };
    },
  },
  SpatialDropout1D: { ranks: { 2: 1 }, params: ({ g }) => ({ rate: pick(g, [0, 0.2, 0.5]) }) },
  SpatialDropout2D: { ranks: { 3: 1 }, params: ({ g }) => ({ rate: pick(g, [0, 0.2, 0.5]) }) },
  SpatialDropout3D: { ranks: { 4: 1 }, fits: (shape) => shape.length === 4, params: ({ g }) => ({ rate: pick(g, [0, 0.2, 0.5]) }) },
  GaussianNoise: { ranks: { 1: 1, 2: 1, 3: 1, 4: 1 }, params: ({ g }) => ({ stddev: pick(g, [0, 0.1, 1]) }) },
  GaussianDropout: { ranks: { 1: 1, 2: 1, 3: 1, 4: 1 }, params: ({ g }) => ({ rate: pick(g, [0, 0.1, 0.5]) }) },
  ActivityRegularization: { ranks: { 1: 1, 2: 1, 3: 1 }, params: ({ g }) => ({ l1: pick(g, [0, 0.01]), l2: pick(g, [0, 0.001]) }) },
  Rescaling: fixedParams({ 3: 1 }, { scale: 1 / 255, offset: 0 }),
  RandomBrightness: fixedParams({ 3: 1 }, { factor: 0.2, value_min: 0, value_max: 1 }),
  Resizing: sizeCase("tfjs' computeOutputShape drops the batch axis ([h, w, C] instead of [null, h, w, C])"),
  CenterCrop: sizeCase("tfjs' computeOutputShape writes the new sizes into its input's shape array, corrupting the upstream layer's outputShape"),
  RandomCrop: sizeCase(),
  RandomFlip: fixedParams({ 3: 1 }, { mode: 'horizontal' }),
  RandomRotation: fixedParams({ 3: 1 }, { factor: 0.1 }),
  RandomZoom: fixedParams({ 3: 1 }, { height_factor: 0.1 }),
  RandomContrast: fixedParams({ 3: 1 }, { factor: 0.1 }),
  RandomTranslation: fixedParams({ 3: 1 }, { height_factor: 0.1, width_factor: 0.2 }),
};

/** Built by the structure rather than drawn per input: sources by `input`, merges by `randomNetwork`. */
export const isStructural = (spec: LayerSpec) => isSourceType(spec.type) || spec.family === 'merge';
/** Whether tfjs mode may draw this type. */
export const inTfjsMode = (type: string) => !getLayerSpec(type)?.notInTfjs && !LAYER_CASES[type]?.tfjsDiffers;
/** The drawable types in registry order (the registry, not this table, decides what exists). */
const DRAWN = LAYER_SPECS.filter((s) => !isStructural(s) && LAYER_CASES[s.type]).map((s) => s.type);

/**
 * Adds a `type` layer after `from` with parameters from its case. In tfjs mode a layer with a
 * data_format is sometimes channels_first: its case then sees the input with the channels moved last,
 * as the layer does. (Not in the other mode: the PyTorch export refuses channels_first.)
 */
function addCase(ctx: Ctx, from: string, shape: number[], type: string): string {
  const spec = getLayerSpec(type)!;
  const first =
    ctx.tfjs &&
    shape.length > 1 &&
    spec.params.some((p) => p.key === 'data_format') &&
    // What tfjs builds differently (its 1-D pooling ignores data_format) says so in the spec's tfjsProblem.
    !spec.tfjsProblem?.(resolveParams(spec.params, { id: '', type, name: '', params: { data_format: 'channels_first' } }).params) &&
    chance(ctx.g, 0.15);
  const params = LAYER_CASES[type]!.params(ctx, first ? [...shape.slice(1), shape[0]!] : shape);
  return ctx.b.add(type, first ? { ...params, data_format: 'channels_first' } : params, [from]);
}

/** A layer drawn from every case for this input's rank, by weight. */
function drawnLayer(ctx: Ctx, from: string, shape: number[]): string {
  const rank = Math.min(shape.length, 4) as Rank;
  const pool = DRAWN.filter((t) => (!ctx.tfjs || inTfjsMode(t)) && (LAYER_CASES[t]!.fits?.(shape) ?? true)).flatMap((t) =>
    Array<string>(LAYER_CASES[t]!.ranks[rank] ?? 0).fill(t),
  );
  return addCase(ctx, from, shape, pool.length ? pick(ctx.g, pool) : 'Dropout');
}

/** A layer that keeps the shape (or only the channels, when `keepChannels` is false), for branches that rejoin. */
function preservingLayer(ctx: Ctx, from: string, shape: number[], keepChannels: boolean): string {
  const { g, b } = ctx;
  const c = shape.at(-1)!;
  const filters = keepChannels ? c : int(g, 1, 8);
  if (shape.length === 3) {
    const k = pick(g, [1, 3, 5]);
    switch (pick(g, ['conv', 'conv', 'convPadded', 'depthwise', 'separable', 'pool', 'bn', 'act', 'dropout'])) {
      case 'conv':
        return b.add('Conv2D', { filters, kernel_size: [k, k], padding: 'same', activation: activation(ctx) }, [from]);
      case 'convPadded': // PyTorch style: p = (k − 1)/2 keeps the size
        return b.add('Conv2D', { filters, kernel_size: [k, k], padding: (k - 1) / 2, use_bias: false }, [from]);
      case 'depthwise':
        return b.add('DepthwiseConv2D', { kernel_size: [k, k], padding: 'same', depth_multiplier: keepChannels ? 1 : int(g, 1, 2) }, [from]);
      case 'separable':
        return b.add('SeparableConv2D', { filters, kernel_size: [k, k], padding: 'same' }, [from]);
      case 'pool':
        return b.add(pick(g, ['MaxPooling2D', 'AveragePooling2D']), { pool_size: [3, 3], strides: [1, 1], padding: pick(g, ['same', 1]) }, [from]);
      default:
        break;
    }
  } else if (shape.length === 2 && chance(g, 0.5)) {
    return b.add('Conv1D', { filters, kernel_size: [pick(g, [1, 3])], padding: 'same' }, [from]);
  } else if (chance(g, 0.4)) {
    return b.add('Dense', { units: filters, activation: activation(ctx) }, [from]);
  }
  return addCase(ctx, from, shape, pick(g, ['BatchNormalization', 'Activation', 'Dropout']));
}

/** A deliberate mistake: a layer that does not fit its input, or an invalid parameter. */
function mistake(ctx: Ctx, from: string, shape: number[]): string {
  const { g, b } = ctx;
  const rank = shape.length;
  switch (pick(g, ['rank', 'rank', 'kernel', 'pool', 'dropout', 'stride0', 'negativePadding', 'stridesDilation', 'bnAxis', 'reshape', 'crop', 'units0'])) {
    case 'rank': // Conv2D after Flatten, Conv1D on an image, global pooling of a vector…
      if (rank === 3) return b.add(pick(g, ['Conv1D', 'Conv1D']), { filters: 2, kernel_size: [1] }, [from]);
      return b.add(pick(g, ['Conv2D', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Cropping2D', 'DepthwiseConv2D', 'Conv2DTranspose']), {}, [from]);
    case 'kernel': {
      if (rank !== 3 && rank !== 2) return b.add('Conv2D', { filters: 2 }, [from]);
      const type = rank === 3 ? 'Conv2D' : 'Conv1D';
      const k = shape.slice(0, rank - 1).map((s) => s + int(g, 1, 3));
      return b.add(type, { filters: 2, kernel_size: k, strides: rank === 3 ? [int(g, 1, 2), int(g, 1, 2)] : [1], padding: 'valid' }, [from]);
    }
    case 'pool':
      if (rank !== 3) return b.add('MaxPooling2D', {}, [from]);
      return b.add(pick(g, ['MaxPooling2D', 'AveragePooling2D']), { pool_size: [shape[0]! + 1, shape[1]! + int(g, 0, 2)] }, [from]);
    case 'dropout':
      return b.add('Dropout', { rate: pick(g, [1.5, -0.1, 1]) }, [from]);
    case 'stride0':
      return b.add(rank === 2 ? 'Conv1D' : 'Conv2D', { filters: 2, strides: rank === 2 ? [0] : [0, 0], padding: 'same' }, [from]);
    case 'negativePadding':
      return b.add(rank === 2 ? 'Conv1D' : 'Conv2D', { filters: 2, padding: -1 }, [from]);
    case 'stridesDilation':
      return b.add(
        rank === 2 ? 'Conv1D' : 'Conv2D',
        { filters: 2, strides: rank === 2 ? [2] : [2, 2], dilation_rate: rank === 2 ? [2] : [2, 2], padding: 'same' },
        [from],
      );
    case 'bnAxis':
      return b.add('BatchNormalization', { axis: pick(g, [rank + 1, 0, -rank - 1]) }, [from]);
    case 'reshape':
      return b.add('Reshape', { target_shape: [product(shape) + 1] }, [from]);
    case 'crop':
      if (rank !== 3) return b.add('Cropping2D', {}, [from]);
      // All of an axis, half from each side or unevenly.
      return b.add(
        'Cropping2D',
        {
          cropping: chance(g, 0.5)
            ? [Math.ceil(shape[0]! / 2), 0]
            : [
                [int(g, 0, shape[0]!), shape[0]!],
                [0, int(g, 0, 1)],
              ],
        },
        [from],
      );
    default:
      return b.add('Dense', { units: 0 }, [from]);
  }
}

function nextLayer(ctx: Ctx, from: string): string {
  const shape = shapeOf(ctx, from);
  if (!shape) return addCase(ctx, from, [], pick(ctx.g, ['Dropout', 'Activation', 'Dense'])); // upstream already failed
  if (ctx.mistakes > 0 && chance(ctx.g, ctx.mistakes)) return mistake(ctx, from, shape);
  return drawnLayer(ctx, from, shape);
}

function extend(ctx: Ctx, from: string, steps: number): string {
  let id = from;
  for (let i = 0; i < steps; i++) id = nextLayer(ctx, id);
  return id;
}

/** A branch meant to rejoin: mostly shape-keeping layers, sometimes anything. */
function branch(ctx: Ctx, from: string, steps: number, keepChannels: boolean): string {
  let id = from;
  for (let i = 0; i < steps; i++) {
    const shape = shapeOf(ctx, id);
    id = shape && chance(ctx.g, 0.85) ? preservingLayer(ctx, id, shape, keepChannels) : nextLayer(ctx, id);
  }
  return id;
}

function input(ctx: Ctx): string {
  const { g } = ctx;
  switch (pick(g, ['image', 'image', 'image', 'sequence', 'sequence', 'volume', 'vector'])) {
    case 'image': {
      const h = int(g, 1, 16);
      return ctx.b.input([h, chance(g, 0.7) ? h : int(g, 1, 16), int(g, 1, 4)]);
    }
    case 'sequence':
      return ctx.b.input([int(g, 1, 24), int(g, 1, 6)]);
    case 'volume': {
      const h = int(g, 1, 8);
      return ctx.b.input([int(g, 1, 8), h, chance(g, 0.7) ? h : int(g, 1, 8), int(g, 1, 3)]);
    }
    default:
      return ctx.b.input([int(g, 1, 64)]);
  }
}

/** The element-wise merges in the registry (every merge but Concatenate) that take `inputs` inputs; Add, for residuals, three times as often. */
const elementwise = (tfjsMode: boolean, inputs: number) =>
  LAYER_SPECS.filter((s) => s.family === 'merge' && s.type !== 'Concatenate' && s.inputs.max >= inputs && !(tfjsMode && s.notInTfjs)).flatMap((s) =>
    Array<string>(s.type === 'Add' ? 3 : 1).fill(s.type),
  );

/** A random network: a chain, branches joined by a merge, a residual block or two inputs. */
export function randomNetwork(g: G, tfjsMode: boolean, mistakes: number): NetworkGraph {
  const ctx: Ctx = { g, b: new GraphBuilder(), tfjs: tfjsMode, mistakes, analyzer: createAnalyzer() };
  const structure = pick(g, ['chain', 'chain', 'branches', 'residual', 'twoInputs']);
  const start = input(ctx);
  let head: string;
  if (structure === 'chain') {
    head = extend(ctx, start, int(g, 1, 8));
  } else if (structure === 'branches') {
    const stem = extend(ctx, start, int(g, 0, 3));
    const concat = chance(g, 0.5);
    const merge = concat ? 'Concatenate' : pick(g, elementwise(tfjsMode, 2));
    const count = int(g, 2, Math.min(3, getLayerSpec(merge)!.inputs.max));
    const ends = Array.from({ length: count }, () => branch(ctx, stem, int(g, 0, 3), !concat));
    const rank = shapeOf(ctx, ends[0]!)?.length ?? 3;
    const axis = concat && chance(g, 0.3) ? pick(g, [...Array.from({ length: rank }, (_, i) => i + 1), ...Array.from({ length: rank }, (_, i) => -i - 1)]) : -1;
    head = ctx.b.add(merge, concat ? { axis } : {}, ends);
    if (chance(g, 0.15)) extend(ctx, ends[0]!, 1); // a second output
  } else if (structure === 'residual') {
    const x = extend(ctx, start, int(g, 0, 3));
    const fx = branch(ctx, x, int(g, 1, 3), true);
    const shape = shapeOf(ctx, x);
    // Sometimes a 1×1 projection on the shortcut, as ResNet does when the channels change.
    const shortcut = shape?.length === 3 && chance(g, 0.3) ? ctx.b.add('Conv2D', { filters: shapeOf(ctx, fx)?.at(-1) ?? 4, kernel_size: [1, 1] }, [x]) : x;
    head = ctx.b.add(pick(g, elementwise(tfjsMode, 2)), {}, [shortcut, fx]);
  } else {
    // Two inputs: the second has the first's shape, or (sometimes) one that broadcasts or does not fit.
    const shape = shapeOf(ctx, start)!;
    const other = chance(g, 0.6) ? [...shape] : shape.map((d) => pick(g, [d, 1, d + 1]));
    const second = ctx.b.input(other);
    const concat = chance(g, 0.4);
    head = ctx.b.add(concat ? 'Concatenate' : pick(g, elementwise(tfjsMode, 2)), {}, [
      branch(ctx, start, int(g, 0, 2), true),
      branch(ctx, second, int(g, 0, 2), true),
    ]);
  }
  extend(ctx, head, int(g, 0, 3));
  return ctx.b.graph;
}
