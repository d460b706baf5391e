/**
 * Pooling with Keras/TensorFlow semantics: strides default to the pool size; with 'same' padding the
 * padded cells take no part (they never win a max and are left out of an average's count), which is
 * why TensorFlow's same-padded averages at the border are not diluted toward zero.
 */
import { windowOutput } from '../engine/conventions';
import { windowGeometry, toPair, type Pair, type WindowGeometry } from './geometry';
import { tensor3, type Tensor3 } from './tensor';

export interface PoolOptions {
  mode: 'max' | 'avg';
  size: Pair;
  /** Defaults to size, as in Keras. */
  stride?: Pair;
  padding: 'valid' | 'same';
}

/** Output size and padding of a pooling layer (engine/conventions' arithmetic and trace). */
export function poolOutputSize(input: { height: number; width: number }, opts: Omit<PoolOptions, 'mode'>): WindowGeometry {
  const [ph, pw] = toPair(opts.size, 1, 'pool size');
  return windowGeometry(input.height, input.width, ph, pw, opts.padding, opts.stride ?? [ph, pw]);
}

/** Each channel pooled on its own, so the output keeps the input's channel count. */
export function pool2d(input: Tensor3, opts: PoolOptions): Tensor3 {
  const [ph, pw] = toPair(opts.size, 1, 'pool size');
  const g = poolOutputSize(input, opts);
  const { height: H, width: W, channels: C, data: x } = input;
  const out = tensor3(g.height, g.width, C);
  const isMax = opts.mode === 'max';
  for (let r = 0; r < g.height; r++) {
    // Clip the window to the input: that is exactly "padding never counts".
    const r0 = Math.max(0, r * g.strideH - g.padTop);
    const r1 = Math.min(H, r * g.strideH - g.padTop + ph);
    for (let c = 0; c < g.width; c++) {
      const c0 = Math.max(0, c * g.strideW - g.padLeft);
      const c1 = Math.min(W, c * g.strideW - g.padLeft + pw);
      const count = (r1 - r0) * (c1 - c0);
      for (let ch = 0; ch < C; ch++) {
        let acc = isMax ? -Infinity : 0;
        for (let ir = r0; ir < r1; ir++) {
          for (let ic = c0; ic < c1; ic++) {
            const v = x[(ir * W + ic) * C + ch]!;
            if (isMax) {
              if (v > acc) acc = v;
            } else acc += v;
          }
        }
        out.data[(r * g.width + c) * C + ch] = isMax ? acc : acc / count;
      }
    }
  }
  return out;
}

/** Mean of each channel over all positions (GlobalAveragePooling2D): one number per channel. */
export function globalAveragePool(t: Tensor3): number[] {
  const sums = new Float64Array(t.channels);
  for (let i = 0; i < t.data.length; i++) sums[i % t.channels]! += t.data[i]!;
  const n = t.height * t.width;
  return Array.from(sums, (s) => (n === 0 ? 0 : s / n));
}

/** Maximum of each channel over all positions (GlobalMaxPooling2D). */
export function globalMaxPool(t: Tensor3): number[] {
  const maxes = new Array<number>(t.channels).fill(-Infinity);
  for (let i = 0; i < t.data.length; i++) {
    const ch = i % t.channels;
    if (t.data[i]! > maxes[ch]!) maxes[ch] = t.data[i]!;
  }
  return maxes;
}

/**
 * Depth-wise max pooling: the maximum over groups of poolSize neighbouring channels at every pixel,
 * stride poolSize, valid (lesson 003's `tf.nn.max_pool(X, ksize=(1, 1, 1, 3), strides=(1, 1, 1, 3))`:
 * RGB becomes one channel). Leftover channels that do not fill a group are dropped, as 'VALID' does.
 */
export function channelMaxPool(t: Tensor3, poolSize: number): Tensor3 {
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`channelMaxPool: pool size must be a positive integer, got ${poolSize}`);
  const groups = Math.max(0, windowOutput('C', t.channels, poolSize, poolSize, 1, 'valid').out);
  const out = tensor3(t.height, t.width, groups);
  for (let p = 0; p < t.height * t.width; p++) {
    for (let g = 0; g < groups; g++) {
      let m = -Infinity;
      for (let i = 0; i < poolSize; i++) {
        const v = t.data[p * t.channels + g * poolSize + i]!;
        if (v > m) m = v;
      }
      out.data[p * groups + g] = m;
    }
  }
  return out;
}
