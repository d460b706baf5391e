/**
 * Column sums of a float32 matrix [rows, stride] on tfjs's wasm heap as a WebAssembly SIMD kernel (a
 * bias gradient: the sum over every leading axis). Each call sums a strip of 4·V adjacent columns
 * down all rows: float32 vectors over blocks of BLOCK_ROWS rows, each block's sums then added into
 * double accumulators (f64x2), so the rounding is at most that of a BLOCK_ROWS-term float32 sum per
 * block (~BLOCK_ROWS·2⁻²⁴ of the block's magnitudes) plus double sums, as close to cpu's all-double
 * sum as the test's 1e-5 relative tolerance needs, at a float32 sum's speed.
 */
import { buildModule, FunctionBuilder, Op, Simd } from './wasm-module-builder';

export const BLOCK_ROWS = 16;
/** Widest strip, in vectors of 4 columns (accumulators: V float32 + 2V double vectors). */
export const MAX_VECTORS = 4;

/**
 * colsum_V(x, out, rows, strideBytes): out[0…4V) = Σ_r x[r·stride + 0…4V) (x, out byte addresses).
 * With `relu`, colsum_relu_V(dy, out, rows, strideBytes, y, dst): x = dy·step(y) (as relu-grad-kernel.ts
 * computes it) is also written to dst: a relu's gradient and its bias gradient in one pass.
 */
function columnSum(vectors: number, relu = false): FunctionBuilder {
  const f = new FunctionBuilder(relu ? 6 : 4);
  const [x, out, rows, stride, y, dst] = [0, 1, 2, 3, 4, 5];
  const n = f.local('i32');
  const one = relu ? f.local('v128') : -1;
  const yv = relu ? f.local('v128') : -1;
  const block = Array.from({ length: vectors }, () => f.local('v128'));
  const total = Array.from({ length: 2 * vectors }, () => f.local('v128'));
  const memarg = (offset: number) => ({ align: 2, offset });
  // High two float32 lanes moved to the low half (for f64x2.promote_low_f32x4).
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

  for (const v of total) f.zeroV128().op(Op.localSet, v);
  if (relu) f.f32x4(1).op(Op.localSet, one);
  f.open(Op.block).open(Op.loop); // blocks
  f.op(Op.localGet, rows).op(Op.i32Eqz).op(Op.brIf, 1);
  for (const v of block) f.zeroV128().op(Op.localSet, v);
  f.i32(BLOCK_ROWS).op(Op.localSet, n);
  f.open(Op.block).open(Op.loop); // rows of one block
  block.forEach((v, k) => {
    f.op(Op.localGet, v)
      .op(Op.localGet, x)
      .simd(Simd.load, memarg(16 * k));
    if (relu) {
      // ·step(y): (y > 0 ? 1 : 0) | (y is NaN ? y : 0); the product stored in dst and kept for the sum.
      f.op(Op.localGet, y)
        .simd(Simd.load, memarg(16 * k))
        .op(Op.localSet, yv);
      f.op(Op.localGet, yv).zeroV128().simd(Simd.f32x4Gt).op(Op.localGet, one).simd(Simd.and);
      f.op(Op.localGet, yv).op(Op.localGet, yv).simd(Simd.f32x4Ne).op(Op.localGet, yv).simd(Simd.and);
      f.simd(Simd.or).simd(Simd.f32x4Mul).op(Op.localSet, yv);
      f.op(Op.localGet, dst)
        .op(Op.localGet, yv)
        .simd(Simd.store, memarg(16 * k));
      f.op(Op.localGet, yv);
    }
    f.simd(Simd.f32x4Add).op(Op.localSet, v);
  });
  for (const p of relu ? [x, y, dst] : [x]) f.op(Op.localGet, p).op(Op.localGet, stride).op(Op.i32Add).op(Op.localSet, p);
  f.op(Op.localGet, rows).i32(1).op(Op.i32Sub).op(Op.localTee, rows).op(Op.i32Eqz).op(Op.brIf, 1);
  f.op(Op.localGet, n).i32(1).op(Op.i32Sub).op(Op.localTee, n).op(Op.brIf, 0);
  f.end().end();
  block.forEach((v, k) => {
    const [low, high] = [total[2 * k]!, total[2 * k + 1]!];
    f.op(Op.localGet, low).op(Op.localGet, v).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add).op(Op.localSet, low);
    f.op(Op.localGet, high).op(Op.localGet, v).op(Op.localGet, v).shuffle(HIGH).simd(Simd.f64x2PromoteLowF32x4).simd(Simd.f64x2Add).op(Op.localSet, high);
  });
  f.op(Op.br, 0);
  f.end().end();
  // Rounded once to float32, as cpu stores its double sums.
  total.forEach((v, i) =>
    f
      .op(Op.localGet, out)
      .op(Op.localGet, v)
      .simd(Simd.f32x4DemoteF64x2Zero)
      .simdLane(Simd.store64Lane, memarg(8 * i), 0),
  );
  return f;
}

export const columnSumName = (vectors: number, relu = false) => `colsum_${relu ? 'relu_' : ''}${vectors}`;

export const columnSumModule = (shared: boolean) =>
  buildModule(
    { shared },
    [false, true].flatMap((relu) => Array.from({ length: MAX_VECTORS }, (_, i) => ({ name: columnSumName(i + 1, relu), fn: columnSum(i + 1, relu) }))),
  );

export type ColumnSum = (x: number, out: number, rows: number, strideBytes: number) => void;
export type ReluColumnSum = (dy: number, out: number, rows: number, strideBytes: number, y: number, dst: number) => void;
