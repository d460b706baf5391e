/** The engine's analysis of the open graph, recomputed only for what changed (memoizing analyzer). */
import { createAnalyzer, type GraphAnalysis } from '../../../shared/engine/analyze';
import type { NetworkGraph } from '../../../shared/graph/graph';
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
