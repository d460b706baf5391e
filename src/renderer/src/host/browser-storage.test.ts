// The browser host's recovery slot under Node: IndexedDB from fake-indexeddb, localStorage as a Map.
// It keeps a snapshot far beyond localStorage's 5 MB, moves an older version's localStorage snapshot
// over, and when the browser's storage is full the user is told once, with what was not kept.
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppApi, RecoverySnapshot } from '../../../shared/api/app-api';
import { useDocumentStore } from '../store/document-store';
import { setHost } from '../store/host';
import { useNoticeStore } from '../store/notice-store';
import { useProjectStore } from '../store/project-store';
import { createBrowserRecovery, RecoveryWriteError } from './browser-storage';
import type { IdbFactoryLike } from './idb-slot';

const store = new Map<string, string>();
(globalThis as { localStorage?: unknown }).localStorage = {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => {
    if (value.length > 5_000_000) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    store.set(key, value);
  },
  removeItem: (key: string) => void store.delete(key),
};

const snapshot = (contents: string): RecoverySnapshot => ({ contents, fileName: 'mine.cnnstudio.json', savedAt: '2026-12-03T10:00:00.000Z' });

/** IndexedDB whose writes the browser refuses as over quota (as Chromium does when the disk or the origin's share is full). */
function fullFactory(): IdbFactoryLike {
  const real = new IDBFactory() as unknown as IdbFactoryLike;
  return {
    open(name, version) {
      const request = real.open(name, version);
      const success = () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        db.transaction = (storeName, mode) => {
          const t = transaction(storeName, mode);
          const objectStore = t.objectStore.bind(t);
          t.objectStore = (n) => {
            const s = objectStore(n);
            s.put = () => {
              throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
            };
            return s;
          };
          return t;
        };
      };
      let onsuccess: (() => void) | null = null;
      Object.defineProperty(request, 'onsuccess', {
        get: () => onsuccess,
        set: (fn: (() => void) | null) => {
          onsuccess = fn;
          (request as unknown as { addEventListener(type: string, fn: () => void): void }).addEventListener('success', () => (success(), fn?.()));
        },
      });
      return request;
    },
  };
}

beforeEach(() => store.clear());

describe('browser recovery slot (IndexedDB)', () => {
  it('keeps a 20 MB snapshot (four times what localStorage holds), reads it back and clears it', async () => {
    const recovery = createBrowserRecovery(new IDBFactory() as unknown as IdbFactoryLike);
    expect(await recovery.read()).toBeNull();
    const big = snapshot('x'.repeat(20_000_000));
    await recovery.write(big);
    expect(await recovery.read()).toEqual(big);
    expect(store.size).toBe(0);
    await recovery.clear();
    expect(await recovery.read()).toBeNull();
  });

  it('offers back the snapshot an older version left in localStorage, and moves it on the next write', async () => {
    store.set('cnn-studio.recovery', JSON.stringify(snapshot('old')));
    const recovery = createBrowserRecovery(new IDBFactory() as unknown as IdbFactoryLike);
    expect(await recovery.read()).toEqual(snapshot('old'));
    await recovery.write(snapshot('new'));
    expect(store.has('cnn-studio.recovery')).toBe(false);
    expect(await recovery.read()).toEqual(snapshot('new'));
  });

  it('without IndexedDB it uses localStorage, and says when that is full', async () => {
    const recovery = createBrowserRecovery(undefined);
    await recovery.write(snapshot('small'));
    expect(await recovery.read()).toEqual(snapshot('small'));
    await expect(recovery.write(snapshot('x'.repeat(6_000_000)))).rejects.toThrow(new RecoveryWriteError("this browser's storage for the site is full."));
  });

  it('a full storage rejects with the reason', async () => {
    const recovery = createBrowserRecovery(fullFactory());
    await expect(recovery.write(snapshot('x'))).rejects.toThrow("this browser's storage for the site is full.");
  });
});

describe('autosave when the storage is full', () => {
  it('tells the user once what was not kept, and again only after a write has worked', async () => {
    let full = true;
    const working = createBrowserRecovery(new IDBFactory() as unknown as IdbFactoryLike);
    const refusing = createBrowserRecovery(fullFactory());
    const writeRecovery = vi.fn((s: RecoverySnapshot) => (full ? refusing : working).write(s));
    setHost({ host: 'browser', writeRecovery, clearRecovery: vi.fn(async () => undefined), readRecovery: vi.fn(async () => null) } as unknown as AppApi);
    const edit = async (filters: number) => {
      useDocumentStore.getState().setParam('conv2d', 'filters', filters);
      await useProjectStore.getState().autosave();
    };

    await edit(8);
    const notice = useNoticeStore.getState().notice!;
    expect(notice.kind).toBe('error');
    expect(notice.text).toMatch(
      /^Autosave could not keep “Untitled\.cnnstudio\.json” \(\d+\.\d KiB\): this browser's storage for the site is full\. Save the project to keep this work; autosave tries again after each change\.$/,
    );
    useNoticeStore.getState().showNotice(null);
    await edit(9);
    expect(writeRecovery).toHaveBeenCalledTimes(2);
    expect(useNoticeStore.getState().notice).toBeNull();

    full = false;
    await edit(10);
    expect(useNoticeStore.getState().notice).toBeNull();
    full = true;
    await edit(11);
    expect(useNoticeStore.getState().notice?.text).toMatch(/^Autosave could not keep/);
  });
});
