/**
 * The teacher CLI: `cnn-studio summary FILE…` prints networks' Keras-style summaries with each layer's
 * arithmetic (or JSON, CSV, Markdown) for CNN Studio projects, Keras model JSON or TensorFlow.js
 * model.json files; `diagram`, `export`, `homework make` and `grade` write files. Exit codes: 0 valid
 * network, 1 network with errors, 2 unreadable file or bad usage. Host-free: the caller passes file
 * reading and output in (`main.ts` does it for Node).
 */
import { analyzeGraph } from '../../shared/engine/analyze';
import { summaryText } from '../../shared/engine/summary';
import { codeSettings, EXPORT_TARGETS, exportTarget, isExportTarget } from '../../shared/codegen/targets';
import { datasetChoices } from '../../shared/data/datasets';
import { runGrade, runHomeworkMake } from './homework-cli';
import { modelName, readNetwork } from './read-network';
import { runDiagram, runSummary } from './summary-cli';
import { suggestDataset } from '../../shared/planning/run-plan';
import { decodeTensor } from '../../shared/project/weights';

// `homework-cli.ts` reads networks through these.
export { modelName, readNetwork };

export interface CliIo {
  readFile(path: string): Promise<string>;
  /** For `export`: writes a file (text or bytes), and tells whether a path exists (nothing is overwritten without --force). */
  writeFile?(path: string, contents: string | Uint8Array): Promise<void>;
  exists?(path: string): Promise<boolean>;
  /** The file names in a folder (for `summary` and `grade`, which take folders); rejects when it is no folder. */
  listDir?(path: string): Promise<string[]>;
  /** Writes as is; every call the CLI makes ends with a newline. */
  stdout(s: string): void;
  stderr(s: string): void;
}

export const EXIT_OK = 0;
export const EXIT_NETWORK_ERRORS = 1;
export const EXIT_USAGE = 2;

export const USAGE = `usage: cnn-studio summary FILE|FOLDER... [--format table|json|csv|md] [--json] [--arithmetic | --no-arithmetic]
       cnn-studio diagram FILE [-o OUT.svg] [--theme light|dark] [--layout canvas|auto] [--force]
       cnn-studio homework make NETWORK [-o HOMEWORK] [--ask shape,params,trainable,non_trainable,macs] [--force]
       cnn-studio grade HOMEWORK ANSWERS... [--json | --csv]
       cnn-studio export FILE --to ${EXPORT_TARGETS.map((t) => t.id).join('|')} [-o OUT] [--force]`;

