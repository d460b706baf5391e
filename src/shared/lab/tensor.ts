/**
 * Plain data types for the Filter Lab: an image-like tensor and a Keras-layout kernel, both on flat
 * Float32Arrays so the convolution loops never allocate per pixel and the data can be handed to a
 * canvas, a worker or tfjs without conversion.
 */

/** One image or feature map stack, HWC row-major: value (r, c, ch) at `(r·width + c)·channels + ch`. */
export interface Tensor3 {
  height: number;
  width: number;
  channels: number;
  data: Float32Array;
}

/** Convolution weights in Keras layout [kh, kw, cin, cout]: index `((r·kw + c)·cin + i)·cout + o`. */
export interface Kernel4 {
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  data: Float32Array;
}

function checkDims(dims: number[], what: string): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${what}: dimensions must be non-negative integers, got ${dims.join('×')}`);
  }
}

/** A zero tensor, or one wrapping `data` (not copied) when its length fits. */
export function tensor3(height: number, width: number, channels: number, data?: Float32Array | number[]): Tensor3 {
  checkDims([height, width, channels], 'tensor3');
  const size = height * width * channels;
  if (data !== undefined && data.length !== size) throw new Error(`tensor3: ${height}×${width}×${channels} needs ${size} values, got ${data.length}`);
  const values = data === undefined ? new Float32Array(size) : data instanceof Float32Array ? data : Float32Array.from(data);
  return { height, width, channels, data: values };
}

/** Rows must all have the same length; an empty matrix is 0×0. */
function matrixSize(m: number[][], what: string): { rows: number; cols: number } {
  const rows = m.length;
  const cols = rows === 0 ? 0 : m[0]!.length;
  for (const row of m) {
    if (row.length !== cols) throw new Error(`${what}: rows have different lengths (${cols} and ${row.length})`);
  }
  return { rows, cols };
}

/** A one-channel tensor from rows of numbers. */
export function fromMatrix(m: number[][]): Tensor3 {
  const { rows, cols } = matrixSize(m, 'fromMatrix');
  const t = tensor3(rows, cols, 1);
  m.forEach((row, r) => row.forEach((v, c) => (t.data[r * cols + c] = v)));
  return t;
}

/** One channel as rows of numbers (for tests, tooltips and lesson tables). */
export function toMatrix(t: Tensor3, ch = 0): number[][] {
  if (ch < 0 || ch >= t.channels) throw new Error(`toMatrix: channel ${ch} of ${t.channels}`);
  const out: number[][] = [];
  for (let r = 0; r < t.height; r++) {
    const row: number[] = new Array(t.width);
    for (let c = 0; c < t.width; c++) row[c] = t.data[(r * t.width + c) * t.channels + ch]!;
    out.push(row);
  }
  return out;
}

/** One channel as its own one-channel tensor (a copy). */
export function channel(t: Tensor3, ch: number): Tensor3 {
  if (ch < 0 || ch >= t.channels) throw new Error(`channel: channel ${ch} of ${t.channels}`);
  const out = tensor3(t.height, t.width, 1);
  for (let p = 0; p < t.height * t.width; p++) out.data[p] = t.data[p * t.channels + ch]!;
  return out;
}

/** Concatenate tensors of the same height and width along the channel axis. */
export function stackChannels(ts: Tensor3[]): Tensor3 {
  if (ts.length === 0) throw new Error('stackChannels: nothing to stack');
  const { height, width } = ts[0]!;
  for (const t of ts) {
    if (t.height !== height || t.width !== width) throw new Error(`stackChannels: ${t.height}×${t.width} does not match ${height}×${width}`);
  }
  const channels = ts.reduce((n, t) => n + t.channels, 0);
  const out = tensor3(height, width, channels);
  for (let p = 0; p < height * width; p++) {
    let o = p * channels;
    for (const t of ts) {
      for (let ch = 0; ch < t.channels; ch++) out.data[o++] = t.data[p * t.channels + ch]!;
    }
  }
  return out;
}

/** Smallest and largest value, for display scaling; {0, 0} when empty. */
export function valueRange(t: Tensor3): { min: number; max: number } {
  if (t.data.length === 0) return { min: 0, max: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const v of t.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** Largest |value|, for symmetric colour maps around zero (signed edge responses). */
export function maxAbs(t: Tensor3): number {
  let m = 0;
  for (const v of t.data) {
    const a = Math.abs(v);
    if (a > m) m = a;
  }
  return m;
}

/** A zero kernel, or one wrapping `data` (not copied) when its length fits. */
export function kernel4(height: number, width: number, inChannels: number, outChannels: number, data?: Float32Array | number[]): Kernel4 {
  checkDims([height, width, inChannels, outChannels], 'kernel4');
  const size = height * width * inChannels * outChannels;
  if (data !== undefined && data.length !== size)
    throw new Error(`kernel4: ${height}×${width}×${inChannels}×${outChannels} needs ${size} values, got ${data.length}`);
  const values = data === undefined ? new Float32Array(size) : data instanceof Float32Array ? data : Float32Array.from(data);
  return { height, width, inChannels, outChannels, data: values };
}

/** The same 2-D kernel for every input channel, one output: what Conv2D(1 filter) with that kernel tiled over cin does. */
export function kernelFromMatrix(m: number[][], inChannels = 1): Kernel4 {
  return kernelFromChannels(Array.from({ length: inChannels }, () => m));
}

/** One output channel per matrix ([cout][kh][kw]), for one input channel. */
export function kernelFromMatrices(perOutput: number[][][]): Kernel4 {
  return stackKernels(perOutput.map((m) => kernelFromMatrix(m, 1)));
}

/** A different 2-D kernel per input channel ([cin][kh][kw]) summed into one output (multi-input, single output). */
export function kernelFromChannels(m: number[][][]): Kernel4 {
  if (m.length === 0) throw new Error('kernelFromChannels: no input channels');
  const { rows, cols } = matrixSize(m[0]!, 'kernelFromChannels');
  const cin = m.length;
  const k = kernel4(rows, cols, cin, 1);
  m.forEach((mat, i) => {
    const size = matrixSize(mat, 'kernelFromChannels');
    if (size.rows !== rows || size.cols !== cols) throw new Error(`kernelFromChannels: channel ${i} is ${size.rows}×${size.cols}, not ${rows}×${cols}`);
    mat.forEach((row, r) => row.forEach((v, c) => (k.data[(r * cols + c) * cin + i] = v)));
  });
  return k;
}

/** Concatenate kernels of the same size and input channels along cout (one output channel per filter). */
export function stackKernels(ks: Kernel4[]): Kernel4 {
  if (ks.length === 0) throw new Error('stackKernels: nothing to stack');
  const { height, width, inChannels } = ks[0]!;
  for (const k of ks) {
    if (k.height !== height || k.width !== width || k.inChannels !== inChannels) {
      throw new Error(`stackKernels: ${k.height}×${k.width}×${k.inChannels} does not match ${height}×${width}×${inChannels}`);
    }
  }
  const cout = ks.reduce((n, k) => n + k.outChannels, 0);
  const out = kernel4(height, width, inChannels, cout);
  for (let p = 0; p < height * width * inChannels; p++) {
    let o = p * cout;
    for (const k of ks) {
      for (let j = 0; j < k.outChannels; j++) out.data[o++] = k.data[p * k.outChannels + j]!;
    }
  }
  return out;
}

/** The 2-D slice of a kernel for one input and one output channel (what the lab draws). */
export function kernelToMatrix(k: Kernel4, inChannel = 0, outChannel = 0): number[][] {
  if (inChannel < 0 || inChannel >= k.inChannels || outChannel < 0 || outChannel >= k.outChannels) {
    throw new Error(`kernelToMatrix: (${inChannel}, ${outChannel}) outside ${k.inChannels}×${k.outChannels}`);
  }
  const out: number[][] = [];
  for (let r = 0; r < k.height; r++) {
    const row: number[] = new Array(k.width);
    for (let c = 0; c < k.width; c++) row[c] = k.data[((r * k.width + c) * k.inChannels + inChannel) * k.outChannels + outChannel]!;
    out.push(row);
  }
  return out;
}
