/**
 * Cast on wasm without a copy when the dtype does not change (float32 → float32: relu's gradient,
 * the losses, `toFloat` on float data): the new tensor shares the input's buffer, as Identity does.
 * A real conversion is the stock kernel's.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf, type KernelArgs, type KernelContext, type TensorInfo } from './common';

export function cast(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (x.dtype !== dtype || x.dtype === 'string' || !heapOf(args.backend).dataIdMap.get(x.dataId)) return originals.get('Cast')!(args) as TensorInfo;
  (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}
