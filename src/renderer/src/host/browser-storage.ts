/**
 * Recent projects and the recovery slot for the browser host, in localStorage. A browser cannot
 * reopen a file by path, so Recent keeps each project's contents (graphs are small).
 */
import type { RecentEntry, RecoverySnapshot } from '../../../shared/api/app-api';

const RECENT_KEY = 'cnn-studio.recent';
const RECOVERY_KEY = 'cnn-studio.recovery';
const MAX_RECENT = 8;

interface StoredRecent extends RecentEntry {
  contents: string;
}

function readJson<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Writes, dropping the oldest recent entries if the browser's quota is full. */
function writeJson(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function storedRecent(): StoredRecent[] {
  const list = readJson<StoredRecent[]>(RECENT_KEY);
  return Array.isArray(list) ? list.filter((e) => typeof e?.id === 'string' && typeof e.contents === 'string') : [];
}

export const browserRecent = {
  list(): RecentEntry[] {
    return storedRecent().map(({ id, name, at }) => ({ id, name, at }));
  },
  get(id: string): StoredRecent | undefined {
    return storedRecent().find((e) => e.id === id);
  },
  add(name: string, contents: string): void {
    let list = [{ id: name, name, at: new Date().toISOString(), contents }, ...storedRecent().filter((e) => e.id !== name)].slice(0, MAX_RECENT);
    while (list.length > 0 && !writeJson(RECENT_KEY, list)) list = list.slice(0, -1);
  },
};

export const browserRecovery = {
  read(): RecoverySnapshot | null {
    const snapshot = readJson<RecoverySnapshot>(RECOVERY_KEY);
    return snapshot && typeof snapshot.contents === 'string' && typeof snapshot.fileName === 'string' ? snapshot : null;
  },
  write(snapshot: RecoverySnapshot): void {
    writeJson(RECOVERY_KEY, snapshot);
  },
  clear(): void {
    localStorage.removeItem(RECOVERY_KEY);
  },
};
