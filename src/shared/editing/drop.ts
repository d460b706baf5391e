/**
 * Where a layer dragged from the palette lands, and what it connects to: dropped onto a connection
 * it is inserted there; dropped below the selected layer it is wired after it; anywhere else it
 * stands alone. One pure function, so the rule is tested apart from the canvas.
 */
import type { NetworkGraph } from '../graph/graph';
import { addLayer, connect, connectionProblem, insertOnEdge, type Position } from './edit';

export interface DropTarget {
  /** The connection under the pointer, if any. */
  edgeId?: string | null;
  /** The one selected layer, if exactly one is selected. */
  selectedNodeId?: string | null;
}

/** "Below" the selected layer: lower on the canvas, and not far off to one side (flow units). */
const BELOW = { minDy: 30, maxDy: 600, maxDx: 320 };

export function dropLayer(graph: NetworkGraph, type: string, position: Position, target: DropTarget = {}): { graph: NetworkGraph; id: string } {
  if (target.edgeId) {
    const inserted = insertOnEdge(graph, target.edgeId, type);
    // Where the user let go, not the edge's midpoint.
    if (inserted)
      return { id: inserted.id, graph: { ...inserted.graph, nodes: inserted.graph.nodes.map((n) => (n.id === inserted.id ? { ...n, position } : n)) } };
  }
  const added = addLayer(graph, type, position);
  const selected = target.selectedNodeId ? graph.nodes.find((n) => n.id === target.selectedNodeId) : undefined;
  if (!selected?.position) return added;
  const dy = position.y - selected.position.y;
  const dx = Math.abs(position.x - selected.position.x);
  if (dy < BELOW.minDy || dy > BELOW.maxDy || dx > BELOW.maxDx) return added;
  if (connectionProblem(added.graph, selected.id, added.id)) return added;
  return { id: added.id, graph: connect(added.graph, selected.id, added.id) };
}
