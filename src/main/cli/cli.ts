/**
 * The teacher CLI: `cnn-studio summary FILE [--json]` prints a network's Keras-style summary with each
 * layer's arithmetic (or the machine-readable summary) for a CNN Studio project, a Keras model JSON or
 * a TensorFlow.js model.json. Exit codes: 0 valid network, 1 network with errors, 2 unreadable file
 * or bad usage. Host-free: the caller passes file reading and output in (`main.ts` does it for Node).
 */
import { analyzeGraph } from '../../shared/engine/analyze';
import { summaryJson, summaryText } from '../../shared/engine/summary';
import { importModelJson } from '../../shared/interop/keras-import';

export interface CliIo {
  readFile(path: string): Promise<string>;
  /** Writes as is; every call the CLI makes ends with a newline. */
  stdout(s: string): void;
  stderr(s: string): void;
}

export const EXIT_OK = 0;
export const EXIT_NETWORK_ERRORS = 1;
export const EXIT_USAGE = 2;

export const USAGE = 'usage: cnn-studio summary FILE [--json]';

const HELP = `${USAGE}

Prints the summary of a network: every layer's output shape and parameter count, with the arithmetic
behind them, and any errors in the network.

FILE    a CNN Studio project (*.cnnstudio.json), a Keras model JSON (model.to_json(), tf.keras 2 or
        Keras 3) or a TensorFlow.js model.json (weights are not read)
--json  print {"status", "layers", "total_params", "trainable_params", "non_trainable_params", "errors"}
        instead of the table

Exit status: 0 the network is valid, 1 the network has errors, 2 the file cannot be read or parsed
(or the command line is wrong).
`;

/** The file's base name without the model-file extensions, for the summary header. */
function modelName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.cnnstudio\.json$|\.json$/i, '') || base;
}

/** Indented JSON with shapes on one line: `"output_shape": [16, 16, 8]`. */
function jsonText(value: unknown): string {
  // Only raw newlines are matched, and JSON strings never hold one, so messages are left alone.
  return JSON.stringify(value, null, 2).replace(/\[\n\s*(-?\d+(?:,\n\s*-?\d+)*)\n\s*\]/g, (_, items: string) => `[${items.split(/,\n\s*/).join(', ')}]`);
}

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
  if (command !== 'summary') return usageError(`unknown command "${command}".`);
  const options = rest.filter((a) => a.startsWith('-'));
  const files = rest.filter((a) => !a.startsWith('-'));
  const unknown = options.filter((o) => o !== '--json');
  if (unknown.length > 0) return usageError(`unknown option ${unknown.map((o) => `"${o}"`).join(', ')}.`);
  if (files.length !== 1) return usageError(files.length === 0 ? 'no FILE given.' : `one FILE at a time (got ${files.length}).`);
  const json = options.includes('--json');
  const file = files[0]!;

  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    io.stderr(`cnn-studio: cannot read ${file}: ${reason}.\n`);
    return EXIT_USAGE;
  }

  const imported = importModelJson(text, file);
  if (!imported.ok) {
    io.stderr(`cnn-studio: ${imported.error}\n`);
    return EXIT_USAGE;
  }
  for (const warning of imported.warnings) io.stderr(`cnn-studio: warning: ${warning}\n`);

  const analysis = analyzeGraph(imported.graph);
  if (json) io.stdout(`${jsonText(summaryJson(analysis))}\n`);
  else io.stdout(`${summaryText(imported.graph, analysis, { name: imported.name ?? modelName(file), arithmetic: true })}\n`);
  return analysis.ok ? EXIT_OK : EXIT_NETWORK_ERRORS;
}
