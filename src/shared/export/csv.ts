/** CSV as RFC 4180 writes it: a field with a comma, a quote or a line break is quoted, quotes doubled. */

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the header first) as CSV text, one line each, ending with a newline. */
export function csvText(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
