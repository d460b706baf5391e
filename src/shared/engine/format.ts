/** Number and shape formatting shared by traces, node faces and the summary table. */
import type { Shape } from './types';

/** 1392 → "1,392" (fixed locale so traces read the same everywhere). */
export function fmtInt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** [26, 26, 32] → "26 × 26 × 32". */
export function shapeText(shape: Shape): string {
  return shape.join(' × ');
}

/** [26, 26, 32] → "(None, 26, 26, 32)", as Keras prints it. */
export function kerasShape(shape: Shape): string {
  return `(None, ${shape.join(', ')})`;
}

/** [3, 3] → "3×3"; [3, 1] → "3×1". */
export function pairText(values: number[]): string {
  return values.every((v) => v === values[0]) && values.length === 2 ? `${values[0]}×${values[0]}` : values.join('×');
}

/** Bytes as "1.2 MiB". */
export function bytesText(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A parameter value as the inspector's field writes it: a tuple as `3, 3`, pairs as `(1, 2), (3, 4)`, a number as `2.5`, text
 * as it is, nothing as the empty string. Messages quote text (`"full"`) so it reads as a value.
 */
export function paramValueText(value: unknown, quoteText = false): string {
  if (value === null || value === undefined) return '';
  // Nested lists are (before, after) pairs: `(1, 2), (3, 4)`, as Keras writes them.
  if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? `(${paramValueText(v)})` : paramValueText(v))).join(', ');
  if (typeof value === 'string') return quoteText ? `"${value}"` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
