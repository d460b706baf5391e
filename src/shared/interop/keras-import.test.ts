import { describe, expect, it } from 'vitest';
import { networkGraphSchema } from '../api/schemas';
import { analyzeGraph } from '../engine/analyze';
import { resolveParams } from '../engine/params';
import { getLayerSpec, LAYER_SPECS } from '../engine/registry';
import { GraphBuilder, sequentialGraph } from '../graph/build';
import type { GraphNode, NetworkGraph } from '../graph/graph';
import { serializeProject } from '../project/project-file';
import * as templates from '../templates/course-networks';
import { exportKerasModel } from './keras-export';
import { importModelJson, kerasActivationName } from './keras-import';
import brokenDangling from './fixtures/broken-dangling-input.json';
import keras3ChannelsFirst from './fixtures/keras3-channels-first.json';
import keras3Fashion from './fixtures/keras3-fashion-mnist-sequential.json';
import keras3NewLayers from './fixtures/keras3-new-layers.json';
import { NEW_LAYERS_EXPECTED } from './fixtures/keras3-new-layers.expected';
import keras3Branches from './fixtures/keras3-functional-branches.json';
import keras3Unknown from './fixtures/keras3-unknown-layer.json';
import tfjsConverted from './fixtures/tfjs-converted-mnist-model.json';
import tfjsLenet from './fixtures/tfjs-lenet5-model.json';
import tfkeras2Skip from './fixtures/tfkeras2-functional-skip.json';

const text = (json: unknown) => JSON.stringify(json, null, 2);
const clone = <T>(json: T): T => JSON.parse(JSON.stringify(json)) as T;

function imported(json: unknown, fileName = 'model.json') {
  const result = importModelJson(typeof json === 'string' ? json : text(json), fileName);
  if (!result.ok) throw new Error(`expected the import to succeed: ${result.error}`);
  return result;
}

function failure(json: unknown, fileName = 'model.json'): string {
  const result = importModelJson(typeof json === 'string' ? json : text(json), fileName);
  if (result.ok) throw new Error('expected the import to fail');
  return result.error;
}

/** [name, type, shape, params] per layer, in analysis order. */
function rows(graph: NetworkGraph) {
  const a = analyzeGraph(graph);
  return a.order.map((id) => [a.nodes[id]!.name, a.nodes[id]!.type, a.nodes[id]!.shape, a.nodes[id]!.params.total]);
}

/** Export to Keras JSON, import again: no warnings, the same totals and outputs. */
function roundTrip(graph: NetworkGraph) {
  const exported = exportKerasModel(graph);
  if (!exported.ok) throw new Error(exported.error);
  const back = imported(JSON.stringify(exported.model));
  expect(back.warnings).toEqual([]);
  const before = analyzeGraph(graph);
  const after = analyzeGraph(back.graph);
  expect(after.ok).toBe(true);
  // Activation memory is left out: a ZeroPadding2D node holds a padded copy of its input.
  const counts = ({ params, trainable, nonTrainable, macs }: typeof before.totals) => ({ params, trainable, nonTrainable, macs });
  expect(counts(after.totals)).toEqual(counts(before.totals));
  const outputs = (a: typeof before) => a.outputIds.map((id) => [a.nodes[id]!.name, a.nodes[id]!.shape]);
  expect(outputs(after)).toEqual(outputs(before));
  return { before, after, graph: back.graph };
}

const inputsOf = (graph: NetworkGraph, id: string) => graph.edges.filter((e) => e.target === id).map((e) => e.source);

describe('Keras 3 Sequential (the course’s Fashion-MNIST CNN)', () => {
  it('imports every layer with the course’s shapes and 1,413,834 parameters', () => {
    const result = imported(keras3Fashion);
    expect(result.source).toBe('keras');
    expect(result.name).toBe('fashion_mnist_cnn');
    expect(result.warnings).toEqual([]);
    const a = analyzeGraph(result.graph);
    expect(a.ok).toBe(true);
    expect(a.totals).toMatchObject({ params: 1_413_834, trainable: 1_413_834, nonTrainable: 0 });
    expect(rows(result.graph)).toEqual([
      ['input_layer', 'InputLayer', [28, 28, 1], 0],
      ['conv2d', 'Conv2D', [28, 28, 64], 3_200],
      ['max_pooling2d', 'MaxPooling2D', [14, 14, 64], 0],
      ['conv2d_1', 'Conv2D', [14, 14, 128], 73_856],
      ['conv2d_2', 'Conv2D', [14, 14, 128], 147_584],
      ['max_pooling2d_1', 'MaxPooling2D', [7, 7, 128], 0],
      ['conv2d_3', 'Conv2D', [7, 7, 256], 295_168],
      ['conv2d_4', 'Conv2D', [7, 7, 256], 590_080],
      ['max_pooling2d_2', 'MaxPooling2D', [3, 3, 256], 0],
      ['flatten', 'Flatten', [2304], 0],
      ['dense', 'Dense', [128], 295_040],
      ['dropout', 'Dropout', [128], 0],
      ['dense_1', 'Dense', [64], 8_256],
      ['dropout_1', 'Dropout', [64], 0],
      ['dense_2', 'Dense', [10], 650],
    ]);
    // Same numbers as the built-in template.
    expect(rows(result.graph)).toEqual(rows(templates.fashionMnistCnn()));
  });

  it('reads the layer params, not just the shapes', () => {
    const { graph } = imported(keras3Fashion);
    const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(node('input_layer').params).toEqual({ shape: [28, 28, 1] });
    expect(node('conv2d').params).toMatchObject({ filters: 64, kernel_size: [7, 7], strides: [1, 1], padding: 'same', activation: 'relu', use_bias: true });
    expect(node('dense_2').params).toMatchObject({ units: 10, activation: 'softmax' });
    expect(node('dropout').params).toEqual({ rate: 0.5 });
  });

  it('lays the chain out top-down, ids = layer names, and the graph is a valid project graph', () => {
    const { graph } = imported(keras3Fashion);
    expect(graph.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.name));
    expect(graph.nodes.map((n) => n.position)).toEqual(graph.nodes.map((_, i) => ({ x: 0, y: i * 110 })));
    expect(graph.edges[0]).toEqual({ id: 'e_input_layer_conv2d', source: 'input_layer', target: 'conv2d' });
    expect(networkGraphSchema.safeParse(graph).success).toBe(true);
  });

  it('creates the Input from build_input_shape when the Sequential has no InputLayer', () => {
    const json = clone(keras3Fashion);
    json.config.layers.shift();
    const result = imported(json);
    expect(result.graph.nodes[0]).toMatchObject({ id: 'input_layer', type: 'InputLayer', params: { shape: [28, 28, 1] } });
    expect(analyzeGraph(result.graph).totals.params).toBe(1_413_834);
  });

  it('a Sequential with no input shape anywhere imports without an Input and says so', () => {
    const json = clone(keras3Fashion) as { config: { layers: unknown[]; build_input_shape?: unknown } };
    json.config.layers.shift();
    delete json.config.build_input_shape;
    for (const layer of json.config.layers as { build_config?: unknown }[]) delete layer.build_config;
    const result = imported(json);
    expect(result.graph.nodes.some((n) => n.type === 'InputLayer')).toBe(false);
    expect(result.warnings).toEqual([expect.stringMatching(/no input shape .*"conv2d" has no batch_input_shape.*add an Input layer/)]);
    expect(analyzeGraph(result.graph).diagnostics.map((d) => d.code)).toContain('no-input');
  });

  it('reads Keras ≤ 2.2 Sequential configs (the bare list of layers)', () => {
    const json = { class_name: 'Sequential', config: clone(keras3Fashion).config.layers, keras_version: '2.2.4', backend: 'tensorflow' };
    expect(analyzeGraph(imported(json).graph).totals.params).toBe(1_413_834);
  });
});

