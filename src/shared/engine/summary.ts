/**
 * `model.summary()` as Keras prints it (tf.keras 2 layout), optionally with each layer's arithmetic,
 * and the machine-readable summary the CLI's `--json` prints.
 */
import type { NetworkGraph } from '../graph/graph';
import type { GraphAnalysis, NodeAnalysis } from './analyze';
import { bytesText, fmtInt, kerasShape } from './format';

export interface SummaryJson {
  status: 'ok' | 'error';
  layers: { name: string; type: string; output_shape: number[] | null; params: number; trainable_params: number; non_trainable_params: number }[];
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

export function summaryJson(analysis: GraphAnalysis): SummaryJson {
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

function outputText(n: NodeAnalysis, analysis: GraphAnalysis): string {
  if (n.shape) return kerasShape(n.shape);
  if (n.status === 'blocked') return `(waiting on ${analysis.nodes[n.blockedBy!]?.name ?? n.blockedBy})`;
  return '(error)';
}

export interface SummaryOptions {
  /** Model name in the header. */
  name?: string;
  /** Print each layer's arithmetic under its row. */
  arithmetic?: boolean;
}

/** The Keras-style table. A "Connected to" column appears when the graph is not a plain chain. */
export function summaryText(graph: NetworkGraph, analysis: GraphAnalysis, options: SummaryOptions = {}): string {
  const nodes = analysis.order.map((id) => analysis.nodes[id]!);
  const branching = nodes.some((n) => n.inputIds.length > 1) || graph.edges.length !== new Set(graph.edges.map((e) => e.source)).size;
  const headers = ['Layer (type)', 'Output Shape', 'Param #', ...(branching ? ['Connected to'] : [])];
  const rows = nodes.map((n) => [
    `${n.name} (${n.type})`,
    outputText(n, analysis),
    n.status === 'ok' ? fmtInt(n.params.total) : '?',
    ...(branching ? [n.inputIds.map((i) => analysis.nodes[i]?.name ?? i).join(', ')] : []),
  ]);
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)) + 3);
  const line = (cells: string[]) => ` ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join('')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b, 1);
  const out: string[] = [`Model: "${options.name ?? 'model'}"`, '_'.repeat(width), line(headers), '='.repeat(width)];
  nodes.forEach((n, i) => {
    out.push(line(rows[i]!));
    if (options.arithmetic) {
      for (const t of n.trace) out.push(`      ${t.label}: ${t.text}`);
      for (const d of n.diagnostics) out.push(`      ${d.severity.toUpperCase()} [${d.code}] ${d.message} Fix: ${d.fix}`);
    }
    out.push(i === nodes.length - 1 ? '' : '');
  });
  out.pop();
  out.push('='.repeat(width));
  const { totals } = analysis;
  out.push(`Total params: ${fmtInt(totals.params)} (${bytesText(totals.params * 4)})`);
  out.push(`Trainable params: ${fmtInt(totals.trainable)} (${bytesText(totals.trainable * 4)})`);
  out.push(`Non-trainable params: ${fmtInt(totals.nonTrainable)} (${bytesText(totals.nonTrainable * 4)})`);
  out.push('_'.repeat(width));
  out.push(`Multiply-adds per sample: ${fmtInt(totals.macs)} · activations per sample: ${bytesText(totals.activationBytes)}`);
  const graphLevel = analysis.diagnostics.filter((d) => !d.nodeId);
  for (const d of graphLevel) out.push(`${d.severity.toUpperCase()} [${d.code}] ${d.message} Fix: ${d.fix}`);
  return out.join('\n');
}
