// Every problem the engine reports: pinned to the right node (or edge), with a plain message and a fix,
// and the layers downstream waiting on it instead of showing junk.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, sequentialGraph, type LayerDef } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';
import { analyzeGraph } from './analyze';
import { fieldProblemText } from './params';
import { getLayerSpec } from './registry';

const chain = (input: number[], layers: LayerDef[]) => analyzeGraph(sequentialGraph(input, layers));
const errorsOf = (graph: NetworkGraph) => analyzeGraph(graph).diagnostics.filter((d) => d.severity === 'error');

describe('diagnostics', () => {
  it('window larger than its input, after poolings, with the remedies', () => {
    const a = chain(
      [12, 12, 1],
      [
        { type: 'MaxPooling2D' },
        { type: 'MaxPooling2D' },
        { type: 'Conv2D', params: { filters: 4, kernel_size: [5, 5] } },
        { type: 'Flatten' },
        { type: 'Dense', params: { units: 10 } },
      ],
    );
    const conv = a.nodes.conv2d!;
    expect(conv.status).toBe('error');
    expect(conv.diagnostics).toEqual([
      expect.objectContaining({
        code: 'window-too-large',
        nodeId: 'conv2d',
        param: 'kernel_size',
        message: 'The kernel 5×5 is larger than the 3×3 input it receives after two pooling layers, so the output would have size -1×-1.',
        fix: "Use padding 'same', a smaller kernel or remove a pooling layer.",
      }),
    ]);
    expect(a.nodes.flatten).toMatchObject({ status: 'blocked', blockedBy: 'conv2d' });
    expect(a.nodes.flatten!.shape).toBeUndefined();
    expect(a.nodes.dense).toMatchObject({ status: 'blocked', blockedBy: 'conv2d' });
    expect(a.ok).toBe(false);
  });

  it('a pooling window too large for its input', () => {
    const a = chain([1, 1, 3], [{ type: 'MaxPooling2D' }]);
    expect(a.nodes.max_pooling2d!.diagnostics[0]).toMatchObject({
      code: 'window-too-large',
      param: 'pool_size',
      message: expect.stringContaining('pool window 2×2 is larger than the 1×1 input'),
    });
  });

  it('Conv2D after Flatten: rank mismatch pinned to the edge, with advice to move it', () => {
    const a = chain([28, 28, 1], [{ type: 'Flatten' }, { type: 'Conv2D', params: { filters: 8 } }]);
    expect(a.nodes.conv2d!.diagnostics).toEqual([
      expect.objectContaining({
        code: 'rank-mismatch',
        edgeId: 'e_flatten_conv2d',
        message: 'Conv2D expects an H × W × C image (rank 3), but "flatten" gives (784), rank 1.',
        fix: 'Move Conv2D before the Flatten, or remove the Flatten.',
      }),
    ]);
  });

  it('Add of different shapes and Concatenate mismatches', () => {
    const b = new GraphBuilder();
    const input = b.input([16, 16, 3]);
    const left = b.add('Conv2D', { filters: 8, kernel_size: [3, 3] }, [input]);
    const right = b.add('Conv2D', { filters: 8, kernel_size: [3, 3], padding: 'same' }, [input]);
    b.add('Add', {}, [left, right]);
    b.add('Concatenate', {}, [left, right]);
    const a = analyzeGraph(b.graph);
    expect(a.nodes.add!.diagnostics[0]).toMatchObject({
      code: 'merge-shape-mismatch',
      message: 'Add needs inputs of the same shape, but got (14, 14, 8) and (16, 16, 8).',
    });
    expect(a.nodes.concatenate!.diagnostics[0]).toMatchObject({
      code: 'concat-mismatch',
      message: 'Concatenate along axis -1 needs all other sizes equal, got (14, 14, 8), (16, 16, 8).',
    });
  });

  it('cycles, with every node on the loop marked', () => {
    const graph = sequentialGraph(
      [8],
      [
        { type: 'Dense', params: { units: 4 } },
        { type: 'Dense', params: { units: 4 } },
      ],
    );
    graph.edges.push({ id: 'back', source: 'dense_1', target: 'dense' });
    const a = analyzeGraph(graph);
    expect(a.nodes.dense!.diagnostics[0]!.code).toBe('cycle');
    expect(a.nodes.dense_1!.diagnostics[0]!.code).toBe('cycle');
    expect(a.order).toHaveLength(3);
  });

  it('disconnected layers and a missing Input', () => {
    const graph = sequentialGraph([8], [{ type: 'Dense', params: { units: 4 } }]);
    graph.nodes.push({ id: 'lonely', type: 'Dense', name: 'lonely', params: { units: 2 } });
    const a = analyzeGraph(graph);
    expect(a.nodes.lonely!.diagnostics[0]).toMatchObject({ code: 'missing-input', message: '"lonely" has no input connected.' });
    const noInput = analyzeGraph({ nodes: [{ id: 'd', type: 'Dense', name: 'd', params: {} }], edges: [] });
    expect(noInput.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['no-input', 'missing-input']));
  });

  it('several inputs into a single-input layer', () => {
    const b = new GraphBuilder();
    const input = b.input([8]);
    const one = b.add('Dense', { units: 4 }, [input]);
    const two = b.add('Dense', { units: 4 }, [input]);
    b.add('Dense', { units: 2 }, [one, two]);
    expect(errorsOf(b.graph)[0]).toMatchObject({
      code: 'too-many-inputs',
      nodeId: 'dense_2',
      message: 'Dense takes one input, but 2 are connected (dense, dense_1).',
      fix: 'Join the branches first with an Add or Concatenate layer, or remove the extra connection.',
    });
  });

  it.each([
    ['stride 0', { type: 'Conv2D', params: { filters: 4, strides: [0, 0] } }, 'Strides must be at least 1, got 0.'],
    ['dropout 1.5', { type: 'Dropout', params: { rate: 1.5 } }, 'Rate must be less than 1, got 1.5.'],
    ['negative padding', { type: 'Conv2D', params: { filters: 4, padding: -1 } }, 'Padding cannot be negative (got -1).'],
    ['non-integer filters', { type: 'Conv2D', params: { filters: 2.5 } }, 'Filters must be a whole number, got 2.5.'],
    ['unknown padding mode', { type: 'MaxPooling2D', params: { padding: 'full' } }, 'Padding must be valid, same or a number of pixels; got "full".'],
    ['unknown activation', { type: 'Dense', params: { units: 3, activation: 'relu7' } }, 'Activation must be one of'],
    ['three kernel sizes', { type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3, 3] } }, 'Kernel size must be an integer or 2 integers, got 3, 3, 3.'],
  ])('invalid values: %s', (_name, layer, message) => {
    const a = chain([16, 16, 3], [layer as LayerDef]);
    const node = a.nodes[a.order[1]!]!;
    expect(node.status).toBe('error');
    expect(node.diagnostics[0]).toMatchObject({ code: 'invalid-param', message: expect.stringContaining(message), fix: expect.any(String) });
    // The label once, never the key beside it.
    expect(node.diagnostics[0]!.message).not.toMatch(/\([a-z_]+\)/);
  });

  it('a tuple in a fix is written as the field writes it', () => {
    const a = chain([16, 16, 3], [{ type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3, 3] } }]);
    expect(a.nodes.conv2d!.diagnostics[0]).toMatchObject({ fix: 'Enter an integer or 2 integers, e.g. “3, 3”.' });
  });

  it('the message under a field leaves out the label written above it', () => {
    const strides = getLayerSpec('Conv2D')!.params.find((p) => p.key === 'strides')!;
    expect(fieldProblemText(strides, [0, 0])).toBe('Must be at least 1, got 0. Use a value of 1 or more.');
    expect(fieldProblemText(strides, [1, 1])).toBeNull();
  });

  it('strides > 1 with dilation > 1, as Keras refuses', () => {
    const a = chain([32, 32, 3], [{ type: 'Conv2D', params: { filters: 4, strides: [2, 2], dilation_rate: [2, 2] } }]);
    expect(a.nodes.conv2d!.diagnostics[0]).toMatchObject({ code: 'strides-with-dilation', param: 'strides' });
  });

  it('Reshape with the wrong number of values', () => {
    const a = chain([784], [{ type: 'Reshape', params: { target_shape: [28, 27, 1] } }]);
    expect(a.nodes.reshape!.diagnostics[0]).toMatchObject({ code: 'reshape-size', message: 'Cannot reshape 784 values (784) into (28, 27, 1) = 756 values.' });
  });

  it('an unknown (imported) layer type is a visible error, not a crash', () => {
    const a = chain(
      [8],
      [
        { type: 'LSTM', params: {} },
        { type: 'Dense', params: { units: 1 } },
      ],
    );
    expect(a.nodes.lstm).toMatchObject({ status: 'error', family: 'unsupported', diagnostics: [expect.objectContaining({ code: 'unsupported-layer' })] });
    expect(a.nodes.dense).toMatchObject({ status: 'blocked', blockedBy: 'lstm' });
  });

  it('an Input with incoming connections', () => {
    const graph = sequentialGraph([8], [{ type: 'Dense', params: { units: 8 } }]);
    graph.nodes.push({ id: 'in2', type: 'InputLayer', name: 'in2', params: { shape: [8] } });
    graph.edges.push({ id: 'x', source: 'dense', target: 'in2' });
    expect(analyzeGraph(graph).nodes.in2!.diagnostics[0]!.code).toBe('too-many-inputs');
  });
});

