/** The renderer's local storage, typed without the DOM library (stores are also compiled and tested under Node, where there is none). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Local storage where there is one; undefined under Node or where the browser blocks it. */
export function localStore(): KeyValueStore | undefined {
  try {
    return (globalThis as { localStorage?: KeyValueStore }).localStorage;
  } catch {
    return undefined;
  }
}
