import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { analyzeGraph } from '../engine/analyze';
import { addKernelConv, addLayerChain, insertFromPalette } from './compound';
import { commit, createHistory, undo } from './history';

const base = () => sequentialGraph([28, 28, 1], [{ type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }, { type: 'Flatten' }]);

describe('insertFromPalette', () => {
  it('goes into the one selected connection', () => {
    const g = base();
    const edge = g.edges.find((e) => e.target === 'flatten')!;
    const { graph, id } = insertFromPalette(g, 'BatchNormalization', { nodeIds: [], edgeIds: [edge.id] });
    expect(graph.edges.map((e) => [e.source, e.target])).toContainEqual(['conv2d', id]);
    expect(graph.edges.map((e) => [e.source, e.target])).toContainEqual([id, 'flatten']);
  });
  it('else after the last selected layer, else alone below everything', () => {
    const after = insertFromPalette(base(), 'Dense', { nodeIds: ['flatten'], edgeIds: [] });
    expect(after.graph.edges.at(-1)).toMatchObject({ source: 'flatten', target: after.id });
    const alone = insertFromPalette(base(), 'Dense', { nodeIds: [], edgeIds: [] });
    expect(alone.graph.edges).toHaveLength(base().edges.length);
    const lowest = Math.max(...base().nodes.map((n) => n.position?.y ?? 0));
    expect(alone.graph.nodes.at(-1)!.position!.y).toBe(lowest + 120);
  });
});

describe('addKernelConv', () => {
  const sobel = {
    kernels: [
      [
        [-1, 0, 1],
        [-2, 0, 2],
        [-1, 0, 1],
      ],
    ],
    inChannels: 1,
    padding: 'same' as const,
    stride: 1,
    dilation: 1,
    imageShape: [28, 28] as [number, number],
  };
  it('is a fixed-kernel Conv2D after the deepest image layer, in one edit', () => {
    const g = base();
    const { graph, id } = addKernelConv(g, sobel, null);
    expect(graph.edges.at(-1)).toMatchObject({ source: 'conv2d', target: id });
    expect(graph.nodes.find((n) => n.id === id)!.params).toMatchObject({
      filters: 1,
      kernel_size: [3, 3],
      padding: 'same',
      use_bias: false,
      activation: 'linear',
    });
    expect(analyzeGraph(graph).nodes[id]!.shape).toEqual([26, 26, 1]);
    const history = commit(createHistory(g), graph, null);
    expect(undo(history).present).toBe(g);
  });
  it('on a new Input of the lab image when the network has no image layer', () => {
    const { graph, id } = addKernelConv({ nodes: [], edges: [] }, sobel, null);
    expect(graph.nodes.map((n) => n.type)).toEqual(['InputLayer', 'Conv2D']);
    expect(analyzeGraph(graph).nodes[id]!.shape).toEqual([28, 28, 1]);
  });
});

describe('addLayerChain', () => {
  it('chains the layers with their parameters after one layer, as one edit', () => {
    const g = base();
    const { graph, ids } = addLayerChain(g, 'input_layer', [
      { type: 'RandomFlip', params: { mode: 'horizontal' } },
      { type: 'RandomRotation', params: { factor: 0.05 } },
    ]);
    expect(ids).toHaveLength(2);
    expect(graph.edges).toContainEqual(expect.objectContaining({ source: 'input_layer', target: ids[0] }));
    expect(graph.edges).toContainEqual(expect.objectContaining({ source: ids[0], target: ids[1] }));
    expect(graph.nodes.find((n) => n.id === ids[1])!.params.factor).toBe(0.05);
    expect(undo(commit(createHistory(g), graph, null)).present).toBe(g);
  });
});
