/**
 * A learner's typed answers, read the way people write them: shapes as `16×16×8`, `16x16x8`,
 * `16, 16, 8`, `(None, 16, 16, 8)` or `[16, 16, 8]`; counts with or without thousands separators
 * (`1,392`, `1 392`, `1_392`). And the answers CSV a learner can write by hand.
 */

export const ANSWER_FIELDS = ['output_shape', 'params', 'trainable_params', 'non_trainable_params', 'macs'] as const;
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
 * `non_trainable_params`, `macs`), one row per layer; `# student: NAME` as an optional first line,
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
