/**
 * dy·step(y) (a relu's gradient, y its output) as a WebAssembly SIMD kernel on tfjs's wasm heap: one
 * pass instead of the backend's Step and Multiply (two passes and a tensor in between). step is cpu's:
 * 1 where y > 0, NaN where y is NaN, else 0; the product is then the same float32 as cpu's.
 */
import { buildModule, FunctionBuilder, Op, Simd } from './wasm-module-builder';

/** relu_grad(dy, y, out, vectors): `vectors` groups of 4 floats (byte addresses). */
function reluGrad(): FunctionBuilder {
  const f = new FunctionBuilder(4);
  const [dy, y, out, vectors] = [0, 1, 2, 3];
  const v = f.local('v128');
  const one = f.local('v128');
  const memarg = { align: 2, offset: 0 };
  const inc = (local: number) => f.op(Op.localGet, local).i32(16).op(Op.i32Add).op(Op.localSet, local);
  f.f32x4(1).op(Op.localSet, one);
  f.open(Op.block).open(Op.loop);
  f.op(Op.localGet, vectors).op(Op.i32Eqz).op(Op.brIf, 1);
  f.op(Op.localGet, y).simd(Simd.load, memarg).op(Op.localSet, v);
  f.op(Op.localGet, out);
  f.op(Op.localGet, dy).simd(Simd.load, memarg);
  // step(y): (y > 0 ? 1 : 0) | (y is NaN ? y : 0).
  f.op(Op.localGet, v).zeroV128().simd(Simd.f32x4Gt).op(Op.localGet, one).simd(Simd.and);
  f.op(Op.localGet, v).op(Op.localGet, v).simd(Simd.f32x4Ne).op(Op.localGet, v).simd(Simd.and);
  f.simd(Simd.or).simd(Simd.f32x4Mul).simd(Simd.store, memarg);
  for (const p of [dy, y, out]) inc(p);
  f.op(Op.localGet, vectors).i32(1).op(Op.i32Sub).op(Op.localSet, vectors);
  f.op(Op.br, 0);
  f.end().end();
  return f;
}

export const reluGradModule = (shared: boolean) => buildModule({ shared }, [{ name: 'relu_grad', fn: reluGrad() }]);

export type ReluGrad = (dy: number, y: number, out: number, vectors: number) => void;
