// Property tests: the engine against an independent implementation of Keras' shape and parameter rules,
// tfjs-layers 4.22 (what the app trains with). Thousands of random networks — chains, branches joined by
// Add / Concatenate / …, residual skips, several inputs — are analyzed by the engine and, where tfjs can
// express them, built by tfjs from the exported Keras JSON:
//   (a) analyzeGraph never throws, whatever the graph (garbage params, unknown types, cycles, dangling edges);
//   (b) when the engine says ok, tfjs builds the exported model and every node's shape and parameter
//       counts (trainable and not) equal tfjs';
//   (c) when the engine reports an error that tfjs also checks, tfjs refuses to build the network;
//   (d) the memoizing analyzer gives exactly what a fresh analysis gives, edit after edit.
//
// What tfjs 4.22 cannot express (or gets wrong against Keras) is left out of (b) and (c), each with the
// reason next to it (see TFJS_MODE and the exclusions in checkRejected).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/build';
import type { GraphEdge, GraphNode, LayerParams, NetworkGraph, ParamValue } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';
import { analyzeGraph, createAnalyzer, type Analyzer, type GraphAnalysis } from './analyze';
import { ACTIVATIONS } from './layers/common';
import { resolveParams } from './params';
import { getLayerSpec, isSourceType, LAYER_SPECS } from './registry';
import type { LayerSpec } from './types';

// ---------------------------------------------------------------------------------------------------
// Random decisions through fast-check's `gen`, so failures are replayable and shrink toward small choices.

type G = fc.GeneratorValue;
const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
const pick = <T>(g: G, items: readonly T[]): T => items[int(g, 0, items.length - 1)]!;
/** True with probability p; shrinks toward false. */
const chance = (g: G, p: number): boolean => int(g, 0, 999) >= 1000 - Math.round(p * 1000);
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const divisors = (n: number) => Array.from({ length: Math.min(n, 64) }, (_, i) => i + 1).filter((d) => n % d === 0);

/**
 * Activations tfjs 4.22 knows by their Keras names. Left out: leaky_relu, silu, exponential (not
 * registered in tfjs) and hard_sigmoid (tfjs spells it hardSigmoid).
 */
const TFJS_ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'] as const;

