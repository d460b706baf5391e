import { describe, expect, it } from 'vitest';
import { GraphBuilder, sequentialGraph } from '../graph/build';
import type { GraphNode, NetworkGraph, ParamValue } from '../graph/graph';
import {
  alexNet,
  fashionMnistCnn,
  homeworkNet,
  inceptionBlock,
  leNet5,
  mnistHomeworkNet,
  sequenceCnn1d,
  smallResNet,
  sobelNet,
  uNet,
  vgg16,
  volumeCnn3d,
} from '../templates/course-networks';
import { analyzeGraph, createAnalyzer } from './analyze';

const rows = (graph: ReturnType<typeof homeworkNet>) => {
  const a = analyzeGraph(graph);
  return a.order.map((id) => [a.nodes[id]!.shape, a.nodes[id]!.params.total]);
};

describe("the course's numbers", () => {
  it('homework: 32×32×3 → same conv 8@3 s2 → conv 16@3 s2 p1 → maxpool 2 → GAP', () => {
    const a = analyzeGraph(homeworkNet());
    expect(a.ok).toBe(true);
    expect(rows(homeworkNet())).toEqual([
      [[32, 32, 3], 0],
      [[16, 16, 8], 224],
      [[8, 8, 16], 1168],
      [[4, 4, 16], 0],
      [[16], 0],
    ]);
    expect(a.totals).toMatchObject({ params: 1392, trainable: 1392, nonTrainable: 0 });
  });

  it('shows the arithmetic with the node’s own numbers', () => {
    const a = analyzeGraph(homeworkNet());
    const [, conv1, conv2] = a.order.map((id) => a.nodes[id]!);
    expect(conv1!.trace.map((t) => `${t.label}: ${t.text}`)).toEqual(
      expect.arrayContaining(['H: ⌈32/2⌉ = 16', 'pad H: total = max((16 − 1)·2 + 3 − 32, 0) = 1 → before 0, after 1', 'params: (3·3·3 + 1)·8 = 224']),
    );
    expect(conv2!.trace.map((t) => `${t.label}: ${t.text}`)).toEqual(
      expect.arrayContaining(['H: ⌊(16 + 2·1 − 3)/2⌋ + 1 = 8', 'params: (3·3·8 + 1)·16 = 1,168']),
    );
  });

  it('valid convolution trace, as the brief writes it', () => {
    const a = analyzeGraph(sequentialGraph([28, 28, 1], [{ type: 'Conv2D', params: { filters: 32, kernel_size: [3, 3] } }]));
    const conv = a.nodes.conv2d!;
    expect(conv.shape).toEqual([26, 26, 32]);
    expect(conv.trace.find((t) => t.label === 'H')!.text).toBe('⌊(28 + 2·0 − 3)/1⌋ + 1 = 26');
    expect(conv.trace.find((t) => t.label === 'params')!.text).toBe('(3·3·1 + 1)·32 = 320');
    expect(conv.macs).toBe(26 * 26 * 32 * 9);
    expect(conv.receptiveField).toMatchObject({ size: [3, 3], jump: [1, 1], start: [1, 1] });
  });

  it('Fashion-MNIST CNN totals 1,413,834', () => {
    const a = analyzeGraph(fashionMnistCnn());
    expect(a.ok).toBe(true);
    expect(a.totals.params).toBe(1_413_834);
    expect(a.nodes.flatten!.shape).toEqual([2304]);
  });

  it('VGG16 totals 138,357,544', () => {
    const a = analyzeGraph(vgg16());
    expect(a.totals.params).toBe(138_357_544);
    expect(a.nodes.flatten!.shape).toEqual([25088]);
  });

  it('LeNet-5 totals 61,706', () => expect(analyzeGraph(leNet5()).totals.params).toBe(61_706));
  it('AlexNet totals 62,378,344', () => expect(analyzeGraph(alexNet()).totals.params).toBe(62_378_344));
  it('MNIST homework: 28 → 14 → 7 → 4, flatten 1,024', () => {
    const a = analyzeGraph(mnistHomeworkNet());
    expect(a.nodes.flatten!.shape).toEqual([1024]);
    expect(a.totals.params).toBe(160 + 4640 + 18496 + 10250);
  });

  it('Sobel: valid 510 × 510, same 512 × 512, 9 weights', () => {
    expect(analyzeGraph(sobelNet('valid')).nodes.conv2d).toMatchObject({ shape: [510, 510, 1], params: { total: 9 } });
    expect(analyzeGraph(sobelNet('same')).nodes.conv2d).toMatchObject({ shape: [512, 512, 1] });
  });

  it('small ResNet and Inception block: skip connections and branches', () => {
    const res = analyzeGraph(smallResNet());
    expect(res.ok).toBe(true);
    expect(res.nodes.add!.shape).toEqual([32, 32, 16]);
    expect(res.nodes.add_1!.shape).toEqual([16, 16, 32]);
    expect(res.nodes.batch_normalization!.params).toEqual({ trainable: 32, nonTrainable: 32, total: 64 });
    const inc = analyzeGraph(inceptionBlock());
    expect(inc.nodes.concatenate!.shape).toEqual([28, 28, 256]);
    expect(inc.totals.params).toBe(163_696);
  });
});

