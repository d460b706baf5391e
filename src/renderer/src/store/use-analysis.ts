/** The engine's analysis of the open graph, recomputed only for what changed (memoizing analyzer). */
import { useMemo } from 'react';
import { createAnalyzer, type GraphAnalysis } from '../../../shared/engine/analyze';
import { useDocumentStore } from './document-store';

const analyze = createAnalyzer();

export function useAnalysis(): GraphAnalysis {
  const graph = useDocumentStore((s) => s.graph);
  return useMemo(() => analyze(graph), [graph]);
}

/** The same memoized analysis outside React (stores, commands). */
export const analysisOf = (graph: Parameters<typeof analyze>[0]): GraphAnalysis => analyze(graph);
