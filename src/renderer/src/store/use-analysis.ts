/** The engine's analysis of the open graph, recomputed only for what changed (memoizing analyzer). */
import { createAnalyzer, type GraphAnalysis, type NodeAnalysis } from '../../../shared/engine/analyze';
import type { GraphNode, NetworkGraph } from '../../../shared/graph/graph';
import { useDocumentStore } from './document-store';

const analyze = createAnalyzer();
let last: { graph: NetworkGraph; analysis: GraphAnalysis } | null = null;

/** The same memoized analysis outside React (stores, commands); one analysis per graph, however many components ask. */
export function analysisOf(graph: NetworkGraph): GraphAnalysis {
  if (last?.graph !== graph) last = { graph, analysis: analyze(graph) };
  return last.analysis;
}

export function useAnalysis(): GraphAnalysis {
  return analysisOf(useDocumentStore((s) => s.graph));
}

let layers: { graph: NetworkGraph; byId: Map<string, GraphNode> } | null = null;

/** A layer of the graph by id (one lookup table per graph, however many nodes ask). */
export function layerOf(graph: NetworkGraph, id: string): GraphNode | undefined {
  if (layers?.graph !== graph) layers = { graph, byId: new Map(graph.nodes.map((n) => [n.id, n])) };
  return layers.byId.get(id);
}

/**
 * One layer as a canvas node shows it: its graph node, its analysis and the name of the layer it waits on.
 * Each is read by its own selector, so a node re-renders only when what it shows changed (the analyzer keeps
 * an unchanged layer's result object), and the canvas's node list need not change when a parameter does.
 */
export function useLayerView(id: string): { layer: GraphNode | undefined; analysis: NodeAnalysis | undefined; blockedByName: string | undefined } {
  const layer = useDocumentStore((s) => layerOf(s.graph, id));
  const analysis = useDocumentStore((s) => analysisOf(s.graph).nodes[id]);
  const blockedByName = useDocumentStore((s) => {
    const { nodes } = analysisOf(s.graph);
    const blockedBy = nodes[id]?.blockedBy;
    return blockedBy === undefined ? undefined : nodes[blockedBy]?.name;
  });
  return { layer, analysis, blockedByName };
}
