/**
 * Times a few batches of the run the Train tab describes, in the trainer worker, once the setup has
 * been still for a moment: the estimate shown before starting. Results are kept per setup, so
 * switching tabs or undoing back does not measure again.
 */
import { useEffect, useState } from 'react';
import type { TrainRequest, WarmupResult } from '../../../../shared/api/training-protocol';
import type { NetworkGraph } from '../../../../shared/graph/graph';
import { useDocumentStore } from '../../store/document-store';
import { getHost } from '../../store/host';
import { useTrainingStore } from '../../store/training-store';

export type WarmupState = { status: 'idle' } | { status: 'measuring' } | { status: 'ready'; result: WarmupResult } | { status: 'failed'; message: string };

/** Wait this long after the last change before timing (edits come in bursts). */
const SETTLE_MS = 700;
const measured = new Map<string, WarmupState>();

/** What the timing depends on: the layers and their wiring, not where the nodes sit on the canvas. */
function setupKey(graph: NetworkGraph, request: Omit<TrainRequest, 'graph' | 'jobId'>): string {
  const { batchSize, optimizer, loss } = request.options;
  return JSON.stringify({
    nodes: graph.nodes.map((n) => [n.id, n.type, n.params]),
    edges: graph.edges.map((e) => [e.source, e.target]),
    d: request.datasetId,
    batchSize,
    optimizer,
    loss,
  });
}

export function useWarmup(enabled: boolean): WarmupState {
  const graph = useDocumentStore((s) => s.graph);
  const setup = useTrainingStore((s) => s.setup);
  const key = setupKey(graph, setup);
  const [, rerender] = useState(0);
  useEffect(() => {
    if (!enabled || measured.has(key)) return;
    let current = true;
    const timer = window.setTimeout(() => {
      measured.set(key, { status: 'measuring' });
      rerender((n) => n + 1);
      getHost()
        .warmup({ jobId: 'warmup', graph, datasetId: setup.datasetId, options: setup.options })
        .then(
          (result) => measured.set(key, { status: 'ready', result }),
          (e: Error) => measured.set(key, { status: 'failed', message: e.message }),
        )
        .finally(() => current && rerender((n) => n + 1));
    }, SETTLE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // `key` stands for graph and setup.
  }, [enabled, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return measured.get(key) ?? { status: 'idle' };
}
