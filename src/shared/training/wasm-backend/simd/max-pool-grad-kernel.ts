/**
 * The gradient of a 2×2, stride-2 max pool as a WebAssembly SIMD kernel on tfjs's wasm heap (NHWC,
 * float32): four channels at a time, each window's gradient routed to its first (row-major) element
 * equal to the forward output, as the cpu backend routes it, and none where that output is -Infinity.
 * The windows do not overlap, so every input element of a full window is written once (no zeroing).
 */
import { buildModule, FunctionBuilder, Op, Simd } from './wasm-module-builder';

/**
 * pool2x2(x, y, dy, dx, rows, cols, cBytes, xRowBytes, yRowBytes): `rows` rows of `cols` full windows;
 * window (i, j) reads x and writes dx at byte i·2·xRowBytes + j·2·cBytes (+cBytes right, +xRowBytes
 * below), its forward output and gradient at i·yRowBytes + j·cBytes. cBytes: channels·4.
 */
function pool2x2(): FunctionBuilder {
  const f = new FunctionBuilder(9);
  const [x, y, g, dx, rows, cols, cBytes, xRow, yRow] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const i32 = () => f.local('i32');
  const v128 = () => f.local('v128');
  const [px, py, pg, pd, row, col, end, below, belowRight] = [i32(), i32(), i32(), i32(), i32(), i32(), i32(), i32(), i32()];
  const [yv, t, m, hit, negInf] = [v128(), v128(), v128(), v128(), v128()];
  const add = (a: number, b: number) => f.op(Op.localGet, a).op(Op.localGet, b).op(Op.i32Add);
  const inc = (local: number, by: number) => f.op(Op.localGet, local).i32(by).op(Op.i32Add).op(Op.localSet, local);

  /** One step over 4 channels (`lanes` 4: vectors) or 1 (a lane of a splat; channels not a multiple of 4). */
  const step = (lanes: 4 | 1) => {
    const memarg = { align: 2, offset: 0 };
    const load = () => (lanes === 4 ? f.simd(Simd.load, memarg) : f.simd(Simd.load32Splat, memarg));
    const store = () => (lanes === 4 ? f.simd(Simd.store, memarg) : f.simdLane(Simd.store32Lane, memarg, 0));
    f.op(Op.localGet, py);
    load().op(Op.localSet, yv);
    // t = dy, or +0 where the window's max is -Infinity (all -Infinity: no gradient, as on cpu).
    f.op(Op.localGet, pg);
    load().op(Op.localGet, yv).op(Op.localGet, negInf).simd(Simd.f32x4Eq).simd(Simd.andNot).op(Op.localSet, t);
    // m: lanes already routed. Element k takes t where it equals the max and no earlier one did.
    [null, cBytes, below, belowRight].forEach((offset, k) => {
      const address = () => (offset === null ? f.op(Op.localGet, px) : add(px, offset));
      const target = () => (offset === null ? f.op(Op.localGet, pd) : add(pd, offset));
      address();
      load().op(Op.localGet, yv).simd(Simd.f32x4Eq);
      if (k > 0) f.op(Op.localGet, m).simd(Simd.andNot);
      f.op(Op.localSet, hit);
      target();
      f.op(Op.localGet, t).op(Op.localGet, hit).simd(Simd.and);
      store();
      if (k === 0) f.op(Op.localGet, hit).op(Op.localSet, m);
      else if (k < 3) f.op(Op.localGet, m).op(Op.localGet, hit).simd(Simd.or).op(Op.localSet, m);
    });
    const bytes = 4 * lanes;
    for (const p of [px, py, pg, pd]) inc(p, bytes);
  };

  f.f32x4(-Infinity).op(Op.localSet, negInf);
  add(xRow, cBytes).op(Op.localSet, belowRight);
  f.op(Op.localGet, xRow).op(Op.localSet, below);
  f.i32(0).op(Op.localSet, row);
  f.open(Op.block).open(Op.loop); // rows
  f.op(Op.localGet, row).op(Op.localGet, rows).op(Op.i32GeS).op(Op.brIf, 1);
  // Row starts: x, dx advance 2 input rows per window row; y, dy one output row.
  const rowStart = (to: number, base: number, stride: number, factor: number) =>
    f.op(Op.localGet, base).op(Op.localGet, row).op(Op.localGet, stride).op(Op.i32Mul).i32(factor).op(Op.i32Mul).op(Op.i32Add).op(Op.localSet, to);
  rowStart(px, x, xRow, 2);
  rowStart(pd, dx, xRow, 2);
  rowStart(py, y, yRow, 1);
  rowStart(pg, g, yRow, 1);
  f.i32(0).op(Op.localSet, col);
  f.open(Op.block).open(Op.loop); // windows of the row
  f.op(Op.localGet, col).op(Op.localGet, cols).op(Op.i32GeS).op(Op.brIf, 1);
  // Channels: vectors while 4 remain, then single lanes; `end` is where this window's channels stop in y.
  add(py, cBytes).op(Op.localSet, end);
  f.open(Op.block).open(Op.loop);
  f.op(Op.localGet, end).op(Op.localGet, py).op(Op.i32Sub).i32(16).op(Op.i32LtS).op(Op.brIf, 1);
  step(4);
  f.op(Op.br, 0);
  f.end().end();
  f.open(Op.block).open(Op.loop);
  f.op(Op.localGet, py).op(Op.localGet, end).op(Op.i32GeS).op(Op.brIf, 1);
  step(1);
  f.op(Op.br, 0);
  f.end().end();
  // Past the window's right column (x, dx); y and dy are at the next window already.
  for (const p of [px, pd]) add(p, cBytes).op(Op.localSet, p);
  inc(col, 1);
  f.op(Op.br, 0);
  f.end().end();
  inc(row, 1);
  f.op(Op.br, 0);
  f.end().end();
  return f;
}

export const maxPoolGradModule = (shared: boolean) => buildModule({ shared }, [{ name: 'pool2x2', fn: pool2x2() }]);

export type Pool2x2 = (x: number, y: number, dy: number, dx: number, rows: number, cols: number, cBytes: number, xRowBytes: number, yRowBytes: number) => void;
