/** Reading a network file for a CLI command: a project, Keras model JSON or tfjs model.json, with a plain reason when it cannot be read. */
import { importModelJson } from '../../shared/interop/keras-import';
import type { CliIo } from './cli';

/** The file's base name without the model-file extensions, for the summary header. */
export function modelName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.cnnstudio\.json$|\.json$/i, '') || base;
}

/** A network file (project, Keras JSON or tfjs model.json) for a command, or null after saying why it cannot be read. */
export async function readNetwork(file: string, io: CliIo): Promise<Extract<ReturnType<typeof importModelJson>, { ok: true }> | null> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a folder' : err.message;
    io.stderr(`cnn-studio: cannot read ${file}: ${reason}.\n`);
    return null;
  }
  const imported = importModelJson(text, file);
  if (!imported.ok) {
    io.stderr(`cnn-studio: ${imported.error}\n`);
    return null;
  }
  return imported;
}
