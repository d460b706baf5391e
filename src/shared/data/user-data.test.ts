import { describe, expect, it } from 'vitest';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './idx';
import { classCounts, parseCsvImages, parseIdxPair, toDataset } from './user-data';

const row = (label: string, value: number, n = 4) => [label, ...Array(n).fill(value)].join(',');

describe('user data: CSV', () => {
  it('reads label + pixel rows (header optional), infers a square gray image, and orders numeric labels', () => {
    const csv = ['label,p0,p1,p2,p3', row('2', 255), row('10', 0), row('2', 128)].join('\n');
    const data = parseCsvImages(csv, 'tiny');
    expect(data).toMatchObject({ name: 'tiny', height: 2, width: 2, channels: 1, classNames: ['2', '10'] });
    expect([...data.labels]).toEqual([0, 1, 0]);
    expect([...data.images.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('scales 0–1 pixels to bytes and recognizes square RGB rows', () => {
    const data = parseCsvImages([row('a', 1, 12), row('b', 0.5, 12)].join('\n'), 'rgb');
    expect(data).toMatchObject({ height: 2, width: 2, channels: 3 });
    expect(data.images[12]).toBe(128);
  });

  it('names the line and column at fault', () => {
    expect(() => parseCsvImages([row('a', 1), 'b,1,2,x,4'].join('\n'), 'bad.csv')).toThrow('bad.csv, line 2, column 4: "x" is not a pixel value.');
    expect(() => parseCsvImages([row('a', 1), 'b,1,2'].join('\n'), 'bad.csv')).toThrow('bad.csv, line 2: 3 columns where the first row has 5.');
    expect(() => parseCsvImages([row('a', 1, 5), row('b', 1, 5)].join('\n'), 'odd.csv')).toThrow('a row has 5 pixel values, which is not a square image');
  });

  it('holds out 20 % as the test set, the same way every time, keeping every image once', () => {
    const csv = Array.from({ length: 50 }, (_, i) => row(String(i % 2), i)).join('\n');
    const dataset = toDataset(parseCsvImages(csv, 'fifty'));
    expect([dataset.train.count, dataset.test.count]).toEqual([40, 10]);
    expect(classCounts(dataset)).toEqual([25, 25]);
    expect(toDataset(parseCsvImages(csv, 'fifty')).test.images).toEqual(dataset.test.images);
    const firstPixels = new Set([...dataset.train.images, ...dataset.test.images]);
    expect(firstPixels.size).toBe(50);
    expect(dataset.id).toBe('user:fifty');
  });
});

describe('user data: IDX pair', () => {
  const images = { name: 'imgs.idx3-ubyte', bytes: encodeIdx(IDX_IMAGES_MAGIC, [3, 2, 2], new Uint8Array(12).fill(9)) };
  const labels = { name: 'lbls.idx1-ubyte', bytes: encodeIdx(IDX_LABELS_MAGIC, [3], new Uint8Array([0, 4, 1])) };

  it('reads the pair in either order, with classes up to the largest label', () => {
    expect(parseIdxPair([labels, images], 'mine')).toMatchObject({ name: 'mine', height: 2, width: 2, channels: 1, classNames: ['0', '1', '2', '3', '4'] });
  });

  it('names what is wrong: a missing half, disagreeing counts, too few images', () => {
    expect(() => parseIdxPair([images], 'x')).toThrow(
      'Pick two IDX files together: the images (magic 0x00000803) and their labels (magic 0x00000801); picked: imgs.idx3-ubyte.',
    );
    const two = { ...labels, bytes: encodeIdx(IDX_LABELS_MAGIC, [2], new Uint8Array([0, 1])) };
    expect(() => parseIdxPair([images, two], 'x')).toThrow('imgs.idx3-ubyte holds 3 images but lbls.idx1-ubyte holds 2 labels.');
    const none = [
      { ...images, bytes: encodeIdx(IDX_IMAGES_MAGIC, [0, 2, 2], new Uint8Array()) },
      { ...labels, bytes: encodeIdx(IDX_LABELS_MAGIC, [0], new Uint8Array()) },
    ];
    expect(() => parseIdxPair(none, 'x')).toThrow('imgs.idx3-ubyte holds no images: training needs at least two.');
  });

  it('a CSV of labels alone is refused, naming the line', () => {
    expect(() => parseCsvImages('a\nb\n', 'labels.csv')).toThrow("labels.csv: line 1 has only a label: each row is the label, then the image's pixel values.");
  });
});
