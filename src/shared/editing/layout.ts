/** Auto-layout (top-down, layered) with dagre; node sizes are the canvas' typical node box. */
import dagre from '@dagrejs/dagre';
import type { NetworkGraph } from '../graph/graph';

const NODE_WIDTH = 220;
const NODE_HEIGHT = 80;

/** `nodeHeight`: taller rows for taller nodes (a homework's nodes carry answer fields). */
export function autoLayout(graph: NetworkGraph, { nodeHeight = NODE_HEIGHT }: { nodeHeight?: number } = {}): NetworkGraph {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 50, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight });
  for (const edge of graph.edges) if (edge.source !== edge.target) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const placed = g.node(node.id);
      return placed ? { ...node, position: { x: Math.round(placed.x - NODE_WIDTH / 2), y: Math.round(placed.y - nodeHeight / 2) } } : node;
    }),
  };
}
