/**
 * Image → edge-map pairs for the course's "learn a kernel" lesson: each image's cross-correlation with
 * the horizontal Sobel kernel ('valid', so an H × W image gives (H − 2) × (W − 2)). A single Conv2D
 * 1@3×3 trained on these pairs with MSE rediscovers the kernel.
 */
import type { TensorData } from './datasets';
import type { ImageSplit } from './image-dataset';

export const SOBEL_PREFIX = 'sobel:';
export const SOBEL_HORIZONTAL = [
  [1, 2, 1],
  [0, 0, 0],
  [-1, -2, -1],
];

/** Cross-correlation ('valid') of one H × W gray image with a 3 × 3 kernel. */
export function correlateValid(image: Float32Array, height: number, width: number, kernel: number[][]): Float32Array {
  const out = new Float32Array((height - 2) * (width - 2));
  for (let r = 0; r < height - 2; r++) {
    for (let c = 0; c < width - 2; c++) {
      let sum = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += image[(r + i) * width + c + j]! * kernel[i]![j]!;
      out[r * (width - 2) + c] = sum;
    }
  }
  return out;
}

/** Gray images (bytes) → pairs of (image / 255, its Sobel response). */
export function sobelPairs(split: ImageSplit, height: number, width: number, kernel = SOBEL_HORIZONTAL): TensorData {
  const pixels = height * width;
  const outPixels = (height - 2) * (width - 2);
  const x = new Float32Array(split.count * pixels);
  const y = new Float32Array(split.count * outPixels);
  for (let i = 0; i < split.count; i++) {
    const image = Float32Array.from(split.images.subarray(i * pixels, (i + 1) * pixels), (v) => v / 255);
    x.set(image, i * pixels);
    y.set(correlateValid(image, height, width, kernel), i * outPixels);
  }
  return { x, y, count: split.count, sampleShape: [height, width, 1], targetShape: [height - 2, width - 2, 1] };
}
