/**
 * Graph → Keras code (`.py`): generated from the Keras model JSON the app exports (`exportKerasModel`,
 * so from the same layer registry that computed the shapes). A chain becomes `keras.Sequential([...])`,
 * anything else the functional API. Each layer call's keyword arguments are exactly the keys of that
 * layer's exported config whose values differ from Keras' constructor defaults (`KERAS_DEFAULTS`);
 * `name` is always given. Then `compile` and `fit` with the app's training settings, the data from
 * `keras.datasets` or a folder, trained weights from `<name>.npz`, and an optional MirroredStrategy.
 */
import type { TrainingOptions } from '../api/training-protocol';
import { KERAS_LOSS_NAMES } from '../api/schemas';
import { BUNDLED_DATASETS, isBundledDatasetId } from '../data/image-dataset';
import { SOBEL_PREFIX } from '../data/sobel-pairs';
import { analyzeGraph } from '../engine/analyze';
import { resolveParams } from '../engine/params';
import { getLayerSpec } from '../engine/registry';
import type { NetworkGraph } from '../graph/graph';
import { exportKerasModel, type KerasModelJson } from '../interop/keras-export';

export interface CodeSettings {
  datasetId: string;
  /** Filled in (`trainingOptionsSchema.parse`). */
  options: TrainingOptions;
  /** The class names of a folder dataset, in label order (they name its sub-folders). */
  classNames?: string[];
}

export interface CodeSection {
  title: string;
  code: string;
}

export type KerasCodeResult =
  { ok: true; code: string; sections: CodeSection[]; layers: { nodeId: string; lines: [number, number] }[] } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------------
// Keras' constructor defaults, as the config of a layer built without that argument writes them.

/** A default that is another key's value (pooling strides default to the pool size). */
export class SameAs {
  constructor(readonly key: string) {}
}

const GLOROT = { class_name: 'GlorotUniform', config: { seed: null } };
const ZEROS = { class_name: 'Zeros', config: {} };
const ONES = { class_name: 'Ones', config: {} };
const BASE = { trainable: true, dtype: 'float32' };
const convBase = (axes: number) => ({
  ...BASE,
  strides: Array(axes).fill(1),
  padding: 'valid',
  data_format: 'channels_last',
  dilation_rate: Array(axes).fill(1),
  activation: 'linear',
  use_bias: true,
  bias_initializer: ZEROS,
});
const pool = (axes: number) => ({ ...BASE, pool_size: Array(axes).fill(2), strides: new SameAs('pool_size'), padding: 'valid', data_format: 'channels_last' });
const pool2d = pool(2);
const globalPool = { ...BASE, data_format: 'channels_last', keepdims: false };

/**
 * Per Keras class, the default of every key the app exports except the required ones (filters,
 * kernel_size, units, rate, target_shape, height/width, factors: always passed). InputLayer is written
 * as `keras.Input(shape=..., name=...)`. A class or key missing here is always passed.
 */
