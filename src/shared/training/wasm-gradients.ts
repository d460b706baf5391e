/**
 * Fast convolution gradients for tfjs's `wasm` backend (tfjs 4.22), built from kernels it already has.
 *
 * The stock wasm backend cannot train a Conv2D at all (no `Conv2DBackpropFilter`), its
 * `Conv2DBackpropInput` is a naive loop, depthwise gradients are missing, and `BatchMatMul` with a
 * transposed operand (every Dense layer's backward pass) falls off XNNPACK onto a scalar loop. Each
 * gradient here is rewritten as an XNNPACK forward convolution (or an untransposed matmul):
 *
 * - filter gradient: dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−pT, ow·s+kw−pL, ci] · dy[b,oh,ow,co],
 *   i.e. a convolution whose batch is ci, whose input channels are the batch b, whose "kernel" is dy
 *   (OH×OW) and whose dilation is the forward stride s;
 * - input gradient: dx = the 'full' correlation of dy (zeros inserted between its rows/columns when
 *   s > 1) with the kernel flipped in space and with ci/co swapped.
 *
 * Where the filter gradient's output channels come in fours, it runs instead on our own wasm SIMD kernel
 * (wasm-simd/filter-gradient.ts), 1.6–1.9× faster than the XNNPACK route, which stays for the rest.
 *
 * Two more kernels are plain loops over the wasm heap (as the backend's own Slice and Concat are):
 * `MaxPoolGrad` (the stock one takes ~5 ms for a 64×28×28×8 input, and routes ties and all-negative
 * windows differently from the cpu backend) and `Sum` over leading axes (the stock one transposes
 * the whole tensor first: every conv bias gradient).
 *
 * Environment-free: only tfjs APIs. Kernels are called directly (`getKernel(...).kernelFunc`), the
 * way backends compose kernels, so nothing is recorded on the gradient tape and every intermediate
 * is released with `backend.disposeData`.
 */
import * as tf from '@tensorflow/tfjs';
import { simdFilterGradient, simdFilterGradientApplies, type HeapBackend } from './wasm-simd/filter-gradient';

type TensorInfo = tf.TensorInfo;
type Backend = tf.KernelBackend;
type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

const BACKEND = 'wasm';

/** Kernel names this module registers (or replaces) on the wasm backend. */
export const WASM_GRADIENT_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'BatchMatMul',
  'MaxPoolGrad',
  'Sum',
] as const;

/** Runs one of the wasm backend's kernels directly and records its output for release. */
class Scope {
  private readonly temps: TensorInfo[] = [];
  constructor(
    readonly backend: Backend,
    private readonly originals: Map<string, tf.KernelFunc>,
  ) {}

