/**
 * The convolution filter gradient as a WebAssembly SIMD kernel working in place on tfjs's wasm heap:
 *
 *   dW[r, j, n] = Σ_m Xp[row(m) + r·rowStride + j] · dy[m, n]      (j = q·ci + c runs over one kernel row)
 *
 * where Xp is the zero-padded input (NHWC) and row(m) the offset of output pixel m's window. For one
 * kernel row r the kw·ci values of a window are contiguous in Xp, so a tile of R consecutive j and
 * W consecutive n is a rank-1 update per pixel: R scalar broadcasts times W/4 vectors of dy's row.
 * XNNPACK (the route this replaces) re-packs dy or x as a convolution "kernel" on every call and
 * walks huge reductions with an indirection buffer; this kernel reads both in place.
 *
 * Work is split by column blocks of n, so several threads sharing the heap (a threaded tfjs build)
 * can each take a range of blocks with no overlap in what they write.
 */
import { buildModule, FunctionBuilder, Op, Simd } from './wasm-module-builder';
import { wasmApi, type WasmInstance, type WasmMemory, type WasmModule } from './wasm-api';

/**
 * Pixels per pass: a pass re-reads its dy rows for every tile of j, so they must stay in L1. Measured
 * on the benchmark's shapes: 32 beats 16 and 64–1024 by 5–40 %.
 */
export const PIXELS_PER_PASS = 32;
/**
 * Rows j per tile. Accumulators ROWS × 2 vectors, plus 2 for dy and 1 broadcast: 11 of V8's SIMD
 * registers; 5 or 6 rows spill and run 30–50 % slower, 3 rows ~10 % slower.
 */
export const ROWS = 4;

/** Exported function name for a strip of `rows` × `width` tiles. */
const stripName = (rows: number, width: number) => `strip_${rows}_${width}`;

/**
 * strip(xBase, rowTable, dy, out, pixels, rowBytesOut, tiles, init): for `tiles` consecutive tiles of
 * `rows` j each (starting at xBase / out, stepping 4·rows bytes in Xp and rows·rowBytesOut in dW),
 * accumulate Σ over `pixels` pixels (rowTable: one i32 byte offset per pixel; dy advances by
 * rowBytesOut per pixel) into `width` columns; init ≠ 0 starts from zero instead of dW's values.
 */
function strip(rows: number, width: 4 | 8): FunctionBuilder {
  const f = new FunctionBuilder(8);
  const [xBase, rowTable, dy, out, pixels, nBytes, tiles, init] = [0, 1, 2, 3, 4, 5, 6, 7];
  const m = f.local('i32');
  const dyp = f.local('i32');
  const rowp = f.local('i32');
  const base = f.local('i32');
  const tile = f.local('i32');
  const vectors = width / 4;
  const acc: number[][] = Array.from({ length: rows }, () => Array.from({ length: vectors }, () => f.local('v128')));
  const b = Array.from({ length: vectors }, () => f.local('v128'));
  const a = f.local('v128');
  const memarg = (offset: number) => ({ align: 2, offset });
  /** Pushes out + i·nBytes. */
  const rowAddress = (i: number) => {
    f.op(Op.localGet, out);
    if (i > 0) f.op(Op.localGet, nBytes).i32(i).op(Op.i32Mul).op(Op.i32Add);
  };

  f.i32(0).op(Op.localSet, tile);
  f.open(Op.block).open(Op.loop);
  f.op(Op.localGet, tile).op(Op.localGet, tiles).op(Op.i32GeS).op(Op.brIf, 1);

  // Accumulators: zero, or the partial sums of earlier passes.
  f.op(Op.localGet, init).open(Op.if);
  for (const row of acc) for (const v of row) f.zeroV128().op(Op.localSet, v);
  f.op(Op.else);
  acc.forEach((row, i) => row.forEach((v, k) => (rowAddress(i), f.simd(Simd.load, memarg(16 * k)).op(Op.localSet, v))));
  f.end();

  f.op(Op.localGet, dy).op(Op.localSet, dyp);
  f.op(Op.localGet, rowTable).op(Op.localSet, rowp);
  f.op(Op.localGet, pixels).op(Op.localSet, m);
  f.open(Op.block).open(Op.loop);
  f.op(Op.localGet, m).op(Op.i32Eqz).op(Op.brIf, 1);
  f.op(Op.localGet, rowp).op(Op.i32Load, 2, 0).op(Op.localGet, xBase).op(Op.i32Add).op(Op.localSet, base);
  b.forEach((v, k) =>
    f
      .op(Op.localGet, dyp)
      .simd(Simd.load, memarg(16 * k))
      .op(Op.localSet, v),
  );
  acc.forEach((row, i) => {
    f.op(Op.localGet, base)
      .simd(Simd.load32Splat, memarg(4 * i))
      .op(Op.localSet, a);
    row.forEach((v, k) => {
      // Multiply then add: relaxed-SIMD's fused madd measured no faster here (and would be one more variant to test).
      f.op(Op.localGet, v).op(Op.localGet, a).op(Op.localGet, b[k]!).simd(Simd.f32x4Mul).simd(Simd.f32x4Add).op(Op.localSet, v);
    });
  });
  f.op(Op.localGet, dyp).op(Op.localGet, nBytes).op(Op.i32Add).op(Op.localSet, dyp);
  f.op(Op.localGet, rowp).i32(4).op(Op.i32Add).op(Op.localSet, rowp);
  f.op(Op.localGet, m).i32(1).op(Op.i32Sub).op(Op.localSet, m);
  f.op(Op.br, 0);
  f.end().end();

  acc.forEach((row, i) => row.forEach((v, k) => (rowAddress(i), f.op(Op.localGet, v).simd(Simd.store, memarg(16 * k)))));
  f.op(Op.localGet, xBase)
    .i32(4 * rows)
    .op(Op.i32Add)
    .op(Op.localSet, xBase);
  f.op(Op.localGet, out).op(Op.localGet, nBytes).i32(rows).op(Op.i32Mul).op(Op.i32Add).op(Op.localSet, out);
  f.op(Op.localGet, tile).i32(1).op(Op.i32Add).op(Op.localSet, tile);
  f.op(Op.br, 0);
  f.end().end();
  return f;
}

