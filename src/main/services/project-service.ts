/** Reads and writes project files on disk. Electron-free: dialogs are the caller's business. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OpenProjectResult, SaveProjectResult } from '../../shared/api/app-api';
import type { ExportedModel } from '../../shared/api/training-protocol';
import { importModelJson } from '../../shared/interop/keras-import';
import { manifestFiles } from '../../shared/interop/tfjs-weights';
import { openedResult } from '../../shared/interop/opened';

/** Refuse to read anything larger than this as a model file (a project is a graph, not a dataset). */
const MAX_PROJECT_BYTES = 256 * 1024 * 1024;

/** Opens a project file, or imports a Keras / tfjs model JSON, from disk. Never throws. */
export async function readProjectFile(path: string): Promise<OpenProjectResult> {
  const name = basename(path);
  let text: string;
  try {
    const buffer = await readFile(path);
    if (buffer.byteLength > MAX_PROJECT_BYTES) {
      return { status: 'error', error: `${name} is ${Math.round(buffer.byteLength / 2 ** 20)} MiB: too large to be a project or model file.` };
    }
    text = buffer.toString('utf8');
  } catch (e) {
    return { status: 'error', error: `Could not read ${name}: ${(e as Error).message}` };
  }
  return openedResult(importModelJson(text, name, await weightFilesBeside(path, text)), name, path);
}

/**
 * A TensorFlow.js model's weight shards, read from the model file's folder (only plain file names
 * from its manifest: never a path that leaves the folder). Missing files are simply absent.
 */
async function weightFilesBeside(path: string, text: string): Promise<Map<string, ArrayBuffer>> {
  const files = new Map<string, ArrayBuffer>();
  let manifest: unknown;
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: unknown }).weightsManifest;
  } catch {
    return files;
  }
  for (const file of manifestFiles(manifest)) {
    if (file === '..' || file === '.' || !file) continue;
    try {
      const buffer = await readFile(join(dirname(path), file));
      files.set(file, buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
    } catch {
      // Missing: the import says which file to bring.
    }
  }
  return files;
}

/** Writes via a temporary file and a rename, so a crash mid-write never leaves half a project. */
export async function writeProjectFile(path: string, contents: string): Promise<SaveProjectResult> {
  const temporary = `${path}.saving`;
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not save ${basename(path)}: ${(e as Error).message}` };
  }
}

/** Writes exported files: the first at `path`, the others beside it (names are plain file names, checked by the schema). */
export async function writeExportFiles(path: string, files: { name: string; text?: string; base64?: string }[]): Promise<SaveProjectResult> {
  try {
    for (const [i, file] of files.entries()) {
      const target = i === 0 ? path : join(dirname(path), file.name);
      await writeFile(
        target,
        file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? ''),
        file.base64 !== undefined ? undefined : 'utf8',
      );
    }
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not export ${basename(path)}: ${(e as Error).message}` };
  }
}

/** Writes a TensorFlow.js model: `model.json` at `path`, its weights file beside it (as its manifest names it). */
export async function writeExportedModel(path: string, model: ExportedModel): Promise<SaveProjectResult> {
  try {
    await writeFile(join(dirname(path), model.weightsFileName), new Uint8Array(model.weights));
    await writeFile(path, model.modelJson, 'utf8');
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not export ${basename(path)}: ${(e as Error).message}` };
  }
}
