/** The lab's input tensor from a decoded picture: × 1/255, gray or colour, cropped and resized as chosen. */
import type { Picture } from '../../../shared/api/training-protocol';
import { centerSquare, resizeBilinear, toGray } from '../../../shared/lab/resize';
import { tensor3, type Tensor3 } from '../../../shared/lab/tensor';

export function labInput(picture: Picture, color: 'gray' | 'color', crop: 'none' | 'square', size: number): Tensor3 {
  let t = tensor3(
    picture.height,
    picture.width,
    picture.channels,
    Float32Array.from(picture.pixels, (v) => v / 255),
  );
  if (color === 'gray') t = toGray(t);
  if (crop === 'square') t = centerSquare(t);
  if (size > 0 && Math.max(t.height, t.width) !== size) {
    const f = size / Math.max(t.height, t.width);
    t = resizeBilinear(t, Math.max(1, Math.round(t.height * f)), Math.max(1, Math.round(t.width * f)));
  }
  return t;
}
