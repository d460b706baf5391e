// Reading picked files, under Node (Blob, CompressionStream and DecompressionStream are globals there too):
// gzip is unpacked, a corrupt one is refused with the file's name, and a small file that unpacks to
// more than the limit is stopped while it unpacks.
import { describe, expect, it } from 'vitest';
import { encodeIdx, IDX_LABELS_MAGIC } from '../../../shared/data/idx';
import { bytesOf } from './unpack';

async function gzipSync(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const named = (bytes: Uint8Array, name: string) => Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name });

describe('reading picked files', () => {
  it('unpacks .gz and reads other files as they are', async () => {
    const idx = encodeIdx(IDX_LABELS_MAGIC, [3], new Uint8Array([1, 2, 3]));
    expect([...(await bytesOf(named(await gzipSync(idx), 'train-labels-idx1-ubyte.gz')))]).toEqual([...idx]);
    expect([...(await bytesOf(named(idx, 'train-labels-idx1-ubyte')))]).toEqual([...idx]);
  });

  it('refuses a corrupt or cut gzip file, naming it', async () => {
    const packed = await gzipSync(new Uint8Array(1000).fill(7));
    await expect(bytesOf(named(packed.subarray(0, packed.length - 12), 'cut.gz'))).rejects.toThrow(
      /^cut\.gz could not be unpacked: it is not a complete gzip file/,
    );
    await expect(bytesOf(named(new Uint8Array([1, 2, 3, 4, 5]), 'junk.gz'))).rejects.toThrow(/^junk\.gz could not be unpacked/);
  });

  it('refuses a file over the limit before reading it, and a gzip bomb while it unpacks', async () => {
    await expect(bytesOf(named(new Uint8Array(2048), 'big.csv'), 1024)).rejects.toThrow(
      'big.csv is 2 KiB, more than the 1 KiB CNN Studio reads as a dataset: use a subset of the images (fewer rows, or a smaller IDX file).',
    );
    const bomb = await gzipSync(new Uint8Array(8 * 2 ** 20));
    expect(bomb.length).toBeLessThan(2 ** 20 / 16);
    await expect(bytesOf(named(bomb, 'bomb.gz'), 2 ** 20)).rejects.toThrow(/^bomb\.gz \(unpacked\) is 1\.\d MiB, more than the 1\.0 MiB/);
  });
});
