/**
 * The host (`AppApi`: Electron's preload bridge or the browser host), set once at start-up. Not
 * state: nothing re-renders when it is set, and every store and component reaches it here.
 */
import type { AppApi } from '../../../shared/api/app-api';

let current: AppApi | null = null;

export function setHost(api: AppApi): void {
  current = api;
}

/** The host; before start-up has set it (only in tests that forget to), a clear error. */
export function getHost(): AppApi {
  if (!current) throw new Error('No host yet: call setHost() (App does at start-up) before using the host API.');
  return current;
}

export function hasHost(): boolean {
  return current !== null;
}