interface Ctx {
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
  if (axes === 2 && chance(g, 0.3)) return [first, f()];
  return chance(g, 0.15) ? first : Array(axes).fill(first);
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

type Rank = 1 | 2 | 3 | 4;

interface LayerCase {
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
const convWindow = (ctx: Ctx, shape: number[], dilation: boolean) =>
  windowParams(ctx, shape.slice(0, 2), { dilation, modes: ['valid', 'same'], integerPadding: true });
const poolCase: LayerCase = {
  ranks: { 3: 1 },
  params: (ctx, shape) => {
    const params = windowParams(ctx, shape.slice(0, 2), {
      dilation: false,
      modes: ['valid', 'same'],
      integerPadding: true,
      kernelKey: 'pool_size',
      maxKernel: 3,
    });
    if (chance(ctx.g, 0.4)) params.strides = null; // Keras default: the pool size
    return params;
  },
};
const sizeCase = (tfjsDiffers?: string): LayerCase => ({
  ranks: { 3: 1 },
  ...(tfjsDiffers ? { tfjsDiffers } : {}),
  params: ({ g }) => ({ height: int(g, 1, 12), width: int(g, 1, 12) }),
});
const noParams = (ranks: LayerCase['ranks']): LayerCase => ({ ranks, params: () => ({}) });
const fixedParams = (ranks: LayerCase['ranks'], params: LayerParams): LayerCase => ({ ranks, params: () => ({ ...params }) });

const LAYER_CASES: Record<string, LayerCase> = {
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
  ZeroPadding2D: { ranks: { 3: 1 }, params: ({ g }) => ({ padding: perAxis(g, 2, () => int(g, 0, 2)) }) },
  // Keep tfjs' activations small: no upsampling of big maps.
  UpSampling2D: {
    ranks: { 3: 1 },
    fits: ([h, w]) => h! * w! <= 256,
    params: ({ g }) => ({ size: perAxis(g, 2, () => int(g, 1, 3)), interpolation: pick(g, ['nearest', 'bilinear']) }),
  },
  Cropping2D: { ranks: { 3: 1 }, params: ({ g }, [h, w]) => ({ cropping: [int(g, 0, Math.floor((h! - 1) / 2)), int(g, 0, Math.floor((w! - 1) / 2))] }) },
  Conv2D: {
    ranks: { 3: 3 },
    params: (ctx, shape) => ({ filters: filters(ctx.g), ...convWindow(ctx, shape, true), activation: activation(ctx), use_bias: chance(ctx.g, 0.8) }),
  },
  Conv1D: {
    ranks: { 2: 3 },
    params: (ctx, shape) => {
      const modes = ctx.tfjs ? ['valid', 'same'] : ['valid', 'same', 'causal'];
      return {
        filters: filters(ctx.g),
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
  Conv2DTranspose: {
    ranks: { 3: 1 },
    fits: ([h, w]) => h! * w! <= 256,
    params: (ctx, shape) => {
      const { g } = ctx;
      const params: LayerParams = {
        filters: filters(g),
        ...windowParams(ctx, shape.slice(0, 2), { dilation: !ctx.tfjs, modes: ['valid', 'same'], integerPadding: true, maxKernel: 4 }),
        use_bias: chance(g, 0.8),
      };
      const k = asList(params.kernel_size!, 2);
      const s = asList(params.strides!, 2);
      if (typeof params.padding !== 'string') {
        if (ctx.tfjs && k.some((v, i) => v < s[i]!)) params.padding = 'same';
        // PyTorch padding p crops p from each side of the full output; too much is a (c) case.
        else params.padding = Math.min(...asList(params.padding!, 2), chance(g, 0.8) ? Math.floor((Math.min(...k) - 1) / 2) : 2);
      }
      if (!ctx.tfjs && chance(g, 0.2)) params.output_padding = s.map((v) => int(g, 0, v - 1));
      return params;
    },
  },
  MaxPooling2D: { ...poolCase, ranks: { 3: 2 } },
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
  Rescaling: fixedParams({ 3: 1 }, { scale: 1 / 255, offset: 0 }),
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
const isStructural = (spec: LayerSpec) => isSourceType(spec.type) || spec.family === 'merge';
/** Whether tfjs mode may draw this type. */
const inTfjsMode = (type: string) => !getLayerSpec(type)?.notInTfjs && !LAYER_CASES[type]?.tfjsDiffers;
/** The drawable types in registry order (the registry, not this table, decides what exists). */
const DRAWN = LAYER_SPECS.filter((s) => !isStructural(s) && LAYER_CASES[s.type]).map((s) => s.type);

/** Adds a `type` layer after `from` with parameters from its case. */
function addCase(ctx: Ctx, from: string, shape: number[], type: string): string {
  return ctx.b.add(type, LAYER_CASES[type]!.params(ctx, shape), [from]);
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
      return rank === 3 ? b.add('Cropping2D', { cropping: [Math.ceil(shape[0]! / 2), 0] }, [from]) : b.add('Cropping2D', {}, [from]);
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
  switch (pick(g, ['image', 'image', 'image', 'sequence', 'vector'])) {
    case 'image': {
      const h = int(g, 1, 16);
      return ctx.b.input([h, chance(g, 0.7) ? h : int(g, 1, 16), int(g, 1, 4)]);
    }
    case 'sequence':
      return ctx.b.input([int(g, 1, 24), int(g, 1, 6)]);
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
function randomNetwork(g: G, tfjsMode: boolean, mistakes: number): NetworkGraph {
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

// ---------------------------------------------------------------------------------------------------
// The tfjs side.

/** The Keras layers a node exports as (one, or `<name>_pad` + the layer, or `<name>_full` + a crop). */
function exportedLayers(node: GraphNode) {
  const spec = getLayerSpec(node.type)!;
  return spec.toKeras(node, resolveParams(spec.params, node).params);
}

/** The Keras JSON of a graph the engine may reject: every node exported as it is, no questions asked. */
function exportUnchecked(graph: NetworkGraph, analysis: GraphAnalysis) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outputName = new Map<string, string>();
  const layers: { class_name: string; config: Record<string, unknown>; name: string; inbound_nodes: unknown[] }[] = [];
  for (const id of analysis.order) {
    let previous = analysis.nodes[id]!.inputIds.map((i) => outputName.get(i)!);
    for (const layer of exportedLayers(byId.get(id)!)) {
      const name = String(layer.config.name);
      layers.push({ class_name: layer.class_name, config: layer.config, name, inbound_nodes: previous.length ? [previous.map((p) => [p, 0, 0, {}])] : [] });
      previous = [name];
    }
    outputName.set(id, previous[0]!);
  }
  const ends = (ids: string[]) => ids.map((i) => [outputName.get(i)!, 0, 0]);
  return {
    class_name: 'Functional',
    config: { name: 'model', layers, input_layers: ends(analysis.inputIds), output_layers: ends(analysis.outputIds) },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
}

async function tfjsBuild(topology: unknown): Promise<tf.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] });
}

const weightCount = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + product(w.shape as number[]), 0);
const describeGraph = (graph: NetworkGraph) =>
  JSON.stringify({ nodes: graph.nodes.map(({ id, type, params }) => ({ id, type, params })), edges: graph.edges.map((e) => [e.source, e.target]) });

/** (b): tfjs builds what the engine accepts, with the same shape and parameter counts on every node. */
async function checkAgrees(graph: NetworkGraph, analysis: GraphAnalysis) {
  const exported = exportKerasModel(graph);
  expect(exported.ok, describeGraph(graph)).toBe(true);
  if (!exported.ok) return;
  let model: tf.LayersModel;
  try {
    model = await tfjsBuild(exported.model);
  } catch (e) {
    throw new Error(`The engine accepts the network but tfjs refuses it: ${(e as Error).message}\n${describeGraph(graph)}`);
  }
  for (const node of graph.nodes) {
    const result = analysis.nodes[node.id]!;
    const layers = exportedLayers(node).map((l) => model.getLayer(String(l.config.name)));
    const outputShape = model.getLayer(node.name).outputShape as (number | null)[];
    const tfjsNode = {
      shape: outputShape.slice(1),
      trainable: layers.reduce((s, l) => s + weightCount(l.trainableWeights), 0),
      nonTrainable: layers.reduce((s, l) => s + weightCount(l.nonTrainableWeights), 0),
    };
    expect({ node: node.id, shape: result.shape, trainable: result.params.trainable, nonTrainable: result.params.nonTrainable }, describeGraph(graph)).toEqual({
      node: node.id,
      ...tfjsNode,
    });
  }
  expect(model.countParams()).toBe(analysis.totals.params);
}

/** Errors tfjs checks at build time exactly as Keras does. */
const ENFORCED_BY_TFJS = new Set(['rank-mismatch', 'merge-shape-mismatch', 'concat-mismatch', 'invalid-axis', 'missing-input', 'too-many-inputs']);
/*
 * Except: DepthwiseConv2D on a rank-4+ input. Keras' DepthwiseConv2D has input_spec ndim=4 (with the
 * batch) and refuses it; tfjs 4.22's has no input spec and only checks "rank at least 4" in build().
 */
/**
 * Sizes that shrink to zero or below (a window larger than its input, cropping or explicit padding
 * eating everything). Keras/TensorFlow raise ("Negative dimension size…", "Computed output size would be
 * negative"); tfjs 4.22 builds the model anyway and reports the non-positive size in outputShape, so we
 * check that instead.
 */
const NON_POSITIVE_SIZE = new Set(['window-too-large', 'size-zero']);
/*
 * Not checked against tfjs (tfjs 4.22 builds these without complaint, Keras refuses them):
 * - invalid-param: tfjs does not range-check layer arguments (Dropout rate 1.5, strides 0, negative
 *   padding, units 0); Keras raises ValueError in the layer constructors.
 * - strides-with-dilation: TensorFlow's convolution op raises "strides > 1 not supported in conjunction
 *   with dilation_rate > 1"; tfjs' conv2d accepts it.
 * - reshape-size: Keras raises "total size of new array must be unchanged"; tfjs skips the check at
 *   build time whenever the batch size is unknown (always, for a model).
 */

/** (c): what the engine rejects (for a reason tfjs checks too), tfjs refuses to build. */
async function checkRejected(graph: NetworkGraph, analysis: GraphAnalysis, stats: Record<string, number>) {
  const failed = Object.values(analysis.nodes).filter((n) => n.status === 'error');
  const codes = failed.flatMap((n) => n.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
  const enforced = failed.some((n) =>
    n.diagnostics.some(
      (d) =>
        ENFORCED_BY_TFJS.has(d.code) &&
        !(d.code === 'rank-mismatch' && n.type === 'DepthwiseConv2D' && (analysis.nodes[n.inputIds[0]!]?.shape?.length ?? 0) > 3),
    ),
  );
  const sizeNodes = failed.filter((n) => n.diagnostics.some((d) => NON_POSITIVE_SIZE.has(d.code)));
  if (!enforced && sizeNodes.length === 0) {
    stats.excluded = (stats.excluded ?? 0) + 1;
    return;
  }
  let model: tf.LayersModel | undefined;
  let error: unknown;
  try {
    model = await tfjsBuild(exportUnchecked(graph, analysis));
  } catch (e) {
    error = e;
  }
  if (enforced) {
    stats.rejected = (stats.rejected ?? 0) + 1;
    expect(error, `tfjs built a network the engine rejects (${codes.join(', ')}): ${describeGraph(graph)}`).toBeDefined();
    return;
  }
  stats.nonPositive = (stats.nonPositive ?? 0) + 1;
  if (!model) return; // refusing is fine too
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const somewhereNonPositive = sizeNodes.some((n) =>
    exportedLayers(byId.get(n.id)!).some((l) =>
      (model.getLayer(String(l.config.name)).outputShape as (number | null)[]).slice(1).some((d) => d === null || d <= 0),
    ),
  );
  expect(somewhereNonPositive, `tfjs gives positive sizes where the engine finds none (${codes.join(', ')}): ${describeGraph(graph)}`).toBe(true);
}

// ---------------------------------------------------------------------------------------------------
// Garbage graphs for (a).

const PARAM_KEYS = [...new Set(LAYER_SPECS.flatMap((s) => s.params.map((p) => p.key)))];
const TYPES = [...LAYER_SPECS.map((s) => s.type), 'Bogus', '', 'constructor', '__proto__'];
const garbageValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, -Infinity, 1e9, 2 ** 53),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('valid', 'same', 'causal', 'relu', 'horizontal'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer({ min: -2, max: 30 }), { maxLength: 5 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string({ maxLength: 2 }), fc.constant(null)), { maxLength: 4 }),
  fc.array(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const garbageGraph: fc.Arbitrary<NetworkGraph> = fc
  .record({
    nodes: fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'toString', 'hasOwnProperty', '__proto__', 'constructor'),
        type: fc.constantFrom(...TYPES),
        name: fc.string({ maxLength: 4 }),
        params: fc.oneof(
          { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...PARAM_KEYS, 'junk'), garbageValue, { maxKeys: 6 }) },
          { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}) },
        ),
      }),
      { maxLength: 9 },
    ),
    edges: fc.array(
      fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'zz', 'toString'), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'zz')),
      { maxLength: 14 },
    ),
  })
  .map(({ nodes, edges }) => ({
    nodes: nodes as unknown as GraphNode[],
    edges: edges.map(([source, target], i): GraphEdge => ({ id: i % 5 === 4 ? 'dup' : `e${i}`, source, target })),
  }));

