/**
 * Auto-layout (top-down, layered) with dagre; node sizes are the canvas' typical node box. Past
 * `DAGRE_LIMIT` layers dagre's ordering takes seconds (a 1,000-layer chain: about 1 s on this 2-core
 * machine), so big graphs get a plain layered layout in linear time instead (`fastLayered`).
 */
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

export const DAGRE_LIMIT = 300;
const NODE_SEP = 40;
const RANK_SEP = 50;
const MARGIN = 20;

/**
 * Ranks by longest path from the sources, each rank ordered by where its inputs sit (one barycentre
 * sweep) and centred on the widest rank. O(nodes + edges); no routes (connections are drawn straight).
 */
export function fastLayered(graph: NetworkGraph, { nodeHeight = NODE_HEIGHT }: LayoutOptions = {}): NetworkGraph {
  const inputs = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  const outputs = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) {
    if (e.source === e.target || !inputs.has(e.target) || !outputs.has(e.source)) continue;
    inputs.get(e.target)!.push(e.source);
    outputs.get(e.source)!.push(e.target);
  }
  // Kahn's order; a cycle's leftovers go last, each one rank below what it has seen.
  const pending = new Map(graph.nodes.map((n) => [n.id, inputs.get(n.id)!.length]));
  const queue = graph.nodes.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  const rank = new Map<string, number>();
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const r = Math.max(-1, ...inputs.get(id)!.map((p) => rank.get(p) ?? -1)) + 1;
    rank.set(id, r);
    for (const next of outputs.get(id)!) {
      pending.set(next, pending.get(next)! - 1);
      if (pending.get(next) === 0) queue.push(next);
    }
  }
  for (const n of graph.nodes) if (!rank.has(n.id)) rank.set(n.id, Math.max(0, ...inputs.get(n.id)!.map((p) => (rank.get(p) ?? -1) + 1)));
  const ranks: string[][] = [];
  for (const id of queue.length === graph.nodes.length ? queue : graph.nodes.map((n) => n.id)) (ranks[rank.get(id)!] ??= []).push(id);
  const slot = new Map<string, number>();
  for (const row of ranks) {
    if (!row) continue;
    const centre = (id: string) => {
      const placed = inputs.get(id)!.filter((p) => slot.has(p));
      return placed.length ? placed.reduce((sum, p) => sum + slot.get(p)!, 0) / placed.length : Infinity;
    };
    const keyed = row.map((id, i) => ({ id, key: centre(id), i })).sort((a, b) => (a.key === b.key ? a.i - b.i : a.key - b.key));
    keyed.forEach(({ id }, i) => slot.set(id, i - (row.length - 1) / 2));
  }
  const widest = Math.max(1, ...ranks.map((r) => r?.length ?? 0));
  const x0 = MARGIN + ((widest - 1) / 2) * (NODE_WIDTH + NODE_SEP);
  const at = new Map(
    graph.nodes.map((n) => [n.id, { x: Math.round(x0 + slot.get(n.id)! * (NODE_WIDTH + NODE_SEP)), y: MARGIN + rank.get(n.id)! * (nodeHeight + RANK_SEP) }]),
  );
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: at.get(n.id)! })) };
}

function layered(graph: NetworkGraph, { nodeHeight = NODE_HEIGHT }: LayoutOptions = {}) {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: MARGIN, marginy: MARGIN });
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
  return graph.nodes.length > DAGRE_LIMIT ? fastLayered(graph, options) : layered(graph, options).laidOut;
}

/**
 * The auto-layout and the route dagre found for each connection (from the source's border to the
 * target's, around the boxes in between), by edge id, in the same coordinates as the positions.
 */
export function autoLayoutRoutes(graph: NetworkGraph): { graph: NetworkGraph; routes: Map<string, Point[]> } {
  if (graph.nodes.length > DAGRE_LIMIT) return { graph: fastLayered(graph), routes: new Map() };
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