const HELP = `${USAGE}

Prints the summary of a network: every layer's output shape and parameter count, with the arithmetic
behind them, and any errors in the network.

FILE    a CNN Studio project (*.cnnstudio.json), a Keras model JSON (model.to_json(), tf.keras 2 or
        Keras 3) or a TensorFlow.js model.json (weights are not read). Several FILEs, or a FOLDER (its
        *.json model files, not those of its subfolders), are summarized in one run.
--format table  (the default) the Keras-style table with each layer's arithmetic under its row
--format json   {"status", "layers", "total_params", "trainable_params", "non_trainable_params",
                "errors"}; for several files an array of these, each with its "file"
--format csv    one row per layer and a "(total)" row: layer, type, output_shape, params,
                trainable_params, non_trainable_params, connected_to (and arithmetic); for several
                files a leading "file" column
--format md     Markdown: the table, the totals and (with --arithmetic) each layer's working; for
                several files one section per file
--json          the same as --format json
--arithmetic    add each layer's arithmetic to json, csv and md (--no-arithmetic leaves it out of
                the table)

Exit status: 0 every network is valid, 1 a network has errors, 2 a file cannot be read or parsed (the
others are still printed; the unreadable ones are listed on stderr) or the command line is wrong.

diagram FILE [-o OUT.svg] [--theme light|dark] [--layout canvas|auto] [--force]
        writes the network's diagram as SVG: one box per layer with its shape and parameters, the
        errors marked. --layout canvas (the default) places the layers where the project has them
        (a file without positions is auto-laid-out), auto lays them out top-down. OUT defaults to
        FILE's name with .svg, beside it; an existing file is never overwritten without --force.
        Exit status: 0 written, 1 written but the network has errors, 2 unreadable FILE, an
        existing OUT, or a bad command line.

export FILE --to TARGET [-o OUT] [--force]
        writes the network as code: pytorch (a .py module + training script, and the project's trained
        weights as .npz beside it), keras (Keras code), notebook-pytorch, notebook-keras (.ipynb) or
        keras-json (model.to_json()). OUT is the file to write (default: beside FILE, named after it);
        an existing file is never overwritten without --force. The training settings are the project's
        last run's (else the defaults: MNIST-like data for 28×28×1, Adam, 3 epochs).
        Exit status: 0 written, 1 the network has errors (printed, nothing written), 2 unreadable FILE,
        an existing OUT, or a bad command line.
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const usageError = (problem: string) => {
    io.stderr(`cnn-studio: ${problem}\n${USAGE}\n`);
    return EXIT_USAGE;
  };
  const [command, ...rest] = argv;
  if (command === undefined) return usageError('no command given.');
  if (command === 'export') return runExport(rest, io, usageError);
  if (command === 'homework' && rest[0] === 'make') return runHomeworkMake(rest.slice(1), io, usageError);
  if (command === 'grade') return runGrade(rest, io, usageError);
  if (command === 'summary') return runSummary(rest, io, usageError);
  if (command === 'diagram') return runDiagram(rest, io, usageError);
  return usageError(`unknown command "${command}".`);
}

/** `export FILE --to TARGET [-o OUT] [--force]`: the same files the app's Export menu writes. */
async function runExport(args: string[], io: CliIo, usageError: (problem: string) => number): Promise<number> {
  let to: string | undefined;
  let out: string | undefined;
  let force = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--to') to = args[++i];
    else if (a.startsWith('--to=')) to = a.slice(5);
    else if (a === '-o' || a === '--out') out = args[++i];
    else if (a === '--force') force = true;
    else if (a.startsWith('-')) return usageError(`unknown option "${a}".`);
    else files.push(a);
  }
  if (files.length !== 1) return usageError(files.length === 0 ? 'no FILE given.' : `one FILE at a time (got ${files.length}).`);
  if (!to) return usageError('--to TARGET is required.');
  if (!isExportTarget(to)) return usageError(`unknown target "${to}" (one of ${EXPORT_TARGETS.map((t) => t.id).join(', ')}).`);
  if (!io.writeFile || !io.exists) return usageError('this host cannot write files.');
  const file = files[0]!;
  const imported = await readNetwork(file, io);
  if (!imported) return EXIT_USAGE;
  const analysis = analyzeGraph(imported.graph);
  if (!analysis.ok) {
    io.stderr(`${summaryText(imported.graph, analysis, { name: imported.name ?? modelName(file), arithmetic: false })}\n`);
    io.stderr('cnn-studio: the network has errors; nothing was written.\n');
    return EXIT_NETWORK_ERRORS;
  }
  const lastRun = imported.extras?.runs?.at(-1);
  const input = analysis.nodes[analysis.inputIds[0] ?? '']?.shape ?? [];
  // The last run's dataset, else the bundled one whose images match the Input (as the Train tab picks).
  const datasetId = lastRun?.datasetId ?? suggestDataset(datasetChoices(), input, 'mnist');
  let trained: ReturnType<typeof decodeTensor>[] | undefined;
  try {
    trained = imported.extras?.trained?.weights.map(decodeTensor);
  } catch (e) {
    // As the app opens such a project: the network without its weights, and why.
    io.stderr(`cnn-studio: the trained weights in ${file} are damaged (${(e as Error).message}); exporting the network without them.\n`);
  }
  const base = (file.split(/[\\/]/).pop() ?? file).replace(/\.cnnstudio\.json$|\.json$/i, '');
  const outcome = exportTarget(to, {
    graph: imported.graph,
    fileName: `${base}.cnnstudio.json`,
    settings: codeSettings(datasetId, lastRun?.options ?? {}),
    ...(trained?.length ? { trained } : {}),
  });
  if (!outcome.ok) {
    io.stderr(`cnn-studio: cannot export: ${outcome.error}\n`);
    return EXIT_NETWORK_ERRORS;
  }
  const dir = file.includes('/') || file.includes('\\') ? file.replace(/[^\\/]*$/, '') : '';
  const first = out ?? `${dir}${outcome.files[0]!.name}`;
  const outDir = first.includes('/') || first.includes('\\') ? first.replace(/[^\\/]*$/, '') : '';
  const targets = outcome.files.map((f, i) => ({ path: i === 0 ? first : `${outDir}${f.name}`, contents: f.bytes ?? f.text ?? '' }));
  if (!force) {
    for (const t of targets) {
      if (await io.exists(t.path)) {
        io.stderr(`cnn-studio: ${t.path} exists; nothing was written (use --force to overwrite).\n`);
        return EXIT_USAGE;
      }
    }
  }
  for (const t of targets) {
    await io.writeFile(t.path, t.contents);
    io.stdout(`wrote ${t.path}\n`);
  }
  return EXIT_OK;
}
