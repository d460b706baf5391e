/**
 * MaxPoolGrad on wasm: the stock one takes ~5 ms for a 64×28×28×8 input, and routes ties and
 * all-negative windows differently from the cpu backend. The full windows of a 2×2, stride-2 pool
 * (valid or same: no padding before) run the SIMD kernel of simd/max-pool-grad-kernel.ts; partial
 * windows at odd edges, other pools, and engines without wasm SIMD run a plain loop over the heap.
 */
import * as tf from '@tensorflow/tfjs';
import { heapOf, type HeapBackend, type KernelArgs, type KernelContext, type Shape4, type TensorInfo } from './common';
import { addressOf, heapModule } from './simd/heap-module';
import { maxPoolGradModule, type Pool2x2 } from './simd/max-pool-grad-kernel';

/** The gradient w.r.t. the pool's input, from its input, forward output and output gradient. */
export function maxPoolGrad(args: KernelArgs, { stats }: KernelContext): TensorInfo {
  const { dy, input, output } = args.inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const backend = heapOf(args.backend);
  const out = backend.makeOutput(input.shape, 'float32');
  // Views after makeOutput: an allocation may grow (and detach) the heap.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const y = backend.typedArrayFromHeap(output) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight, strideWidth } = info;
  const pool2x2 = info.effectiveFilterHeight === 2 && info.effectiveFilterWidth === 2 && strideHeight === 2 && strideWidth === 2;
  const kernel = pool2x2 && info.padInfo.top === 0 && info.padInfo.left === 0 && x.length > 0 ? simdKernel(backend) : null;
  if (!kernel) {
    dx.fill(0);
    loopGrad(x, y, g, dx, info, 0, 0);
    return out;
  }
  // Full windows: rows × cols of them per image; the rest (odd H or W) are partial or read nothing.
  const rows = Math.min(OH, Math.floor(H / 2));
  const cols = Math.min(OW, Math.floor(W / 2));
  if (rows * 2 !== H || cols * 2 !== W) dx.fill(0);
  if (stats) stats.simdMaxPoolGrad++;
  const [px, py, pg, pd] = [input, output, dy, out].map((t) => addressOf(backend, t));
  const xRow = W * C * 4;
  const yRow = OW * C * 4;
  // Images follow each other at the row stride when H is even and every output row is full: one call.
  if (rows * 2 === H && rows === OH) kernel(px!, py!, pg!, pd!, batchSize * rows, cols, C * 4, xRow, yRow);
  else
    for (let b = 0; b < batchSize; b++) kernel(px! + b * H * xRow, py! + b * OH * yRow, pg! + b * OH * yRow, pd! + b * H * xRow, rows, cols, C * 4, xRow, yRow);
  if (rows < OH || cols < OW) loopGrad(x, y, g, dx, info, rows, cols);
  return out;
}

function simdKernel(backend: HeapBackend): Pool2x2 | null {
  const exports = heapModule(backend, 'maxPoolGrad', maxPoolGradModule);
  return exports ? (exports.pool2x2 as Pool2x2) : null;
}

/**
 * Gives each window's gradient to the first (row-major) element equal to the window's maximum — the
 * forward output `y`, so the max is not searched again — exactly as the cpu backend routes it, into dx
 * (zeroed by the caller), skipping the windows (oh < doneRows, ow < doneCols) the SIMD kernel computed.
 * The loops are branch-free (a data-dependent branch per element costs more than the arithmetic).
 */
function loopGrad(x: Float32Array, y: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo, doneRows: number, doneCols: number) {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight, strideWidth } = info;
  const fh = info.effectiveFilterHeight;
  const fw = info.effectiveFilterWidth;
  const window = new Int32Array(fh * fw);
  // Windows that do not overlap write each input element at most once: no read-modify-write.
  const disjoint = strideHeight >= fh && strideWidth >= fw;
  let k = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const r0 = oh * strideHeight - info.padInfo.top;
      const rStart = Math.max(0, r0);
      const rEnd = Math.min(H, r0 + fh);
      const firstCol = oh < doneRows ? doneCols : 0;
      k = ((b * OH + oh) * OW + firstCol) * C;
      for (let ow = firstCol; ow < OW; ow++, k += C) {
        const c0 = ow * strideWidth - info.padInfo.left;
        const cStart = Math.max(0, c0);
        const cEnd = Math.min(W, c0 + fw);
        if (rEnd - rStart === 2 && cEnd - cStart === 2) {
          // The common 2×2 window, unrolled.
          const p00 = ((b * H + rStart) * W + cStart) * C;
          const p01 = p00 + C;
          const p10 = p00 + W * C;
          const p11 = p10 + C;
          for (let c = 0; c < C; c++) {
            const max = y[k + c]!;
            const t = max === -Infinity ? 0 : g[k + c]!;
            const e0 = +(x[p00 + c]! === max);
            const e1 = +(x[p01 + c]! === max) & ~e0 & 1;
            const f1 = e0 | e1;
            const e2 = +(x[p10 + c]! === max) & ~f1 & 1;
            const e3 = +(x[p11 + c]! === max) & ~(f1 | e2) & 1;
            if (disjoint) {
              dx[p00 + c] = t * e0;
              dx[p01 + c] = t * e1;
              dx[p10 + c] = t * e2;
              dx[p11 + c] = t * e3;
            } else {
              dx[p00 + c] = dx[p00 + c]! + t * e0;
              dx[p01 + c] = dx[p01 + c]! + t * e1;
              dx[p10 + c] = dx[p10 + c]! + t * e2;
              dx[p11 + c] = dx[p11 + c]! + t * e3;
            }
          }
          continue;
        }
        let n = 0;
        for (let r = rStart; r < rEnd; r++) for (let col = cStart; col < cEnd; col++) window[n++] = ((b * H + r) * W + col) * C;
        for (let c = 0; c < C; c++) {
          const max = y[k + c]!;
          // A window of -Infinity (or padding only) has no maximum on cpu: no gradient.
          const t = max === -Infinity ? 0 : g[k + c]!;
          let found = 0;
          for (let j = 0; j < n; j++) {
            const at = window[j]! + c;
            const hit = +(x[at]! === max) & ~found & 1;
            dx[at] = dx[at]! + t * hit;
            found |= hit;
          }
        }
      }
    }
  }
}