/** Invariants any analysis must keep. */
function checkInvariants(graph: NetworkGraph, a: GraphAnalysis) {
  const ids = new Set(graph.nodes.map((n) => n.id));
  expect(new Set(a.order)).toEqual(ids);
  expect(a.order.length).toBe(ids.size);
  expect(Object.keys(a.nodes).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const n = a.nodes[id]!;
    expect(n).toBeDefined();
    // A duplicate name is an error for Keras but leaves the layer's shape valid, so it can sit on an ok node.
    const errors = n.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'duplicate-name');
    if (n.status === 'ok') {
      expect(errors).toEqual([]);
      expect(n.shape!.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
      expect(Number.isInteger(n.params.trainable) && n.params.trainable >= 0 && Number.isInteger(n.params.nonTrainable) && n.params.nonTrainable >= 0).toBe(
        true,
      );
      expect(n.params.total).toBe(n.params.trainable + n.params.nonTrainable);
    } else if (n.status === 'error') {
      expect(errors.length).toBeGreaterThan(0);
      expect(n.shape).toBeUndefined();
    } else {
      expect(a.nodes[n.blockedBy!]?.status).toBe('error');
      expect(n.shape).toBeUndefined();
    }
  }
  expect(a.ok).toBe(!a.diagnostics.some((d) => d.severity === 'error'));
  if (a.ok) expect(a.totals.params).toBe(Object.values(a.nodes).reduce((s, n) => s + n.params.total, 0));
}