describe('Functional models', () => {
  it('tf.keras 2 with a skip connection: edges in call order, BatchNormalization counts', () => {
    const result = imported(tfkeras2Skip);
    expect(result).toMatchObject({ source: 'keras', name: 'residual_block', warnings: [] });
    const { graph } = result;
    expect(inputsOf(graph, 'add')).toEqual(['batch_normalization', 'conv2d']);
    expect(inputsOf(graph, 'conv2d_1')).toEqual(['conv2d']);
    const a = analyzeGraph(graph);
    expect(a.ok).toBe(true);
    expect(rows(graph)).toEqual([
      ['input_1', 'InputLayer', [32, 32, 3], 0],
      ['conv2d', 'Conv2D', [32, 32, 16], 448],
      ['conv2d_1', 'Conv2D', [32, 32, 16], 2_304],
      ['batch_normalization', 'BatchNormalization', [32, 32, 16], 64],
      ['add', 'Add', [32, 32, 16], 0],
      ['activation', 'Activation', [32, 32, 16], 0],
      ['global_average_pooling2d', 'GlobalAveragePooling2D', [16], 0],
      ['dense', 'Dense', [10], 170],
    ]);
    expect(a.totals).toMatchObject({ params: 2_986, trainable: 2_954, nonTrainable: 32 });
  });

  it('Keras 3: __keras_tensor__ inputs, list args of merge layers, flat input_layers, activation objects', () => {
    const result = imported(keras3Branches);
    expect(result.warnings).toEqual([]);
    const { graph } = result;
    expect(inputsOf(graph, 'concatenate')).toEqual(['conv3x3', 'conv5x5']);
    expect(inputsOf(graph, 'add')).toEqual(['max_pooling2d', 'pointwise']);
    expect(graph.nodes.find((n) => n.id === 'pointwise')!.params.activation).toBe('relu');
    expect(rows(graph)).toEqual([
      ['image', 'InputLayer', [28, 28, 1], 0],
      ['conv3x3', 'Conv2D', [28, 28, 8], 80],
      ['conv5x5', 'Conv2D', [28, 28, 8], 208],
      ['concatenate', 'Concatenate', [28, 28, 16], 0],
      ['max_pooling2d', 'MaxPooling2D', [14, 14, 16], 0],
      ['pointwise', 'Conv2D', [14, 14, 16], 272],
      ['add', 'Add', [14, 14, 16], 0],
      ['flatten', 'Flatten', [3136], 0],
      ['logits', 'Dense', [10], 31_370],
    ]);
    expect(analyzeGraph(graph).totals.params).toBe(31_930);
  });

  it('lays branches side by side, one row per depth', () => {
    const { graph } = imported(keras3Branches);
    const at = (id: string) => graph.nodes.find((n) => n.id === id)!.position;
    expect(at('image')).toEqual({ x: 0, y: 0 });
    expect(at('conv3x3')).toEqual({ x: 0, y: 110 });
    expect(at('conv5x5')).toEqual({ x: 240, y: 110 });
    expect(at('concatenate')).toEqual({ x: 0, y: 220 });
    expect(at('pointwise')).toEqual({ x: 0, y: 440 });
    expect(at('add')).toEqual({ x: 0, y: 550 }); // one row below its deepest input
  });
});

