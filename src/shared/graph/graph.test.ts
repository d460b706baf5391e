import { describe, expect, it } from 'vitest';
import { inputsOf, topologicalOrder, type NetworkGraph } from './graph';

const node = (id: string) => ({ id, type: 'Dense', name: id, params: {} });

describe('graph order', () => {
  it('puts every node after its inputs, skip connections included', () => {
    const graph: NetworkGraph = {
      nodes: [node('add'), node('b'), node('a'), node('in')],
      edges: [
        { id: '1', source: 'in', target: 'a' },
        { id: '2', source: 'a', target: 'b' },
        { id: '3', source: 'b', target: 'add' },
        { id: '4', source: 'in', target: 'add' },
      ],
    };
    expect(topologicalOrder(graph).map((n) => n.id)).toEqual(['in', 'a', 'b', 'add']);
    expect(inputsOf(graph, 'add')).toEqual(['b', 'in']);
  });

  it('refuses a cycle', () => {
    const graph: NetworkGraph = {
      nodes: [node('a'), node('b')],
      edges: [
        { id: '1', source: 'a', target: 'b' },
        { id: '2', source: 'b', target: 'a' },
      ],
    };
    expect(() => topologicalOrder(graph)).toThrow('cycle');
  });
});
