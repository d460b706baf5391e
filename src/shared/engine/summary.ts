/**
 * `model.summary()` as Keras prints it (tf.keras 2 layout), optionally with each layer's arithmetic,
 * and the machine-readable summary the CLI's `--json` prints.
 */
import type { NetworkGraph } from '../graph/graph';
import type { GraphAnalysis, NodeAnalysis } from './analyze';
import type { Diagnostic } from './types';
import { bytesText, fmtInt, kerasShape } from './format';

export interface SummaryJson {
  status: 'ok' | 'error';
  layers: {
    name: string;
    type: string;
    output_shape: number[] | null;
    params: number;
    trainable_params: number;
    non_trainable_params: number;
    /** With `arithmetic`: the layer's trace lines and diagnostics (`arithmeticLines`). */
    arithmetic?: string[];
  }[];
  total_params: number;
  trainable_params: number;
  non_trainable_params: number;
  errors: { layer: string | null; code: string; message: string }[];
}

/** Why an export refuses the network: its first error, with the layer, the message and the fix. */
export function networkErrorText(analysis: GraphAnalysis): string {
  const first = analysis.diagnostics.find((d) => d.severity === 'error');
  if (!first) return 'The network has an error.';
  const where = first.nodeId ? ` in layer "${analysis.nodes[first.nodeId]?.name ?? first.nodeId}"` : '';
  return `The network has an error${where}: ${first.message} ${first.fix}`;
}

/** The machine-readable summary; with `arithmetic`, each layer also lists its arithmetic lines. */
export function summaryJson(analysis: GraphAnalysis, options: { arithmetic?: boolean } = {}): SummaryJson {
  return {
    status: analysis.ok ? 'ok' : 'error',
    layers: analysis.order.map((id) => {
      const n = analysis.nodes[id]!;
      return {
        name: n.name,
        type: n.type,
        output_shape: n.shape ?? null,
        params: n.params.total,
        trainable_params: n.params.trainable,
        non_trainable_params: n.params.nonTrainable,
        ...(options.arithmetic ? { arithmetic: arithmeticLines(n) } : {}),
      };
    }),
    total_params: analysis.totals.params,
    trainable_params: analysis.totals.trainable,
    non_trainable_params: analysis.totals.nonTrainable,
    errors: analysis.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ layer: d.nodeId ? (analysis.nodes[d.nodeId]?.name ?? d.nodeId) : null, code: d.code, message: d.message })),
  };
}

/** A layer's output shape as the summary writes it: `(None, 16, 16, 8)`, or why there is none. */
export function outputText(n: NodeAnalysis, analysis: GraphAnalysis): string {
  if (n.shape) return kerasShape(n.shape);
  if (n.status === 'blocked') return `(waiting on ${analysis.nodes[n.blockedBy!]?.name ?? n.blockedBy})`;
  return '(error)';
}

/** One diagnostic as the summary prints it: `ERROR [rank-mismatch] … Fix: …`. */
export function diagnosticText(d: Diagnostic): string {
  return `${d.severity.toUpperCase()} [${d.code}] ${d.message} Fix: ${d.fix}`;
}

/** A layer's arithmetic (`H: ⌊(32 + 2·0 − 3)/2⌋ + 1 = 16`), then its diagnostics. */
export function arithmeticLines(n: NodeAnalysis): string[] {
  return [...n.trace.map((t) => `${t.label}: ${t.text}`), ...n.diagnostics.map(diagnosticText)];
}

/** One row of the summary table, every cell as text, with the layer it describes. */
export interface SummaryRow {
  node: NodeAnalysis;
  /** `conv2d (Conv2D)`. */
  layer: string;
  /** `(None, 16, 16, 8)`. */
  output: string;
  /** `1,168`, or `?` for a layer with an error. */
  params: string;
  /** The input layers' names, `a, b`. */
  connectedTo: string;
}

export interface SummaryTable {
  /** The graph is not a plain chain: the "Connected to" column is shown. */
  branching: boolean;
  headers: string[];
  rows: SummaryRow[];
}

/** The rows of the Keras-style table (every output format writes these). */
export function summaryTable(graph: NetworkGraph, analysis: GraphAnalysis): SummaryTable {
  const nodes = analysis.order.map((id) => analysis.nodes[id]!);
  const branching = nodes.some((n) => n.inputIds.length > 1) || graph.edges.length !== new Set(graph.edges.map((e) => e.source)).size;
  return {
    branching,
    headers: ['Layer (type)', 'Output Shape', 'Param #', ...(branching ? ['Connected to'] : [])],
    rows: nodes.map((node) => ({
      node,
      layer: `${node.name} (${node.type})`,
      output: outputText(node, analysis),
      params: node.status === 'ok' ? fmtInt(node.params.total) : '?',
      connectedTo: node.inputIds.map((i) => analysis.nodes[i]?.name ?? i).join(', '),
    })),
  };
}

/** The totals under the table, as label and value: `Total params`, `1,392 (5.4 KiB)`. */
export function totalsLines(analysis: GraphAnalysis): [label: string, value: string][] {
  const { totals } = analysis;
  return [
    ['Total params', `${fmtInt(totals.params)} (${bytesText(totals.params * 4)})`],
    ['Trainable params', `${fmtInt(totals.trainable)} (${bytesText(totals.trainable * 4)})`],
    ['Non-trainable params', `${fmtInt(totals.nonTrainable)} (${bytesText(totals.nonTrainable * 4)})`],
  ];
}

/** The line after the totals: work and memory per sample. */
export function costLine(analysis: GraphAnalysis): string {
  return `Multiply-adds per sample: ${fmtInt(analysis.totals.macs)} · activations per sample: ${bytesText(analysis.totals.activationBytes)}`;
}

export interface SummaryOptions {
  /** Model name in the header. */
  name?: string;
  /** Print each layer's arithmetic under its row. */
  arithmetic?: boolean;
}

/** The Keras-style table. A "Connected to" column appears when the graph is not a plain chain. */
export function summaryText(graph: NetworkGraph, analysis: GraphAnalysis, options: SummaryOptions = {}): string {
  const { branching, headers, rows } = summaryTable(graph, analysis);
  const cells = rows.map((r) => [r.layer, r.output, r.params, ...(branching ? [r.connectedTo] : [])]);
  const widths = headers.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c]!.length)) + 3);
  const line = (row: string[]) => ` ${row.map((cell, c) => cell.padEnd(widths[c]!)).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const out: string[] = [`Model: "${options.name ?? 'model'}"`, '_'.repeat(width), line(headers), '='.repeat(width)];
  rows.forEach((r, i) => {
    if (i > 0) out.push('');
    out.push(line(cells[i]!));
    if (options.arithmetic) for (const a of arithmeticLines(r.node)) out.push(`      ${a}`);
  });
  out.push('='.repeat(width));
  for (const [label, value] of totalsLines(analysis)) out.push(`${label}: ${value}`);
  out.push('_'.repeat(width));
  out.push(costLine(analysis));
  for (const d of analysis.diagnostics.filter((d) => !d.nodeId)) out.push(diagnosticText(d));
  return out.join('\n');
}
