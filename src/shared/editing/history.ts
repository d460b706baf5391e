/**
 * Undo/redo over immutable graph snapshots. Snapshots share every unchanged node, so keeping a few
 * hundred costs little. Consecutive edits with the same `coalesceKey` (typing into one field) merge
 * into one undo step.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key of the last commit, for coalescing. */
  lastKey: string | null;
}

export const HISTORY_LIMIT = 300;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

export function commit<T>(history: History<T>, next: T, coalesceKey: string | null = null): History<T> {
  if (next === history.present) return history;
  if (coalesceKey !== null && coalesceKey === history.lastKey) {
    return { ...history, present: next, future: [] };
  }
  const past = [...history.past, history.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [], lastKey: coalesceKey };
}

/** Replaces the present without an undo step (e.g. live positions during a drag). */
export function replacePresent<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], lastKey: null };
}

export function redo<T>(history: History<T>): History<T> {
  const next = history.future[0];
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: history.future.slice(1), lastKey: null };
}