describe('Keras 3: every layer type of the 1-D, 2-D and 3-D families (keras3-new-layers.json)', () => {
  it('imports with no warnings, each layer with the shape and parameter count worked out by hand', () => {
    const result = imported(keras3NewLayers);
    expect(result).toMatchObject({ source: 'keras', name: 'every_new_layer', warnings: [] });
    const a = analyzeGraph(result.graph);
    expect(a.ok).toBe(true);
    const got = Object.fromEntries(a.order.map((id) => [a.nodes[id]!.name, [a.nodes[id]!.type, a.nodes[id]!.shape, a.nodes[id]!.params.total]]));
    expect(got).toEqual(NEW_LAYERS_EXPECTED);
    expect(a.totals.params).toBe(2_135);
  });

  it('reads the Keras 3 spellings: (start, end) and nested pairs, axis lists, a symmetric factor pair', () => {
    const { graph } = imported(keras3NewLayers);
    const params = (id: string) => graph.nodes.find((n) => n.id === id)!.params;
    expect(params('zero_padding1d')).toEqual({ padding: [[1, 2]] });
    expect(params('zero_padding3d')).toEqual({ padding: [1, 0, 2] }); // both sides alike on each axis
    expect(params('cropping2d')).toEqual({
      cropping: [
        [0, 1],
        [2, 3],
      ],
    });
    expect(params('layer_normalization')).toMatchObject({ axis: [-1], center: true, scale: true });
    expect(params('random_brightness')).toEqual({ factor: 0.2, value_min: 0, value_max: 1 });
    expect(params('conv1d')).toMatchObject({ groups: 3, padding: 'same', activation: 'relu' });
    expect(params('p_re_lu')).toEqual({ shared_axes: [1, 2] });
  });

  it('round trip through the tf.keras 2 JSON the app exports: same shapes and counts on every layer', () => {
    const { before, after } = roundTrip(imported(keras3NewLayers).graph);
    for (const id of before.order) expect(after.nodes[id], id).toMatchObject({ shape: before.nodes[id]!.shape, params: before.nodes[id]!.params });
  });
});

describe('data_format "channels_first" (keras3-channels-first.json, and tf.keras 2)', () => {
  /** [type, output shape, parameters], hand-computed with the channels first: (C, H, W). */
  const expected: Record<string, [string, number[], number]> = {
    chw: ['InputLayer', [3, 32, 32], 0],
    conv2d: ['Conv2D', [8, 32, 32], (3 * 3 * 3 + 1) * 8],
    batch_normalization: ['BatchNormalization', [8, 32, 32], 4 * 8],
    max_pooling2d: ['MaxPooling2D', [8, 16, 16], 0],
    zero_padding2d: ['ZeroPadding2D', [8, 17, 17], 0],
    cropping2d: ['Cropping2D', [8, 16, 16], 0],
    depthwise_conv2d: ['DepthwiseConv2D', [16, 14, 14], 3 * 3 * 8 * 2 + 16],
    separable_conv2d: ['SeparableConv2D', [8, 14, 14], 3 * 3 * 16 + 16 * 8 + 8],
    conv2d_transpose: ['Conv2DTranspose', [4, 28, 28], 2 * 2 * 4 * 8 + 4],
    up_sampling2d: ['UpSampling2D', [4, 56, 56], 0],
    spatial_dropout2d: ['SpatialDropout2D', [4, 56, 56], 0],
    average_pooling2d: ['AveragePooling2D', [4, 14, 14], 0],
    global_average_pooling2d: ['GlobalAveragePooling2D', [4], 0],
    dense: ['Dense', [10], 4 * 10 + 10],
    cdhw: ['InputLayer', [2, 8, 16, 16], 0],
    conv3d: ['Conv3D', [4, 6, 14, 14], (27 * 2 + 1) * 4],
    max_pooling3d: ['MaxPooling3D', [4, 3, 7, 7], 0],
    up_sampling3d: ['UpSampling3D', [4, 3, 14, 14], 0],
    global_max_pooling3d: ['GlobalMaxPooling3D', [4], 0],
    cl: ['InputLayer', [6, 50], 0],
    conv1d: ['Conv1D', [8, 46], (5 * 6 + 1) * 8],
    max_pooling1d: ['MaxPooling1D', [8, 23], 0],
    global_average_pooling1d: ['GlobalAveragePooling1D', [8], 0],
  };
  const table = (graph: NetworkGraph) => {
    const a = analyzeGraph(graph);
    expect(a.ok).toBe(true);
    return Object.fromEntries(a.order.map((id) => [a.nodes[id]!.name, [a.nodes[id]!.type, a.nodes[id]!.shape, a.nodes[id]!.params.total]]));
  };

  it('Keras 3: every layer with its channels-first shape and Keras’ count, and no warning', () => {
    const result = imported(keras3ChannelsFirst);
    expect(result.warnings).toEqual([]);
    expect(table(result.graph)).toEqual(expected);
    expect(analyzeGraph(result.graph).totals).toMatchObject({ params: 1_346, nonTrainable: 16 });
  });

  it('the node says which layout it uses, on its face and in its arithmetic', () => {
    const a = analyzeGraph(imported(keras3ChannelsFirst).graph);
    expect(a.nodes.conv2d!.shortForm).toBe('8@3×3 s1 same relu channels_first');
    expect(a.nodes.global_average_pooling2d!.shortForm).toBe('channels_first');
    expect(a.nodes.conv2d!.trace[0]).toEqual({
      label: 'layout',
      formula: 'channels_first: (C, …) computed as (…, C)',
      text: '(3, 32, 32) → (32, 32, 3) → (32, 32, 8) → (8, 32, 32)',
    });
  });

  it('round trip through tf.keras 2 JSON keeps data_format on every layer, and the same numbers', () => {
    const { graph } = imported(keras3ChannelsFirst);
    const exported = exportKerasModel(graph);
    if (!exported.ok) throw new Error(exported.error);
    const formats = exported.model.config.layers.filter((l) => l.class_name !== 'InputLayer' && 'data_format' in l.config).map((l) => l.config.data_format);
    expect(new Set(formats)).toEqual(new Set(['channels_first']));
    const back = imported(JSON.stringify(exported.model));
    expect(back.warnings).toEqual([]);
    expect(table(back.graph)).toEqual(expected);
  });

  it('tf.keras 2 spelling (batch_input_shape, a Sequential), explicit padding split off with the layout kept', () => {
    const result = imported({
      class_name: 'Sequential',
      config: {
        name: 'cf',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 1, 28, 28], dtype: 'float32', name: 'input_1' } },
          {
            class_name: 'Conv2D',
            config: { name: 'conv2d', filters: 6, kernel_size: [5, 5], strides: [1, 1], padding: 'valid', data_format: 'channels_first' },
          },
          { class_name: 'AveragePooling2D', config: { name: 'pool', pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_first' } },
          { class_name: 'Flatten', config: { name: 'flatten', data_format: 'channels_first' } },
          { class_name: 'Dense', config: { name: 'dense', units: 10 } },
        ],
      },
    });
    expect(result.warnings).toEqual([]);
    expect(rows(result.graph).map((r) => r.slice(2))).toEqual([
      [[1, 28, 28], 0],
      [[6, 24, 24], 156],
      [[6, 12, 12], 0],
      [[864], 0],
      [[10], 8_650],
    ]);
    // A channels-first conv with PyTorch padding exports as ZeroPadding2D + conv, both channels-first.
    const graph = sequentialGraph([3, 8, 8], [{ type: 'Conv2D', params: { filters: 2, kernel_size: [3, 3], padding: 1, data_format: 'channels_first' } }]);
    const exported = exportKerasModel(graph);
    expect(exported.ok && exported.model.config.layers.slice(1).map((l) => [l.class_name, l.config.data_format])).toEqual([
      ['ZeroPadding2D', 'channels_first'],
      ['Conv2D', 'channels_first'],
    ]);
    expect(analyzeGraph(graph).nodes.conv2d!.shape).toEqual([2, 8, 8]);
  });
});

