/**
 * The engine's vocabulary: layer specs (one per layer type, in the registry), what inference returns
 * for each node, and diagnostics pinned to nodes or edges.
 */
import type { GraphNode, LayerParams, ParamValue } from '../graph/graph';

/** A tensor shape without the batch axis, e.g. [28, 28, 1]. */
export type Shape = number[];

export type LayerFamily = 'input' | 'convolution' | 'pooling' | 'core' | 'normalization' | 'merge' | 'preprocessing' | 'activation' | 'unsupported';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `window-too-large`; tests and docs key on it. */
  code: string;
  severity: Severity;
  /** Plain language: what is wrong, with this node's numbers. */
  message: string;
  /** What to do about it. */
  fix: string;
  nodeId?: string;
  edgeId?: string;
  /** The parameter at fault, for the inspector to highlight. */
  param?: string;
}

/** One line of shown arithmetic: `H: ⌊(28 + 2·0 − 3)/1⌋ + 1 = 26`. */
export interface TraceLine {
  /** What is computed: `H`, `W`, `params`, `pad H`, `dk H`… */
  label: string;
  /** The general formula, symbols only: `⌊(H + 2p − dk)/s⌋ + 1`. */
  formula: string;
  /** The formula with this node's numbers and the result. */
  text: string;
}

/** Receptive field of one output position on the network input, per spatial axis. */
export interface ReceptiveField {
  /** Size in input pixels, per axis ([H, W] or [L]). */
  size: number[];
  /** Distance in input pixels between neighbouring outputs (effective stride). */
  jump: number[];
  /** Centre of the first output on the input, in input pixel coordinates (can be negative: padding). */
  start: number[];
  /** True once a layer mixes every position (Flatten, Dense, global pooling). */
  global: boolean;
}

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/** What a layer's shape function gets. */
export interface InferInput {
  node: GraphNode;
  /** Parameters after defaults were applied and values validated. */
  params: LayerParams;
  /** Output shapes of the input nodes, in edge order. */
  inputShapes: Shape[];
  /** Number of pooling layers on the longest path into this node (for friendlier messages). */
  poolingsUpstream: number;
}

export interface InferOutput {
  shape: Shape;
  params: ParamCount;
  /** Multiply-accumulate operations per sample. */
  macs: number;
  trace: TraceLine[];
  /** Spatial window this layer applies, for receptive fields; absent for layers that keep positions. */
  window?: { kernel: number[]; stride: number[]; dilation: number[]; padBefore: number[]; transposed?: boolean };
  /** This layer mixes every position (Flatten, Dense on a flat vector, global pooling). */
  mixesAllPositions?: boolean;
  diagnostics?: Omit<Diagnostic, 'nodeId'>[];
}

export type ParamKind =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'float'; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'bool' }
  /** n positive integers; a single number means the same on every axis. */
  | { kind: 'ints'; length: number; min?: number; allowSingle?: boolean }
  /** `valid` | `same` (| `causal`) | integer | per-axis integers. */
  | { kind: 'padding'; modes: readonly string[]; axes: number }
  /** A full shape (Input, Reshape); -1 allowed once where `allowInfer`. */
  | { kind: 'shape'; allowInfer?: boolean }
  | { kind: 'string' }
  /** Optional per-axis integers (Conv2DTranspose output_padding). */
  | { kind: 'optionalInts'; length: number; min?: number }
  /**
   * Pixels before and after on each spatial axis, in every form Keras' ZeroPadding / Cropping take:
   * one integer (every side), one integer per axis (both sides alike: `[1, 2]` = rows, columns), or a
   * (before, after) pair per axis (`[[1, 2], [3, 4]]` = (top, bottom), (left, right)).
   */
  | { kind: 'sides'; axes: number }
  /** Optional list of distinct Keras axes (the batch is axis 0, so these are 1 or more), e.g. PReLU's shared_axes. */
  | { kind: 'axisList' }
  /** One Keras axis or a list of them, counted from the batch (1 … rank) or from the end (−1 = last), never 0. */
  | { kind: 'axes' };

export type ParamSchema = ParamKind & {
  key: string;
  label: string;
  default: ParamValue;
  help: string;
  unit?: string;
};

