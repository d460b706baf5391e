/**
 * The teaching exports as files, named after the project (`Homework.summary.md`, `Homework.svg`): what
 * the app's Export menu saves and the CLI writes.
 */
import type { ExportedFile } from '../codegen/targets';
import { analyzeGraph } from '../engine/analyze';
import type { NetworkGraph } from '../graph/graph';
import { documentBaseName, safeFileStem } from '../project/file-names';
import { diagramSvg, type DiagramOptions } from './diagram-svg';
import { summaryCsv, summaryMarkdown } from './summary-table';

export type SummaryFormat = 'md' | 'csv';

/** The summary with each layer's arithmetic, as Markdown or CSV. */
export function summaryFile(graph: NetworkGraph, fileName: string, format: SummaryFormat): ExportedFile {
  const analysis = analyzeGraph(graph);
  const text =
    format === 'md'
      ? summaryMarkdown(graph, analysis, { name: documentBaseName(fileName), arithmetic: true })
      : summaryCsv(graph, analysis, { arithmetic: true });
  return { name: `${safeFileStem(fileName)}.summary.${format}`, text };
}

/** The diagram as an SVG file. */
export function diagramFile(graph: NetworkGraph, fileName: string, options: Omit<DiagramOptions, 'name'>): ExportedFile {
  return { name: `${safeFileStem(fileName)}.svg`, text: diagramSvg(graph, analyzeGraph(graph), { ...options, name: documentBaseName(fileName) }) };
}
