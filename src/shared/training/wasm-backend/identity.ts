/**
 * Identity on wasm without a copy: the new tensor shares the input's buffer (its reference count goes
 * up), as the cpu backend's Identity and wasm's own Reshape do. tfjs never writes a tensor's buffer
 * after its kernel made it (`Variable.assign` swaps buffers), so sharing is safe. The gradient tape
 * clones every tensor a kernel saves for its backward pass (`saveTensorsForBackwardMode`): the stock
 * kernel copied each, 36 per step of the bench's model A, activations included.
 */
import { heapOf, type KernelArgs, type KernelContext, type TensorInfo } from './common';

export function identity(args: KernelArgs, { originals }: KernelContext): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string' || !heapOf(args.backend).dataIdMap.get(x.dataId)) return originals.get('Identity')!(args) as TensorInfo;
  (args.backend as unknown as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}