/** An immutable edit, as the app makes them: new objects for what changes, the rest shared. */
function randomEdit(g: G, graph: NetworkGraph): NetworkGraph {
  const { nodes, edges } = graph;
  if (nodes.length === 0) return graph;
  const i = int(g, 0, nodes.length - 1);
  const node = nodes[i]!;
  const replace = (next: GraphNode) => ({ nodes: nodes.map((n, j) => (j === i ? next : n)), edges });
  switch (pick(g, ['param', 'param', 'param', 'sameParams', 'rename', 'dropEdge', 'addEdge', 'removeNode', 'reverse'])) {
    case 'param': {
      const spec = getLayerSpec(node.type);
      const schema = spec?.params.length ? pick(g, spec.params) : undefined;
      if (!schema) return replace({ ...node, params: { ...node.params } });
      const value: ParamValue =
        schema.kind === 'shape'
          ? [int(g, 1, 12), int(g, 1, 12), int(g, 1, 4)].slice(0, int(g, 1, 3))
          : schema.kind === 'ints' || schema.kind === 'optionalInts'
            ? Array(schema.length).fill(int(g, 0, 4))
            : schema.kind === 'enum'
              ? pick(g, schema.options)
              : schema.kind === 'bool'
                ? chance(g, 0.5)
                : schema.kind === 'padding'
                  ? pick(g, [...schema.modes, 0, 1, 2])
                  : int(g, -1, 10);
      return replace({ ...node, params: { ...node.params, [schema.key]: value } });
    }
    case 'sameParams':
      return replace({ ...node });
    case 'rename':
      return replace({ ...node, name: `${node.name}_r` });
    case 'dropEdge':
      return edges.length ? { nodes, edges: edges.filter((_, j) => j !== int(g, 0, edges.length - 1)) } : graph;
    case 'addEdge': {
      const target = pick(g, nodes).id;
      return { nodes, edges: [...edges, { id: `x${edges.length}_${node.id}_${target}`, source: node.id, target }] };
    }
    case 'removeNode':
      return { nodes: nodes.filter((_, j) => j !== i), edges: edges.filter((e) => e.source !== node.id && e.target !== node.id) };
    default:
      return { nodes: [...nodes].reverse(), edges: [...edges].reverse() };
  }
}

