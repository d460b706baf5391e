import { describe, expect, it } from 'vitest';
import { sequentialGraph } from '../graph/build';
import { dropLayer } from './drop';

// input_layer at (0, 0) → conv2d at (0, 120) (sequentialGraph's top-down layout).
const graph = () => sequentialGraph([28, 28, 1], [{ type: 'Conv2D' }]);
const edgesOf = (g: ReturnType<typeof graph>) => g.edges.map((e) => `${e.source}→${e.target}`).sort();

describe('dropLayer', () => {
  it('wires a layer dropped below the selected one after it', () => {
    const g = graph();
    const conv = g.nodes.find((n) => n.type === 'Conv2D')!;
    const { graph: next, id } = dropLayer(g, 'MaxPooling2D', { x: conv.position!.x + 20, y: conv.position!.y + 130 }, { selectedNodeId: conv.id });
    expect(edgesOf(next)).toContain(`${conv.id}→${id}`);
    expect(next.nodes.find((n) => n.id === id)!.position).toEqual({ x: conv.position!.x + 20, y: conv.position!.y + 130 });
  });

  it('leaves a layer dropped beside, above or far from the selection unconnected', () => {
    const g = graph();
    const conv = g.nodes.find((n) => n.type === 'Conv2D')!;
    for (const at of [
      { x: conv.position!.x + 900, y: conv.position!.y + 100 },
      { x: conv.position!.x, y: conv.position!.y - 100 },
      { x: conv.position!.x, y: conv.position!.y + 2000 },
    ]) {
      const { graph: next } = dropLayer(g, 'Dense', at, { selectedNodeId: conv.id });
      expect(next.edges).toHaveLength(g.edges.length);
    }
  });

  it('leaves it unconnected with no selection', () => {
    const g = graph();
    expect(dropLayer(g, 'Dense', { x: 0, y: 400 }).graph.edges).toHaveLength(g.edges.length);
  });

  it('inserts a layer dropped onto a connection into it, where it was dropped', () => {
    const g = graph();
    const edge = g.edges[0]!;
    const { graph: next, id } = dropLayer(g, 'BatchNormalization', { x: 300, y: 60 }, { edgeId: edge.id, selectedNodeId: edge.target });
    expect(edgesOf(next)).toEqual([`${edge.source}→${id}`, `${id}→${edge.target}`].sort());
    expect(next.nodes.find((n) => n.id === id)!.position).toEqual({ x: 300, y: 60 });
  });

  it('does not wire what cannot be wired (an Input takes no inputs)', () => {
    const g = graph();
    const conv = g.nodes.find((n) => n.type === 'Conv2D')!;
    const { graph: next } = dropLayer(g, 'InputLayer', { x: conv.position!.x, y: conv.position!.y + 120 }, { selectedNodeId: conv.id });
    expect(next.edges).toHaveLength(g.edges.length);
  });
});
