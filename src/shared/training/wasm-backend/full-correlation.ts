/**
 * The 'full' correlation both input gradients (Conv2D and depthwise) are built on: dy with zeros
 * inserted between its rows/columns for a forward stride s > 1, and the padding that turns its
 * correlation with the flipped kernel into dx.
 */
import type { Pad4, Shape4, TensorInfo } from './common';
import type { Scope } from './scope';

/**
 * dy [B, OH, OW, C] with s−1 zeros inserted after every row and column: [B, OH·sH, OW·sW, C]
 * (the trailing zeros are harmless extra rows/columns that the caller accounts for).
 */
function insertZeros(scope: Scope, dy: TensorInfo, [sH, sW]: [number, number]): TensorInfo {
  if (sH === 1 && sW === 1) return dy;
  const [b, oh, ow, c] = dy.shape as Shape4;
  let t = dy;
  if (sW > 1) {
    t = scope.reshape(t, [b * oh * ow, 1, c]);
    t = scope.run(
      'PadV2',
      { x: t },
      {
        paddings: [
          [0, 0],
          [0, sW - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
  }
  const w = ow * sW;
  if (sH > 1) {
    t = scope.reshape(t, [b * oh, 1, w * c]);
    t = scope.run(
      'PadV2',
      { x: t },
      {
        paddings: [
          [0, 0],
          [0, sH - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
  }
  return scope.reshape(t, [b, oh * sH, w, c]);
}

interface FullCorrelation {
  /** dy with zeros inserted and leading rows/columns cut where the conv's top/left pad would be negative. */
  input: TensorInfo;
  pad: Pad4;
}

/**
 * Padding that turns "dy (zero-inserted) correlated with the flipped kernel" into the input gradient:
 * top = K−1−padTop, bottom chosen so the output has `inSize` rows (never negative: extra output rows are
 * cropped by the caller); a negative top pad becomes a crop of the input.
 */
export function fullCorrelation(
  scope: Scope,
  dy: TensorInfo,
  strides: [number, number],
  filter: [number, number],
  padTopLeft: [number, number],
  inSize: [number, number],
): FullCorrelation {
  let input = insertZeros(scope, dy, strides);
  const begin = [0, 0, 0, 0];
  const pads: [number, number][] = [];
  for (let axis = 0; axis < 2; axis++) {
    let top = filter[axis]! - 1 - padTopLeft[axis]!;
    let length = input.shape[axis + 1]!;
    if (top < 0) {
      begin[axis + 1] = -top;
      length += top;
      top = 0;
    }
    const bottom = Math.max(0, inSize[axis]! + filter[axis]! - 1 - length - top);
    pads.push([top, bottom]);
  }
  if (begin.some((b) => b > 0)) {
    const [b, h, w, c] = input.shape as number[];
    input = scope.crop(input, begin, [b!, h! - begin[1]!, w! - begin[2]!, c!]);
  }
  return { input, pad: [[0, 0], pads[0]!, pads[1]!, [0, 0]] };
}