// ---------------------------------------------------------------------------------------------------

/** ENGINE_PROPERTY_SCALE=10 (and ENGINE_PROPERTY_SEED=n|random) for a longer hunt than CI's. */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const scale = Number(env.ENGINE_PROPERTY_SCALE) || 1;
const RUNS = Object.fromEntries(
  Object.entries({ garbage: 4000, structured: 2500, agree: 4000, reject: 2000, memo: 1000 }).map(([k, v]) => [k, Math.round(v * scale)]),
) as Record<'garbage' | 'structured' | 'agree' | 'reject' | 'memo', number>;
// A fixed seed by default, so CI is reproducible; ENGINE_PROPERTY_SEED=random (or a number) explores further.
const seed = env.ENGINE_PROPERTY_SEED === 'random' ? undefined : Number(env.ENGINE_PROPERTY_SEED) || 20_261_123;
const params = (numRuns: number) => ({ numRuns, ...(seed ? { seed } : {}) });

describe('property generators', () => {
  it('has a generator for every registered layer type, and none for a type the registry lacks', () => {
    expect(LAYER_SPECS.filter((s) => !isStructural(s) && !LAYER_CASES[s.type]).map((s) => s.type)).toEqual([]);
    expect(Object.keys(LAYER_CASES).filter((t) => !getLayerSpec(t))).toEqual([]);
  });

  it('draws each type only after inputs of a rank its spec accepts', () => {
    for (const [type, c] of Object.entries(LAYER_CASES)) {
      const accepted = getLayerSpec(type)!.inputRank;
      const ranks = Object.keys(c.ranks).map(Number);
      expect({ type, ranks: ranks.filter((r) => accepted !== 'any' && !accepted.includes(r)) }).toEqual({ type, ranks: [] });
      expect({ type, drawn: ranks.length > 0 }).toEqual({ type, drawn: true });
    }
  });

  it('gives a tfjs-specific reason only where the spec does not already say tfjs lacks the layer', () => {
    expect(
      Object.entries(LAYER_CASES)
        .filter(([t, c]) => c.tfjsDiffers && getLayerSpec(t)!.notInTfjs)
        .map(([t]) => t),
    ).toEqual([]);
  });
});

