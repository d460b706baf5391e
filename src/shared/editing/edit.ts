/**
 * Graph edits as pure functions (graph in, new graph out; untouched nodes keep their identity, which
 * the memoizing analyzer and undo history rely on). The editor's store calls these; tests pin them.
 */
import { NameAllocator } from '../graph/build';
import type { FixedWeight, GraphEdge, GraphNode, LayerParams, NetworkGraph, ParamValue } from '../graph/graph';
import { getLayerSpec } from '../engine/registry';

export interface Position {
  x: number;
  y: number;
}

const edgeId = (source: string, target: string) => `e_${source}_${target}`;

/** Deep copy of plain JSON data (graph nodes and params are JSON by construction). */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Default params of a layer type, as explicit values (so the inspector and the file show them). */
export function defaultParams(type: string): LayerParams {
  const spec = getLayerSpec(type);
  if (!spec) return {};
  return Object.fromEntries(spec.params.map((p) => [p.key, cloneJson(p.default)]));
}

export function addLayer(graph: NetworkGraph, type: string, position: Position, params?: LayerParams): { graph: NetworkGraph; id: string } {
  const names = new NameAllocator(graph.nodes.flatMap((n) => [n.id, n.name]));
  const id = names.next(type);
  const node: GraphNode = { id, type, name: id, params: params ?? defaultParams(type), position };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id };
}

/** Why `source → target` cannot be connected, or null when it can. */
export function connectionProblem(graph: NetworkGraph, source: string, target: string): string | null {
  if (source === target) return 'A layer cannot feed itself.';
  const targetNode = graph.nodes.find((n) => n.id === target);
  if (!targetNode || !graph.nodes.some((n) => n.id === source)) return 'Both layers must exist.';
  if (graph.edges.some((e) => e.source === source && e.target === target)) return 'These layers are already connected.';
  const spec = getLayerSpec(targetNode.type);
  const existing = graph.edges.filter((e) => e.target === target).length;
  if (spec && existing >= spec.inputs.max) {
    return spec.inputs.max === 0
      ? 'An Input layer takes no inputs.'
      : `${spec.type} takes only ${spec.inputs.max === 1 ? 'one input' : `${spec.inputs.max} inputs`}; use Add or Concatenate to join branches.`;
  }
  // A cycle appears if `source` is reachable from `target`.
  const outgoing = new Map<string, string[]>();
  for (const e of graph.edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === source) return 'That connection would make a loop.';
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(outgoing.get(id) ?? []));
  }
  return null;
}

export function connect(graph: NetworkGraph, source: string, target: string): NetworkGraph {
  if (connectionProblem(graph, source, target)) return graph;
  return { ...graph, edges: [...graph.edges, { id: edgeId(source, target), source, target }] };
}

/** Removes nodes (with their edges) and edges. */
export function removeElements(graph: NetworkGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): NetworkGraph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
    edges: graph.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

function replaceNode(graph: NetworkGraph, id: string, update: (node: GraphNode) => GraphNode): NetworkGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? update(n) : n)) };
}

export function setParam(graph: NetworkGraph, nodeId: string, key: string, value: ParamValue): NetworkGraph {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || JSON.stringify(node.params[key]) === JSON.stringify(value)) return graph;
  return replaceNode(graph, nodeId, (n) => ({ ...n, params: { ...n.params, [key]: value } }));
}

/** Why `name` cannot be given to `nodeId`, or null. */
export function renameProblem(graph: NetworkGraph, nodeId: string, name: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_.\-/]*$/.test(name)) return 'Names start with a letter or _ and use letters, digits, _ . - /';
  if (graph.nodes.some((n) => n.id !== nodeId && n.name === name)) return `Another layer is already called "${name}".`;
  return null;
}

export function rename(graph: NetworkGraph, nodeId: string, name: string): NetworkGraph {
  return renameProblem(graph, nodeId, name) ? graph : replaceNode(graph, nodeId, (n) => ({ ...n, name }));
}

export function moveNodes(graph: NetworkGraph, positions: Map<string, Position>): NetworkGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

