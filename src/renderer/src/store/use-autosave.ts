/**
 * Writes the recovery slot shortly after every change to the document (edits, templates, imports,
 * training results), so a crash or a killed process loses nothing.
 */
import { useEffect } from 'react';
import { useAppStore } from './app-store';

const AUTOSAVE_DELAY_MS = 500;

export function useAutosave(): void {
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.graph === previous.graph && state.savedGraph === previous.savedGraph && state.runs === previous.runs) return;
      // Never paused, not even while the recovery banner shows: the newest work is what a reload offers
      // back (the snapshot on offer stays in memory until Restore or Discard).
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void useAppStore.getState().autosave(), AUTOSAVE_DELAY_MS);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
