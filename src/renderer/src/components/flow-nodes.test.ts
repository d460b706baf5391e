import { describe, expect, it } from 'vitest';
import { setParam, rename, moveNodes } from '../../../shared/editing/edit';
import { sequentialGraph } from '../../../shared/graph/build';
import { autoLayout } from '../../../shared/editing/layout';
import { createFlowNodeCache } from './flow-nodes';

const graph = () => autoLayout(sequentialGraph([8, 8, 1], [{ type: 'Conv2D', params: { filters: 2, kernel_size: [3, 3] } }, { type: 'Flatten' }]));

describe('createFlowNodeCache', () => {
  it('hands back the same array after a parameter edit or a rename: nothing React Flow keeps has changed', () => {
    const toFlowNodes = createFlowNodeCache();
    const g = graph();
    const first = toFlowNodes(g, [], new Map());
    const conv = g.nodes[1]!.id;
    expect(toFlowNodes(setParam(g, conv, 'filters', 4), [], new Map())).toBe(first);
    expect(toFlowNodes(rename(g, conv, 'renamed'), [], new Map())).toBe(first);
  });

  it('makes a new object only for the node that moved, was selected or measured', () => {
    const toFlowNodes = createFlowNodeCache();
    const g = graph();
    const [input, conv, flatten] = g.nodes.map((n) => n.id) as [string, string, string];
    const first = toFlowNodes(g, [], new Map());
    const moved = toFlowNodes(moveNodes(g, new Map([[conv, { x: 5, y: 5 }]])), [], new Map());
    expect(moved).not.toBe(first);
    expect(moved[0]).toBe(first[0]);
    expect(moved[1]).not.toBe(first[1]);
    expect(moved[1]!.position).toEqual({ x: 5, y: 5 });
    const g2 = moveNodes(g, new Map([[conv, { x: 5, y: 5 }]]));
    const selected = toFlowNodes(g2, [flatten], new Map());
    expect(selected[2]!.selected).toBe(true);
    expect(selected[0]).toBe(moved[0]);
    const size = { width: 180, height: 70 };
    const measured = toFlowNodes(g2, [flatten], new Map([[input, size]]));
    expect(measured[0]!.measured).toBe(size);
    expect(measured[0]!.handles).toBeUndefined();
    expect(measured[1]).toBe(selected[1]);
  });

  it('estimates handles for a layer not yet measured: an Input has no target handle', () => {
    const nodes = createFlowNodeCache()(graph(), [], new Map());
    expect(nodes[0]!.handles!.map((h) => h.type)).toEqual(['source']);
    expect(nodes[1]!.handles!.map((h) => h.type)).toEqual(['target', 'source']);
  });
});
