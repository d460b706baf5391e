/**
 * `cnn-studio summary FILE|FOLDER… [--format table|json|csv|md] [--arithmetic]` and
 * `cnn-studio diagram FILE [-o OUT.svg] [--theme dark] [--layout auto]`: a class's networks summarized
 * in one run, and a network's diagram for slides. Host-free like the rest of the CLI: files come
 * through `CliIo`.
 */
import { analyzeGraph, type GraphAnalysis } from '../../shared/engine/analyze';
import { summaryJson, summaryText } from '../../shared/engine/summary';
import { csvText } from '../../shared/export/csv';
import { diagramSvg, type DiagramLayout, type DiagramTheme } from '../../shared/export/diagram-svg';
import { summaryCsvHeader, summaryCsvRecords, summaryMarkdown } from '../../shared/export/summary-table';
import type { NetworkGraph } from '../../shared/graph/graph';
import { HOMEWORK_EXTENSION } from '../../shared/homework/homework-file';
import type { CliIo } from './cli';
import { modelName, readNetwork } from './read-network';

const EXIT_OK = 0;
const EXIT_NETWORK_ERRORS = 1;
const EXIT_USAGE = 2;

export const SUMMARY_FORMATS = ['table', 'json', 'csv', 'md'] as const;
type SummaryFormat = (typeof SUMMARY_FORMATS)[number];
const isFormat = (v: unknown): v is SummaryFormat => SUMMARY_FORMATS.includes(v as SummaryFormat);

