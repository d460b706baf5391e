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

/** colsum_V(x, out, rows, strideBytes): out[0…4V) = Σ_r x[r·stride + 0…4V) (x, out byte addresses). */
function columnSum(vectors: number): FunctionBuilder {
  const f = new FunctionBuilder(4);
  const [x, out, rows, stride] = [0, 1, 2, 3];
  const n = f.local('i32');
  const block = Array.from({ length: vectors }, () => f.local('v128'));
  const total = Array.from({ length: 2 * vectors }, () => f.local('v128'));
  const memarg = (offset: number) => ({ align: 2, offset });
  // High two float32 lanes moved to the low half (for f64x2.promote_low_f32x4).
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

  for (const v of total) f.zeroV128().op(Op.localSet, v);
  f.open(Op.block).open(Op.loop); // blocks
  f.op(Op.localGet, rows).op(Op.i32Eqz).op(Op.brIf, 1);
  for (const v of block) f.zeroV128().op(Op.localSet, v);
  f.i32(BLOCK_ROWS).op(Op.localSet, n);
  f.open(Op.block).open(Op.loop); // rows of one block
  block.forEach((v, k) =>
    f
      .op(Op.localGet, v)
      .op(Op.localGet, x)
      .simd(Simd.load, memarg(16 * k))
      .simd(Simd.f32x4Add)
      .op(Op.localSet, v),
  );
  f.op(Op.localGet, x).op(Op.localGet, stride).op(Op.i32Add).op(Op.localSet, x);
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

export const columnSumName = (vectors: number) => `colsum_${vectors}`;

export const columnSumModule = (shared: boolean) =>
  buildModule(
    { shared },
    Array.from({ length: MAX_VECTORS }, (_, i) => ({ name: columnSumName(i + 1), fn: columnSum(i + 1) })),
  );

export type ColumnSum = (x: number, out: number, rows: number, strideBytes: number) => void;