describe('TensorFlow.js model.json', () => {
  it('tfjs model.save() of a Sequential: Input from the first layer, weights noted as not imported', () => {
    const result = imported(tfjsLenet);
    expect(result.source).toBe('tfjs');
    expect(result.warnings).toEqual([
      'Only the architecture was imported: to import the trained weights too, open the model file together with its weight file (lenet5.weights.bin).',
    ]);
    const { graph } = result;
    expect(graph.nodes[0]).toMatchObject({ id: 'input_layer', type: 'InputLayer', params: { shape: [32, 32, 1] } });
    expect(inputsOf(graph, 'conv2d_Conv2D1')).toEqual(['input_layer']);
    const a = analyzeGraph(graph);
    expect(a.ok).toBe(true);
    expect(a.totals.params).toBe(61_706); // LeNet-5
    expect(rows(graph).map((r) => r.slice(2))).toEqual(rows(templates.leNet5()).map((r) => r.slice(2)));
  });

  it('tensorflowjs_converter output: modelTopology.model_config', () => {
    const result = imported(tfjsConverted);
    expect(result).toMatchObject({ source: 'tfjs', name: 'mnist_homework' });
    expect(result.warnings).toEqual([expect.stringMatching(/^Only the architecture was imported: .* together with its weight file/)]);
    expect(rows(result.graph).map((r) => r.slice(2))).toEqual([
      [[28, 28, 1], 0],
      [[14, 14, 16], 160],
      [[7, 7, 32], 4_640],
      [[4, 4, 64], 18_496],
      [[1024], 0],
      [[10], 10_250],
    ]);
    expect(analyzeGraph(result.graph).totals.params).toBe(33_546);
  });

  it('a model.json without weights gives no warning', () => {
    const json = clone(tfjsLenet) as { weightsManifest?: unknown };
    delete json.weightsManifest;
    expect(imported(json).warnings).toEqual([]);
  });

  it('refuses a graph model with advice', () => {
    const error = failure({ format: 'graph-model', modelTopology: { node: [], library: {}, versions: {} }, weightsManifest: [] });
    expect(error).toMatch(/^model\.json: this is a TensorFlow\.js graph model .*--input_format keras/);
  });
});

describe('layers CNN Studio does not know', () => {
  it('become nodes of their own type with the Keras config; the analysis flags them', () => {
    const result = imported(keras3Unknown);
    expect(result.warnings).toEqual([
      'Layer "unit_normalization" is a UnitNormalization, which CNN Studio does not support; it is kept as a placeholder, so shapes after it are unknown.',
    ]);
    const node = result.graph.nodes.find((n) => n.id === 'unit_normalization')!;
    expect(node.type).toBe('UnitNormalization');
    expect(JSON.parse(node.params.keras_config as string)).toEqual(keras3Unknown.config.layers[2]!.config);
    const a = analyzeGraph(result.graph);
    expect(a.ok).toBe(false);
    expect(a.nodes.conv2d).toMatchObject({ shape: [30, 30, 16], status: 'ok' });
    expect(a.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.nodeId])).toEqual([['unsupported-layer', 'unit_normalization']]);
    expect(a.nodes.dense).toMatchObject({ status: 'blocked', blockedBy: 'unit_normalization' });
    expect(networkGraphSchema.safeParse(result.graph).success).toBe(true);
  });

  it('Lambda layers and custom classes in a Functional model too', () => {
    const json = clone(tfkeras2Skip) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    json.config.layers[5] = {
      ...json.config.layers[5]!,
      class_name: 'Lambda',
      config: { name: 'activation', function: ['4wEAAAAAAAAA', null, null], function_type: 'lambda', output_shape: null },
    };
    const result = imported(json);
    expect(result.graph.nodes.find((n) => n.id === 'activation')!.type).toBe('Lambda');
    expect(analyzeGraph(result.graph).diagnostics.find((d) => d.code === 'unsupported-layer')!.nodeId).toBe('activation');
  });
});