  run(kernel: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
    const func = this.originals.get(kernel) ?? tf.getKernel(kernel, BACKEND)?.kernelFunc;
    if (!func) throw new Error(`wasm kernel ${kernel} is not registered`);
    const out = func({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
    this.temps.push(out);
    return out;
  }

  /** Records a tensor made directly with `makeOutput` for release. */
  track(t: TensorInfo): TensorInfo {
    this.temps.push(t);
    return t;
  }

  reshape(x: TensorInfo, shape: number[]) {
    return this.run('Reshape', { x }, { shape });
  }
  transpose(x: TensorInfo, perm: number[]) {
    return this.run('Transpose', { x }, { perm });
  }
  /** Rows/columns [begin, begin+size) of an NHWC tensor (a no-op when nothing is cut). */
  crop(x: TensorInfo, begin: number[], size: number[]) {
    if (begin.every((b) => b === 0) && size.every((s, i) => s === x.shape[i])) return x;
    return this.run('Slice', { x }, { begin, size });
  }

  /** Hands `result` to the caller (it is not released) and releases every other intermediate. */
  finish(result: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== result) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
    return result;
  }

  /** Releases everything (after an error). */
  abandon() {
    for (const t of this.temps) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

const pair = (v: number | [number, number] | number[]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0]!, v[1]!]);

function assertChannelsLast(dataFormat: string | undefined, kernel: string) {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast')
    throw new Error(`${kernel} on wasm supports NHWC (channelsLast) only, got ${dataFormat}.`);
}

function assertNoDilation(dilations: number | [number, number] | undefined, kernel: string) {
  if (dilations !== undefined && pair(dilations).some((d) => d !== 1))
    throw new Error(`${kernel}: dilation rates greater than 1 are not supported in gradients.`);
}

/** Runs `body` in a fresh scope: its result is kept, every intermediate is released, on a throw too. */
function inScope(backend: Backend, originals: Map<string, tf.KernelFunc>, body: (scope: Scope) => TensorInfo): TensorInfo {
  const scope = new Scope(backend, originals);
  try {
    return scope.finish(body(scope));
  } catch (e) {
    scope.abandon();
    throw e;
  }
}

/**
 * dy [B, OH, OW, C] with s−1 zeros inserted after every row and column: [B, OH·sH, OW·sW, C]
 * (the trailing zeros are harmless extra rows/columns that the caller accounts for).
 */
function insertZeros(scope: Scope, dy: TensorInfo, [sH, sW]: [number, number]): TensorInfo {
  if (sH === 1 && sW === 1) return dy;
  const [b, oh, ow, c] = dy.shape as [number, number, number, number];
  let t = dy;
  if (sW > 1) {
    t = scope.reshape(t, [b * oh * ow, 1, c]);
    t = scope.run('PadV2', { x: t }, { paddings: [[0, 0], [0, sW - 1], [0, 0]], constantValue: 0 });
  }
  const w = ow * sW;
  if (sH > 1) {
    t = scope.reshape(t, [b * oh, 1, w * c]);
    t = scope.run('PadV2', { x: t }, { paddings: [[0, 0], [0, sH - 1], [0, 0]], constantValue: 0 });
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
function fullCorrelation(
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

/**
 * [KH, KW, ci, co] → flipped in space with in/out swapped, [KH, KW, co, ci], in one pass over the heap
 * (the stock Reverse then Transpose took ~25 ms for a 3×3×256×256 kernel, this well under 1 ms).
 */
function flippedSwapped(scope: Scope, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const backend = scope.backend as unknown as HeapBackend;
  const out = scope.track(backend.makeOutput([kh, kw, co, ci], 'float32'));
  const src = backend.typedArrayFromHeap(filter) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const taps = kh * kw;
  const block = ci * co;
  for (let t = 0; t < taps; t++) {
    const from = (taps - 1 - t) * block;
    const to = t * block;
    for (let i = 0; i < ci; i++) for (let o = 0, at = from + i * co; o < co; o++) dst[to + o * ci + i] = src[at + o]!;
  }
  return out;
}

function conv2DBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  // NCHW (never produced by tfjs-layers): the stock kernel handles it.
  if (attrs.dataFormat === 'NCHW') return originals.get('Conv2DBackpropInput')!(args) as TensorInfo;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return inScope(args.backend, originals, (scope) => {
    const kernel = flippedSwapped(scope, filter);
    const { input, pad } = fullCorrelation(
      scope,
      dy,
      [info.strideHeight, info.strideWidth],
      [info.filterHeight, info.filterWidth],
      [info.padInfo.top, info.padInfo.left],
      [info.inHeight, info.inWidth],
    );
    const dx = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    return scope.crop(dx, [0, 0, 0, 0], inputShape);
  });
}

/** Up to this many rows (KH·KW·ci) the filter gradient is an explicit im2col and one XNNPACK matrix product. */
const IM2COL_MAX_ROWS = 64;

/**
 * Filter gradient for few input rows (small kernels over few channels, e.g. a first layer): the
 * patches Pᵀ [KH·KW·ci, B·OH·OW] are written out in one pass, then dW = Pᵀ · dy [B·OH·OW, co] is
 * XNNPACK's fully-connected GEMM (the stock BatchMatMul fast path). The convolution route packs the
 * whole dy as a "kernel" and walks ci·KH·KW output pixels over it, which costs more at this size.
 */
function filterGradientIm2col(scope: Scope, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo, filterShape: [number, number, number, number]): TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const { batchSize, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const n = batchSize * OH * OW;
  const backend = scope.backend as unknown as HeapBackend;
  const patches = scope.track(backend.makeOutput([1, kh * kw * ci, n], 'float32'));
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const p = backend.typedArrayFromHeap(patches) as Float32Array;
  let at = 0;
  for (let r = 0; r < kh; r++) {
    for (let q = 0; q < kw; q++) {
      for (let c = 0; c < ci; c++) {
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + r - padTop;
            if (ih < 0 || ih >= H) {
              p.fill(0, at, at + OW);
              at += OW;
              continue;
            }
            const row = (b * H + ih) * W;
            for (let ow = 0; ow < OW; ow++) {
              const iw = ow * sw + q - padLeft;
              p[at++] = iw >= 0 && iw < W ? xs[(row + iw) * ci + c]! : 0;
            }
          }
        }
      }
    }
  }
  const product = scope.run('BatchMatMul', { a: patches, b: scope.reshape(dy, [1, n, co]) }, { transposeA: false, transposeB: false });
  return scope.reshape(product, filterShape);
}

function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  assertChannelsLast(attrs.dataFormat, 'Conv2DBackpropFilter');
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const [kh, kw, ci, co] = filterShape;
  return inScope(args.backend, originals, (scope) => {
    if (simdFilterGradientApplies(scope.backend, co, info)) {
      const heap = scope.backend as unknown as HeapBackend;
      return simdFilterGradient(heap, (shape, dtype) => scope.track(heap.makeOutput(shape, dtype)), x, dy, info, filterShape);
    }
    // XNNPACK repacks a convolution's kernel on every call (~5–10 ns an element): the routes differ in
    // what they pack. dy-as-kernel packs B·OH·OW·co elements; x-as-kernel (stride 1) packs B·H·W·ci.
    const { padInfo } = info;
    const xAsKernel =
      info.strideHeight === 1 &&
      info.strideWidth === 1 &&
      ci >= 8 &&
      x.shape.reduce((a, b) => a * b, 1) < dy.shape.reduce((a, b) => a * b, 1) &&
      padInfo.top <= kh - 1 &&
      padInfo.bottom <= kh - 1 &&
      padInfo.left <= kw - 1 &&
      padInfo.right <= kw - 1;
    if (xAsKernel) {
      // dW[kh,kw,c,o] = Σ x[b,ih,iw,c]·dy[b, ih−kh+pT, iw−kw+pL, o]: a convolution of dy [co,OH,OW,B]
      // (batch co, channels b) with x [H,W,B,ci] as the kernel; output row p is kh = KH−1−p.
      const input = scope.transpose(dy, [3, 1, 2, 0]);
      const kernel = scope.transpose(x, [1, 2, 0, 3]);
      const pad: Pad4 = [[0, 0], [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom], [kw - 1 - padInfo.left, kw - 1 - padInfo.right], [0, 0]];
      const out = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
      const flipped = scope.run('Reverse', { x: out }, { dims: [1, 2] });
      return scope.transpose(flipped, [1, 2, 3, 0]);
    }
    if (kh * kw * ci <= IM2COL_MAX_ROWS) return filterGradientIm2col(scope, x, dy, info, filterShape);
    // Batch ci, input channels b: x [B,H,W,ci] → [ci,H,W,B]; the "kernel" dy [B,OH,OW,co] → [OH,OW,B,co].
    const input = scope.transpose(x, [3, 1, 2, 0]);
    const kernel = scope.transpose(dy, [1, 2, 0, 3]);
    // Bottom/right pads that make the output exactly KH×KW; a negative one means trailing input rows
    // the forward conv never read: pad 0 instead and crop the (tiny) output.
    const bottom = Math.max(0, (info.outHeight - 1) * info.strideHeight + kh - info.inHeight - info.padInfo.top);
    const right = Math.max(0, (info.outWidth - 1) * info.strideWidth + kw - info.inWidth - info.padInfo.left);
    const pad: Pad4 = [[0, 0], [info.padInfo.top, bottom], [info.padInfo.left, right], [0, 0]];
    const out = scope.run('Conv2D', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] });
    const cropped = scope.crop(out, [0, 0, 0, 0], [ci, kh, kw, co]);
    return scope.transpose(cropped, [1, 2, 0, 3]);
  });
}

function depthwiseBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
  assertNoDilation(attrs.dilations, 'DepthwiseConv2dNativeBackpropInput');
  const inputShape = attrs.inputShape as [number, number, number, number];
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const [kh, kw, ci, m] = filterShape;
  return inScope(args.backend, originals, (scope) => {
    // Each of the ci·m output channels correlated with its own flipped kernel, then the m of each input summed.
    const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
    const kernel = scope.reshape(flipped, [kh, kw, ci * m, 1]);
    const { input, pad } = fullCorrelation(scope, dy, [info.strideHeight, info.strideWidth], [kh, kw], [info.padInfo.top, info.padInfo.left], [info.inHeight, info.inWidth]);
    let dx = scope.run('DepthwiseConv2dNative', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    if (m > 1) {
      const [b, h, w] = dx.shape as number[];
      dx = scope.reshape(dx, [b!, h!, w!, ci, m]);
      dx = scope.run('Sum', { x: dx }, { axis: [4], keepDims: false });
    }
    return scope.crop(dx, [0, 0, 0, 0], inputShape);
  });
}

function depthwiseBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  assertNoDilation(attrs.dilations, 'DepthwiseConv2dNativeBackpropFilter');
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const [kh, kw, ci, m] = filterShape;
  const [b, h, w] = x.shape as number[];
  return inScope(args.backend, originals, (scope) => {
    // One depthwise conv over a single image whose channels are the (b, c) pairs: x → [1,H,W,B·ci],
    // its kernel dy → [OH,OW,B·ci,m] (dilation = forward stride); then Σ over b.
    const input = scope.reshape(scope.transpose(x, [1, 2, 0, 3]), [1, h!, w!, b! * ci]);
    const kernel = scope.reshape(scope.transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, b! * ci, m]);
    const bottom = Math.max(0, (info.outHeight - 1) * info.strideHeight + kh - info.inHeight - info.padInfo.top);
    const right = Math.max(0, (info.outWidth - 1) * info.strideWidth + kw - info.inWidth - info.padInfo.left);
    const pad: Pad4 = [[0, 0], [info.padInfo.top, bottom], [info.padInfo.left, right], [0, 0]];
    const out = scope.run('DepthwiseConv2dNative', { x: input, filter: kernel }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] });
    const cropped = scope.crop(out, [0, 0, 0, 0], [1, kh, kw, b! * ci * m]);
    const perImage = scope.reshape(cropped, [kh, kw, b!, ci * m]);
    const summed = scope.run('Sum', { x: perImage }, { axis: [2], keepDims: false });
    return scope.reshape(summed, filterShape);
  });
}