/** The module's bytes: strips of 1…ROWS rows, 4 and 8 columns wide. */
export function filterGradientModule(options: { shared: boolean }): Uint8Array {
  const functions: { name: string; fn: FunctionBuilder }[] = [];
  for (const width of [4, 8] as const) for (let rows = 1; rows <= ROWS; rows++) functions.push({ name: stripName(rows, width), fn: strip(rows, width) });
  return buildModule({ shared: options.shared }, functions);
}

type Strip = (xBase: number, rowTable: number, dy: number, out: number, pixels: number, nBytes: number, tiles: number, init: number) => void;

/** Byte addresses in the shared heap and the sizes of one filter-gradient job. */
export interface FilterGradientJob {
  /** Zero-padded input Xp [B, Hp, Wp, ci] (float32). */
  xp: number;
  /** One i32 per output pixel: byte offset in Xp of its window's top-left value. */
  rowTable: number;
  /** dy [pixels, n] (float32). */
  dy: number;
  /** dW [kh, span, n] (float32), written. */
  out: number;
  pixels: number;
  /** Output channels (a multiple of 4). */
  n: number;
  kh: number;
  /** kw·ci: the contiguous values of one kernel row of a window. */
  span: number;
  /** Bytes between kernel rows in Xp: Wp·ci·4. */
  rowStride: number;
}

/** Number of column blocks of a job (8 wide, the last one 4 wide when n ≡ 4 mod 8). */
export const columnBlocks = (n: number) => Math.ceil(n / 8);

/** A compiled kernel bound to one memory. */
export class FilterGradientKernel {
  private readonly strips = new Map<string, Strip>();

  constructor(instance: WasmInstance) {
    for (const [key, value] of Object.entries(instance.exports)) if (typeof value === 'function') this.strips.set(key, value as Strip);
  }

  /** Computes column blocks [firstBlock, endBlock) of the job: every pass over the pixels, every kernel row. */
  run(job: FilterGradientJob, firstBlock: number, endBlock: number): void {
    const { n, span, kh } = job;
    const nBytes = n * 4;
    const fullTiles = Math.floor(span / ROWS);
    const rest = span % ROWS;
    // The strips for 8- and 4-wide column blocks, looked up once (not per pass: a pass is only 32 pixels).
    const strips = [8, 4].map((width) => ({
      full: this.strips.get(stripName(ROWS, width))!,
      partial: rest ? this.strips.get(stripName(rest, width))! : undefined,
    }));
    for (let start = 0; start < job.pixels; start += PIXELS_PER_PASS) {
      const pixels = Math.min(PIXELS_PER_PASS, job.pixels - start);
      const init = start === 0 ? 1 : 0;
      const rowTable = job.rowTable + start * 4;
      for (let block = firstBlock; block < endBlock; block++) {
        const n0 = block * 8;
        const width = n - n0 >= 8 ? 8 : 4;
        const dy = job.dy + (start * n + n0) * 4;
        const { full, partial } = strips[width === 8 ? 0 : 1]!;
        for (let r = 0; r < kh; r++) {
          const xBase = job.xp + r * job.rowStride;
          const out = job.out + (r * span * n + n0) * 4;
          if (fullTiles) full(xBase, rowTable, dy, out, pixels, nBytes, fullTiles, init);
          if (partial) partial(xBase + fullTiles * ROWS * 4, rowTable, dy, out + fullTiles * ROWS * nBytes, pixels, nBytes, 1, init);
        }
      }
    }
  }
}

/** Compiles the kernel for a memory (shared or not), or instantiates an already compiled module on it (a helper thread). */
export function compileFilterGradientKernel(memory: WasmMemory, compiled?: WasmModule): { kernel: FilterGradientKernel; module: WasmModule } {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const module = compiled ?? new wasmApi.Module(filterGradientModule({ shared }));
  return { kernel: new FilterGradientKernel(new wasmApi.Instance(module, { env: { memory } })), module };
}
