/**
 * Recent projects (localStorage) and the recovery slot (IndexedDB) for the browser host. A browser cannot
 * reopen a file by path, so Recent keeps each project's contents, dropping the oldest when localStorage
 * (about 5 MB) is full. The recovery slot holds the whole project with its trained weights, which soon
 * outgrows localStorage: it lives in IndexedDB (`idb-slot.ts`), and a write the browser refuses rejects
 * with the reason (the project store tells the user once). Where IndexedDB cannot be used (some private
 * windows), it falls back to localStorage.
 */
import type { RecentEntry, RecoverySnapshot } from '../../../shared/api/app-api';
import { IdbSlots, type IdbFactoryLike } from './idb-slot';

/** localStorage, typed without the DOM lib (this module is also compiled and tested under Node); undefined where blocked. */
interface LocalStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
function local(): LocalStorageLike | undefined {
  try {
    return (globalThis as { localStorage?: LocalStorageLike }).localStorage;
  } catch {
    return undefined;
  }
}

const RECENT_KEY = 'cnn-studio.recent';
const RECOVERY_KEY = 'cnn-studio.recovery';
const MAX_RECENT = 8;

interface StoredRecent extends RecentEntry {
  contents: string;
}

function readJson<T>(key: string): T | null {
  try {
    const text = local()?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

/** Writes, dropping the oldest recent entries if the browser's quota is full. */
function writeJson(key: string, value: unknown): boolean {
  try {
    const storage = local();
    if (!storage) return false;
    storage.setItem(key, JSON.stringify(value));
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

const isSnapshot = (value: unknown): value is RecoverySnapshot =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RecoverySnapshot).contents === 'string' &&
  typeof (value as RecoverySnapshot).fileName === 'string' &&
  typeof (value as RecoverySnapshot).savedAt === 'string';

/** Thrown by `write` when the snapshot was not kept; the message says why, for the user. */
export class RecoveryWriteError extends Error {
  override name = 'RecoveryWriteError';
}

export interface BrowserRecovery {
  read(): Promise<RecoverySnapshot | null>;
  write(snapshot: RecoverySnapshot): Promise<void>;
  clear(): Promise<void>;
}

/** The recovery slot in IndexedDB (`factory`), or in localStorage without one. */
export function createBrowserRecovery(factory: IdbFactoryLike | undefined): BrowserRecovery {
  const slots = factory ? new IdbSlots(factory) : null;
  const legacy = () => {
    const snapshot = readJson<unknown>(RECOVERY_KEY);
    return isSnapshot(snapshot) ? snapshot : null;
  };
  return {
    async read() {
      if (!slots) return legacy();
      try {
        const stored = await slots.read(RECOVERY_KEY);
        if (isSnapshot(stored)) return stored;
      } catch {
        // Unreadable: fall through to what an older version kept in localStorage.
      }
      return legacy();
    },
    async write(snapshot) {
      if (!slots) {
        if (!writeJson(RECOVERY_KEY, snapshot)) throw new RecoveryWriteError("this browser's storage for the site is full.");
        return;
      }
      const written = await slots.write(RECOVERY_KEY, snapshot);
      if (!written.ok)
        throw new RecoveryWriteError(written.full ? "this browser's storage for the site is full." : `the browser refused to store it (${written.error}).`);
      // An older version kept the slot in localStorage: once IndexedDB holds it, that copy only takes quota.
      local()?.removeItem(RECOVERY_KEY);
    },
    async clear() {
      local()?.removeItem(RECOVERY_KEY);
      await slots?.remove(RECOVERY_KEY).catch(() => undefined);
    },
  };
}

function defaultFactory(): IdbFactoryLike | undefined {
  try {
    return (globalThis as { indexedDB?: IdbFactoryLike }).indexedDB;
  } catch {
    return undefined;
  }
}

export const browserRecovery = createBrowserRecovery(defaultFactory());
