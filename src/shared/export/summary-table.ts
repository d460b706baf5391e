/**
 * The summary table as teaching material: Markdown (a table and, with `arithmetic`, each layer's
 * working) and CSV for a spreadsheet. The same rows as `summaryText` (`engine/summary.ts`), which
 * the CLI prints and Keras' `model.summary()` resembles.
 */
import type { GraphAnalysis } from '../engine/analyze';
import { arithmeticLines, costLine, diagnosticText, summaryTable, totalsLines } from '../engine/summary';
import type { NetworkGraph } from '../graph/graph';
import { csvText } from './csv';

export interface SummaryExportOptions {
  /** The model's name in the Markdown heading (default `model`). */
  name?: string;
  /** Each layer's arithmetic: a section under the Markdown table, a column of the CSV. */
  arithmetic?: boolean;
}

/**
 * Text safe in Markdown: characters that would start emphasis, code, HTML or end a table cell are
 * escaped; `_` only where it could open emphasis (`conv2d_1` stays as it is). Brackets stay: `[code]`
 * makes no link without a `(…)` or a definition after it.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*<>|]/g, '\\$&').replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** The table (`| Layer (type) | Output Shape | Param # |`, plus "Connected to" where the graph branches), totals and, optionally, the arithmetic. */
export function summaryMarkdown(graph: NetworkGraph, analysis: GraphAnalysis, options: SummaryExportOptions = {}): string {
  const { branching, headers, rows } = summaryTable(graph, analysis);
  const row = (cells: string[]) => `| ${cells.map(markdownText).join(' | ')} |`;
  const out = [
    `## Model: "${markdownText(options.name ?? 'model')}"`,
    '',
    row(headers),
    `| --- | --- | ---: |${branching ? ' --- |' : ''}`,
    ...rows.map((r) => row([r.layer, r.output, r.params, ...(branching ? [r.connectedTo] : [])])),
    '',
    // Two trailing spaces: a line break inside one paragraph.
    ...totalsLines(analysis).map(([label, value], i, all) => `**${label}:** ${value}${i < all.length - 1 ? '  ' : ''}`),
    '',
    markdownText(costLine(analysis)),
  ];
  const graphLevel = analysis.diagnostics.filter((d) => !d.nodeId);
  if (graphLevel.length) out.push('', ...graphLevel.map((d) => `- ${markdownText(diagnosticText(d))}`));
  if (options.arithmetic) {
    out.push('', '### Arithmetic');
    for (const r of rows) {
      const lines = arithmeticLines(r.node);
      if (!lines.length) continue;
      out.push('', `**${markdownText(r.layer)}**`, '', ...lines.map((l) => `- ${markdownText(l)}`));
    }
  }
  return out.join('\n') + '\n';
}

/** The CSV columns; `arithmetic` is added when asked for. */
export const SUMMARY_CSV_COLUMNS = ['layer', 'type', 'output_shape', 'params', 'trainable_params', 'non_trainable_params', 'connected_to'] as const;

/** The separator between a layer's arithmetic lines in its one CSV cell. */
export const ARITHMETIC_SEPARATOR = ' ; ';

/**
 * The summary's rows as CSV records (no header): one per layer, then a `(total)` row. Numbers are
 * plain (`1168`) so a spreadsheet reads them as numbers; a layer with an error has empty counts.
 * `connected_to` is always there, so files of different networks line up.
 */
export function summaryCsvRecords(graph: NetworkGraph, analysis: GraphAnalysis, options: Pick<SummaryExportOptions, 'arithmetic'> = {}): string[][] {
  const { rows } = summaryTable(graph, analysis);
  const records = rows.map(({ node, output, connectedTo }) => {
    const counted = node.status === 'ok';
    return [
      node.name,
      node.type,
      output,
      counted ? String(node.params.total) : '',
      counted ? String(node.params.trainable) : '',
      counted ? String(node.params.nonTrainable) : '',
      connectedTo,
      ...(options.arithmetic ? [arithmeticLines(node).join(ARITHMETIC_SEPARATOR)] : []),
    ];
  });
  const { totals } = analysis;
  records.push(['(total)', '', '', String(totals.params), String(totals.trainable), String(totals.nonTrainable), '', ...(options.arithmetic ? [''] : [])]);
  return records;
}

/** The CSV header for `summaryCsvRecords`. */
export function summaryCsvHeader(options: Pick<SummaryExportOptions, 'arithmetic'> = {}): string[] {
  return [...SUMMARY_CSV_COLUMNS, ...(options.arithmetic ? ['arithmetic'] : [])];
}

/** The summary as a CSV file: a header, one row per layer, a `(total)` row. */
export function summaryCsv(graph: NetworkGraph, analysis: GraphAnalysis, options: Pick<SummaryExportOptions, 'arithmetic'> = {}): string {
  return csvText([summaryCsvHeader(options), ...summaryCsvRecords(graph, analysis, options)]);
}
