/**
 * Preparing a photo for the lab as the notebooks do: RGB → gray, a centre crop, and resizing
 * (bilinear, half-pixel centres, as tf.image.resize / skimage do without anti-aliasing).
 */
import { tensor3, type Tensor3 } from './tensor';

/** Weighted gray, the same weights the training pipeline uses (ITU-R 601). */
export function toGray(t: Tensor3): Tensor3 {
  if (t.channels === 1) return t;
  const out = tensor3(t.height, t.width, 1);
  for (let p = 0; p < t.height * t.width; p++) out.data[p] = 0.299 * t.data[p * 3]! + 0.587 * t.data[p * 3 + 1]! + 0.114 * t.data[p * 3 + 2]!;
  return out;
}

/** The largest centred square. */
export function centerSquare(t: Tensor3): Tensor3 {
  const size = Math.min(t.height, t.width);
  const top = Math.floor((t.height - size) / 2);
  const left = Math.floor((t.width - size) / 2);
  const out = tensor3(size, size, t.channels);
  for (let r = 0; r < size; r++)
    out.data.set(t.data.subarray(((top + r) * t.width + left) * t.channels, ((top + r) * t.width + left + size) * t.channels), r * size * t.channels);
  return out;
}

export function resizeBilinear(t: Tensor3, height: number, width: number): Tensor3 {
  if (height === t.height && width === t.width) return t;
  const out = tensor3(height, width, t.channels);
  const sy = t.height / height;
  const sx = t.width / width;
  for (let r = 0; r < height; r++) {
    const y = Math.max(0, (r + 0.5) * sy - 0.5);
    const y0 = Math.min(t.height - 1, Math.floor(y));
    const y1 = Math.min(t.height - 1, y0 + 1);
    const fy = y - y0;
    for (let c = 0; c < width; c++) {
      const x = Math.max(0, (c + 0.5) * sx - 0.5);
      const x0 = Math.min(t.width - 1, Math.floor(x));
      const x1 = Math.min(t.width - 1, x0 + 1);
      const fx = x - x0;
      for (let ch = 0; ch < t.channels; ch++) {
        const at = (yy: number, xx: number) => t.data[(yy * t.width + xx) * t.channels + ch]!;
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out.data[(r * width + c) * t.channels + ch] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
