/**
 * Batches for the model from compact datasets: 8-bit images become float tensors shaped like the
 * network's Input (rescaled or standardized per pixel, gray ↔ RGB converted, resized bilinearly),
 * labels become class indices or one-hot rows. Only one batch is ever materialized as floats.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingOptions } from '../api/training-protocol';
import type { TensorData } from '../data/datasets';
import type { ImageDataset, ImageSplit } from '../data/image-dataset';
import { mulberry32 } from '../data/random';

export type Split = 'train' | 'test';

export interface PreparedData {
  /** The dataset's display name, for messages. */
  name: string;
  kind: 'classification' | 'regression';
  classNames: string[];
  /** What happens between the file and the Input, in words (shown in the UI). */
  description: string;
  trainCount: number;
  testCount: number;
  /** A batch of the given split's samples; the caller disposes it. */
  batch(split: Split, indices: ArrayLike<number>): { xs: tf.Tensor; ys: tf.Tensor };
  /** Shape of one target, for regression data (checked against the network's output before training). */
  targetShape?: number[];
  /** The test images as bytes, for the gallery (image datasets only). */
  testImages?: { split: ImageSplit; height: number; width: number; channels: number };
  dispose(): void;
}

/** Fisher–Yates with a seeded generator: the same seed gives the same order. */
export function shuffled(count: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const rand = mulberry32(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export function prepareImageData(dataset: ImageDataset, inputShape: number[], options: TrainingOptions): PreparedData {
  const [height, width, channels] = inputShape as [number, number, number];
  const pixels = dataset.height * dataset.width * dataset.channels;
  const oneHot = options.loss === 'categoricalCrossentropy';
  const classes = dataset.classNames.length;
  const steps: string[] = [];
  if (dataset.channels !== channels) {
    if (!((dataset.channels === 1 && channels === 3) || (dataset.channels === 3 && channels === 1))) {
      throw new Error(
        `${dataset.name} has ${dataset.channels} channel(s) and the Input wants ${channels}: only gray ↔ RGB conversions are possible. Set the Input's channels to ${dataset.channels}.`,
      );
    }
    steps.push(dataset.channels === 1 ? 'gray copied to R, G and B' : 'RGB to gray (0.299 R + 0.587 G + 0.114 B)');
  }
  if (dataset.height !== height || dataset.width !== width) steps.push(`resized ${dataset.height}×${dataset.width} → ${height}×${width} (bilinear)`);

  // Per-pixel standardization statistics, from the training images as the course computes them.
  let mean: tf.Tensor | null = null;
  let std: tf.Tensor | null = null;
  if (options.preprocessing === 'standardize') {
    const sum = new Float64Array(pixels);
    const sumSq = new Float64Array(pixels);
    const { images, count } = dataset.train;
    for (let i = 0; i < count; i++) {
      for (let p = 0; p < pixels; p++) {
        const v = images[i * pixels + p]! / 255;
        sum[p]! += v;
        sumSq[p]! += v * v;
      }
    }
    const m = Float32Array.from(sum, (s) => s / count);
    const sd = Float32Array.from(sumSq, (s, p) => Math.sqrt(Math.max(s / count - m[p]! ** 2, 0)) + 1e-7);
    mean = tf.keep(tf.tensor(m, [dataset.height, dataset.width, dataset.channels]));
    std = tf.keep(tf.tensor(sd, [dataset.height, dataset.width, dataset.channels]));
    steps.unshift('pixels standardized per pixel: (x/255 − mean)/std over the training images');
  } else {
    steps.unshift('pixels × 1/255');
  }

  const splits: Record<Split, ImageSplit> = { train: dataset.train, test: dataset.test };
  return {
    name: dataset.name,
    kind: 'classification',
    classNames: dataset.classNames,
    description: `${dataset.name} ${dataset.height}×${dataset.width}×${dataset.channels} → Input ${height}×${width}×${channels}: ${steps.join('; ')}.`,
    trainCount: dataset.train.count,
    testCount: dataset.test.count,
    testImages: { split: dataset.test, height: dataset.height, width: dataset.width, channels: dataset.channels },
    batch(split, indices) {
      const source = splits[split];
      const n = indices.length;
      const raw = new Float32Array(n * pixels);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const index = indices[i]!;
        const offset = index * pixels;
        for (let p = 0; p < pixels; p++) raw[i * pixels + p] = source.images[offset + p]! / 255;
        labels[i] = source.labels[index]!;
      }
      return tf.tidy(() => {
        let xs: tf.Tensor = tf.tensor4d(raw, [n, dataset.height, dataset.width, dataset.channels]);
        if (mean && std) xs = xs.sub(mean).div(std);
        if (dataset.channels === 1 && channels === 3) xs = tf.tile(xs, [1, 1, 1, 3]);
        if (dataset.channels === 3 && channels === 1) xs = xs.mul(tf.tensor1d([0.299, 0.587, 0.114])).sum(-1, true);
        if (dataset.height !== height || dataset.width !== width) xs = tf.image.resizeBilinear(xs as tf.Tensor4D, [height, width]);
        const ys = oneHot ? tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() : tf.tensor1d(labels, 'float32');
        return { xs, ys };
      });
    },
    dispose() {
      mean?.dispose();
      std?.dispose();
    },
  };
}

/**
 * One 8-bit picture as the Input gets it, through the same conversion as training batches (gray ↔ RGB,
 * bilinear resize, × 1/255). The caller disposes the tensor.
 */
export function pictureToInput(picture: { pixels: Uint8Array; height: number; width: number; channels: 1 | 3 }, inputShape: number[]): tf.Tensor {
  const split = { images: picture.pixels, labels: new Uint8Array(1), count: 1 };
  const single: ImageDataset = {
    id: 'picture',
    name: 'The picture',
    height: picture.height,
    width: picture.width,
    channels: picture.channels,
    classNames: ['-', '-'],
    train: split,
    test: split,
  };
  const { xs, ys } = prepareImageData(single, inputShape, { preprocessing: 'rescale', loss: 'sparseCategoricalCrossentropy' } as TrainingOptions).batch(
    'test',
    [0],
  );
  ys.dispose();
  return xs;
}

/** Plain float data (x, y) — the synthetic regression set and image-to-image targets. */
export function prepareTensorData(data: TensorData, testFraction = 0.2): PreparedData {
  const testCount = Math.floor(data.count * testFraction);
  const trainCount = data.count - testCount;
  const xSize = data.sampleShape.reduce((a, b) => a * b, 1);
  const ySize = data.targetShape.reduce((a, b) => a * b, 1);
  return {
    name: 'the data',
    kind: 'regression',
    targetShape: data.targetShape,
    classNames: [],
    description: `${data.count} samples of ${data.sampleShape.join('×')} → ${data.targetShape.join('×')}, the last ${testCount} held out for testing.`,
    trainCount,
    testCount,
    batch(split, indices) {
      const n = indices.length;
      const x = new Float32Array(n * xSize);
      const y = new Float32Array(n * ySize);
      for (let i = 0; i < n; i++) {
        const index = (split === 'train' ? 0 : trainCount) + indices[i]!;
        x.set(data.x.subarray(index * xSize, (index + 1) * xSize), i * xSize);
        y.set(data.y.subarray(index * ySize, (index + 1) * ySize), i * ySize);
      }
      return { xs: tf.tensor(x, [n, ...data.sampleShape]), ys: tf.tensor(y, [n, ...data.targetShape]) };
    },
    dispose() {},
  };
}