describe('what the file holds but the graph cannot: warnings', () => {
  const seq = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });
  const input = { class_name: 'InputLayer', config: { batch_input_shape: [null, 8, 8, 3], name: 'in' } };

  it('inputs with sizes that are not fixed become -1 (flagged by the analysis)', () => {
    const result = imported(
      seq([
        { class_name: 'InputLayer', config: { batch_shape: [null, null, null, 3], name: 'in' } },
        { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: [3, 3] } },
      ]),
    );
    expect(result.graph.nodes[0]!.params).toEqual({ shape: [-1, -1, 3] });
    expect(result.warnings).toEqual([expect.stringMatching(/^Input "in" has sizes that are not fixed \(None\) in \(None, None, 3\)/)]);
    expect(analyzeGraph(result.graph).diagnostics.map((d) => d.code)).toContain('invalid-param');
  });

  it('channels_first on a layer that has no data_format setting here, keepdims', () => {
    const result = imported(
      seq([
        input,
        { class_name: 'Resizing', config: { name: 'cf', height: 4, width: 4, data_format: 'channels_first' } },
        { class_name: 'GlobalAveragePooling2D', config: { name: 'gap', keepdims: true } },
      ]),
    );
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Layer "cf" uses data_format "channels_first"/),
      expect.stringMatching(/^Layer "gap" uses keepdims = true/),
    ]);
  });

  it('UpSampling2D: size as one number or a pair and the interpolation read, nothing to warn about', () => {
    const result = imported(
      seq([
        input,
        { class_name: 'UpSampling2D', config: { name: 'up', size: 3, data_format: 'channels_last', interpolation: 'nearest' } },
        { class_name: 'UpSampling2D', config: { name: 'up2', size: [1, 2], interpolation: 'bilinear' } },
      ]),
    );
    expect(result.warnings).toEqual([]);
    expect(result.graph.nodes.slice(1).map((n) => n.params)).toEqual([
      { size: 3, interpolation: 'nearest' },
      { size: [1, 2], interpolation: 'bilinear' },
    ]);
    const exported = exportKerasModel(result.graph);
    expect(exported.ok && (exported.model as { config: { layers: { config: Record<string, unknown> }[] } }).config.layers[1]!.config).toMatchObject({
      size: [3, 3],
      data_format: 'channels_last',
      interpolation: 'nearest',
    });
  });

  it('ZeroPadding2D and Cropping2D: an integer, one per axis or ((top, bottom), (left, right)), uneven sides kept', () => {
    const pairs = (a: number, b: number, c: number, d: number) => [
      [a, b],
      [c, d],
    ];
    const result = imported(
      seq([
        input,
        { class_name: 'ZeroPadding2D', config: { name: 'p_int', padding: 2 } },
        { class_name: 'ZeroPadding2D', config: { name: 'p_axes', padding: [1, 0] } },
        { class_name: 'ZeroPadding2D', config: { name: 'p_pairs', padding: pairs(0, 1, 2, 3), data_format: 'channels_last' } },
        { class_name: 'Cropping2D', config: { name: 'c_pairs', cropping: pairs(1, 0, 0, 4) } },
        { class_name: 'Cropping2D', config: { name: 'c_even', cropping: { class_name: '__tuple__', items: pairs(1, 1, 2, 2) } } },
      ]),
    );
    expect(result.warnings).toEqual([]);
    expect(result.graph.nodes.slice(1).map((n) => n.params)).toEqual([
      { padding: 2 },
      { padding: [1, 0] },
      { padding: pairs(0, 1, 2, 3) },
      { cropping: pairs(1, 0, 0, 4) },
      { cropping: [1, 2] },
    ]);
    expect(rows(result.graph).map((r) => r[2])).toEqual([
      [8, 8, 3],
      [12, 12, 3],
      [14, 12, 3],
      [15, 17, 3],
      [14, 13, 3],
      [12, 9, 3],
    ]);
    const exported = exportKerasModel(result.graph);
    const configs = exported.ok ? exported.model.config.layers.slice(1).map((l) => l.config.padding ?? l.config.cropping) : [];
    expect(configs).toEqual([pairs(2, 2, 2, 2), pairs(1, 1, 0, 0), pairs(0, 1, 2, 3), pairs(1, 0, 0, 4), pairs(1, 1, 2, 2)]);
  });

  it('grouped convolutions, PReLU shared axes and ELU: read, counted as Keras does, nothing to warn about', () => {
    const result = imported(
      seq([
        input,
        { class_name: 'Conv2D', config: { name: 'grouped', filters: 6, kernel_size: [3, 3], groups: 3, padding: 'same' } },
        { class_name: 'PReLU', config: { name: 'prelu', shared_axes: [1, 2], alpha_initializer: { class_name: 'Zeros', config: {} } } },
        { class_name: 'ELU', config: { name: 'elu', alpha: 0.5 } },
        { class_name: 'PReLU', config: { name: 'prelu_1', shared_axes: null } },
      ]),
    );
    expect(result.warnings).toEqual([]);
    expect(result.graph.nodes.slice(2).map((n) => n.params)).toEqual([{ shared_axes: [1, 2] }, { alpha: 0.5 }, {}]);
    expect(rows(result.graph).slice(1)).toEqual([
      ['grouped', 'Conv2D', [8, 8, 6], 3 * 3 * 1 * 6 + 6],
      ['prelu', 'PReLU', [8, 8, 6], 6],
      ['elu', 'ELU', [8, 8, 6], 0],
      ['prelu_1', 'PReLU', [8, 8, 6], 384],
    ]);
  });

  it('clashing or missing names get Keras-style names', () => {
    const result = imported(
      seq([
        input,
        { class_name: 'Dense', config: { name: 'dense', units: 2 } },
        { class_name: 'Dense', config: { name: 'dense', units: 3 } },
        { class_name: 'Dense', config: { units: 4 } },
      ]),
    );
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['in', 'dense', 'dense_1', 'dense_2']);
    expect(result.warnings).toEqual(['Two layers are named "dense"; the second one is renamed "dense_1".']);
  });

  it('values that are not plain numbers, text or lists fall back to the default', () => {
    const result = imported(seq([input, { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: { size: 3 } } }]));
    expect(result.warnings).toEqual(['Layer "c": kernel_size = {"size":3} cannot be read; the default is used.']);
    expect(result.graph.nodes[1]!.params).toEqual({ filters: 4 });
  });

  it('SavedModel-metadata tuples ({"class_name": "__tuple__", "items": […]})', () => {
    const result = imported(seq([input, { class_name: 'Conv2D', config: { name: 'c', filters: 4, kernel_size: { class_name: '__tuple__', items: [5, 5] } } }]));
    expect(result.graph.nodes[1]!.params.kernel_size).toEqual([5, 5]);
  });

  it('activations in every spelling', () => {
    expect(kerasActivationName('relu')).toBe('relu');
    expect(kerasActivationName({ module: 'keras.activations', class_name: 'function', config: 'softmax', registered_name: 'function' })).toBe('softmax');
    expect(kerasActivationName({ class_name: 'function', config: { name: 'tanh' } })).toBe('tanh');
    expect(kerasActivationName({ class_name: 'LeakyReLU', config: { alpha: 0.2 } })).toBe('leaky_relu');
    expect(kerasActivationName(null)).toBeUndefined();
  });

  it('tensors passed as keyword arguments are noted', () => {
    const json = clone(keras3Branches) as { config: { layers: { inbound_nodes: { args: unknown[]; kwargs: Record<string, unknown> }[] }[] } };
    const flatten = json.config.layers[7]!;
    flatten.inbound_nodes[0]!.kwargs = { mask: { class_name: '__keras_tensor__', config: { keras_history: ['image', 0, 0] } } };
    expect(imported(json).warnings).toEqual([expect.stringMatching(/^Layer "flatten" takes tensors as keyword arguments \("image"\)/)]);
  });
});