describe('templates for sequences, volumes and segmentation (issue #16), counted by hand as Keras does', () => {
  it('1-D CNN: 128 × 3 → 6 classes, 23,558 parameters', () => {
    expect(rows(sequenceCnn1d())).toEqual([
      [[128, 3], 0],
      [[124, 32], (5 * 3 + 1) * 32],
      [[62, 32], 0],
      [[58, 64], (5 * 32 + 1) * 64],
      [[29, 64], 0],
      [[27, 64], (3 * 64 + 1) * 64],
      [[64], 0],
      [[64], 0],
      [[6], 64 * 6 + 6],
    ]);
    expect(analyzeGraph(sequenceCnn1d()).totals.params).toBe(23_558);
  });

  it('3-D CNN: 16 × 64 × 64 × 1 → 2 classes, 17,618 parameters', () => {
    expect(rows(volumeCnn3d())).toEqual([
      [[16, 64, 64, 1], 0],
      [[16, 64, 64, 8], (27 + 1) * 8],
      [[8, 32, 32, 8], 0],
      [[8, 32, 32, 16], (27 * 8 + 1) * 16],
      [[4, 16, 16, 16], 0],
      [[4, 16, 16, 32], (27 * 16 + 1) * 32],
      [[32], 0],
      [[2], 32 * 2 + 2],
    ]);
    expect(analyzeGraph(volumeCnn3d()).totals.params).toBe(17_618);
  });

  it('U-Net: valid convolutions, skips cropped 64 → 32 and 28 → 20 to meet the upsampled decoder, 116,770 parameters', () => {
    const a = analyzeGraph(uNet());
    expect(a.ok).toBe(true);
    const at = (name: string) => [a.nodes[name]!.shape, a.nodes[name]!.params.total];
    expect(at('conv2d_1')).toEqual([[64, 64, 16], (9 * 16 + 1) * 16]);
    expect(at('conv2d_3')).toEqual([[28, 28, 32], (9 * 32 + 1) * 32]);
    expect(at('conv2d_5')).toEqual([[10, 10, 64], (9 * 64 + 1) * 64]);
    expect(at('up_sampling2d')).toEqual([[20, 20, 64], 0]);
    expect(at('conv2d_6')).toEqual([[20, 20, 32], (4 * 64 + 1) * 32]);
    expect(at('cropping2d')).toEqual([[20, 20, 32], 0]);
    expect(at('concatenate')).toEqual([[20, 20, 64], 0]);
    expect(at('cropping2d_1')).toEqual([[32, 32, 16], 0]);
    expect(at('concatenate_1')).toEqual([[32, 32, 32], 0]);
    expect(at('conv2d_12')).toEqual([[28, 28, 2], (16 + 1) * 2]);
    expect(a.outputIds).toEqual(['conv2d_12']);
    expect(a.totals.params).toBe(116_770);
  });
});

