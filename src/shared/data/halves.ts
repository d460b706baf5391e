/**
 * "Halves": a tiny synthetic image set for tests (8×8 gray; a bright left half is class 0, a bright
 * right half class 1). Learnable in a few batches, so training paths are tested in well under a second.
 */
import type { ImageDataset, ImageSplit } from './image-dataset';
import { mulberry32 } from './random';

export function halves(count: number, seed: number): ImageSplit {
  const rand = mulberry32(seed);
  const images = new Uint8Array(count * 64);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) images[i * 64 + r * 8 + c] = c < 4 === (label === 0) ? 150 + rand() * 100 : rand() * 60;
  }
  return { images, labels, count };
}

export function halvesDataset(testCount = 64): ImageDataset {
  return { id: 'halves', name: 'Halves', height: 8, width: 8, channels: 1, classNames: ['left', 'right'], train: halves(256, 1), test: halves(testCount, 2) };
}