/** One Keras layer as `model.to_json()` spells it (tf.keras 2 style config). */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * How "Look inside" reads a layer's kernel as filters, in Keras' weight layouts:
 * `in-out` [kh, kw, in, out] (Conv2D); `depthwise` [kh, kw, in, multiplier], filter f reading input
 * channel ⌊f / multiplier⌋ only; `out-in` [kh, kw, out, in] (Conv2DTranspose, stored transposed).
 */
export interface KernelView {
  /** The weight that holds the filters: `kernel`, or `depthwise_kernel` for depthwise and separable layers. */
  weight: string;
  layout: 'in-out' | 'depthwise' | 'out-in';
}

/** What a layer's PyTorch form gets: its params and the app's (Keras, channels-last) shapes. */
export interface PytorchContext {
  node: GraphNode;
  params: LayerParams;
  /** Keras input shapes (channels last, without batch), in edge order. */
  inputShapes: Shape[];
  /** The app's output shape of this layer (channels last, without batch). */
  outputShape: Shape;
}

/** One Keras weight of a layer and the PyTorch tensor it becomes. */
export interface PytorchWeight {
  /** Keras / tfjs weight name: `kernel`, `bias`, `depthwise_kernel`, `gamma`, `moving_mean`… */
  keras: string;
  /** The tensor's path inside the layer's module (`weight`, `1.weight`, `running_mean`). */
  torch: string;
  /** Shape in Keras' layout (kernel kh × kw × Cin × Cout, Dense in × out). */
  shape: number[];
  /** Axes that turn the Keras array into PyTorch's layout (then reshaped to the tensor's shape); identity when absent. */
  permute?: number[];
  /** Keras' initializer (glorot_uniform fans come from the Keras shape, as Keras computes them). */
  init: 'glorot_uniform' | 'zeros' | 'ones';
}

/**
 * A layer as one child of the exported `nn.Module`: a Python expression that constructs it (channels
 * first), whether its forward takes a list (merges), and its weights. Helper classes the expression
 * names (`KerasFlatten(…)`) are emitted once at the top of the file (`PYTORCH_HELPERS`). `error`: PyTorch
 * cannot express this layer with these settings (the export fails naming the layer).
 */
export type PytorchLayer = { module: string; merge?: boolean; weights?: PytorchWeight[] } | { error: string };

export interface LayerSpec {
  /** Registry key = Keras class name (`Conv2D`); custom layers use their own name. */
  type: string;
  family: LayerFamily;
  /** One line for the palette. */
  summary: string;
  /** A short paragraph for the docs panel: what it does and the formulas. */
  docs: string;
  params: ParamSchema[];
  /** Number of inputs accepted. `max: 0` makes it a source (the network input): see `isSourceType`. */
  inputs: { min: number; max: number };
  /** Rank(s) of input accepted (without batch), or `any`. */
  inputRank: number[] | 'any';
  /** Short form of the key params for the node face: `32@3×3 s1 same relu`. */
  shortForm(params: LayerParams): string;
  infer(input: InferInput): InferOutput;
  /** Cross-field checks beyond the schema (e.g. stride > 1 with dilation > 1). */
  validate?(params: LayerParams): Omit<Diagnostic, 'nodeId'>[];
  /** Keras layers this node exports as (explicit padding becomes ZeroPadding2D + a `valid` layer). */
  toKeras(node: GraphNode, params: LayerParams): KerasLayerJson[];
  /** Params from a Keras config of this class (`undefined` = defaults). */
  fromKeras?(config: Record<string, unknown>): LayerParams;
  /**
   * Why TensorFlow.js 4.22 cannot build or train this layer; absent when it can. Training refuses a
   * network with such a layer up front (`trainability.ts`) instead of failing inside tfjs.
   */
  notInTfjs?: string;
  /**
   * Why TensorFlow.js 4.22 cannot train this layer with these settings (grouped convolutions, ELU with
   * α ≠ 1), as a sentence ending in what to do; undefined when it can. The Train panel lists it per layer.
   */
  tfjsProblem?(params: LayerParams): string | undefined;
  /** The kernel "Look inside" draws as filters; absent for layers without one it can draw. */
  kernelView?: KernelView;
  /** The layer as a PyTorch module (`src/shared/codegen/pytorch-module.ts`); `null` for the network input (no module). */
  toPytorch?(ctx: PytorchContext): PytorchLayer | null;
}