/**
 * The stock kernel handles only untransposed single-batch products with XNNPACK; anything transposed
 * (a Dense layer's gradients) runs a scalar loop. Transpose the operand explicitly, then call it.
 */
function batchMatMul(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const original = originals.get('BatchMatMul')!;
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const batch = (t: TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if ((!transposeA && !transposeB) || batch(a) !== 1 || batch(b) !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args) as TensorInfo;
  return inScope(args.backend, new Map(), (scope) => {
    const flip = (t: TensorInfo) => {
      const [r, c] = t.shape.slice(-2) as [number, number];
      return scope.reshape(scope.transpose(scope.reshape(t, [r, c]), [1, 0]), [1, c, r]);
    };
    const a2 = transposeA ? flip(a) : a;
    const b2 = transposeB ? flip(b) : b;
    const out = original({ inputs: { a: a2, b: b2 }, backend: args.backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    // The product of two single matrices, with the outer (all-one) dims of the higher-rank operand.
    const outer = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
    out.shape = [...outer, a2.shape[a2.shape.length - 2]!, b2.shape[b2.shape.length - 1]!];
    return out;
  });
}

/**
 * Gives each window's gradient to the first (row-major) element equal to the window's maximum — the
 * forward output `y`, so the max is not searched again — exactly as the cpu backend routes it. The
 * loops are branch-free (a data-dependent branch per element costs more than the arithmetic).
 */
function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }): TensorInfo {
  const { dy, input, output } = args.inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const backend = args.backend as unknown as HeapBackend;
  const out = backend.makeOutput(input.shape, 'float32');
  // Views after makeOutput: an allocation may grow (and detach) the heap.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const y = backend.typedArrayFromHeap(output) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
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
      for (let ow = 0; ow < OW; ow++, k += C) {
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
  return out;
}

/** Sum over leading axes (a bias gradient: [N…, C] → [C]) in one pass, in double precision like cpu; else the stock kernel. */
function sum(args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }, originals: Map<string, tf.KernelFunc>): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32') return originals.get('Sum')!(args) as TensorInfo;
  const outer = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(axes.length).reduce((p, d) => p * d, 1);
  const shape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  const backend = args.backend as unknown as HeapBackend;
  const out = backend.makeOutput(shape, 'float32');
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  if (inner <= 32) {
    // Few columns: one strided pass per column with the sum in a register (twice as fast here).
    const end = outer * inner;
    for (let c = 0; c < inner; c++) {
      let total = 0;
      for (let i = c; i < end; i += inner) total += values[i]!;
      acc[c] = total;
    }
  } else {
    for (let n = 0, base = 0; n < outer; n++, base += inner) for (let c = 0; c < inner; c++) acc[c] = acc[c]! + values[base + c]!;
  }
  (backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}

const implementations: Record<(typeof WASM_GRADIENT_KERNELS)[number], typeof conv2DBackpropInput> = {
  Conv2DBackpropFilter: conv2DBackpropFilter,
  Conv2DBackpropInput: conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  BatchMatMul: batchMatMul,
  MaxPoolGrad: maxPoolGrad,
  Sum: sum,
};

let registered = false;

/**
 * Registers the kernels above on the wasm backend, replacing the stock ones where they exist
 * (idempotent). Call it after `@tensorflow/tfjs-backend-wasm` has been imported (which registers
 * the stock kernels) and before training; it does not need the backend to be initialized.
 */
export function registerWasmGradients(): void {
  if (registered) return;
  // The stock kernels this module calls into, captured before any of them is replaced.
  const originals = new Map<string, tf.KernelFunc>();
  for (const name of WASM_GRADIENT_KERNELS) {
    const stock = tf.getKernel(name, BACKEND);
    if (stock) originals.set(name, stock.kernelFunc);
  }
  for (const name of WASM_GRADIENT_KERNELS) {
    const stock = tf.getKernel(name, BACKEND);
    if (stock) tf.unregisterKernel(name, BACKEND);
    const impl = implementations[name];
    tf.registerKernel({
      kernelName: name,
      backendName: BACKEND,
      // setupFunc of the stock kernel (cwrap of its C function) stays needed by `originals`.
      setupFunc: stock?.setupFunc,
      kernelFunc: ((args: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs: tf.NamedAttrMap }) => impl(args, originals)) as tf.KernelFunc,
    });
  }
  registered = true;
}
