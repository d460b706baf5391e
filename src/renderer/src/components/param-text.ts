/** What a parameter field shows and accepts as text: value → text, text → value, and the hint under it. */
import { paramValueText } from '../../../shared/engine/format';
import { sidesForms } from '../../../shared/engine/params';
import type { ParamSchema } from '../../../shared/engine/types';
import type { ParamValue } from '../../../shared/graph/graph';

/** Text → param value for the text-edited kinds; returns the raw text when it is not a number list. */
export function parseParamText(schema: ParamSchema, text: string): ParamValue {
  const trimmed = text.trim();
  const numbers = trimmed
    .split(/[\s,×x*()[\]]+/)
    .filter(Boolean)
    .map(Number);
  const isNumberList = numbers.length > 0 && numbers.every((n) => Number.isFinite(n));
  switch (schema.kind) {
    case 'int':
    case 'float':
      return trimmed === '' || !Number.isFinite(Number(trimmed)) ? trimmed : Number(trimmed);
    case 'ints':
      // "3" means 3 on every axis, stored in full as Keras writes it: [3, 3].
      return isNumberList ? (numbers.length === 1 ? Array(schema.length).fill(numbers[0]) : numbers) : trimmed;
    case 'optionalInts':
    case 'axisList':
      return trimmed === '' ? null : isNumberList ? numbers : trimmed;
    case 'padding':
      return isNumberList ? (numbers.length === 1 ? numbers[0]! : numbers) : trimmed;
    case 'shape':
      return isNumberList ? numbers : trimmed;
    case 'axes':
      return isNumberList ? (numbers.length === 1 ? numbers[0]! : numbers) : trimmed;
    case 'sides':
      // "1" = every side; one number per axis = both sides alike; two per axis = (before, after) pairs, as Keras writes them.
      if (!isNumberList) return trimmed;
      if (numbers.length === 1) return numbers[0]!;
      if (numbers.length === 2 * schema.axes) return Array.from({ length: schema.axes }, (_, i) => numbers.slice(2 * i, 2 * i + 2));
      return numbers;
    default:
      return trimmed;
  }
}

/** "default 3 · 1 or more": what the field accepts, under it. */
export function rangeHint(schema: ParamSchema): string {
  const parts = [`default ${paramText(schema.default) || 'empty'}`];
  if (schema.kind === 'int' || schema.kind === 'float') {
    const lo = schema.min === undefined ? null : `${'minExclusive' in schema && schema.minExclusive ? '>' : '≥'} ${schema.min}`;
    const hi = schema.max === undefined ? null : `${'maxExclusive' in schema && schema.maxExclusive ? '<' : '≤'} ${schema.max}`;
    const range = [lo, hi].filter(Boolean).join(', ');
    if (range) parts.push(range);
  } else if (schema.kind === 'ints' || schema.kind === 'optionalInts') {
    parts.push(`${schema.kind === 'optionalInts' ? 'empty or ' : ''}whole numbers ≥ ${schema.min ?? (schema.kind === 'ints' ? 1 : 0)}`);
  } else if (schema.kind === 'padding') {
    parts.push(`${schema.modes.join(' | ')} | pixels ≥ 0`);
  } else if (schema.kind === 'axes') {
    parts.push('an axis or several; -1 = last, 0 is the batch');
  } else if (schema.kind === 'axisList') {
    parts.push('empty or axes ≥ 1 (0 is the batch)');
  } else if (schema.kind === 'sides') {
    parts.push(`${sidesForms(schema.axes)}, ≥ 0`);
  }
  return parts.join(' · ');
}

/** The text a field shows for a value (`3, 3`), the same way its error messages write values. */
export const paramText = (value: ParamValue | undefined): string => paramValueText(value);
