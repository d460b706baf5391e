/** Auto-layout (top-down, layered) with dagre; node sizes are the canvas' typical node box. */
import dagre from '@dagrejs/dagre';
import type { NetworkGraph } from '../graph/graph';

/** The box every layer gets in the layout (the diagram export draws boxes of this size too). */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 80;

export interface Point {
  x: number;
  y: number;
}

/** `nodeHeight`: taller rows for taller nodes (a homework's nodes carry answer fields). */
interface LayoutOptions {
  nodeHeight?: number;
}

function layered(graph: NetworkGraph, { nodeHeight = NODE_HEIGHT }: LayoutOptions = {}) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 50, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight });
  for (const edge of graph.edges) if (edge.source !== edge.target) g.setEdge(edge.source, edge.target);
  dagre.layout(g);
  const laidOut: NetworkGraph = {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const placed = g.node(node.id);
      return placed ? { ...node, position: { x: Math.round(placed.x - NODE_WIDTH / 2), y: Math.round(placed.y - nodeHeight / 2) } } : node;
    }),
  };
  return { g, laidOut };
}

export function autoLayout(graph: NetworkGraph, options: LayoutOptions = {}): NetworkGraph {
  return layered(graph, options).laidOut;
}

/**
 * The auto-layout and the route dagre found for each connection (from the source's border to the
 * target's, around the boxes in between), by edge id, in the same coordinates as the positions.
 */
export function autoLayoutRoutes(graph: NetworkGraph): { graph: NetworkGraph; routes: Map<string, Point[]> } {
  const { g, laidOut } = layered(graph);
  const routes = new Map<string, Point[]>();
  for (const edge of graph.edges) {
    const points: Point[] | undefined = edge.source !== edge.target ? g.edge(edge.source, edge.target)?.points : undefined;
    if (points?.length)
      routes.set(
        edge.id,
        points.map((p: Point) => ({ x: p.x, y: p.y })),
      );
  }
  return { graph: laidOut, routes };
}