export const KERAS_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  Dense: { ...BASE, activation: 'linear', use_bias: true, kernel_initializer: GLOROT, bias_initializer: ZEROS },
  Flatten: { ...BASE, data_format: 'channels_last' },
  Dropout: { ...BASE, noise_shape: null, seed: null },
  Activation: { ...BASE },
  ReLU: { ...BASE, max_value: null, negative_slope: 0, threshold: 0 },
  LeakyReLU: { ...BASE, alpha: 0.3 },
  Softmax: { ...BASE, axis: -1 },
  ELU: { ...BASE, alpha: 1 },
  PReLU: { ...BASE, alpha_initializer: ZEROS, alpha_regularizer: null, alpha_constraint: null, shared_axes: null },
  Reshape: { ...BASE },
  Permute: { ...BASE },
  RepeatVector: { ...BASE },
  ZeroPadding1D: { ...BASE, padding: [1, 1] },
  Cropping1D: { ...BASE, cropping: [1, 1] },
  UpSampling1D: { ...BASE, size: 2 },
  ZeroPadding2D: {
    ...BASE,
    padding: [
      [1, 1],
      [1, 1],
    ],
    data_format: 'channels_last',
  },
  Cropping2D: {
    ...BASE,
    cropping: [
      [0, 0],
      [0, 0],
    ],
    data_format: 'channels_last',
  },
  UpSampling2D: { ...BASE, size: [2, 2], data_format: 'channels_last', interpolation: 'nearest' },
  ZeroPadding3D: { ...BASE, padding: Array(3).fill([1, 1]), data_format: 'channels_last' },
  Cropping3D: { ...BASE, cropping: Array(3).fill([1, 1]), data_format: 'channels_last' },
  UpSampling3D: { ...BASE, size: [2, 2, 2], data_format: 'channels_last' },
  Conv1D: { ...convBase(1), groups: 1, kernel_initializer: GLOROT },
  Conv2D: { ...convBase(2), groups: 1, kernel_initializer: GLOROT },
  Conv2DTranspose: { ...convBase(2), kernel_initializer: GLOROT, output_padding: null },
  Conv1DTranspose: { ...convBase(1), kernel_initializer: GLOROT, output_padding: null },
  Conv3D: { ...convBase(3), groups: 1, kernel_initializer: GLOROT },
  Conv3DTranspose: { ...convBase(3), kernel_initializer: GLOROT, output_padding: null },
  DepthwiseConv1D: { ...convBase(1), depth_multiplier: 1, depthwise_initializer: GLOROT },
  SeparableConv1D: { ...convBase(1), depth_multiplier: 1, depthwise_initializer: GLOROT, pointwise_initializer: GLOROT },
  DepthwiseConv2D: { ...convBase(2), depth_multiplier: 1, depthwise_initializer: GLOROT },
  SeparableConv2D: { ...convBase(2), depth_multiplier: 1, depthwise_initializer: GLOROT, pointwise_initializer: GLOROT },
  MaxPooling2D: pool2d,
  AveragePooling2D: pool2d,
  GlobalAveragePooling2D: globalPool,
  GlobalMaxPooling2D: globalPool,
  MaxPooling1D: pool(1),
  AveragePooling1D: pool(1),
  GlobalAveragePooling1D: globalPool,
  GlobalMaxPooling1D: globalPool,
  MaxPooling3D: pool(3),
  AveragePooling3D: pool(3),
  GlobalAveragePooling3D: globalPool,
  GlobalMaxPooling3D: globalPool,
  DepthMaxPooling: { ...BASE, pool_size: 3 },
  BatchNormalization: {
    ...BASE,
    axis: -1,
    momentum: 0.99,
    epsilon: 0.001,
    center: true,
    scale: true,
    beta_initializer: ZEROS,
    gamma_initializer: ONES,
    moving_mean_initializer: ZEROS,
    moving_variance_initializer: ONES,
  },
  LayerNormalization: { ...BASE, axis: -1, epsilon: 0.001, center: true, scale: true, beta_initializer: ZEROS, gamma_initializer: ONES },
  GroupNormalization: { ...BASE, groups: 32, axis: -1, epsilon: 0.001, center: true, scale: true, beta_initializer: ZEROS, gamma_initializer: ONES },
  SpatialDropout1D: BASE,
  SpatialDropout2D: { ...BASE, data_format: 'channels_last' },
  SpatialDropout3D: { ...BASE, data_format: 'channels_last' },
  GaussianNoise: { ...BASE, seed: null },
  GaussianDropout: { ...BASE, seed: null },
  ActivityRegularization: { ...BASE, l1: 0, l2: 0 },
  Add: BASE,
  Subtract: BASE,
  Multiply: BASE,
  Average: BASE,
  Maximum: BASE,
  Minimum: BASE,
  Concatenate: { ...BASE, axis: -1 },
  Rescaling: { ...BASE, offset: 0 },
  Resizing: BASE,
  CenterCrop: BASE,
  RandomCrop: BASE,
  RandomFlip: { ...BASE, mode: 'horizontal_and_vertical' },
  RandomRotation: BASE,
  RandomZoom: BASE,
  RandomContrast: BASE,
  RandomTranslation: BASE,
  RandomBrightness: { ...BASE, value_range: [0, 255], seed: null },
};

/** The default of `key` for a `className` layer with this config; `known: false` = no default (always passed). */
export function kerasDefault(className: string, key: string, config: Record<string, unknown>): { known: true; value: unknown } | { known: false } {
  const table = KERAS_DEFAULTS[className];
  if (!table || !Object.hasOwn(table, key)) return { known: false };
  const value = table[key];
  return { known: true, value: value instanceof SameAs ? config[value.key] : value };
}

/** Equality of JSON values (numbers by value, so 0 equals 0.0). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Required arguments, written first as the course does (`Conv2D(filters=2, kernel_size=7)`). */
const LEADING_KEYS = ['filters', 'units', 'kernel_size', 'pool_size', 'rate', 'target_shape'];