/** Indented JSON with shapes on one line: `"output_shape": [16, 16, 8]`. */
function jsonText(value: unknown): string {
  // Only raw newlines are matched, and JSON strings never hold one, so messages are left alone.
  return JSON.stringify(value, null, 2).replace(/\[\n\s*(-?\d+(?:,\n\s*-?\d+)*)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
}

/** A model file inside a folder: any `*.json` but a homework file (`*.cnnhomework.json`). */
const isModelFile = (name: string) => /\.json$/i.test(name) && !name.toLowerCase().endsWith(`.${HOMEWORK_EXTENSION}`);

/** The files the paths name: a folder stands for its model files (sorted, not its subfolders'). */
async function expandPaths(paths: string[], io: CliIo): Promise<{ files: string[]; folders: number; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  let folders = 0;
  for (const path of paths) {
    const listed = io.listDir ? await io.listDir(path).catch(() => null) : null;
    if (!listed) {
      files.push(path);
      continue;
    }
    folders++;
    const inside = listed.filter(isModelFile).sort();
    if (!inside.length) problems.push(`${path}: a folder without model files (*.json)`);
    files.push(...inside.map((f) => `${path.replace(/[\\/]$/, '')}/${f}`));
  }
  return { files, folders, problems };
}

interface Summarized {
  file: string;
  name: string;
  graph: NetworkGraph;
  analysis: GraphAnalysis;
}

/** Every network in the requested format; several are sections (table, md), an array (json) or rows with a `file` column (csv). */
function formatSummaries(done: Summarized[], format: SummaryFormat, arithmetic: boolean, several: boolean): string {
  switch (format) {
    case 'json': {
      const one = (s: Summarized) => summaryJson(s.analysis, { arithmetic });
      return jsonText(several ? done.map((s) => ({ file: s.file, ...one(s) })) : one(done[0]!)) + '\n';
    }
    case 'csv': {
      const header = summaryCsvHeader({ arithmetic });
      if (!several) return csvText([header, ...summaryCsvRecords(done[0]!.graph, done[0]!.analysis, { arithmetic })]);
      return csvText([['file', ...header], ...done.flatMap((s) => summaryCsvRecords(s.graph, s.analysis, { arithmetic }).map((r) => [s.file, ...r]))]);
    }
    case 'md':
      return done.map((s) => `${several ? `# ${s.file}\n\n` : ''}${summaryMarkdown(s.graph, s.analysis, { name: s.name, arithmetic })}`).join('\n');
    case 'table':
      return done.map((s) => `${several ? `File: ${s.file}\n` : ''}${summaryText(s.graph, s.analysis, { name: s.name, arithmetic })}\n`).join('\n');
  }
}

export async function runSummary(args: string[], io: CliIo, usageError: (problem: string) => number): Promise<number> {
  let format: SummaryFormat | undefined;
  let arithmetic: boolean | undefined;
  const paths: string[] = [];
  const unknown: string[] = [];
  let formatGiven = '';
  const setFormat = (value: string | undefined, from: '--json' | '--format') => {
    if (!isFormat(value)) return `--format takes ${SUMMARY_FORMATS.join(', ')} (got ${value === undefined ? 'nothing' : `"${value}"`}).`;
    const given = from === '--json' ? '--json' : `--format ${value}`;
    if (format && format !== value) return `${formatGiven} and ${given} disagree.`;
    format = value;
    formatGiven = given;
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const problem =
      a === '--json'
        ? setFormat('json', '--json')
        : a === '--format'
          ? setFormat(args[++i], '--format')
          : a.startsWith('--format=')
            ? setFormat(a.slice('--format='.length), '--format')
            : undefined;
    if (problem) return usageError(problem);
    if (a === '--arithmetic') arithmetic = true;
    else if (a === '--no-arithmetic') arithmetic = false;
    else if (a === '--json' || a === '--format' || a.startsWith('--format=')) continue;
    else if (a.startsWith('-')) unknown.push(a);
    else paths.push(a);
  }
  if (unknown.length > 0) return usageError(`unknown option ${unknown.map((o) => `"${o}"`).join(', ')}.`);
  if (paths.length === 0) return usageError('no FILE given.');
  const chosen = format ?? 'table';
  // The table has always shown the arithmetic; the files for other programs add it when asked.
  const withArithmetic = arithmetic ?? chosen === 'table';

  const { files, folders, problems } = await expandPaths(paths, io);
  const several = files.length > 1 || folders > 0;
  const done: Summarized[] = [];
  const unreadable = [...problems];
  for (const p of problems) io.stderr(`cnn-studio: ${p}.\n`);
  for (const file of files) {
    const imported = await readNetwork(file, io);
    if (!imported) {
      unreadable.push(file);
      continue;
    }
    for (const warning of imported.warnings) io.stderr(`cnn-studio: warning: ${several ? `${file}: ` : ''}${warning}\n`);
    done.push({ file, name: imported.name ?? modelName(file), graph: imported.graph, analysis: analyzeGraph(imported.graph) });
  }
  if (done.length) io.stdout(formatSummaries(done, chosen, withArithmetic, several));
  if (several && unreadable.length)
    io.stderr(`cnn-studio: ${unreadable.length} of ${files.length + problems.length} could not be read: ${unreadable.join(', ')}\n`);
  if (unreadable.length) return EXIT_USAGE;
  return done.every((s) => s.analysis.ok) ? EXIT_OK : EXIT_NETWORK_ERRORS;
}

/** `diagram FILE [-o OUT] [--theme light|dark] [--layout canvas|auto] [--force]`: the SVG the app's "Export diagram" saves. */
export async function runDiagram(args: string[], io: CliIo, usageError: (problem: string) => number): Promise<number> {
  let out: string | undefined;
  let theme: DiagramTheme = 'light';
  let layout: DiagramLayout = 'canvas';
  let force = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--out') out = args[++i];
    else if (a === '--theme' || a === '--layout') {
      const value = args[++i];
      if (a === '--theme' && (value === 'light' || value === 'dark')) theme = value;
      else if (a === '--layout' && (value === 'canvas' || value === 'auto')) layout = value;
      else return usageError(`${a} takes ${a === '--theme' ? 'light or dark' : 'canvas or auto'} (got ${value === undefined ? 'nothing' : `"${value}"`}).`);
    } else if (a === '--force') force = true;
    else if (a.startsWith('-')) return usageError(`unknown option "${a}".`);
    else files.push(a);
  }
  if (files.length !== 1) return usageError(files.length === 0 ? 'no FILE given.' : `one FILE at a time (got ${files.length}).`);
  if (out === undefined && args.some((a) => a === '-o' || a === '--out')) return usageError('-o takes a file name.');
  if (!io.writeFile || !io.exists) return usageError('this host cannot write files.');
  const file = files[0]!;
  const imported = await readNetwork(file, io);
  if (!imported) return EXIT_USAGE;
  const analysis = analyzeGraph(imported.graph);
  const target = out ?? `${file.replace(/[^\\/]*$/, '')}${modelName(file)}.svg`;
  if (!force && (await io.exists(target))) {
    io.stderr(`cnn-studio: ${target} exists; nothing was written (use --force to overwrite).\n`);
    return EXIT_USAGE;
  }
  await io.writeFile(target, diagramSvg(imported.graph, analysis, { theme, layout, name: imported.name ?? modelName(file) }));
  io.stdout(`wrote ${target}\n`);
  if (analysis.ok) return EXIT_OK;
  io.stderr('cnn-studio: the network has errors (marked in the diagram).\n');
  return EXIT_NETWORK_ERRORS;
}
