/**
 * Parameter schemas: applying defaults, validating values against their declared ranges (with a
 * message a learner can act on), and reading normalized values (a `3` kernel means `[3, 3]`).
 */
import type { GraphNode, LayerParams, ParamValue } from '../graph/graph';
import { paramValueText } from './format';
import type { Diagnostic, ParamSchema } from './types';

type NodeDiagnostic = Omit<Diagnostic, 'nodeId'>;

/** Why a value does not fit its field, without the field's name: `must be at least 1, got 0.` */
interface ParamProblem {
  reason: string;
  fix: string;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
/** A value in a message, as the field writes it (`3, 3`; text quoted; nothing as "empty"). */
const shown = (v: unknown): string => (v === null || v === undefined || v === '' ? 'empty' : paramValueText(v, true));
const example = (v: unknown): string => `“${paramValueText(v)}”`;

const invalid = (reason: string, fix: string): ParamProblem => ({ reason, fix });

function checkInts(schema: ParamSchema, value: ParamValue, length: number, min: number, allowSingle: boolean): ParamProblem | null {
  const list = typeof value === 'number' && allowSingle ? [value] : value;
  if (!Array.isArray(list) || (list.length !== length && !(allowSingle && list.length === 1)) || !list.every(isInt)) {
    const form = allowSingle ? `an integer or ${length} integers` : `${length} integers`;
    return invalid(`must be ${form}, got ${shown(value)}.`, `Enter ${form}, e.g. ${example(schema.default)}.`);
  }
  const bad = (list as number[]).find((v) => v < min);
  if (bad !== undefined) return invalid(`must be at least ${min}, got ${bad}.`, `Use a value of ${min} or more.`);
  return null;
}

/** The three forms of a `sides` value, with what each means for this many axes. */
export function sidesForms(axes: number): string {
  if (axes === 1) return 'an integer (both ends) or (start, end)';
  const each = axes === 2 ? 'rows, columns' : 'one per axis';
  const pairs = axes === 2 ? '(top, bottom), (left, right)' : `${axes} (before, after) pairs`;
  return `an integer, ${axes} integers (${each}) or ${pairs}`;
}

function checkSides(schema: ParamSchema, value: ParamValue, axes: number): ParamProblem | null {
  const pairs = Array.isArray(value) && value.length === axes && value.every((v) => Array.isArray(v) && v.length === 2 && v.every(isInt));
  const flat = isInt(value) || (Array.isArray(value) && (value.length === axes || value.length === 1) && value.every(isInt));
  if (!pairs && !flat) return invalid(`must be ${sidesForms(axes)}; got ${shown(value)}.`, `Enter ${sidesForms(axes)}, e.g. ${example(schema.default)}.`);
  const negative = sidesPerAxis(value, axes)
    .flat()
    .find((v) => v < 0);
  return negative !== undefined ? invalid(`cannot be negative (got ${negative}).`, 'Use 0 or more pixels.') : null;
}

/**
 * Checks one value against its schema; null when valid. The message names the field once by its
 * label (`Strides must be at least 1, got 0.`), for the canvas and the arithmetic panel.
 */
function checkParam(schema: ParamSchema, value: ParamValue): NodeDiagnostic | null {
  const problem = paramProblem(schema, value);
  return problem && { code: 'invalid-param', severity: 'error', message: `${schema.label} ${problem.reason}`, fix: problem.fix, param: schema.key };
}

/** The message under the field itself, where its label is already written: `Must be at least 1, got 0. Use 1 or more.` */
export function fieldProblemText(schema: ParamSchema, value: ParamValue): string | null {
  const problem = paramProblem(schema, value);
  return problem && `${problem.reason[0]!.toUpperCase()}${problem.reason.slice(1)} ${problem.fix}`;
}

/** Checks one value against its schema, saying why without naming the field; null when valid. */
function paramProblem(schema: ParamSchema, value: ParamValue): ParamProblem | null {
  switch (schema.kind) {
    case 'int': {
      if (!isInt(value)) return invalid(`must be a whole number, got ${shown(value)}.`, `Enter an integer, e.g. ${example(schema.default)}.`);
      if (schema.min !== undefined && value < schema.min) return invalid(`must be at least ${schema.min}, got ${value}.`, `Use ${schema.min} or more.`);
      if (schema.max !== undefined && value > schema.max) return invalid(`must be at most ${schema.max}, got ${value}.`, `Use ${schema.max} or less.`);
      return null;
    }
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return invalid(`must be a number, got ${shown(value)}.`, `Enter a number, e.g. ${example(schema.default)}.`);
      const { min, max } = schema;
      if (min !== undefined && (schema.minExclusive ? value <= min : value < min)) {
        return invalid(`must be ${schema.minExclusive ? 'greater than' : 'at least'} ${min}, got ${value}.`, `Use a value in ${describeRange(schema)}.`);
      }
      if (max !== undefined && (schema.maxExclusive ? value >= max : value > max)) {
        return invalid(`must be ${schema.maxExclusive ? 'less than' : 'at most'} ${max}, got ${value}.`, `Use a value in ${describeRange(schema)}.`);
      }
      return null;
    }
    case 'enum':
      return typeof value === 'string' && schema.options.includes(value)
        ? null
        : invalid(`must be one of ${schema.options.join(', ')}; got ${shown(value)}.`, `Pick one of: ${schema.options.join(', ')}.`);
    case 'bool':
      return typeof value === 'boolean' ? null : invalid(`must be true or false.`, 'Tick or untick it.');
    case 'string':
      return typeof value === 'string' ? null : invalid(`must be text.`, 'Enter text.');
    case 'ints':
      return checkInts(schema, value, schema.length, schema.min ?? 1, schema.allowSingle ?? true);
    case 'optionalInts':
      return value === null ? null : checkInts(schema, value, schema.length, schema.min ?? 0, true);
    case 'padding': {
      if (typeof value === 'string') {
        return schema.modes.includes(value)
          ? null
          : invalid(
              `must be ${schema.modes.join(', ')} or a number of pixels; got ${shown(value)}.`,
              `Pick ${schema.modes.join(' or ')}, or enter a whole number ≥ 0.`,
            );
      }
      const ints = typeof value === 'number' ? [value] : value;
      if (!Array.isArray(ints) || !(ints.length === 1 || ints.length === schema.axes) || !ints.every(isInt)) {
        return invalid(
          `must be ${schema.modes.join(', ')}, an integer or ${schema.axes} integers; got ${shown(value)}.`,
          'Enter "valid", "same" or a whole number of pixels.',
        );
      }
      const negative = (ints as number[]).find((v) => v < 0);
      return negative !== undefined ? invalid(`cannot be negative (got ${negative}).`, 'Use 0 or more pixels of padding, or "valid" for none.') : null;
    }
    case 'sides':
      return checkSides(schema, value, schema.axes);
    case 'axisList': {
      if (value === null) return null;
      if (!Array.isArray(value) || value.length === 0 || !value.every(isInt))
        return invalid(`must be empty or a list of axes, got ${shown(value)}.`, 'Enter axes like 1, 2 (the batch is axis 0), or leave it empty.');
      const axes = value as number[];
      const bad = axes.find((a) => a < 1);
      if (bad !== undefined) return invalid(`cannot name axis ${bad}: axis 0 is the batch.`, 'Use axes of 1 or more.');
      return new Set(axes).size === axes.length ? null : invalid(`names an axis twice (${shown(value)}).`, 'Name each axis once.');
    }
    case 'axes': {
      const axes = isInt(value) ? [value] : value;
      if (!Array.isArray(axes) || axes.length === 0 || !axes.every(isInt))
        return invalid(`must be an axis or a list of axes, got ${shown(value)}.`, 'Enter an axis like -1 (the last), or several like 1, 2.');
      if ((axes as number[]).includes(0)) return invalid('cannot be axis 0: that is the batch.', 'Use -1 for the channels, or axes from 1.');
      return new Set(axes).size === axes.length ? null : invalid(`names an axis twice (${shown(value)}).`, 'Name each axis once.');
    }
    case 'shape': {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isInt)) {
        return invalid(`must be a list of whole numbers, got ${shown(value)}.`, 'Enter sizes like 28, 28, 1.');
      }
      const dims = value as number[];
      const inferred = dims.filter((d) => d === -1).length;
      if (inferred > (schema.allowInfer ? 1 : 0)) {
        return invalid(schema.allowInfer ? 'may use -1 only once.' : 'cannot contain -1.', 'Give every size explicitly.');
      }
      const bad = dims.find((d) => d === 0 || d < -1);
      return bad !== undefined ? invalid(`sizes must be positive, got ${bad}.`, 'Use sizes of 1 or more.') : null;
    }
  }
}

