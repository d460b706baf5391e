/** Building graphs in code (templates, tests, importers): Keras-style automatic names and a top-down layout. */
import type { GraphEdge, GraphNode, LayerParams, NetworkGraph } from './graph';

/** Keras' default layer names: conv2d, conv2d_1, max_pooling2d, … */
export function kerasDefaultName(type: string): string {
  if (type === 'InputLayer') return 'input_layer';
  return type
    .replace(/(\d)D/g, '$1d') // Conv2D → conv2d, not conv2_d
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Hands out unique names in Keras style (conv2d, conv2d_1, …), skipping names already taken. */
export class NameAllocator {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();
  constructor(existing: Iterable<string> = []) {
    for (const name of existing) this.taken.add(name);
  }
  reserve(name: string): void {
    this.taken.add(name);
  }
  /** `name` itself if free, else `name_1`, `name_2`, … */
  unique(name: string): string {
    let candidate = name;
    for (let n = 1; this.taken.has(candidate); n++) candidate = `${name}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }
  next(type: string): string {
    const base = kerasDefaultName(type);
    for (let n = this.counters.get(base) ?? 0; ; n++) {
      const candidate = n === 0 ? base : `${base}_${n}`;
      if (!this.taken.has(candidate)) {
        this.counters.set(base, n + 1);
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}

export interface LayerDef {
  type: string;
  params?: LayerParams;
  name?: string;
}

const ROW = 110;

/** A chain Input → layers…, laid out top-down. */
export function sequentialGraph(inputShape: number[], layers: LayerDef[]): NetworkGraph {
  const names = new NameAllocator();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const defs: LayerDef[] = [{ type: 'InputLayer', params: { shape: inputShape } }, ...layers];
  defs.forEach((def, i) => {
    const name = def.name ?? names.next(def.type);
    if (def.name) names.reserve(def.name);
    nodes.push({ id: name, type: def.type, name, params: { ...(def.params ?? {}) }, position: { x: 0, y: i * ROW } });
    if (i > 0) edges.push({ id: `e_${nodes[i - 1]!.id}_${name}`, source: nodes[i - 1]!.id, target: name });
  });
  return { nodes, edges };
}

/** Builds DAGs: `add(type, params, ...inputs)` returns the new node's id. */
export class GraphBuilder {
  private readonly names = new NameAllocator();
  readonly graph: NetworkGraph = { nodes: [], edges: [] };
  private readonly depth = new Map<string, number>();
  private readonly column = new Map<number, number>();

  input(shape: number[], name?: string): string {
    return this.add('InputLayer', { shape }, [], name);
  }

  add(type: string, params: LayerParams = {}, inputs: string[] = [], name?: string): string {
    const id = name ?? this.names.next(type);
    if (name) this.names.reserve(name);
    const depth = inputs.length ? Math.max(...inputs.map((i) => this.depth.get(i) ?? 0)) + 1 : 0;
    const col = this.column.get(depth) ?? 0;
    this.column.set(depth, col + 1);
    this.depth.set(id, depth);
    this.graph.nodes.push({ id, type, name: id, params, position: { x: col * 240, y: depth * ROW } });
    for (const source of inputs) this.graph.edges.push({ id: `e_${source}_${id}`, source, target: id });
    return id;
  }
}
