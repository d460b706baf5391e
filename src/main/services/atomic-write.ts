/**
 * The one way this app writes a file the user cares about (projects, exports, user-data documents):
 * into `<name>.saving` beside the target, flushed to disk (fsync) and closed, then renamed over the
 * target, then the folder itself flushed where the platform allows it (not on Windows, whose folders
 * cannot be opened). At every instant the target is either the complete old file or the complete new
 * one, whether the process is killed or the machine loses power.
 *
 * With `backup: true` the previous version is kept as `<name>.bak` (one generation) before it is
 * replaced: a hard link where the file system has them (no copy, and never a moment without the
 * target), else a copy made the same atomic way. A save killed at any point leaves `<name>.saving`
 * behind at worst; the next save to the same file overwrites it.
 *
 * Writes to one target are queued in this process, so two saves of the same file never share the
 * temporary file.
 */
import { constants } from 'node:fs';
import { copyFile, link, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const TEMPORARY_SUFFIX = '.saving';
export const BACKUP_SUFFIX = '.bak';

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `<path>.bak`. */
  backup?: boolean;
}

const queues = new Map<string, Promise<unknown>>();

/** Writes `data` to `path` atomically and durably (see the module comment). Rejects with the file system's error. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  // Queued in call order, keyed synchronously (an await before this would let later calls overtake).
  const key = resolve(path);
  const previous = queues.get(key) ?? Promise.resolve();
  // A symbolic link stays a link: the file it points at is the one replaced.
  const run = previous.catch(() => undefined).then(async () => replace(await realpath(path).catch(() => path), data, options));
  queues.set(key, run);
  try {
    await run;
  } finally {
    if (queues.get(key) === run) queues.delete(key);
  }
}

async function replace(target: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const temporary = `${target}${TEMPORARY_SUFFIX}`;
  const existing = await stat(target).catch(() => null);
  try {
    await writeDurably(temporary, data, existing?.mode);
    if (options.backup && existing?.isFile()) await keepBackup(target);
    await rename(temporary, target);
  } catch (e) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(target));
}

/** Writes, fsyncs and closes a file (created or truncated), keeping `mode` when the file it replaces had one. */
async function writeDurably(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, mode === undefined ? 0o666 : mode & 0o777);
  try {
    await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
    if (mode !== undefined) await handle.chmod(mode & 0o777);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `<target>.bak` becomes the current `<target>`: a second name for the same file, or a flushed copy. */
async function keepBackup(target: string): Promise<void> {
  const backup = `${target}${BACKUP_SUFFIX}`;
  await rm(backup, { force: true });
  try {
    await link(target, backup);
    return;
  } catch {
    // No hard links here (FAT, some network shares): copy instead.
  }
  const copying = `${backup}${TEMPORARY_SUFFIX}`;
  await copyFile(target, copying);
  const handle = await open(copying, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(copying, backup);
}

/** Makes the rename itself durable. Windows cannot open a folder, and some file systems refuse to fsync one: both are fine. */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file itself is already flushed.
  }
}
