/** Whether this window has been through the first-start welcome (kept in the renderer's own storage). */
import { localStore } from '../../store/local-storage';

export const WELCOMED_KEY = 'cnn-studio.welcomed';

export function hasBeenWelcomed(): boolean {
  try {
    const store = localStore();
    return !store || store.getItem(WELCOMED_KEY) !== null;
  } catch {
    return true; // storage unavailable: do not nag on every start
  }
}

export function markWelcomed(): void {
  try {
    localStore()?.setItem(WELCOMED_KEY, new Date().toISOString());
  } catch {
    // Storage full or blocked: the welcome shows again next time, which is harmless.
  }
}
