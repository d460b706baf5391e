/**
 * A learner's typed answers, read the way people write them: shapes as `16×16×8`, `16x16x8`,
 * `16, 16, 8`, `(None, 16, 16, 8)` or `[16, 16, 8]`; counts with or without thousands separators
 * (`1,392`, `1 392`, `1_392`). And the answers CSV a learner can write by hand.
 */
import { csvText } from '../export/csv';

export const ANSWER_FIELDS = ['output_shape', 'params', 'trainable_params', 'non_trainable_params', 'macs', 'receptive_field'] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A shape without the batch axis; `None` (the batch) may lead. */
export function parseShape(text: string): Parsed<number[]> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'no shape given' };
  const inner = trimmed.replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
  const parts = inner
    .split(/\s*[×x*,]\s*|\s+/i)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const dims = parts[0]?.toLowerCase() === 'none' ? parts.slice(1) : parts;
  if (!dims.length) return { ok: false, error: `"${text}" has no sizes` };
  const values = dims.map((d) => (/^\d+$/.test(d) ? Number(d) : NaN));
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    return { ok: false, error: `"${text}" is not a shape: write it as 16×16×8, 16, 16, 8 or (None, 16, 16, 8)` };
  return { ok: true, value: values };
}

/** A whole number, thousands separators allowed (comma, space, thin space, apostrophe, underscore). */
export function parseCount(text: string): Parsed<number> {
  const cleaned = text.trim().replace(/[,\s\u2009\u202f'_]/g, '');
  if (!cleaned) return { ok: false, error: 'no number given' };
  if (!/^\d+$/.test(cleaned)) return { ok: false, error: `"${text}" is not a whole number` };
  return { ok: true, value: Number(cleaned) };
}

/** What each field is called on screen. */
export const FIELD_LABELS: Record<AnswerField, string> = {
  output_shape: 'Output shape',
  params: 'Params',
  trainable_params: 'Trainable params',
  non_trainable_params: 'Non-trainable params',
  macs: 'Multiply-adds',
  receptive_field: 'Receptive field',
};

/**
 * A receptive field: its size in input pixels per spatial axis (`5×5`, `5, 5`), one number for a square
 * (or a length) field (`5`), or `global` once a layer sees the whole input (Dense, Flatten, global pooling).
 */
export function parseReceptiveField(text: string, axes: number): Parsed<number[] | 'global'> {
  const trimmed = text.trim().toLowerCase();
  if (/^(global|all|whole( input| image)?)$/.test(trimmed)) return { ok: true, value: 'global' };
  const shape = parseShape(trimmed.replace(/\s*px$/, ''));
  if (!shape.ok) return { ok: false, error: `"${text}" is not a receptive field: write its size as 5×5 (or 5), or "global"` };
  return { ok: true, value: shape.value.length === 1 && axes > 1 ? Array<number>(axes).fill(shape.value[0]!) : shape.value };
}

/** One row of answers: the layer (named as in the network) and the fields given (as typed). */
export interface AnswerRow {
  layer: string;
  values: Partial<Record<AnswerField, string>>;
}

export interface AnswerSheet {
  student: string;
  rows: AnswerRow[];
  /** Rows that could not be read (reported, never fatal). */
  problems: string[];
}

/** Splits one CSV line (quotes allowed, `""` inside quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/**
 * The answers CSV: header `layer,output_shape,params` (optionally `trainable_params`,
 * `non_trainable_params`, `macs`, `receptive_field`), one row per layer; `# student: NAME` as an optional first line,
 * else the file's name is the student. Shapes with commas are quoted (`"16, 16, 8"`) or use ×.
 */
export function parseAnswersCsv(text: string, fileName: string): AnswerSheet {
  const lines = text.split(/\r?\n/);
  let student = fileName.replace(/^.*[\\/]/, '').replace(/\.(csv|json)$/i, '');
  const problems: string[] = [];
  const rows: AnswerRow[] = [];
  let header: string[] | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const named = /^#\s*student\s*:\s*(.+)$/i.exec(line);
    if (named) return void (student = named[1]!.trim());
    if (line.startsWith('#')) return;
    const cells = csvCells(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      if (header[0] !== 'layer') problems.push(`line ${i + 1}: the header must start with "layer" (got "${cells[0]}")`);
      for (const h of header.slice(1)) if (!(ANSWER_FIELDS as readonly string[]).includes(h)) problems.push(`line ${i + 1}: unknown column "${h}"`);
      return;
    }
    if (!cells[0]) return void problems.push(`line ${i + 1}: no layer name`);
    const values: AnswerRow['values'] = {};
    header.slice(1).forEach((h, j) => {
      const value = cells[j + 1];
      if ((ANSWER_FIELDS as readonly string[]).includes(h) && value) values[h as AnswerField] = value;
    });
    rows.push({ layer: cells[0], values });
  });
  if (!header) problems.push('no header line (layer,output_shape,params)');
  return { student, rows, problems };
}

/** The answers CSV `parseAnswersCsv` reads back: `# student:` line, a header of the fields asked, one row per layer. */
export function answersCsv(sheet: AnswerSheet, fields: readonly AnswerField[]): string {
  return `# student: ${sheet.student}\n${csvText([['layer', ...fields], ...sheet.rows.map((row) => [row.layer, ...fields.map((f) => row.values[f] ?? '')])])}`;
}

/** The answers file the app saves (`*.answers.json`): `{ format, student, homework, rows }`; the CLI grades it. */
export function answersJson(sheet: AnswerSheet, homeworkTitle?: string): string {
  const rows = sheet.rows.filter((r) => Object.keys(r.values).length > 0);
  return `${JSON.stringify({ format: 'cnn-studio-answers', version: 1, student: sheet.student, ...(homeworkTitle ? { homework: homeworkTitle } : {}), rows }, null, 2)}\n`;
}

/** Reads an answers file: the CSV a learner writes, or the JSON the app saves (`{ student, rows }`); a string says why not. */
export function parseAnswersFile(text: string, fileName: string): AnswerSheet | string {
  if (!/\.json$/i.test(fileName)) return parseAnswersCsv(text, fileName);
  const student = fileName.replace(/^.*[\\/]/, '').replace(/(\.answers)?\.json$/i, '');
  let json: { student?: unknown; rows?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (e) {
    return `${fileName} is not valid JSON (${(e as Error).message})`;
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.rows))
    return `${fileName}: no "rows" list (an answers file holds { "student", "rows": [{ "layer", "values" }] })`;
  const problems: string[] = [];
  const rows = json.rows.flatMap((r: { layer?: unknown; values?: unknown }, i: number): AnswerRow[] => {
    if (typeof r !== 'object' || r === null || typeof r.layer !== 'string') return (problems.push(`row ${i + 1}: no layer name`), []);
    const given = typeof r.values === 'object' && r.values !== null ? (r.values as Record<string, unknown>) : {};
    const values = Object.fromEntries(ANSWER_FIELDS.flatMap((f) => (given[f] != null && given[f] !== '' ? [[f, String(given[f])]] : [])));
    return [{ layer: r.layer, values }];
  });
  return { student: typeof json.student === 'string' && json.student.trim() ? json.student.trim() : student, rows, problems };
}
