/**
 * Receptive fields of a stack of square windows (convolutions or pooling), with the recurrence the
 * graph analysis uses (engine/analyze), so the lab's highlighted window matches the summary's number:
 *   size' = size + (dk − 1)·jump,  jump' = jump·s,  start' = start + ((dk − 1)/2 − padBefore)·jump.
 * `start` is the centre of output (0, 0)'s field in input pixel coordinates; padding can make it negative.
 */
import { dilatedKernel } from '../engine/conventions';

export interface ReceptiveLayer {
  kernel: number;
  stride: number;
  dilation?: number;
  /** Padding before (top/left); 0 for 'valid'. */
  padBefore?: number;
}

export interface ReceptiveStep {
  /** Side of the field in input pixels. */
  size: number;
  /** Input pixels between neighbouring outputs. */
  jump: number;
  /** Centre of the first output's field, in input pixels. */
  start: number;
}

/** One step per layer: the field of that layer's outputs on the stack's input. */
export function receptiveField(stack: ReceptiveLayer[]): ReceptiveStep[] {
  const steps: ReceptiveStep[] = [];
  let rf: ReceptiveStep = { size: 1, jump: 1, start: 0 };
  for (const layer of stack) {
    const { dk } = dilatedKernel('', layer.kernel, layer.dilation ?? 1);
    rf = {
      size: rf.size + (dk - 1) * rf.jump,
      jump: rf.jump * layer.stride,
      start: rf.start + ((dk - 1) / 2 - (layer.padBefore ?? 0)) * rf.jump,
    };
    steps.push(rf);
  }
  return steps;
}

/**
 * First and last input pixel (inclusive, unclipped) that output `at` sees along one axis. The first
 * pixel is always whole: start − (size − 1)/2 = −Σ padBefore·jump.
 */
export function fieldSpan(start: number, jump: number, size: number, at: number): [number, number] {
  const first = start + at * jump - (size - 1) / 2;
  return [first, first + size - 1];
}

export interface PixelWindow {
  /** Inclusive bounds in input pixels. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The input pixels that output (row, col) sees. Unclipped by default: the window can reach into the
 * padding (negative or past-the-edge indices), which is what a lesson wants to show. Pass the input
 * size to clip it to real pixels. A step list means its last layer; an empty list means the input itself.
 */
export function receptiveWindow(field: ReceptiveStep | ReceptiveStep[], row: number, col: number, clipTo?: { height: number; width: number }): PixelWindow {
  const rf = Array.isArray(field) ? (field[field.length - 1] ?? { size: 1, jump: 1, start: 0 }) : field;
  const [top, bottom] = fieldSpan(rf.start, rf.jump, rf.size, row);
  const [left, right] = fieldSpan(rf.start, rf.jump, rf.size, col);
  const w = { top, left, bottom, right };
  if (!clipTo) return w;
  return {
    top: Math.max(0, w.top),
    left: Math.max(0, w.left),
    bottom: Math.min(clipTo.height - 1, w.bottom),
    right: Math.min(clipTo.width - 1, w.right),
  };
}
