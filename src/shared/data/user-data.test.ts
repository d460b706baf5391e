import { describe, expect, it } from 'vitest';
import { classCounts, parseCsvImages, toDataset } from './user-data';

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