describe('memoized analysis', () => {
  it('recomputes only the edited node and what depends on it', async () => {
    const { createAnalyzer } = await import('./analyze');
    const analyze = createAnalyzer();
    const graph = sequentialGraph([28, 28, 1], [{ type: 'Conv2D', params: { filters: 8 } }, { type: 'Conv2D', params: { filters: 8 } }, { type: 'Flatten' }]);
    const first = analyze(graph);
    const edited = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'conv2d_1' ? { ...n, params: { ...n.params, filters: 16 } } : n)) };
    const second = analyze(edited);
    expect(second.nodes.conv2d).toBe(first.nodes.conv2d);
    expect(second.nodes.conv2d_1).not.toBe(first.nodes.conv2d_1);
    expect(second.nodes.flatten!.shape).toEqual([24 * 24 * 16]);
    expect(second).toEqual(analyzeGraph(edited));
  });
});

describe('layer names', () => {
  it('flags a duplicate name on the later layer and keeps its shape', () => {
    const graph = sequentialGraph(
      [8],
      [
        { type: 'Dense', params: { units: 4 } },
        { type: 'Dense', params: { units: 2 } },
      ],
    );
    graph.nodes[2]!.name = 'dense';
    const a = analyzeGraph(graph);
    expect(a.nodes.dense_1!.diagnostics).toEqual([
      expect.objectContaining({ code: 'duplicate-name', message: 'Another layer is already called "dense"; Keras needs every layer name to be unique.' }),
    ]);
    expect(a.nodes.dense_1!.shape).toEqual([2]);
    expect(a.ok).toBe(false);
  });

  it('export renames helper layers that would clash with a user layer name', async () => {
    const { exportKerasModel } = await import('../interop/keras-export');
    const graph = sequentialGraph(
      [8, 8, 1],
      [
        { type: 'Conv2D', params: { filters: 2, padding: 1 }, name: 'c' },
        { type: 'Flatten', name: 'c_pad' },
      ],
    );
    const result = exportKerasModel(graph);
    expect(result.ok && result.model.config.layers.map((l) => l.name)).toEqual(['input_layer', 'c_pad_1', 'c', 'c_pad']);
    expect(result.ok && result.model.config.layers[2]!.inbound_nodes).toEqual([[['c_pad_1', 0, 0, {}]]]);
  });
});