describe('CNN Studio projects', () => {
  it('delegates to the project parser', () => {
    const graph = templates.homeworkNet();
    expect(importModelJson(serializeProject(graph), 'hw.cnnstudio.json')).toEqual({
      ok: true,
      graph,
      source: 'project',
      warnings: [],
      extras: { runs: [], trained: null },
    });
  });

  it('passes the parser’s error through', () => {
    const error = failure(JSON.stringify({ format: 'cnn-studio-project', version: 1, graph: { nodes: 'x', edges: [] } }), 'hw.cnnstudio.json');
    expect(error).toMatch(/^hw\.cnnstudio\.json is damaged: graph\.nodes/);
  });
});

describe('broken files are refused with what and where', () => {
  const seq = (layers: unknown[]) => ({ class_name: 'Sequential', config: { name: 's', layers } });
  const fn = (layers: unknown[], extra: Record<string, unknown> = {}) => ({ class_name: 'Functional', config: { name: 'f', layers, ...extra } });
  const input = { class_name: 'InputLayer', name: 'in', config: { batch_input_shape: [null, 4], name: 'in' }, inbound_nodes: [] };
  const dense = (name: string, inbound: unknown) => ({ class_name: 'Dense', name, config: { name, units: 2 }, inbound_nodes: inbound });

  it('a dangling inbound reference', () => {
    expect(failure(brokenDangling)).toBe('model.json: layer "dense_3" refers to unknown input "foo".');
  });

  it('not JSON, or a truncated file', () => {
    expect(failure('PK\u0003\u0004garbage', 'model.keras')).toMatch(/^model\.keras is not valid JSON \(/);
    expect(failure(text(tfjsLenet).slice(0, 700))).toMatch(/^model\.json is not valid JSON \(/);
  });

  it('JSON of another kind', () => {
    expect(failure('[1, 2]')).toMatch(/^model\.json: expected a JSON object .* got an array\.$/);
    expect(failure('42')).toMatch(/got 42\.$/);
    expect(failure({ name: 'cnn-studio', version: '0.1.0' }, 'package.json')).toBe(
      'package.json: not a CNN Studio project (no "format": "cnn-studio-project"), a Keras model JSON (no "class_name") or a TensorFlow.js model.json (no "modelTopology").',
    );
    expect(failure({ class_name: 'Dense', config: { units: 3 } })).toBe(
      'model.json: the model is a "Dense", not a model: expected "Sequential" or "Functional" (or "Model").',
    );
    expect(failure({ modelTopology: 'x' })).toBe('model.json: "modelTopology" must be an object holding the Keras model config.');
    expect(failure({ modelTopology: {} })).toMatch(/^model\.json: modelTopology has no "class_name"/);
  });

  it('missing fields', () => {
    expect(failure({ class_name: 'Sequential', config: { name: 's' } })).toBe('model.json: the Sequential model has no "config.layers" list.');
    expect(failure({ class_name: 'Functional', config: {} })).toBe('model.json: the Functional model has no "config.layers" list.');
    expect(failure(seq([input, { config: { name: 'd', units: 3 } }]))).toBe('model.json: layer "d" has no "class_name".');
    expect(failure(seq([input, 'Dense']))).toBe('model.json: layer #2 is not an object.');
    expect(failure(seq([{ class_name: 'InputLayer', config: { name: 'in', dtype: 'float32' } }]))).toMatch(/^model\.json: input layer "in" has no shape/);
    expect(failure(seq([input, { class_name: 'Dense', config: 'units=3' }]))).toBe('model.json: layer #2 has a "config" that is not an object.');
  });

  it('nested models', () => {
    const inner = { class_name: 'Sequential', name: 'backbone', config: { name: 'backbone', layers: [] }, inbound_nodes: [[['in', 0, 0, {}]]] };
    expect(failure(fn([input, inner]))).toMatch(
      /^model\.json: layer "backbone" is a nested Sequential model; CNN Studio cannot import a model inside a model yet\./,
    );
  });

  it('shared layers, loops, bad inbound entries and unknown model ends', () => {
    expect(failure(fn([input, dense('d', [[['in', 0, 0, {}]], [['in', 0, 0, {}]]])]))).toMatch(/layer "d" is called 2 times \(a shared layer\)/);
    expect(failure(fn([input, dense('a', [[['b', 0, 0, {}]]]), dense('b', [[['a', 0, 0, {}]]])]))).toBe(
      'model.json: layers "a", "b" feed each other in a loop, which a model cannot do.',
    );
    expect(failure(fn([input, dense('d', [[[1, 0, 0, {}]]])]))).toMatch(/layer "d" has an inbound entry that is not \["layer name"/);
    expect(failure(fn([input, dense('d', 'in')]))).toBe('model.json: layer "d" has "inbound_nodes" that is not a list.');
    expect(failure(fn([input, dense('d', [{ args: [{ class_name: '__keras_tensor__', config: {} }], kwargs: {} }])]))).toBe(
      'model.json: layer "d" has an input tensor without "keras_history".',
    );
    expect(failure(fn([input, dense('d', [[['in', 0, 0, {}]]])], { output_layers: [['e', 0, 0]] }))).toBe(
      'model.json: "output_layers" refers to unknown layer "e".',
    );
  });

  it('never throws, whatever a field is replaced with', () => {
    const fixtures = [keras3Fashion, keras3Branches, tfkeras2Skip, tfjsLenet, tfjsConverted, keras3Unknown, keras3NewLayers, keras3ChannelsFirst];
    const garbage: unknown[] = [null, 'x', 7, -1, [], {}, [null], { class_name: '__keras_tensor__' }];
    let attempts = 0;
    for (const fixture of fixtures) {
      const paths: (string | number)[][] = [];
      const walk = (value: unknown, path: (string | number)[]) => {
        if (path.length > 0 && paths.length < 400) paths.push(path);
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      };
      walk(fixture, []);
      paths.forEach((path, p) => {
        const json = clone(fixture) as Record<string | number, unknown>;
        let parent = json;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        parent[path[path.length - 1]!] = garbage[p % garbage.length];
        const result = importModelJson(text(json), 'model.json');
        attempts++;
        if (result.ok) {
          expect(networkGraphSchema.safeParse(result.graph).success).toBe(true);
          expect(() => analyzeGraph(result.graph)).not.toThrow();
        } else {
          expect(result.error).toMatch(/^model\.json[: ]/);
          expect(result.error).not.toMatch(/could not be imported/); // every failure is a named one
        }
      });
    }
    expect(attempts).toBeGreaterThan(1000);
  });
});

describe('round trip: export to Keras JSON, import again', () => {
  for (const [name, build] of Object.entries(templates)) {
    it(`${name}: same shapes, params, MACs and outputs`, () => {
      const graph = (build as () => NetworkGraph)();
      const { before, after } = roundTrip(graph);
      // Every original layer is there with the same shape and count (explicit padding adds a ZeroPadding2D node).
      for (const id of before.order) {
        expect(after.nodes[id], id).toMatchObject({ shape: before.nodes[id]!.shape, params: before.nodes[id]!.params });
      }
    });
  }

  it('homework net: the explicit-padding conv comes back as ZeroPadding2D + a valid conv', () => {
    const { graph } = roundTrip(templates.homeworkNet());
    expect(graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual([
      'input_layer:InputLayer',
      'conv2d:Conv2D',
      'conv2d_1_pad:ZeroPadding2D',
      'conv2d_1:Conv2D',
      'max_pooling2d:MaxPooling2D',
      'global_average_pooling2d:GlobalAveragePooling2D',
    ]);
    expect(graph.nodes[2]!.params).toEqual({ padding: [1, 1] });
    expect(graph.nodes[3]!.params).toMatchObject({ padding: 'valid', strides: [2, 2] });
  });

  it('every registered layer type, with non-default params', () => {
    const image = (spec: string, params: Record<string, unknown> = {}) => {
      const b = new GraphBuilder();
      b.add(spec, params as never, [b.input([12, 12, 6])]);
      return b.graph;
    };
    const sequence = (spec: string, params: Record<string, unknown> = {}) => {
      const b = new GraphBuilder();
      b.add(spec, params as never, [b.input([12, 4])]);
      return b.graph;
    };
    const volume = (spec: string, params: Record<string, unknown> = {}) => {
      const b = new GraphBuilder();
      b.add(spec, params as never, [b.input([6, 8, 8, 3])]);
      return b.graph;
    };
    const graphs: NetworkGraph[] = [
      volume('Conv3D', { filters: 4, kernel_size: [3, 2, 3], strides: [1, 2, 2], padding: 'same', activation: 'relu' }),
      volume('Conv3D', { filters: 6, kernel_size: [3, 3, 3], groups: 3, padding: 1 }),
      volume('Conv3DTranspose', { filters: 2, kernel_size: [3, 3, 3], strides: [2, 2, 2], padding: 'same', output_padding: [1, 0, 1] }),
      volume('Conv3DTranspose', { filters: 2, kernel_size: [4, 4, 4], strides: [2, 2, 2], padding: 1 }),
      volume('MaxPooling3D', { pool_size: [1, 2, 2] }),
      volume('AveragePooling3D', { pool_size: [2, 2, 2], strides: [1, 1, 1], padding: 'same' }),
      volume('GlobalAveragePooling3D'),
      volume('GlobalMaxPooling3D'),
      volume('ZeroPadding3D', {
        padding: [
          [0, 1],
          [1, 1],
          [2, 0],
        ],
      }),
      volume('ZeroPadding3D', { padding: [1, 2, 3] }),
      volume('Cropping3D', { cropping: [1, 0, 2] }),
      volume('UpSampling3D', { size: [1, 2, 3] }),
      sequence('Permute', { dims: [2, 1] }),
      volume('Permute', { dims: [3, 1, 4, 2] }),
      sequence('LayerNormalization', { axis: [1, -1], epsilon: 0.01, center: false }),
      image('LayerNormalization'),
      image('GroupNormalization', { groups: 3, epsilon: 0.0001 }),
      sequence('SpatialDropout1D', { rate: 0.3 }),
      image('SpatialDropout2D', { rate: 0.2 }),
      volume('SpatialDropout3D', { rate: 0.1 }),
      sequence('GaussianNoise', { stddev: 0.2 }),
      image('GaussianDropout', { rate: 0.3 }),
      image('ActivityRegularization', { l1: 0.01, l2: 0.001 }),
      image('RandomBrightness', { factor: 0.3, value_min: 0, value_max: 1 }),
      sequentialGraph(
        [5],
        [
          { type: 'RepeatVector', params: { n: 3 } },
          { type: 'Reshape', params: { target_shape: [-1] } },
        ],
      ),
      sequence('ZeroPadding1D', { padding: [[0, 2]] }),
      sequence('ZeroPadding1D', { padding: 3 }),
      sequence('Cropping1D', { cropping: [[1, 3]] }),
      sequence('UpSampling1D', { size: 3 }),
      sequence('MaxPooling1D', { pool_size: [3], strides: [2], padding: 'same' }),
      sequence('AveragePooling1D', { pool_size: [2], padding: 1 }),
      sequence('GlobalAveragePooling1D'),
      sequence('GlobalMaxPooling1D'),
      sequence('Conv1DTranspose', { filters: 3, kernel_size: [3], strides: [2], padding: 'same', output_padding: [1] }),
      sequence('Conv1DTranspose', { filters: 2, kernel_size: [4], strides: [2], padding: 1 }),
      sequence('SeparableConv1D', { filters: 5, kernel_size: [3], depth_multiplier: 2, padding: 'same', activation: 'relu' }),
      sequence('DepthwiseConv1D', { kernel_size: [5], depth_multiplier: 3, strides: [2], use_bias: false }),
      image('Conv2D', { filters: 5, kernel_size: [3, 2], strides: [2, 1], padding: 2, activation: 'tanh', use_bias: false }),
      image('Conv2D', { filters: 4, kernel_size: [3, 3], dilation_rate: [2, 2], padding: 'same' }),
      image('Conv2D', { filters: 4, kernel_size: [3, 3], groups: 2 }),
      sequence('Conv1D', { filters: 6, kernel_size: [3], groups: 2, padding: 'same' }),
      image('PReLU', { shared_axes: [1, 2] }),
      image('PReLU'),
      image('ELU', { alpha: 0.7 }),
      image('Conv2DTranspose', { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'same', output_padding: [1, 1] }),
      image('Conv2DTranspose', { filters: 3, kernel_size: [4, 4], strides: [2, 2], padding: 1 }),
      image('DepthwiseConv2D', { kernel_size: [3, 3], depth_multiplier: 2, padding: 1 }),
      image('SeparableConv2D', { filters: 7, kernel_size: [5, 5], depth_multiplier: 3, padding: 'same', activation: 'relu' }),
      image('MaxPooling2D', { pool_size: [3, 3], strides: [2, 2], padding: 1 }),
      image('AveragePooling2D', { pool_size: [2, 2], padding: 'same' }),
      image('GlobalMaxPooling2D'),
      image('GlobalAveragePooling2D'),
      image('DepthMaxPooling', { pool_size: 3 }),
      image('BatchNormalization', { center: false }),
      image('ZeroPadding2D', { padding: [2, 1] }),
      image('ZeroPadding2D', {
        padding: [
          [0, 1],
          [2, 3],
        ],
      }),
      image('Cropping2D', { cropping: [1, 2] }),
      image('Cropping2D', {
        cropping: [
          [1, 0],
          [0, 3],
        ],
      }),
      image('UpSampling2D', { size: [2, 3], interpolation: 'bilinear' }),
      image('Reshape', { target_shape: [36, -1] }),
      image('Dropout', { rate: 0.25 }),
      image('LeakyReLU', { alpha: 0.1 }),
      image('ReLU'),
      image('Softmax'),
      image('Activation', { activation: 'gelu' }),
      image('Rescaling', { scale: 0.5, offset: -1 }),
      image('Resizing', { height: 20, width: 10 }),
      image('CenterCrop', { height: 6, width: 8 }),
      image('RandomCrop', { height: 6, width: 8 }),
      image('RandomFlip', { mode: 'horizontal' }),
      image('RandomRotation', { factor: 0.2 }),
      image('RandomZoom', { height_factor: 0.3 }),
      image('RandomContrast', { factor: 0.4 }),
      image('RandomTranslation', { height_factor: 0.2, width_factor: 0.3 }),
      sequentialGraph(
        [10, 4],
        [
          { type: 'Conv1D', params: { filters: 3, kernel_size: [3], padding: 'causal', dilation_rate: [2] } },
          { type: 'Flatten' },
          { type: 'Dense', params: { units: 3, use_bias: false } },
        ],
      ),
    ];
    const merges = ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate'].map((type) => {
      const b = new GraphBuilder();
      const x = b.input([4, 4, 2]);
      b.add(type, type === 'Concatenate' ? { axis: 1 } : {}, [b.add('Conv2D', { filters: 2, kernel_size: [1, 1] }, [x]), x]);
      return b.graph;
    });
    const covered = new Set<string>();
    for (const graph of [...graphs, ...merges]) {
      const { after, graph: back } = roundTrip(graph);
      for (const node of graph.nodes) {
        covered.add(node.type);
        expect(after.nodes[node.id]!.shape, node.type).toEqual(analyzeGraph(graph).nodes[node.id]!.shape);
        // Where no padding layer was split off, every setting comes back as it was.
        if (back.nodes.length === graph.nodes.length) {
          const spec = getLayerSpec(node.type)!;
          const settings = (n: GraphNode) => {
            const params = resolveParams(spec.params, n).params;
            if (spec.family === 'pooling' && params.strides === null) params.strides = params.pool_size!; // null = the pool size
            return params;
          };
          expect(settings(back.nodes.find((n) => n.id === node.id)!), node.type).toEqual(settings(node));
        }
      }
    }
    expect(LAYER_SPECS.map((s) => s.type).filter((t) => !covered.has(t))).toEqual([]);
  });
});