/** Layer types (b) compared with tfjs, for the check after it. */
const comparedTypes = new Set<string>();

describe('engine properties (vs tfjs-layers 4.22)', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
  });

  it('(a) never throws, whatever the graph', () => {
    fc.assert(
      fc.property(garbageGraph, (graph) => {
        const a = analyzeGraph(graph);
        checkInvariants({ ...graph, nodes: graph.nodes.filter((n, i) => graph.nodes.findIndex((m) => m.id === n.id) === i) }, a);
        exportKerasModel(graph);
      }),
      params(RUNS.garbage),
    );
    fc.assert(
      fc.property(fc.gen(), (g) => {
        // Every layer kind, with mistakes, plus random extra edges (cycles, self-loops, joins).
        const graph = randomNetwork(g, false, 0.2);
        const extra = Array.from({ length: int(g, 0, 3) }, (_, i): GraphEdge => ({
          id: `extra${i}`,
          source: pick(g, graph.nodes).id,
          target: pick(g, graph.nodes).id,
        }));
        const noisy = { nodes: graph.nodes, edges: [...graph.edges, ...extra] };
        checkInvariants(noisy, analyzeGraph(noisy));
        exportKerasModel(noisy);
      }),
      params(RUNS.structured),
    );
  }, 120_000);

  it('(b) what the engine accepts, tfjs builds with the same shapes and parameter counts', async () => {
    const stats = { ok: 0, error: 0 };
    const compared = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const graph = randomNetwork(g, true, 0);
        const analysis = analyzeGraph(graph);
        if (!analysis.ok) {
          stats.error++;
          return;
        }
        stats.ok++;
        for (const n of graph.nodes) compared.set(n.type, (compared.get(n.type) ?? 0) + 1);
        try {
          await checkAgrees(graph, analysis);
        } finally {
          tf.disposeVariables();
        }
      }),
      params(RUNS.agree),
    );
    console.log(`(b) ${stats.ok + stats.error} networks: ${stats.ok} valid and compared with tfjs layer by layer, ${stats.error} rejected by the engine`);
    console.log(
      `(b) layers compared: ${[...compared]
        .sort((x, y) => y[1] - x[1])
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    expect(stats.ok).toBeGreaterThan(RUNS.agree * 0.6);
    for (const type of compared.keys()) comparedTypes.add(type);
  }, 120_000);

  it('(b) compared every layer type tfjs can build with tfjs', () => {
    // Runs after (b), which fills comparedTypes; a type the generators never reach in tfjs mode fails here.
    const expected = LAYER_SPECS.map((s) => s.type).filter((t) => inTfjsMode(t));
    expect(expected.filter((t) => !comparedTypes.has(t))).toEqual([]);
  });

  it('(c) what the engine rejects, tfjs refuses too (where tfjs checks it)', async () => {
    const stats: Record<string, number> = { valid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const graph = randomNetwork(g, true, 0.25);
        const analysis = analyzeGraph(graph);
        if (analysis.ok) {
          stats.valid!++;
          return;
        }
        try {
          await checkRejected(graph, analysis, stats);
        } finally {
          tf.disposeVariables();
        }
      }),
      params(RUNS.reject),
    );
    console.log(`(c) ${RUNS.reject} networks: ${JSON.stringify(stats)}`);
    expect(stats.rejected ?? 0).toBeGreaterThan(RUNS.reject * 0.15);
  }, 120_000);

  it('(d) the memoizing analyzer equals a fresh analysis after every edit', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        let graph = randomNetwork(g, false, 0.1);
        const analyze = createAnalyzer();
        expect(analyze(graph)).toEqual(analyzeGraph(graph));
        for (let step = int(g, 1, 6); step > 0; step--) {
          graph = randomEdit(g, graph);
          expect(analyze(graph), describeGraph(graph)).toEqual(analyzeGraph(graph));
        }
      }),
      params(RUNS.memo),
    );
  }, 120_000);
});
