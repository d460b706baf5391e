/**
 * Keeps the read-out current while the panel is open: after graph edits (debounced), every N batches
 * while training, and when a run ends. Per-epoch snapshots are taken whether or not the panel is
 * open (`useEpochSnapshots`), so the replay slider has every epoch.
 */
import { useEffect } from 'react';
import { useDocumentStore } from '../../store/document-store';
import { isTrainingActive, isTrainingBusy } from '../../store/training-reducer';
import { useTrainingStore } from '../../store/training-store';
import { clearSnapshots, useVizStore } from '../../store/viz-store';

const EDIT_DEBOUNCE_MS = 300;

export function useLiveRefresh(): void {
  useEffect(() => {
    // The input picker brings the default picture in (`followNetwork`); one already there is re-read.
    const viz = useVizStore.getState();
    if (viz.picture) void viz.refresh();
    let timer: number | undefined;
    let lastBatch = 0;
    const schedule = (ms: number) => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void useVizStore.getState().refresh(), ms);
    };
    const offTraining = useTrainingStore.subscribe((state, previous) => {
      const { refresh, everyBatches, live } = useVizStore.getState();
      const t = state.training;
      const before = previous.training;
      if (t.status === 'starting' && before.status !== 'starting') {
        lastBatch = 0;
        return;
      }
      if (isTrainingActive(t)) {
        if (!live || t.epochMetrics.length > before.epochMetrics.length) return;
        if (t.batchLosses.length - lastBatch >= everyBatches) {
          lastBatch = t.batchLosses.length;
          void refresh();
        }
        return;
      }
      if (isTrainingActive(before)) schedule(0);
      else if (state.trained !== previous.trained) schedule(EDIT_DEBOUNCE_MS);
    });
    const offGraph = useDocumentStore.subscribe((state, previous) => {
      if (state.graph !== previous.graph && !isTrainingActive(useTrainingStore.getState().training)) schedule(EDIT_DEBOUNCE_MS);
    });
    const unsubscribe = () => {
      offTraining();
      offGraph();
    };
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}

/** Mounted once for the app: a new run clears the snapshots, each finished epoch adds one. */
export function useEpochSnapshots(): void {
  useEffect(
    () =>
      useTrainingStore.subscribe((state, previous) => {
        const t = state.training;
        if (t.status === 'starting' && previous.training.status !== 'starting') clearSnapshots();
        // Busy, not only active: the last epoch's metrics arrive while the test set is evaluated.
        else if (isTrainingBusy(t) && t.epochMetrics.length > previous.training.epochMetrics.length) {
          const viz = useVizStore.getState();
          // The first snapshot of a session loads the default picture first.
          void (viz.picture ? viz.refresh('epoch') : viz.followNetwork().then(() => viz.refresh('epoch')));
        }
      }),
    [],
  );
}
