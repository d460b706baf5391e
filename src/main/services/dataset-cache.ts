/**
 * The bundled datasets' binary cache on disk, one file per dataset (default
 * `node_modules/.cache/cnn-studio/datasets/<id>.bin`); the byte format is `src/shared/data/dataset-cache-format.ts`.
 *
 * It is written to a temporary name and renamed into place (atomic), and read back only when the format's
 * checks all pass; anything else (truncated, corrupted, an older format, a package update) is reported as
 * a problem and the loader rebuilds the file. A cache that cannot be written (read-only install) only costs speed.
 *
 * Electron-free; synchronous file I/O. Every array of a dataset read back owns its ArrayBuffer.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  CACHE_PREFIX_BYTES,
  cacheSectionArrays,
  checkCacheHeader,
  datasetFromCache,
  decodeCachePrefix,
  encodeCachePrefix,
  sectionProblem,
  type DatasetCacheHeader,
} from '../../shared/data/dataset-cache-format';
import { bundledDataset, type ImageDataset } from '../../shared/data/image-dataset';
import { packageSource, type PackageOptions } from './dataset-packages';

export interface CacheOptions extends PackageOptions {
  /** Folder for the binary cache; `false` disables it. Default: `node_modules/.cache/cnn-studio/datasets`. */
  cacheDir?: string | false;
}

/** The cache file of dataset `id`, or undefined when the cache is disabled. */
export function cacheFileFor(id: string, options: CacheOptions = {}): string | undefined {
  if (options.cacheDir === false) return undefined;
  if (options.cacheDir) return join(options.cacheDir, `${id}.bin`);
  const source = packageSource(id, options);
  return join(dirname(source.dir), '.cache', 'cnn-studio', 'datasets', `${id}.bin`);
}

function readExactly(fd: number, length: number, position: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new Error(`the file ends ${length - done} bytes early`);
    done += n;
  }
  return out;
}

/** Reads a cache file of dataset `id` built from `source`; returns why it cannot be used instead of throwing. */
export function readCache(file: string, id: string, source: string): { dataset: ImageDataset; header: DatasetCacheHeader } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { problem: 'no cache yet' };
  }
  try {
    const fileSize = fstatSync(fd).size;
    const prefix = decodeCachePrefix(fileSize < CACHE_PREFIX_BYTES ? new Uint8Array(0) : readExactly(fd, CACHE_PREFIX_BYTES, 0), fileSize);
    if ('problem' in prefix) return prefix;
    const { headerLength } = prefix;
    const checked = checkCacheHeader(new TextDecoder().decode(readExactly(fd, headerLength, CACHE_PREFIX_BYTES)), { id, source, fileSize, headerLength });
    if ('problem' in checked) return checked;
    const { header } = checked;
    let position = CACHE_PREFIX_BYTES + headerLength;
    const arrays: Uint8Array[] = [];
    for (const s of header.sections) {
      const bytes = readExactly(fd, s.length, position);
      const problem = sectionProblem(bytes, s);
      if (problem) return { problem };
      arrays.push(bytes);
      position += s.length;
    }
    return { header, dataset: datasetFromCache(header, bundledDataset(id).name, arrays) };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/** Writes the cache atomically (temporary file, then rename). */
export function writeCache(file: string, header: DatasetCacheHeader, dataset: ImageDataset): void {
  mkdirSync(dirname(file), { recursive: true });
  const json = new TextEncoder().encode(JSON.stringify(header));
  const temporary = `${file}.${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const bytes of [encodeCachePrefix(json.length), json, ...cacheSectionArrays(dataset)]) {
        let done = 0;
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
