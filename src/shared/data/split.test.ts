import { describe, expect, it } from 'vitest';
import { apportion, packSplit, stratifiedSplit } from './split';

/** Class c holds the items `c:0`, `c:1`, …. */
const groups = (sizes: number[]) => sizes.map((n, c) => Array.from({ length: n }, (_, i) => `${c}:${i}`));
const fashionSizes = Array.from({ length: 10 }, () => 7000);

describe('stratifiedSplit', () => {
  it('makes 60,000 / 10,000 from 7,000 per class: 6,000 / 1,000 per class, nothing dropped', () => {
    const split = stratifiedSplit(groups(fashionSizes), { trainCount: 60_000, testCount: 10_000, seed: 1 });
    expect(split.train.length).toBe(60_000);
    expect(split.test.length).toBe(10_000);
    expect(split.dropped).toEqual([]);
    expect(split.perClass).toEqual(fashionSizes.map(() => [6000, 1000]));
    const perClass = (items: { label: number }[]) => items.reduce((n, { label }) => (n[label]!++, n), Array(10).fill(0) as number[]);
    expect(perClass(split.test)).toEqual(Array(10).fill(1000));
    expect(perClass(split.train)).toEqual(Array(10).fill(6000));
    expect([...split.train, ...split.test].filter(({ item, label }) => !item.startsWith(`${label}:`))).toEqual([]);
  });

  it('puts no image in both splits and loses none', () => {
    const split = stratifiedSplit(groups([50, 70, 30]), { trainCount: 120, testCount: 30, seed: 9 });
    const train = new Set(split.train.map((x) => x.item));
    const test = new Set(split.test.map((x) => x.item));
    expect(train.size).toBe(120);
    expect(test.size).toBe(30);
    expect([...test].filter((x) => train.has(x))).toEqual([]);
  });

  it('gives each class a test share proportional to its size (largest remainder)', () => {
    const split = stratifiedSplit(groups([50, 70, 30]), { trainCount: 120, testCount: 30, seed: 3 });
    expect(split.perClass).toEqual([
      [40, 10],
      [56, 14],
      [24, 6],
    ]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [2, 2, 3])).toEqual([2, 2, 3]);
    expect(apportion(10_000, fashionSizes)).toEqual(Array(10).fill(1000));
  });

  it('drops a surplus from the largest class: 70,002 images → 60,000 / 10,000 + 2 dropped, all from class 0', () => {
    const sizes = [7002, ...fashionSizes.slice(1)];
    const split = stratifiedSplit(groups(sizes), { trainCount: 60_000, testCount: 10_000, seed: 5 });
    expect(split.train.length).toBe(60_000);
    expect(split.test.length).toBe(10_000);
    expect(split.dropped.map((d) => d.label)).toEqual([0, 0]);
    expect(split.perClass).toEqual(fashionSizes.map(() => [6000, 1000]));
  });

  it('is deterministic for a seed and changes with it', () => {
    const options = { trainCount: 60_000, testCount: 10_000, seed: 20170825 };
    const a = stratifiedSplit(groups(fashionSizes), options);
    const b = stratifiedSplit(groups(fashionSizes), options);
    expect(a.test.map((x) => x.item)).toEqual(b.test.map((x) => x.item));
    expect(a.train.map((x) => x.item)).toEqual(b.train.map((x) => x.item));
    const c = stratifiedSplit(groups(fashionSizes), { ...options, seed: 1 });
    expect(c.test.map((x) => x.item)).not.toEqual(a.test.map((x) => x.item));
  });

  it('interleaves the classes instead of sorting by class, so a prefix is roughly stratified', () => {
    const split = stratifiedSplit(groups(fashionSizes), { trainCount: 60_000, testCount: 10_000, seed: 20170825 });
    const labels = split.train.map((x) => x.label);
    let changes = 0;
    for (let i = 1; i < labels.length; i++) if (labels[i] !== labels[i - 1]) changes++;
    expect(changes).toBeGreaterThan(50_000);
    const first2000 = Array(10).fill(0) as number[];
    for (const l of labels.slice(0, 2000)) first2000[l]!++;
    for (const n of first2000) expect(n).toBeGreaterThan(140); // 200 expected per class
    // and the items within a class are shuffled, not taken in file order
    const class0Test = split.test
      .filter((x) => x.label === 0)
      .map((x) => x.index)
      .sort((p, q) => p - q);
    expect(class0Test[class0Test.length - 1]).toBeGreaterThan(6000);
  });

  it('refuses too few images and bad counts', () => {
    expect(() => stratifiedSplit(groups([5, 5]), { trainCount: 8, testCount: 3, seed: 1 })).toThrow('10 images cannot make 8 train + 3 test images');
    expect(() => stratifiedSplit(groups([5, 5]), { trainCount: 1.5, testCount: 3, seed: 1 })).toThrow(/non-negative integers/);
  });
});

describe('packSplit', () => {
  it('packs images and labels in split order into fresh buffers', () => {
    const a = Uint8Array.of(1, 2);
    const b = Uint8Array.of(3, 4);
    const packed = packSplit(
      [
        { item: b, label: 1, index: 0 },
        { item: a, label: 0, index: 0 },
      ],
      2,
    );
    expect(packed.count).toBe(2);
    expect(Array.from(packed.images)).toEqual([3, 4, 1, 2]);
    expect(Array.from(packed.labels)).toEqual([1, 0]);
    expect(() => packSplit([{ item: Uint8Array.of(1), label: 0, index: 0 }], 2)).toThrow('packSplit: image 0 has 1 bytes, expected 2.');
  });
});
