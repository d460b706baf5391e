/**
 * One value kept under a key in IndexedDB (database `cnn-studio`, store `slots`), for the browser host's
 * recovery slot: IndexedDB holds hundreds of megabytes where localStorage holds about 5 MB, so a
 * project with its trained weights fits. Written against the few IndexedDB members it uses (typed here,
 * not from the DOM lib), so tests run it under Node with fake-indexeddb.
 *
 * A write that fails says whether the browser's storage is full (`QuotaExceededError`), so the host can
 * tell the user what was not kept.
 */

interface Request<T> {
  result: T;
  error: { name: string; message: string } | null;
  onsuccess: (() => void) | null;
  onerror: ((event: { preventDefault(): void }) => void) | null;
}
interface OpenRequest extends Request<Database> {
  onupgradeneeded: (() => void) | null;
  onblocked: (() => void) | null;
}
interface ObjectStore {
  get(key: string): Request<unknown>;
  put(value: unknown, key: string): Request<unknown>;
  delete(key: string): Request<undefined>;
}
interface Transaction {
  objectStore(name: string): ObjectStore;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  error: { name: string; message: string } | null;
}
interface Database {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite'): Transaction;
  close(): void;
  onversionchange: (() => void) | null;
}
/** The part of `IDBFactory` used here. */
export interface IdbFactoryLike {
  open(name: string, version: number): OpenRequest;
}

export type SlotWrite = { ok: true } | { ok: false; full: boolean; error: string };

const DATABASE = 'cnn-studio';
const STORE = 'slots';

const isQuota = (error: { name: string } | null | undefined) => error?.name === 'QuotaExceededError';

export class IdbSlots {
  private database: Promise<Database> | null = null;

  constructor(private readonly factory: IdbFactoryLike) {}

  private open(): Promise<Database> {
    this.database ??= new Promise<Database>((resolve, reject) => {
      const request = this.factory.open(DATABASE, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the database: let it, and reopen on the next call.
        db.onversionchange = () => {
          db.close();
          this.database = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(new Error(`IndexedDB could not be opened: ${request.error?.message ?? 'unknown error'}`));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of CNN Studio.'));
    }).catch((e: unknown) => {
      this.database = null;
      throw e;
    });
    return this.database;
  }

  async read(key: string): Promise<unknown> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(request.error?.message ?? 'IndexedDB read failed'));
    });
  }

  /** Resolves when the value is committed; a failure is a result, never a rejection. */
  async write(key: string, value: unknown): Promise<SlotWrite> {
    let db: Database;
    try {
      db = await this.open();
    } catch (e) {
      return { ok: false, full: false, error: (e as Error).message };
    }
    return new Promise<SlotWrite>((resolve) => {
      let transaction: Transaction;
      try {
        transaction = db.transaction(STORE, 'readwrite');
        const request = transaction.objectStore(STORE).put(value, key);
        request.onerror = (event) => event.preventDefault(); // reported once, by the transaction
      } catch (e) {
        return resolve({ ok: false, full: isQuota(e as { name: string }), error: (e as Error).message });
      }
      transaction.oncomplete = () => resolve({ ok: true });
      const failed = () => resolve({ ok: false, full: isQuota(transaction.error), error: transaction.error?.message ?? 'the write was aborted' });
      transaction.onerror = failed;
      transaction.onabort = failed;
    });
  }

  async remove(key: string): Promise<void> {
    const db = await this.open();
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(STORE, 'readwrite');
      transaction.objectStore(STORE).delete(key);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(new Error(transaction.error?.message ?? 'IndexedDB delete failed'));
    });
  }
}
