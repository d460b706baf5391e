/**
 * Writes the recovery slot shortly after every change to the document (edits, templates, imports,
 * training results), so a crash or a killed process loses nothing.
 */
import { useEffect } from 'react';
import { useDocumentStore } from './document-store';
import { useProjectStore } from './project-store';
import { useTrainingStore } from './training-store';

const AUTOSAVE_DELAY_MS = 500;

export function useAutosave(): void {
  useEffect(() => {
    let timer: number | undefined;
    // Never paused, not even while the recovery banner shows: the newest work is what a reload offers
    // back (the snapshot on offer stays in memory until Restore or Discard).
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void useProjectStore.getState().autosave(), AUTOSAVE_DELAY_MS);
    };
    const offs = [
      useDocumentStore.subscribe((state, previous) => state.graph !== previous.graph && schedule()),
      useProjectStore.subscribe((state, previous) => state.savedGraph !== previous.savedGraph && schedule()),
      useTrainingStore.subscribe((state, previous) => state.runs !== previous.runs && schedule()),
    ];
    return () => {
      window.clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, []);
}
