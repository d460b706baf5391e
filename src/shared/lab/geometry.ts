/**
 * Where a sliding window lands: output size and padding per axis. The arithmetic itself lives in
 * engine/conventions (the same numbers the graph editor shows); this only turns the lab's option
 * shapes into calls to it, so Filter Lab and the model summary can never disagree.
 */
import { windowOutput } from '../engine/conventions';
import type { TraceLine } from '../engine/types';

/** 'same' splits padding as TensorFlow does (the odd pixel goes bottom/right); a number pads every side. */
export type LabPadding = 'valid' | 'same' | number | { top: number; bottom: number; left: number; right: number };

export type Pair = number | [number, number];

export interface WindowGeometry {
  height: number;
  width: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  trace: TraceLine[];
}

export function toPair(v: Pair | undefined, fallback: number, what: string): [number, number] {
  const p: [number, number] = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v;
  if (!p.every((x) => Number.isInteger(x) && x >= 1)) throw new Error(`${what} must be positive integers, got ${p.join(', ')}`);
  return p;
}

function axis(name: string, input: number, k: number, s: number, d: number, before: number, after: number) {
  // Asymmetric explicit padding: the same 'valid' formula on the padded length.
  const r = windowOutput(name, input + before + after, k, s, d, 'valid');
  r.trace.unshift({
    label: `pad ${name}`,
    formula: 'explicit',
    text: `before ${before}, after ${after}: in = ${input} + ${before} + ${after} = ${input + before + after}`,
  });
  return { ...r, padBefore: before, padAfter: after };
}

/** Output size and padding of a kh×kw window over an inH×inW input. */
export function windowGeometry(inH: number, inW: number, kh: number, kw: number, padding: LabPadding, stride?: Pair, dilation?: Pair): WindowGeometry {
  const [sh, sw] = toPair(stride, 1, 'stride');
  const [dh, dw] = toPair(dilation, 1, 'dilation');
  let h;
  let w;
  if (typeof padding === 'object') {
    const { top, bottom, left, right } = padding;
    if (![top, bottom, left, right].every((p) => Number.isInteger(p) && p >= 0)) throw new Error('padding must be non-negative integers');
    h = axis('H', inH, kh, sh, dh, top, bottom);
    w = axis('W', inW, kw, sw, dw, left, right);
  } else {
    if (typeof padding === 'number' && !(Number.isInteger(padding) && padding >= 0)) throw new Error(`padding must be a non-negative integer, got ${padding}`);
    h = windowOutput('H', inH, kh, sh, dh, padding);
    w = windowOutput('W', inW, kw, sw, dw, padding);
  }
  return {
    height: Math.max(0, h.out),
    width: Math.max(0, w.out),
    padTop: h.padBefore,
    padBottom: h.padAfter,
    padLeft: w.padBefore,
    padRight: w.padAfter,
    strideH: sh,
    strideW: sw,
    dilationH: dh,
    dilationW: dw,
    trace: [...h.trace, ...w.trace],
  };
}