describe('layer formulas', () => {
  /** Analyzes Input → one layer and returns that layer's result. */
  const one = (input: number[], type: string, params: Record<string, unknown>) => {
    const a = analyzeGraph(sequentialGraph(input, [{ type, params: params as never }]));
    return a.nodes[a.order.at(-1)!]!;
  };

  it('dilation: dk = (k − 1)·d + 1', () => {
    const n = one([28, 28, 1], 'Conv2D', { filters: 4, kernel_size: [3, 3], dilation_rate: [2, 2] });
    expect(n.shape).toEqual([24, 24, 4]);
    expect(n.trace.map((t) => t.text)).toContain('dk = (3 − 1)·2 + 1 = 5');
  });

  it('transposed convolution (Keras lengths, output_padding, PyTorch padding)', () => {
    expect(one([7, 7, 8], 'Conv2DTranspose', { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }).shape).toEqual([14, 14, 4]);
    expect(one([7, 7, 8], 'Conv2DTranspose', { filters: 4, kernel_size: [3, 3], strides: [2, 2] }).shape).toEqual([15, 15, 4]);
    expect(one([7, 7, 8], 'Conv2DTranspose', { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 'same', output_padding: [1, 1] }).shape).toEqual([
      14, 14, 4,
    ]);
    expect(one([7, 7, 8], 'Conv2DTranspose', { filters: 4, kernel_size: [4, 4], strides: [2, 2], padding: 1 }).shape).toEqual([14, 14, 4]);
    expect(one([7, 7, 8], 'Conv2DTranspose', { filters: 4, kernel_size: [3, 3] }).params.total).toBe(3 * 3 * 4 * 8 + 4);
  });

  it('depthwise and separable parameter counts', () => {
    expect(one([32, 32, 3], 'DepthwiseConv2D', { kernel_size: [3, 3], depth_multiplier: 2 })).toMatchObject({
      shape: [30, 30, 6],
      params: { total: 3 * 3 * 3 * 2 + 6 },
    });
    expect(one([32, 32, 3], 'SeparableConv2D', { filters: 16, kernel_size: [3, 3] })).toMatchObject({ shape: [30, 30, 16], params: { total: 27 + 48 + 16 } });
  });

  it('Conv1D causal keeps ⌈L/s⌉', () => {
    expect(one([100, 8], 'Conv1D', { filters: 16, kernel_size: [5], padding: 'causal', dilation_rate: [2] }).shape).toEqual([100, 16]);
    expect(one([100, 8], 'Conv1D', { filters: 16, kernel_size: [5] })).toMatchObject({ shape: [96, 16], params: { total: (5 * 8 + 1) * 16 } });
  });

  it('pooling strides default to the pool size; integer padding as PyTorch', () => {
    expect(one([7, 7, 3], 'MaxPooling2D', {}).shape).toEqual([3, 3, 3]);
    expect(one([7, 7, 3], 'MaxPooling2D', { padding: 'same' }).shape).toEqual([4, 4, 3]);
    expect(one([4, 4, 1], 'AveragePooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 1 }).shape).toEqual([4, 4, 1]);
  });

  it('Dense acts on the last axis of any rank', () => {
    expect(one([5, 5, 8], 'Dense', { units: 3 })).toMatchObject({ shape: [5, 5, 3], params: { total: 27 } });
  });

  it('BatchNormalization: 4·C, half trainable', () => {
    expect(one([8, 8, 64], 'BatchNormalization', {}).params).toEqual({ trainable: 128, nonTrainable: 128, total: 256 });
  });

  it('depth max pooling divides the channels', () => {
    expect(one([70, 120, 3], 'DepthMaxPooling', { pool_size: 3 }).shape).toEqual([70, 120, 1]);
  });

  it('Reshape infers -1', () => {
    expect(one([784], 'Reshape', { target_shape: [28, 28, -1] }).shape).toEqual([28, 28, 1]);
  });
});

describe('UpSampling2D', () => {
  it('repeats rows and columns: 14×14×8 → 28×28×8, no parameters, the arithmetic with the node’s numbers', () => {
    const a = analyzeGraph(sequentialGraph([14, 14, 8], [{ type: 'UpSampling2D' }]));
    const up = a.nodes.up_sampling2d!;
    expect(up).toMatchObject({ status: 'ok', shape: [28, 28, 8], params: { trainable: 0, nonTrainable: 0, total: 0 }, macs: 0, shortForm: '×2×2' });
    expect(up.trace).toEqual([
      { label: 'H', formula: 'H·sh', text: '14·2 = 28' },
      { label: 'W', formula: 'W·sw', text: '14·2 = 28' },
      { label: 'params', formula: 'none: upsampling has no weights', text: '0' },
      // Positions move twice as close on the input; nearest reads one input pixel per output.
      expect.objectContaining({ label: 'receptive field', text: '1×1 px, jump 0.5×0.5, start 0, 0' }),
    ]);
    expect(up.receptiveField).toEqual({ size: [1, 1], jump: [0.5, 0.5], start: [0, 0], global: false });
  });

  it('size is one number or (rows, columns); bilinear reads two neighbours per axis', () => {
    const a = analyzeGraph(
      sequentialGraph(
        [5, 7, 3],
        [
          { type: 'UpSampling2D', params: { size: 3 } },
          { type: 'UpSampling2D', params: { size: [1, 2], interpolation: 'bilinear' } },
        ],
      ),
    );
    expect(a.nodes.up_sampling2d!.shape).toEqual([15, 21, 3]);
    expect(a.nodes.up_sampling2d_1!).toMatchObject({ shape: [15, 42, 3], shortForm: '×1×2 bilinear' });
    expect(a.nodes.up_sampling2d_1!.trace.map((t) => t.text).slice(0, 3)).toEqual(['15·1 = 15', '21·2 = 42', '0']);
    expect(a.nodes.up_sampling2d_1!.receptiveField!.size).toEqual([1, 1 + 1 / 3]);
  });

  it('needs an image', () => {
    const a = analyzeGraph(sequentialGraph([10, 4], [{ type: 'UpSampling2D' }]));
    expect(a.nodes.up_sampling2d!.diagnostics.map((d) => d.code)).toEqual(['rank-mismatch']);
  });
});

describe('Keras default names', () => {
  it('matches Keras', async () => {
    const { kerasDefaultName } = await import('../graph/build');
    expect(
      [
        'Conv2D',
        'MaxPooling2D',
        'GlobalAveragePooling2D',
        'Conv2DTranspose',
        'DepthwiseConv2D',
        'BatchNormalization',
        'Dense',
        'ZeroPadding2D',
        'ReLU',
        'LeakyReLU',
      ].map(kerasDefaultName),
    ).toEqual([
      'conv2d',
      'max_pooling2d',
      'global_average_pooling2d',
      'conv2d_transpose',
      'depthwise_conv2d',
      'batch_normalization',
      'dense',
      'zero_padding2d',
      're_lu',
      'leaky_re_lu',
    ]);
  });
});

describe('regressions found by the property tests (engine.property.test.ts)', () => {
  const merge = (type: string, shapes: number[][]) => {
    const b = new GraphBuilder();
    const inputs = shapes.map((s) => b.input(s));
    const id = b.add(type, {}, inputs);
    return analyzeGraph(b.graph).nodes[id]!;
  };

  it('element-wise merges broadcast sizes of 1 and missing leading axes, as Keras does', () => {
    expect(
      merge('Add', [
        [4, 4, 1],
        [4, 4, 8],
      ]),
    ).toMatchObject({ status: 'ok', shape: [4, 4, 8], diagnostics: [expect.objectContaining({ code: 'merge-broadcast', severity: 'warning' })] });
    expect(
      merge('Multiply', [
        [4, 1, 8],
        [1, 4, 8],
      ]),
    ).toMatchObject({ status: 'ok', shape: [4, 4, 8] });
    expect(merge('Add', [[4, 4, 8], [8]])).toMatchObject({ status: 'ok', shape: [4, 4, 8] });
    expect(merge('Average', [[4, 4, 8], [4, 8], [1]])).toMatchObject({ status: 'ok', shape: [4, 4, 8] });
    expect(
      merge('Add', [
        [4, 4, 8],
        [4, 4, 8],
      ]),
    ).toMatchObject({ status: 'ok', shape: [4, 4, 8], diagnostics: [] });
    // Still errors: sizes that differ with neither being 1.
    expect(
      merge('Add', [
        [4, 4, 8],
        [4, 4, 16],
      ]).diagnostics[0],
    ).toMatchObject({ code: 'merge-shape-mismatch' });
    expect(
      merge('Add', [
        [4, 4, 8],
        [4, 2],
      ]).diagnostics[0],
    ).toMatchObject({ code: 'merge-shape-mismatch' });
  });

  it('the memoizing analyzer: a global receptive field comes from the node’s own input, not from whichever Input is first', () => {
    // Two inputs of different sizes, each with its own Flatten; reversing the node list changes which
    // Input the analyzer meets first, but must not change any result (the cached ones included).
    const b = new GraphBuilder();
    const big = b.input([8, 8, 1]);
    const small = b.input([2, 2, 1]);
    b.add('Flatten', {}, [b.add('Conv2D', { filters: 1, kernel_size: [1, 1] }, [big])]);
    b.add('Flatten', {}, [b.add('Conv2D', { filters: 1, kernel_size: [1, 1] }, [small])]);
    const analyze = createAnalyzer();
    const first = analyze(b.graph);
    expect(first.nodes.flatten!.receptiveField).toMatchObject({ size: [8, 8], global: true });
    expect(first.nodes.flatten_1!.receptiveField).toMatchObject({ size: [2, 2], global: true });
    const reversed = { nodes: [...b.graph.nodes].reverse(), edges: b.graph.edges };
    expect(analyze(reversed)).toEqual(analyzeGraph(reversed));
    expect(analyze(reversed).nodes.flatten_1!.receptiveField).toMatchObject({ size: [2, 2] });
  });

  /** A new graph with one node replaced (as every edit makes one: nodes are never mutated). */
  const withNode = (g: NetworkGraph, id: string, change: (n: GraphNode) => GraphNode): NetworkGraph => ({
    ...g,
    nodes: g.nodes.map((n) => (n.id === id ? change(n) : n)),
  });
  const setParam = (g: NetworkGraph, id: string, key: string, value: ParamValue) => withNode(g, id, (n) => ({ ...n, params: { ...n.params, [key]: value } }));

  it('a warm analyzer follows parameter edits, renames, rewiring and broken wiring exactly as a cold one', () => {
    const analyze = createAnalyzer();
    let g = homeworkNet();
    const conv = g.nodes[1]!.id;
    const steps: ((x: NetworkGraph) => NetworkGraph)[] = [
      (x) => setParam(x, x.nodes[0]!.id, 'shape', [33, 33, 3]),
      (x) => setParam(x, conv, 'filters', 0),
      (x) => setParam(x, conv, 'filters', 4),
      (x) => withNode(x, conv, (n) => ({ ...n, name: 'first_conv' })),
      (x) => withNode(x, conv, (n) => ({ ...n, name: x.nodes[2]!.name })),
      (x) => ({ ...x, edges: [...x.edges, { id: 'self', source: conv, target: conv }, { id: 'gone', source: 'nowhere', target: conv }] }),
      (x) => ({ ...x, edges: x.edges.filter((e) => e.target !== x.nodes[2]!.id) }),
      (x) => ({ ...x, nodes: [...x.nodes, { ...x.nodes[3]!, name: 'twin' }] }),
    ];
    for (const step of steps) {
      g = step(g);
      expect(analyze(g)).toEqual(analyzeGraph(g));
    }
  });

  it('a parameter edit recomputes the edited layer and what follows it, and keeps the results before it', () => {
    const analyze = createAnalyzer();
    const g = homeworkNet();
    const first = analyze(g);
    const [input, conv, conv2] = g.nodes.map((n) => n.id);
    const next = analyze(setParam(g, conv2!, 'filters', 32));
    expect(next.nodes[input!]).toBe(first.nodes[input!]);
    expect(next.nodes[conv!]).toBe(first.nodes[conv!]);
    expect(next.nodes[conv2!]).not.toBe(first.nodes[conv2!]);
    expect(next.nodes[conv2!]!.shape).toEqual([8, 8, 32]);
  });

  it('a node whose id is `__proto__` is still in the results', () => {
    const a = analyzeGraph({
      nodes: [
        { id: '__proto__', type: 'InputLayer', name: 'in', params: { shape: [4] } },
        { id: 'd', type: 'Dense', name: 'd', params: { units: 3 } },
      ],
      edges: [{ id: 'e', source: '__proto__', target: 'd' }],
    });
    expect(Object.keys(a.nodes).sort()).toEqual(['__proto__', 'd']);
    expect(a.nodes['__proto__']).toMatchObject({ status: 'ok', shape: [4] });
  });
});