/** Puts a new layer in the middle of an existing connection. */
export function insertOnEdge(graph: NetworkGraph, edge: string, type: string): { graph: NetworkGraph; id: string } | null {
  const existing = graph.edges.find((e) => e.id === edge);
  if (!existing) return null;
  const from = graph.nodes.find((n) => n.id === existing.source)?.position ?? { x: 0, y: 0 };
  const to = graph.nodes.find((n) => n.id === existing.target)?.position ?? { x: 0, y: 200 };
  const added = addLayer(graph, type, { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 });
  const edges = added.graph.edges.flatMap((e): GraphEdge[] =>
    e.id === edge
      ? [
          { id: edgeId(e.source, added.id), source: e.source, target: added.id },
          { id: edgeId(added.id, e.target), source: added.id, target: e.target },
        ]
      : [e],
  );
  return { graph: { ...added.graph, edges }, id: added.id };
}

/** Adds a layer below `afterId` and connects it (what double-clicking a palette item does). */
export function addAfter(graph: NetworkGraph, afterId: string | null, type: string, fallback: Position): { graph: NetworkGraph; id: string } {
  const after = afterId ? graph.nodes.find((n) => n.id === afterId) : undefined;
  const position = after?.position ? { x: after.position.x, y: after.position.y + 120 } : fallback;
  const added = addLayer(graph, type, position);
  if (!after) return added;
  return { graph: connect(added.graph, after.id, added.id), id: added.id };
}

/** A copied piece of graph: nodes and the edges between them. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyFragment(graph: NetworkGraph, nodeIds: Iterable<string>): Fragment {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)).map((n) => cloneJson(n)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })),
  };
}

/** A node's width on the canvas, roughly (the widest short forms); copies are spaced by it. */
const NODE_WIDTH = 240;

/** Where a pasted copy goes: just right of the copied layers, so it never lands on top of them. */
export function pasteOffset(fragment: Fragment): Position {
  const xs = fragment.nodes.map((n) => n.position?.x ?? 0);
  return { x: (xs.length ? Math.max(...xs) - Math.min(...xs) : 0) + NODE_WIDTH + 40, y: 0 };
}

/** Pastes a fragment with fresh ids and names, shifted by `offset`; returns the new node ids. */
export function pasteFragment(graph: NetworkGraph, fragment: Fragment, offset: Position): { graph: NetworkGraph; ids: string[] } {
  const names = new NameAllocator(graph.nodes.flatMap((n) => [n.id, n.name]));
  const idMap = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = names.next(n.type);
    idMap.set(n.id, id);
    const position = n.position ? { x: n.position.x + offset.x, y: n.position.y + offset.y } : undefined;
    return { ...cloneJson(n), id, name: id, ...(position ? { position } : {}) };
  });
  const edges = fragment.edges.map((e) => {
    const source = idMap.get(e.source)!;
    const target = idMap.get(e.target)!;
    return { id: edgeId(source, target), source, target };
  });
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

/** Sets (or with `undefined` clears) a node's fixed weights: the kernel it starts from instead of a random one. */
export function setFixedWeights(graph: NetworkGraph, nodeId: string, weights: Record<string, FixedWeight> | undefined): NetworkGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const { weights: _old, ...rest } = n;
      return weights ? { ...rest, weights } : rest;
    }),
  };
}

/** Kernels (one kh × kw matrix per filter) in Keras layout [kh, kw, cin, cout], the same matrix on every input channel. */
export function kernelWeights(kernels: number[][][], inChannels: number): FixedWeight {
  const kh = kernels[0]!.length;
  const kw = kernels[0]![0]!.length;
  const cout = kernels.length;
  const values = new Array<number>(kh * kw * inChannels * cout);
  for (let r = 0; r < kh; r++)
    for (let c = 0; c < kw; c++)
      for (let i = 0; i < inChannels; i++) for (let o = 0; o < cout; o++) values[((r * kw + c) * inChannels + i) * cout + o] = kernels[o]![r]![c]!;
  return { shape: [kh, kw, inChannels, cout], values };
}
