/**
 * The user's own data, parsed into the same `ImageDataset` the bundled sets use: CSV (label + pixel
 * columns, as the common MNIST CSVs are), IDX image + label files, or decoded image-folder pixels.
 * Without a test split of their own, 20 % of the images (seeded, stratified by order) become the test set.
 */
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdxImages, parseIdxLabels } from './idx';
import type { ImageDataset, ImageSplit } from './image-dataset';
import { mulberry32 } from './random';

export const USER_DATASET_PREFIX = 'user:';

/**
 * The most the app reads as one dataset file (after decompression): larger files are refused before they
 * are read, with the reason, instead of exhausting the page's memory (the parsed pixels, the train/test
 * copies and the trainer's tensors each take as much again). MNIST's training images are 47 MiB as IDX
 * and 105 MiB as CSV.
 */
export const MAX_USER_DATA_BYTES = 256 * 2 ** 20;

const sizeText = (bytes: number) => (bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0)} MiB`);

/** Throws, naming the file, if `bytes` is over `limit` (`MAX_USER_DATA_BYTES`). */
export function checkUserDataSize(name: string, bytes: number, limit = MAX_USER_DATA_BYTES): void {
  if (bytes > limit) {
    throw new Error(
      `${name} is ${sizeText(bytes)}, more than the ${sizeText(limit)} CNN Studio reads as a dataset: use a subset of the images (fewer rows, or a smaller IDX file).`,
    );
  }
}
const TEST_FRACTION = 0.2;
/** Labels are stored as bytes. */
export const MAX_CLASSES = 256;

export interface LabelledImages {
  name: string;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
  images: Uint8Array;
  labels: Uint8Array;
}

/** Splits labelled images into train and test (a seeded shuffle, the same every time). */
export function toDataset(data: LabelledImages, seed = 1): ImageDataset {
  const count = data.labels.length;
  const pixels = data.height * data.width * data.channels;
  const order = Array.from({ length: count }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const testCount = Math.max(1, Math.round(count * TEST_FRACTION));
  const take = (indices: number[]): ImageSplit => {
    const images = new Uint8Array(indices.length * pixels);
    const labels = new Uint8Array(indices.length);
    indices.forEach((source, i) => {
      images.set(data.images.subarray(source * pixels, (source + 1) * pixels), i * pixels);
      labels[i] = data.labels[source]!;
    });
    return { images, labels, count: indices.length };
  };
  return {
    id: `${USER_DATASET_PREFIX}${data.name}`,
    name: data.name,
    height: data.height,
    width: data.width,
    channels: data.channels,
    classNames: data.classNames,
    train: take(order.slice(testCount)),
    test: take(order.slice(0, testCount)),
  };
}

/** Counts per class, for the preview. */
export function classCounts(dataset: ImageDataset): number[] {
  const counts = new Array<number>(dataset.classNames.length).fill(0);
  for (const split of [dataset.train, dataset.test]) for (let i = 0; i < split.count; i++) counts[split.labels[i]!]!++;
  return counts;
}

/** H × W × C for a row of `n` pixel values: square gray, or square RGB. */
function squareShape(n: number): { height: number; width: number; channels: number } | null {
  const gray = Math.round(Math.sqrt(n));
  if (gray * gray === n) return { height: gray, width: gray, channels: 1 };
  const rgb = Math.round(Math.sqrt(n / 3));
  if (rgb * rgb * 3 === n) return { height: rgb, width: rgb, channels: 3 };
  return null;
}

/**
 * A CSV of `label, p0, p1, …` rows (an optional header row is skipped). Pixels are 0–255 (or 0–1,
 * then scaled). Throws a message that names the line at fault.
 */
export function parseCsvImages(text: string, name: string): LabelledImages {
  checkUserDataSize(name, text.length);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${name} is empty.`);
  const first = lines[0]!.split(',');
  // A header names the pixel columns; the label column may hold words in any row, so it does not count.
  const hasHeader = first.slice(1).some((cell) => cell.trim() !== '' && !Number.isFinite(Number(cell)));
  const rows = hasHeader ? lines.slice(1) : lines;
  if (rows.length < 2) throw new Error(`${name} holds fewer than two images.`);
  const width = rows[0]!.split(',').length - 1;
  if (width === 0) throw new Error(`${name}: line ${hasHeader ? 2 : 1} has only a label: each row is the label, then the image's pixel values.`);
  const shape = squareShape(width);
  if (!shape) throw new Error(`${name}: a row has ${width} pixel values, which is not a square image (e.g. 784 = 28×28 gray, 3072 = 32×32 RGB).`);
  const values = new Float32Array(rows.length * width);
  const rawLabels: string[] = [];
  let max = 0;
  rows.forEach((row, r) => {
    const cells = row.split(',');
    const line = r + 1 + (hasHeader ? 1 : 0);
    if (cells.length !== width + 1) throw new Error(`${name}, line ${line}: ${cells.length} columns where the first row has ${width + 1}.`);
    rawLabels.push(cells[0]!.trim());
    for (let p = 0; p < width; p++) {
      const v = Number(cells[p + 1]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${name}, line ${line}, column ${p + 2}: "${cells[p + 1]}" is not a pixel value.`);
      values[r * width + p] = v;
      if (v > max) max = v;
    }
  });
  const scale = max <= 1 ? 255 : 1;
  if (max > 255) throw new Error(`${name}: pixel values go up to ${max}; expected 0–255 (or 0–1).`);
  const classNames = [...new Set(rawLabels)].sort((a, b) =>
    Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b),
  );
  if (classNames.length > MAX_CLASSES) throw new Error(`${name} has ${classNames.length} different labels; at most ${MAX_CLASSES} classes are supported.`);
  const index = new Map(classNames.map((c, i) => [c, i]));
  return {
    name,
    ...shape,
    classNames,
    images: Uint8Array.from(values, (v) => Math.round(v * scale)),
    labels: Uint8Array.from(rawLabels, (l) => index.get(l)!),
  };
}

/** A picked file's name and bytes (already decompressed). */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

const hasMagic = (bytes: Uint8Array, magic: number) =>
  bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === magic >> 8 && bytes[3] === (magic & 0xff);

/**
 * An IDX image file and its label file, in either order, as labelled images (classes 0…the largest label).
 * Throws a message naming the file at fault.
 */
export function parseIdxPair(files: readonly NamedBytes[], name: string): LabelledImages {
  for (const file of files) checkUserDataSize(file.name, file.bytes.length);
  const imageFile = files.find((f) => hasMagic(f.bytes, IDX_IMAGES_MAGIC));
  const labelFile = files.find((f) => hasMagic(f.bytes, IDX_LABELS_MAGIC));
  if (!imageFile || !labelFile) {
    const picked = files.map((f) => f.name).join(', ') || 'nothing';
    throw new Error(`Pick two IDX files together: the images (magic 0x00000803) and their labels (magic 0x00000801); picked: ${picked}.`);
  }
  const images = parseIdxImages(imageFile.bytes, imageFile.name);
  const labels = parseIdxLabels(labelFile.bytes, labelFile.name);
  if (images.count !== labels.count) throw new Error(`${imageFile.name} holds ${images.count} images but ${labelFile.name} holds ${labels.count} labels.`);
  if (images.count < 2) throw new Error(`${imageFile.name} holds ${images.count === 0 ? 'no images' : 'one image'}: training needs at least two.`);
  let largest = 0;
  for (const label of labels.labels) if (label > largest) largest = label;
  return {
    name,
    height: images.height,
    width: images.width,
    channels: 1,
    classNames: Array.from({ length: largest + 1 }, (_, i) => String(i)),
    images: images.pixels.slice(),
    labels: labels.labels.slice(),
  };
}