function describeRange(schema: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): string {
  const lo = schema.min === undefined ? '(−∞' : `${schema.minExclusive ? '(' : '['}${schema.min}`;
  const hi = schema.max === undefined ? '∞)' : `${schema.max}${schema.maxExclusive ? ')' : ']'}`;
  return `${lo}, ${hi}`;
}

/** Defaults merged under the node's values, plus every schema violation. Unknown keys are kept. */
export function resolveParams(schemas: ParamSchema[], node: GraphNode): { params: LayerParams; problems: NodeDiagnostic[] } {
  const params: LayerParams = { ...node.params };
  const problems: NodeDiagnostic[] = [];
  for (const schema of schemas) {
    if (params[schema.key] === undefined) params[schema.key] = schema.default;
    const problem = checkParam(schema, params[schema.key]!);
    if (problem) problems.push(problem);
  }
  return { params, problems };
}

/** A validated `ints` value as exactly `n` numbers. */
export function ints(value: ParamValue | undefined, n: number): number[] {
  if (typeof value === 'number') return Array(n).fill(value);
  if (Array.isArray(value) && value.length === 1) return Array(n).fill(value[0]);
  return (value as number[]).slice(0, n);
}

/** A validated padding value per axis: the mode string repeated, or integers. */
export function paddingPerAxis(value: ParamValue | undefined, n: number): (string | number)[] {
  if (typeof value === 'string') return Array(n).fill(value);
  return ints(value, n);
}

/** A validated `sides` value as (before, after) per axis. */
export function sidesPerAxis(value: ParamValue | undefined, axes: number): [number, number][] {
  if (Array.isArray(value) && value.length === axes && value.every((v) => Array.isArray(v))) return (value as number[][]).map(([a, b]) => [a!, b!]);
  return ints(value, axes).map((v) => [v, v]);
}

/** Keras axes (batch-counted, or negative from the end) as positions in a shape without the batch; -1 where out of range. */
export function axisPositions(value: ParamValue | undefined, rank: number): number[] {
  const axes = Array.isArray(value) ? (value as number[]) : [value as number];
  return axes.map((a) => {
    const position = a < 0 ? rank + a : a - 1;
    return position >= 0 && position < rank ? position : -1;
  });
}

export const num = (value: ParamValue | undefined): number => value as number;
