/**
 * The network graph as the app stores and exchanges it: layer nodes with typed params, and edges.
 * Pure data (JSON-serialisable) so it crosses IPC, workers and project files unchanged.
 */
export type LayerParams = Record<string, ParamValue>;
export type ParamValue = number | string | boolean | null | number[] | number[][];

export interface GraphNode {
  /** Stable id, unique in the graph; used for React Flow ids and `data-testid`s. */
  id: string;
  /** Layer type as registered (Keras class name, e.g. `Dense`). */
  type: string;
  /** User-visible name (Keras `name`). */
  name: string;
  params: LayerParams;
  /** Canvas position; irrelevant to the maths. */
  position?: { x: number; y: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
}

export interface NetworkGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Nodes in an order where every node comes after all of its inputs; throws on a cycle. */
export function topologicalOrder(graph: NetworkGraph): GraphNode[] {
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  const outgoing = new Map<string, string[]>();
  for (const e of graph.edges) {
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: GraphNode[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    const node = byId.get(id);
    if (node) order.push(node);
    for (const next of outgoing.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length !== graph.nodes.length) {
    throw new Error('The graph has a cycle: a layer cannot feed its own input.');
  }
  return order;
}

/** Ids of the nodes feeding `nodeId`, in edge order. */
export function inputsOf(graph: NetworkGraph, nodeId: string): string[] {
  return graph.edges.filter((e) => e.target === nodeId).map((e) => e.source);
}
