// The run-time wasm writer: a generated module validates, instantiates on an imported memory, and
// its SIMD code computes what it says (here: out[0..3] = a[0..3]·b[0] + c[0..3], the kernel's step).
import { describe, expect, it } from 'vitest';
import { columnSumModule } from './column-sum-kernel';
import { filterGradientModule } from './filter-gradient-kernel';
import { maxPoolGradModule } from './max-pool-grad-kernel';
import { wasmApi as WebAssembly } from './wasm-api';
import { buildModule, FunctionBuilder, Op, Simd } from './wasm-module-builder';

function multiplyAdd(): FunctionBuilder {
  const f = new FunctionBuilder(4); // a, b, c, out (byte addresses)
  const memarg = { align: 2, offset: 0 };
  f.op(Op.localGet, 3);
  f.op(Op.localGet, 0).simd(Simd.load, memarg);
  f.op(Op.localGet, 1).simd(Simd.load32Splat, memarg);
  f.simd(Simd.f32x4Mul);
  f.op(Op.localGet, 2).simd(Simd.load, memarg);
  f.simd(Simd.f32x4Add);
  f.simd(Simd.store, memarg);
  return f;
}

describe('wasm module builder', () => {
  it('writes a module that runs SIMD code on an imported memory', () => {
    const bytes = buildModule({ shared: false }, [{ name: 'fma', fn: multiplyAdd() }]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const f32 = new Float32Array(memory.buffer);
    f32.set([1, 2, 3, 4], 0); // a at byte 0
    f32[8] = 10; // b at byte 32
    f32.set([0.5, 0.25, -1, 1000], 16); // c at byte 64
    (instance.exports.fma as (...args: number[]) => void)(0, 32, 64, 128);
    expect(Array.from(f32.subarray(32, 36))).toEqual([10.5, 20.25, 29, 1040]);
  });

  it('imports a shared memory when asked (a threaded tfjs heap)', () => {
    const bytes = buildModule({ shared: true }, [{ name: 'fma', fn: multiplyAdd() }]);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } })).toThrow();
  });

  it('the filter-gradient module validates in both flavours (large LEB immediates included)', () => {
    expect(WebAssembly.validate(filterGradientModule({ shared: false }))).toBe(true);
    expect(WebAssembly.validate(filterGradientModule({ shared: true }))).toBe(true);
  });

  it('the max-pool gradient and column-sum modules validate in both flavours', () => {
    for (const shared of [false, true]) {
      expect(WebAssembly.validate(maxPoolGradModule(shared))).toBe(true);
      expect(WebAssembly.validate(columnSumModule(shared))).toBe(true);
    }
  });
});
