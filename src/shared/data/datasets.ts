/**
 * Datasets the hosts can offer. Data is plain typed arrays (x row-major, y row-major) so it moves
 * between threads as transferable buffers.
 */
import type { DatasetChoice } from '../api/app-api';
import { BUNDLED_IMAGE_DATASETS } from './image-dataset';
import { mulberry32, normal } from './random';

export interface DatasetInfo {
  id: string;
  name: string;
  description: string;
  /** Shape of one sample, without the batch axis. */
  sampleShape: number[];
  /** Shape of one target. */
  targetShape: number[];
  size: number;
}

export interface TensorData {
  x: Float32Array;
  y: Float32Array;
  count: number;
  sampleShape: number[];
  targetShape: number[];
}

/** y = x·w + b + noise with fixed w, b: a task a single Dense unit can learn exactly. */
export const SYNTHETIC_LINEAR: DatasetInfo = {
  id: 'synthetic-linear',
  name: 'Synthetic linear (4 features)',
  description: 'y = 2·x₁ − 3·x₂ + 0.5·x₃ + x₄ + 1 with small noise; a Dense(1) can fit it exactly.',
  sampleShape: [4],
  targetShape: [1],
  size: 256,
};

const TRUE_WEIGHTS = [2, -3, 0.5, 1];
const TRUE_BIAS = 1;

export function syntheticLinear(count: number, seed: number): TensorData {
  const rand = mulberry32(seed);
  const features = TRUE_WEIGHTS.length;
  const x = new Float32Array(count * features);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let target = TRUE_BIAS;
    for (let j = 0; j < features; j++) {
      const v = normal(rand);
      x[i * features + j] = v;
      target += TRUE_WEIGHTS[j]! * v;
    }
    y[i] = target + 0.01 * normal(rand);
  }
  return { x, y, count, sampleShape: [features], targetShape: [1] };
}

/** Every dataset a host offers: the bundled image sets and the synthetic regression set. */
export function datasetChoices(): DatasetChoice[] {
  return [
    ...BUNDLED_IMAGE_DATASETS.map((d) => ({
      id: d.id,
      name: d.name,
      description: d.description,
      kind: 'images' as const,
      shape: [d.height, d.width, d.channels] as [number, number, number],
      trainCount: d.trainCount,
      testCount: d.testCount,
    })),
    {
      id: 'sobel:mnist',
      name: 'MNIST → Sobel edges (learn a kernel)',
      description:
        "Each MNIST digit paired with its horizontal Sobel response ('valid'): train one Conv2D 1@3×3 without bias on 28×28×1 with MSE and watch it rediscover the kernel.",
      kind: 'regression' as const,
      shape: [28, 28, 1] as [number, number, number],
      trainCount: 60_000,
      testCount: 10_000,
    },
    ...BUILTIN_DATASETS.map((d) => ({ id: d.id, name: d.name, description: d.description, kind: 'regression' as const })),
  ];
}

/** Datasets every host can produce without files. */
export const BUILTIN_DATASETS: DatasetInfo[] = [SYNTHETIC_LINEAR];

export function loadBuiltinDataset(id: string, seed: number): TensorData {
  if (id === SYNTHETIC_LINEAR.id) return syntheticLinear(SYNTHETIC_LINEAR.size, seed);
  throw new Error(`Unknown dataset "${id}". Available: ${BUILTIN_DATASETS.map((d) => d.id).join(', ')}.`);
}
