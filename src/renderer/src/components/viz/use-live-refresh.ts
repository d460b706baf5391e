/**
 * Keeps the read-out current while the panel is open: after graph edits (debounced), every N batches
 * while training, and when a run ends. Per-epoch snapshots are taken whether or not the panel is
 * open (`useEpochSnapshots`), so the replay slider has every epoch.
 */
import { useEffect } from 'react';
import { isTrainingActive, isTrainingBusy, useAppStore } from '../../store/app-store';
import { clearSnapshots, useVizStore } from '../../store/viz-store';

const EDIT_DEBOUNCE_MS = 300;

export function useLiveRefresh(): void {
  useEffect(() => {
    // The input picker brings the default picture in (`followNetwork`); one already there is re-read.
    const viz = useVizStore.getState();
    if (viz.picture) void viz.refresh();
    let timer: number | undefined;
    let lastBatch = 0;
    const unsubscribe = useAppStore.subscribe((state, previous) => {
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
      if (isTrainingActive(before) || state.trained !== previous.trained || state.graph !== previous.graph) {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => void refresh(), isTrainingActive(before) ? 0 : EDIT_DEBOUNCE_MS);
      }
    });
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
      useAppStore.subscribe((state, previous) => {
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
