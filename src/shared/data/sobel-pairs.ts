/**
 * Image → edge-map pairs for the course's "learn a kernel" lesson: each image's cross-correlation with
 * the course's horizontal Sobel kernel ('valid', so an H × W image gives (H − 2) × (W − 2)). A single
 * Conv2D 1@3×3 trained on these pairs with MSE rediscovers the kernel.
 */
import { crossCorrelate } from '../lab/convolve';
import { sobelHorizontal } from '../lab/kernels';
import { kernelFromMatrix, tensor3 } from '../lab/tensor';
import type { TensorData } from './datasets';
import type { ImageSplit } from './image-dataset';

export const SOBEL_PREFIX = 'sobel:';

/** Gray images (bytes) → pairs of (image / 255, its Sobel response). */
export function sobelPairs(split: ImageSplit, height: number, width: number, kernel = sobelHorizontal()): TensorData {
  const pixels = height * width;
  const outPixels = (height - 2) * (width - 2);
  const x = new Float32Array(split.count * pixels);
  const y = new Float32Array(split.count * outPixels);
  const k = kernelFromMatrix(kernel);
  for (let i = 0; i < split.count; i++) {
    const image = Float32Array.from(split.images.subarray(i * pixels, (i + 1) * pixels), (v) => v / 255);
    x.set(image, i * pixels);
    y.set(crossCorrelate(tensor3(height, width, 1, image), k, { padding: 'valid' }).data, i * outPixels);
  }
  return { x, y, count: split.count, sampleShape: [height, width, 1], targetShape: [height - 2, width - 2, 1] };
}
