import { describe, expect, it } from 'vitest';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, IdxFormatError, parseIdxImages, parseIdxLabels, parseIdxSplit } from './idx';

const images = (count: number, h: number, w: number, fill = (i: number) => i % 256) =>
  encodeIdx(
    IDX_IMAGES_MAGIC,
    [count, h, w],
    Uint8Array.from({ length: count * h * w }, (_, i) => fill(i)),
  );
const labels = (values: number[]) => encodeIdx(IDX_LABELS_MAGIC, [values.length], Uint8Array.from(values));

describe('IDX parsing', () => {
  it('reads big-endian dimensions and the pixels of an image file', () => {
    const bytes = images(3, 2, 5);
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 5]);
    const parsed = parseIdxImages(bytes, 'train-images');
    expect(parsed).toMatchObject({ count: 3, height: 2, width: 5 });
    expect(Array.from(parsed.pixels)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('reads dimensions above 255 (all four header bytes count)', () => {
    const parsed = parseIdxLabels(labels(Array.from({ length: 300 }, (_, i) => i % 10)));
    expect(parsed.count).toBe(300);
    expect(parsed.labels[299]).toBe(9);
  });

  it('reads a label file and a matching pair into fresh buffers', () => {
    const split = parseIdxSplit(images(2, 28, 28), labels([7, 2]), { name: 'test', classCount: 10 });
    expect(split).toMatchObject({ count: 2, height: 28, width: 28 });
    expect(Array.from(split.labels)).toEqual([7, 2]);
    expect(split.images.length).toBe(2 * 784);
    expect(split.images.byteOffset).toBe(0);
    expect(split.images.buffer.byteLength).toBe(2 * 784);
    expect(split.labels.buffer).not.toBe(split.images.buffer);
  });

  it('refuses a wrong magic number and says which kind of file it got', () => {
    expect(() => parseIdxImages(labels([1, 2]), 'train-images')).toThrow(
      'train-images: not an IDX image file: magic number 0x00000801 (an IDX label file), expected 0x00000803.',
    );
    expect(() => parseIdxLabels(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'train-labels')).toThrow(
      /train-labels: not an IDX label file: magic number 0x504b0304, expected 0x00000801/,
    );
    expect(() => parseIdxLabels(Uint8Array.from([0x1f, 0x8b, 8, 0]), 'x')).toThrow('x: the file is gzip-compressed; decompress it before parsing.');
  });

  it('refuses files shorter than their header', () => {
    expect(() => parseIdxImages(new Uint8Array(2), 'a')).toThrow('a: the file is 2 bytes, too short for an IDX header.');
    expect(() => parseIdxImages(images(1, 1, 1).subarray(0, 10), 'a')).toThrow('a: the file is 10 bytes, shorter than its 16-byte IDX header.');
  });

  it('says how many images a truncated file holds', () => {
    const full = encodeIdx(IDX_IMAGES_MAGIC, [60_000, 28, 28], new Uint8Array(60_000 * 784));
    expect(() => parseIdxImages(full.subarray(0, full.length - 784), 'train-images')).toThrow(
      new IdxFormatError('train-images: header says 60000 images of 28×28 but the file holds 59999'.concat('.')),
    );
    expect(() => parseIdxImages(images(3, 2, 2).subarray(0, 16 + 10), 'x')).toThrow('x: header says 3 images of 2×2 but the file holds 2 and 2 bytes more.');
    expect(() => parseIdxLabels(labels([1, 2, 3]).subarray(0, 10), 'y')).toThrow('y: header says 3 labels but the file holds 2.');
  });

  it('refuses trailing bytes and empty images', () => {
    const extra = new Uint8Array(images(1, 2, 2).length + 4);
    extra.set(images(1, 2, 2));
    expect(() => parseIdxImages(extra, 'x')).toThrow('x: header says 1 image of 2×2 but the file holds 2.');
    expect(() => parseIdxImages(encodeIdx(IDX_IMAGES_MAGIC, [0, 0, 28], new Uint8Array()), 'x')).toThrow(/an image needs at least one pixel/);
  });

  it('refuses a pair whose counts differ, or labels beyond the classes', () => {
    expect(() => parseIdxSplit(images(3, 2, 2), labels([1, 2]), { name: 'train', classCount: 10 })).toThrow(
      'train: train-images holds 3 images but train-labels holds 2 labels.',
    );
    expect(() => parseIdxSplit(images(2, 2, 2), labels([1, 12]), { name: 'test', classCount: 10 })).toThrow(
      'test-labels: label 1 is 12, but there are only 10 classes (0–9).',
    );
  });

  it('works on a view that does not start at the buffer start', () => {
    const bytes = labels([4, 5]);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(Array.from(parseIdxLabels(padded.subarray(3)).labels)).toEqual([4, 5]);
  });
});
