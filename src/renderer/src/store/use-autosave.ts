/** Writes the recovery slot shortly after every change, so a crash or a killed process loses nothing. */
import { useEffect } from 'react';
import { useAppStore } from './app-store';

const AUTOSAVE_DELAY_MS = 500;

export function useAutosave(): void {
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.graph === previous.graph && state.savedGraph === previous.savedGraph && state.runs === previous.runs) return;
      // While a recovered graph is still on offer, do not overwrite it with the fresh start-up graph.
      if (state.recovery) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void useAppStore.getState().autosave(), AUTOSAVE_DELAY_MS);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