/** The keyword arguments of a layer call: `name` first, then every config key that differs from Keras' default. */
export function layerKwargs(className: string, config: Record<string, unknown>): [string, unknown][] {
  const passed = Object.entries(config).filter(([key, value]) => {
    if (key === 'name') return false;
    const fallback = kerasDefault(className, key, config);
    return !(fallback.known && sameJson(value, fallback.value));
  });
  const rank = (key: string) => (LEADING_KEYS.includes(key) ? LEADING_KEYS.indexOf(key) : LEADING_KEYS.length);
  return [...passed.sort((a, b) => rank(a[0]) - rank(b[0])), ['name', config.name]];
}

/** Keras' weights of a layer, in its `get_weights()` order. */
export function kerasWeightNames(className: string, config: Record<string, unknown>): string[] {
  const bias = config.use_bias === false ? [] : ['bias'];
  switch (className) {
    case 'Dense':
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv2DTranspose':
    case 'Conv1DTranspose':
    case 'Conv3D':
    case 'Conv3DTranspose':
      return ['kernel', ...bias];
    case 'DepthwiseConv2D':
    case 'DepthwiseConv1D':
      return ['depthwise_kernel', ...bias];
    case 'SeparableConv1D':
    case 'SeparableConv2D':
      return ['depthwise_kernel', 'pointwise_kernel', ...bias];
    case 'PReLU':
      return ['alpha'];
    case 'LayerNormalization':
    case 'GroupNormalization':
      return [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta'])];
    case 'BatchNormalization':
      return [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta']), 'moving_mean', 'moving_variance'];
    default:
      return [];
  }
}

/** Layers Keras does not have, written as a class in the generated code. */
const CUSTOM_LAYERS: Record<string, string> = {
  DepthMaxPooling: `class DepthMaxPooling(keras.layers.Layer):
    """Max over groups of pool_size neighbouring channels (the course's tf.nn.max_pool with ksize (1, 1, 1, k))."""

    def __init__(self, pool_size=3, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = pool_size

    def call(self, inputs):
        channels = inputs.shape[-1]
        groups = tf.reshape(inputs, tf.concat([tf.shape(inputs)[:-1], [channels // self.pool_size, self.pool_size]], axis=0))
        return tf.reduce_max(groups, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] // self.pool_size)

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size}`,
};

// ---------------------------------------------------------------------------------------------------
// Python text.

/** A JSON value as a Python literal (lists as tuples, as Keras' arguments are written). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return String(value);
    return Number.isNaN(value) ? 'float("nan")' : value > 0 ? 'float("inf")' : '-float("inf")';
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 1 ? `(${pyLiteral(value[0])},)` : `(${value.map(pyLiteral).join(', ')})`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`)
    .join(', ')}}`;
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'.split(
    ' ',
  ),
);
/** Names the generated code uses itself, and common builtins a variable should not shadow. */
const PY_RESERVED = new Set([
  'keras',
  'tf',
  'np',
  'os',
  'argparse',
  'plt',
  'input',
  'max',
  'min',
  'sum',
  'type',
  'id',
  'list',
  'dict',
  'map',
  'filter',
  'print',
]);

/** Python variable names for layer outputs: non-identifier characters → `_`, unique. */
class PyNames {
  private readonly taken = new Set<string>();
  take(name: string): string {
    let base = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!base || /^[0-9]/.test(base)) base = `_${base}`;
    if (PY_KEYWORDS.has(base) || PY_RESERVED.has(base)) base = `${base}_`;
    let candidate = base;
    for (let n = 1; this.taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

// ---------------------------------------------------------------------------------------------------

type KerasLayer = KerasModelJson['config']['layers'][number];

interface ModelParts {
  model: KerasModelJson;
  /** Each exported layer's node id, in export order. */
  nodeOf: string[];
  sequential: boolean;
  inputShape: number[];
  inputs: number;
}

function modelParts(graph: NetworkGraph, name: string): { ok: true; parts: ModelParts } | { ok: false; error: string } {
  const exported = exportKerasModel(graph, name);
  if (!exported.ok) return exported;
  const analysis = analyzeGraph(graph);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // The exporter writes each node's layers in analysis order; count them the same way to map layers back to nodes.
  const nodeOf: string[] = [];
  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const spec = getLayerSpec(node.type)!;
    const count = spec.toKeras(node, resolveParams(spec.params, node).params).length;
    for (let i = 0; i < count; i++) nodeOf.push(id);
  }
  const consumers = new Map<string, number>();
  for (const e of graph.edges) consumers.set(e.source, (consumers.get(e.source) ?? 0) + 1);
  const sequential =
    analysis.inputIds.length === 1 &&
    analysis.outputIds.length === 1 &&
    analysis.order.every((id) => analysis.nodes[id]!.inputIds.length <= 1 && (consumers.get(id) ?? 0) <= 1);
  const inputShape = analysis.nodes[analysis.inputIds[0]!]!.shape!;
  return { ok: true, parts: { model: exported.model, nodeOf, sequential, inputShape, inputs: analysis.inputIds.length } };
}

function layerCall(layer: KerasLayer): string {
  const config = layer.config;
  if (layer.class_name === 'InputLayer') {
    const shape = (config.batch_input_shape as (number | null)[]).slice(1);
    return `keras.Input(shape=${pyLiteral(shape)}, name=${pyLiteral(config.name)})`;
  }
  const callee = CUSTOM_LAYERS[layer.class_name] ? layer.class_name : `keras.layers.${layer.class_name}`;
  return `${callee}(${layerKwargs(layer.class_name, config)
    .map(([k, v]) => `${k}=${pyLiteral(v)}`)
    .join(', ')})`;
}

/** `build_model()` and, per exported layer, its line within that text (0-based). */
function buildFunction(parts: ModelParts): { code: string; lineOf: number[] } {
  const { model } = parts;
  const lines: string[] = ['def build_model():'];
  const lineOf: number[] = [];
  if (parts.sequential) {
    lines.push('    return keras.Sequential(', '        [');
    for (const layer of model.config.layers) {
      lineOf.push(lines.length);
      lines.push(`            ${layerCall(layer)},`);
    }
    lines.push('        ],', `        name=${pyLiteral(model.config.name)},`, '    )');
    return { code: lines.join('\n'), lineOf };
  }
  const names = new PyNames();
  const variable = new Map<string, string>();
  for (const layer of model.config.layers) {
    const v = names.take(layer.name);
    variable.set(layer.name, v);
    const inbound = (layer.inbound_nodes[0] ?? []).map((i) => variable.get(i[0])!);
    const args = inbound.length === 0 ? '' : inbound.length === 1 ? `(${inbound[0]})` : `([${inbound.join(', ')}])`;
    lineOf.push(lines.length);
    lines.push(`    ${v} = ${layerCall(layer)}${args}`);
  }
  const ends = (list: [string, number, number][]) => {
    const vs = list.map((l) => variable.get(l[0])!);
    return vs.length === 1 ? vs[0]! : `[${vs.join(', ')}]`;
  };
  lines.push(
    `    return keras.Model(inputs=${ends(model.config.input_layers)}, outputs=${ends(model.config.output_layers)}, name=${pyLiteral(model.config.name)})`,
  );
  return { code: lines.join('\n'), lineOf };
}

// ---------------------------------------------------------------------------------------------------
// Data.

interface DataPlan {
  code: string;
  kind: 'classification' | 'regression';
  /** Fed to fit as tf.data datasets (batched already) rather than arrays. */
  datasets: boolean;
  /** What the notebook says about the data. */
  description: string;
  /** The validation argument of fit. */
  validation: string;
  /** The array / dataset names to evaluate on. */
  evaluate: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Bytes (N, H, W[, C]) → the Input, as the app's data pipeline does it. */
function arrayPreparation(
  source: { height: number; width: number; channels: number },
  inputShape: number[],
  options: TrainingOptions,
  classes: number,
): string {
  const { height, width, channels } = source;
  const out: string[] = [];
  out.push(`x_train = x_train.astype("float32").reshape((-1, ${height}, ${width}, ${channels})) / 255.0`);
  out.push(`x_test = x_test.astype("float32").reshape((-1, ${height}, ${width}, ${channels})) / 255.0`);
  if (options.preprocessing === 'standardize') {
    out.push('# Standardized per pixel over the training images, as the course does: (x/255 − mean) / std.');
    out.push('mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-7');
    out.push('x_train, x_test = (x_train - mean) / std, (x_test - mean) / std');
  }
  const steps: string[] = [];
  if (inputShape.length === 3) {
    const [h, w, c] = inputShape as [number, number, number];
    if (channels === 1 && c === 3) steps.push('    x = np.repeat(x, 3, axis=-1)  # gray copied to R, G and B');
    if (channels === 3 && c === 1) steps.push('    x = (x * np.array([0.299, 0.587, 0.114], dtype="float32")).sum(axis=-1, keepdims=True)  # RGB to gray');
    if (h !== height || w !== width) steps.push(`    x = tf.image.resize(x, (${h}, ${w})).numpy()  # bilinear`);
  } else {
    steps.push(`    x = x.reshape((-1, ${inputShape.join(', ')}))`);
  }
  if (steps.length) {
    out.push('', '', 'def to_input(x):', `    """Images → the Input's shape ${pyLiteral(inputShape)}."""`, ...steps, '    return x', '', '');
    out.push('x_train, x_test = to_input(x_train), to_input(x_test)');
  }
  if (options.loss === 'categoricalCrossentropy') {
    out.push(
      `y_train, y_test = keras.utils.to_categorical(y_train, ${classes}), keras.utils.to_categorical(y_test, ${classes})  # one-hot for categorical_crossentropy`,
    );
  }
  out.push('print("train:", x_train.shape, "test:", x_test.shape)');
  return out.join('\n');
}

function limits(options: TrainingOptions): string[] {
  const out: string[] = [];
  if (options.trainLimit)
    out.push(`x_train, y_train = x_train[:${options.trainLimit}], y_train[:${options.trainLimit}]  # the first ${options.trainLimit} training images`);
  if (options.testLimit)
    out.push(`x_test, y_test = x_test[:${options.testLimit}], y_test[:${options.testLimit}]  # the first ${options.testLimit} test images`);
  return out;
}

function arrayValidation(options: TrainingOptions): string {
  return options.validationSplit > 0 ? `validation_split=${options.validationSplit}` : 'validation_data=(x_test, y_test)';
}

function dataPlan(parts: ModelParts, settings: CodeSettings): DataPlan {
  const { options } = settings;
  const inputShape = parts.inputShape;
  const id = settings.datasetId;
  if (isBundledDatasetId(id)) {
    const d = BUNDLED_DATASETS[id];
    const loader = id === 'mnist' ? 'mnist' : 'fashion_mnist';
    const note =
      id === 'fashion-mnist'
        ? "# Keras' standard 60,000 / 10,000 split (the app draws its own stratified split of the same 70,000 images).\n"
        : `# The standard ${fmt(d.trainCount)} training and ${fmt(d.testCount)} test images, ${d.height}×${d.width} bytes.\n`;
    return {
      code: [
        `# ${d.name} from keras.datasets (downloaded on first use).`,
        note.trimEnd(),
        `(x_train, y_train), (x_test, y_test) = keras.datasets.${loader}.load_data()`,
        `CLASS_NAMES = ${pyLiteral(d.classNames).replace(/^\(/, '[').replace(/\)$/, ']')}`,
        ...limits(options),
        arrayPreparation(d, inputShape, options, d.classNames.length),
      ].join('\n'),
      kind: 'classification',
      datasets: false,
      description: `${d.name} (${d.description}) from \`keras.datasets.${loader}\`: the bytes are scaled ×1/255${options.preprocessing === 'standardize' ? ' and standardized per pixel' : ''} and shaped like the Input ${pyLiteral(inputShape)}.`,
      validation: arrayValidation(options),
      evaluate: 'x_test, y_test',
    };
  }
  if (id.startsWith(SOBEL_PREFIX) && isBundledDatasetId(id.slice(SOBEL_PREFIX.length))) {
    const base = id.slice(SOBEL_PREFIX.length);
    const loader = base === 'mnist' ? 'mnist' : 'fashion_mnist';
    return {
      code: [
        `# Each image paired with its horizontal Sobel response ('valid'): a regression target of (H − 2) × (W − 2) × 1.`,
        `(x_train, _), (x_test, _) = keras.datasets.${loader}.load_data()`,
        ...(options.trainLimit ? [`x_train = x_train[:${options.trainLimit}]  # the first ${options.trainLimit} training images`] : []),
        ...(options.testLimit ? [`x_test = x_test[:${options.testLimit}]  # the first ${options.testLimit} test images`] : []),
        'SOBEL = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype="float32")',
        '',
        '',
        'def sobel(x):',
        '    """Cross-correlation of (N, H, W) images with SOBEL, \'valid\'."""',
        '    h, w = x.shape[1] - 2, x.shape[2] - 2',
        '    return sum(SOBEL[i, j] * x[:, i : i + h, j : j + w] for i in range(3) for j in range(3))[..., None]',
        '',
        '',
        'x_train, x_test = x_train.astype("float32") / 255.0, x_test.astype("float32") / 255.0',
        'y_train, y_test = sobel(x_train), sobel(x_test)',
        'x_train, x_test = x_train[..., None], x_test[..., None]',
        'print("train:", x_train.shape, "→", y_train.shape)',
      ].join('\n'),
      kind: 'regression',
      datasets: false,
      description:
        'MNIST images (×1/255) paired with their horizontal Sobel response: the network learns the kernel from examples (a regression, so no accuracy).',
      validation: arrayValidation(options),
      evaluate: 'x_test, y_test',
    };
  }
  if (id === 'synthetic-linear') {
    return {
      code: [
        '# y = 2·x₁ − 3·x₂ + 0.5·x₃ + x₄ + 1 with small noise: a Dense(1) can fit it exactly.',
        'rng = np.random.default_rng(SEED)',
        'x_all = rng.normal(size=(256, 4)).astype("float32")',
        'y_all = (x_all @ np.array([2, -3, 0.5, 1], dtype="float32") + 1 + 0.01 * rng.normal(size=256)).astype("float32")[:, None]',
        'x_train, y_train, x_test, y_test = x_all[:205], y_all[:205], x_all[205:], y_all[205:]',
      ].join('\n'),
      kind: 'regression',
      datasets: false,
      description: 'A synthetic linear regression: 256 samples of 4 features, y = 2·x₁ − 3·x₂ + 0.5·x₃ + x₄ + 1 + noise.',
      validation: arrayValidation(options),
      evaluate: 'x_test, y_test',
    };
  }
  // A folder of images, one sub-folder per class (the user's own data).
  const [h, w, c] = inputShape.length === 3 ? (inputShape as [number, number, number]) : [28, 28, 1];
  const split = options.validationSplit > 0 ? options.validationSplit : 0.2;
  const labelMode = options.loss === 'categoricalCrossentropy' ? 'categorical' : 'int';
  const toInput = inputShape.length === 3 ? 'x / 255.0' : `tf.reshape(x / 255.0, (-1, ${inputShape.join(', ')}))`;
  return {
    code: [
      `# Images in DATA_DIR, one sub-folder per class; ${Math.round(split * 100)} % held out for validation.`,
      'train_ds, val_ds = keras.utils.image_dataset_from_directory(',
      '    DATA_DIR,',
      `    validation_split=${split},`,
      '    subset="both",',
      '    seed=SEED,',
      `    image_size=(${h}, ${w}),`,
      `    color_mode="${c === 1 ? 'grayscale' : c === 4 ? 'rgba' : 'rgb'}",`,
      `    label_mode="${labelMode}",`,
      ...(settings.classNames?.length ? [`    class_names=${pyLiteral(settings.classNames).replace(/^\(/, '[').replace(/\)$/, ']')},`] : []),
      '    batch_size=BATCH_SIZE,',
      ')',
      'CLASS_NAMES = train_ds.class_names',
      ...(options.trainLimit ? [`train_ds = train_ds.unbatch().take(${options.trainLimit}).batch(BATCH_SIZE)  # the first ${options.trainLimit} images`] : []),
      ...(options.preprocessing === 'standardize'
        ? ['# The app standardizes per pixel over the training images; here the pixels are only scaled ×1/255.']
        : []),
      `train_ds = train_ds.map(lambda x, y: (${toInput}, y))`,
      `val_ds = val_ds.map(lambda x, y: (${toInput}, y))`,
    ].join('\n'),
    kind: 'classification',
    datasets: true,
    description: `Your images from a folder (one sub-folder per class) through \`keras.utils.image_dataset_from_directory\`, resized to ${h}×${w}, ${c === 1 ? 'grayscale' : 'RGB'}, ×1/255.`,
    validation: 'validation_data=val_ds',
    evaluate: 'val_ds',
  };
}

// ---------------------------------------------------------------------------------------------------
// Compile and fit.

function optimizerCall(options: TrainingOptions): string {
  const lr = `learning_rate=${pyLiteral(options.learningRate)}`;
  switch (options.optimizer) {
    case 'sgd':
      return `keras.optimizers.SGD(${lr})`;
    case 'momentum':
      return `keras.optimizers.SGD(${lr}, momentum=${pyLiteral(options.momentum)})`;
    case 'nesterov':
      return `keras.optimizers.SGD(${lr}, momentum=${pyLiteral(options.momentum)}, nesterov=True)`;
    case 'adam':
      return `keras.optimizers.Adam(${lr})`;
    case 'nadam':
      return `keras.optimizers.Nadam(${lr})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(${lr})`;
    case 'adagrad':
      return `keras.optimizers.Adagrad(${lr})`;
  }
}

function compileSection(options: TrainingOptions, data: DataPlan): string {
  return [
    'with strategy.scope():',
    '    model.compile(',
    `        optimizer=${optimizerCall(options)},`,
    `        loss=${pyLiteral(KERAS_LOSS_NAMES[options.loss])},`,
    ...(data.kind === 'classification' ? ['        metrics=["accuracy"],'] : []),
    '    )',
  ].join('\n');
}

function fitSection(options: TrainingOptions, data: DataPlan, inputs: number): string {
  const callbacks: string[] = [];
  if (options.earlyStopping) {
    const e = options.earlyStopping;
    callbacks.push(
      `    keras.callbacks.EarlyStopping(monitor=${pyLiteral(e.monitor)}, patience=${e.patience + 1}, restore_best_weights=${pyLiteral(e.restoreBestWeights)}),`,
    );
  }
  if (options.reduceLrOnPlateau) {
    const r = options.reduceLrOnPlateau;
    callbacks.push(
      `    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=${pyLiteral(r.factor)}, patience=${r.patience + 1}, min_lr=${pyLiteral(r.minLearningRate)}, min_delta=0),`,
    );
  }
  const out: string[] = [];
  if (callbacks.length) {
    out.push(
      '# The app stops after more than `patience` epochs without improvement; Keras after `patience`, hence the + 1.',
      'callbacks = [',
      ...callbacks,
      ']',
    );
  } else out.push('callbacks = []');
  const multi = inputs > 1;
  if (data.datasets) {
    out.push(`history = model.fit(train_ds, epochs=EPOCHS, ${data.validation}, callbacks=callbacks)`);
    out.push(`model.evaluate(${data.evaluate})`);
  } else {
    if (multi) out.push(`# The network has ${inputs} inputs: each gets the same images.`);
    const x = multi ? `[x_train] * ${inputs}` : 'x_train';
    const validation = multi && options.validationSplit === 0 ? `validation_data=([x_test] * ${inputs}, y_test)` : data.validation;
    out.push(
      'history = model.fit(',
      `    ${x},`,
      '    y_train,',
      '    batch_size=BATCH_SIZE,',
      '    epochs=EPOCHS,',
      `    ${validation},`,
      `    shuffle=${pyLiteral(options.shuffle)},`,
      '    callbacks=callbacks,',
      ')',
      `model.evaluate(${multi ? `[x_test] * ${inputs}` : 'x_test'}, y_test, batch_size=BATCH_SIZE)`,
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------

interface Generated {
  sections: (CodeSection & { layerLines?: number[] })[];
  nodeOf: string[];
  data: DataPlan;
  parts: ModelParts;
}

/** The sections of the script (`target: 'script'`, settings from argparse) or of a notebook (plain settings). */
export function kerasSections(
  graph: NetworkGraph,
  settings: CodeSettings,
  opts: { weightsFile?: string; name?: string; target?: 'script' | 'notebook' } = {},
): { ok: true; generated: Generated } | { ok: false; error: string } {
  const name = opts.name ?? 'model';
  const result = modelParts(graph, name);
  if (!result.ok) return result;
  const { parts } = result;
  const { options } = settings;
  const data = dataPlan(parts, settings);
  const notebook = opts.target === 'notebook';
  const folder = data.datasets;
  const sections: Generated['sections'] = [];

  sections.push({
    title: 'Imports',
    code: [...(notebook ? [] : ['import argparse']), 'import os', '', 'import numpy as np', 'import tensorflow as tf', 'import keras'].join('\n'),
  });

  const weightsFile = opts.weightsFile;
  const settingsCode = notebook
    ? [
        `EPOCHS = ${options.epochs}`,
        `BATCH_SIZE = ${options.batchSize}`,
        'MIRRORED = False  # True: train on every local GPU with tf.distribute.MirroredStrategy',
        ...(folder ? ['DATA_DIR = "data"  # one sub-folder of images per class'] : []),
        ...(weightsFile ? [`WEIGHTS_FILE = ${pyLiteral(weightsFile)}  # the trained weights CNN Studio wrote`] : []),
      ]
    : [
        `parser = argparse.ArgumentParser(description=${pyLiteral(`Build and train "${name}" (generated by CNN Studio).`)})`,
        `parser.add_argument("--epochs", type=int, default=${options.epochs})`,
        `parser.add_argument("--batch-size", type=int, default=${options.batchSize})`,
        'parser.add_argument("--mirrored", action="store_true", help="train on every local GPU with tf.distribute.MirroredStrategy")',
        ...(folder ? ['parser.add_argument("--data", default="data", help="a folder with one sub-folder of images per class")'] : []),
        ...(weightsFile
          ? [`parser.add_argument("--weights", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyLiteral(weightsFile)}))`]
          : []),
        'args, _ = parser.parse_known_args()',
        'EPOCHS, BATCH_SIZE, MIRRORED = args.epochs, args.batch_size, args.mirrored',
        ...(folder ? ['DATA_DIR = args.data'] : []),
        ...(weightsFile ? ['WEIGHTS_FILE = args.weights'] : []),
      ];
  sections.push({
    title: 'Settings',
    code: [...settingsCode, `SEED = ${options.seed}`, 'keras.utils.set_random_seed(SEED)  # Python, NumPy and TensorFlow'].join('\n'),
  });

  const custom = [...new Set(parts.model.config.layers.map((l) => l.class_name))].filter((c) => CUSTOM_LAYERS[c]);
  if (custom.length) sections.push({ title: 'Custom layers', code: custom.map((c) => CUSTOM_LAYERS[c]!).join('\n\n\n') });

  const built = buildFunction(parts);
  const modelLines = [
    built.code,
    '',
    '',
    'strategy = tf.distribute.MirroredStrategy() if MIRRORED else tf.distribute.get_strategy()',
    'with strategy.scope():',
    '    model = build_model()',
    'model.summary()',
  ];
  sections.push({ title: 'The model', code: modelLines.join('\n'), layerLines: built.lineOf });

  if (weightsFile) {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const entries = parts.model.config.layers
      .map((layer, i) => {
        const weights = kerasWeightNames(layer.class_name, layer.config);
        const nodeName = byId.get(parts.nodeOf[i]!)!.name;
        return weights.length ? `    ${pyLiteral(layer.name)}: [${weights.map((w) => pyLiteral(`${nodeName}/${w}`)).join(', ')}],` : '';
      })
      .filter(Boolean);
    sections.push({
      title: 'Trained weights',
      code: [
        `# Keras layer → its arrays in ${weightsFile} ("<layer name>/<weight name>", Keras layout), in Keras' weight order.`,
        'WEIGHT_ARRAYS = {',
        ...entries,
        '}',
        '',
        '',
        'def load_weights(model, path):',
        '    with np.load(path) as arrays:',
        '        for layer_name, keys in WEIGHT_ARRAYS.items():',
        '            model.get_layer(layer_name).set_weights([arrays[key] for key in keys])',
        '',
        '',
        'if os.path.exists(WEIGHTS_FILE):',
        '    with strategy.scope():',
        '        load_weights(model, WEIGHTS_FILE)',
        '    print("Loaded the trained weights from", WEIGHTS_FILE)',
        'else:',
        '    print("No", WEIGHTS_FILE, "here: the model starts from fresh weights.")',
      ].join('\n'),
    });
  }

  sections.push({ title: 'The data', code: data.code });
  sections.push({ title: 'Compile', code: compileSection(options, data) });
  sections.push({ title: 'Fit', code: fitSection(options, data, parts.inputs) });
  return { ok: true, generated: { sections, nodeOf: parts.nodeOf, data, parts } };
}

export function generateKerasCode(graph: NetworkGraph, settings: CodeSettings, opts: { weightsFile?: string; name?: string } = {}): KerasCodeResult {
  const result = kerasSections(graph, settings, { ...opts, target: 'script' });
  if (!result.ok) return result;
  const { sections, nodeOf } = result.generated;
  const name = opts.name ?? 'model';
  const header = [
    `"""${name}: Keras code generated by CNN Studio from the same layer registry that computed its shapes.`,
    '',
    `Run:  python ${name}.py [--epochs N] [--batch-size N] [--mirrored]`,
    '"""',
  ].join('\n');
  const lines: string[] = header.split('\n');
  const ranges = new Map<string, [number, number]>();
  for (const section of sections) {
    lines.push('', '', `# ---- ${section.title}`);
    const start = lines.length; // 0-based index of the section's first line
    section.layerLines?.forEach((offset, i) => {
      const line = start + offset + 1;
      const id = nodeOf[i]!;
      const range = ranges.get(id);
      ranges.set(id, range ? [Math.min(range[0], line), Math.max(range[1], line)] : [line, line]);
    });
    lines.push(...section.code.split('\n'));
  }
  lines.push('');
  return {
    ok: true,
    code: lines.join('\n'),
    sections: sections.map(({ title, code }) => ({ title, code })),
    layers: [...ranges].map(([nodeId, lines]) => ({ nodeId, lines })),
  };
}
