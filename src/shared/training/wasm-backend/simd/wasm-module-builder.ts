/**
 * A minimal WebAssembly binary writer: just enough to generate SIMD kernels at run time (no wasm
 * toolchain is needed to build the app, and tile sizes stay parameters). One imported memory, any
 * number of exported functions with i32 parameters and typed locals.
 *
 *   const fn = new FunctionBuilder(3);            // three i32 parameters
 *   const acc = fn.local('v128');
 *   fn.op(Op.localGet, 0)...;
 *   const bytes = buildModule({ shared: false }, [{ name: 'f', fn }]);
 */

export type ValueType = 'i32' | 'f32' | 'v128';
const VALUE_TYPE: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** One-byte opcodes used by the kernels. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtS: 0x48,
  i32GeS: 0x4e,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const Simd = {
  load: 0x00,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  f32x4Eq: 0x41,
  f32x4Ne: 0x42,
  f32x4Gt: 0x44,
  and: 0x4e,
  andNot: 0x4f,
  or: 0x50,
  store32Lane: 0x5a,
  store64Lane: 0x5b,
  f32x4DemoteF64x2Zero: 0x5e,
  f64x2PromoteLowF32x4: 0x5f,
  f32x4Add: 0xe4,
  f32x4Mul: 0xe6,
  f64x2Add: 0xf0,
} as const;

const EMPTY_BLOCK = 0x40;

function unsignedLeb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function signedLeb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** An ASCII name (export and import names here are plain identifiers). */
function name(text: string, out: number[]): void {
  unsignedLeb(text.length, out);
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0x7f);
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  unsignedLeb(body.length, out);
  out.push(...body);
}

/** The body of one function: i32 parameters first (locals 0…params−1), then the locals it declares. */
export class FunctionBuilder {
  private readonly locals: ValueType[] = [];
  private readonly code: number[] = [];

  constructor(readonly params: number) {}

  /** Declares a local and returns its index. */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  /** Emits an opcode with unsigned-LEB immediates (local indices, labels, function indices; a memory access's alignment and offset). */
  op(code: number, ...immediates: number[]): this {
    this.code.push(code);
    for (const i of immediates) unsignedLeb(i, this.code);
    return this;
  }

  i32(value: number): this {
    this.code.push(Op.i32Const);
    signedLeb(value, this.code);
    return this;
  }

  simd(code: number, memarg?: { align: number; offset: number }): this {
    this.code.push(0xfd);
    unsignedLeb(code, this.code);
    if (memarg) {
      unsignedLeb(memarg.align, this.code);
      unsignedLeb(memarg.offset, this.code);
    }
    return this;
  }

  /** A lane access (`store32Lane`, `store64Lane`): memarg, then the lane index. */
  simdLane(code: number, memarg: { align: number; offset: number }, lane: number): this {
    this.simd(code, memarg);
    this.code.push(lane);
    return this;
  }

  /** v128 of zeros. */
  zeroV128(): this {
    return this.v128(new Uint8Array(16));
  }

  /** v128 of four copies of one float32. */
  f32x4(value: number): this {
    return this.v128(new Uint8Array(Float32Array.of(value, value, value, value).buffer));
  }

  private v128(bytes: Uint8Array): this {
    this.simd(Simd.const);
    for (const b of bytes) this.code.push(b);
    return this;
  }

  /** i8x16.shuffle of the two vectors on the stack: byte i of the result is byte lanes[i] of their concatenation. */
  shuffle(lanes: number[]): this {
    this.simd(Simd.shuffle);
    for (let i = 0; i < 16; i++) this.code.push(lanes[i]!);
    return this;
  }

  /** Opens a block, loop or if with no result; close it with `end()`. */
  open(code: typeof Op.block | typeof Op.loop | typeof Op.if): this {
    this.code.push(code, EMPTY_BLOCK);
    return this;
  }

  end(): this {
    this.code.push(Op.end);
    return this;
  }

  /** The encoded body (locals run-length encoded, closing `end` added). */
  encode(): number[] {
    const groups: [number, ValueType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body: number[] = [];
    unsignedLeb(groups.length, body);
    for (const [count, type] of groups) {
      unsignedLeb(count, body);
      body.push(VALUE_TYPE[type]);
    }
    body.push(...this.code, Op.end);
    const out: number[] = [];
    unsignedLeb(body.length, out);
    out.push(...body);
    return out;
  }
}

export interface MemoryImport {
  /** Import a shared memory (a threaded host's heap); a shared import must declare a maximum. */
  shared: boolean;
}

/**
 * A module importing `env.memory` and exporting `functions` (each: i32 parameters, no results).
 */
export function buildModule(memory: MemoryImport, functions: { name: string; fn: FunctionBuilder }[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

  // One type per distinct parameter count.
  const arities = [...new Set(functions.map((f) => f.fn.params))];
  const types: number[] = [];
  unsignedLeb(arities.length, types);
  for (const n of arities) {
    types.push(0x60);
    unsignedLeb(n, types);
    for (let i = 0; i < n; i++) types.push(VALUE_TYPE.i32);
    types.push(0);
  }
  section(1, types, out);

  const imports: number[] = [];
  unsignedLeb(1, imports);
  name('env', imports);
  name('memory', imports);
  imports.push(0x02);
  if (memory.shared) {
    imports.push(0x03);
    unsignedLeb(1, imports);
    unsignedLeb(65536, imports);
  } else {
    imports.push(0x00);
    unsignedLeb(1, imports);
  }
  section(2, imports, out);

  const funcs: number[] = [];
  unsignedLeb(functions.length, funcs);
  for (const f of functions) unsignedLeb(arities.indexOf(f.fn.params), funcs);
  section(3, funcs, out);

  const exports: number[] = [];
  unsignedLeb(functions.length, exports);
  functions.forEach((f, i) => {
    name(f.name, exports);
    exports.push(0x00);
    unsignedLeb(i, exports);
  });
  section(7, exports, out);

  const code: number[] = [];
  unsignedLeb(functions.length, code);
  for (const f of functions) code.push(...f.fn.encode());
  section(10, code, out);

  return Uint8Array.from(out);
}
