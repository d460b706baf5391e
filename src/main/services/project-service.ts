/** Reads and writes project files on disk. Electron-free: dialogs are the caller's business. */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { OpenProjectResult, SaveProjectResult } from '../../shared/api/app-api';
import type { ExportedModel } from '../../shared/api/training-protocol';
import { importModelJson } from '../../shared/interop/keras-import';
import { manifestFiles } from '../../shared/interop/tfjs-weights';
import { openedResult } from '../../shared/interop/opened';
import { writeFileAtomic } from './atomic-write';

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

/**
 * Saves a project atomically and durably (`atomic-write.ts`): a crash or a kill mid-save never leaves half
 * a project, and the version it replaces is kept beside it as `<name>.bak`.
 */
export async function writeProjectFile(path: string, contents: string): Promise<SaveProjectResult> {
  try {
    await writeFileAtomic(path, contents, { backup: true });
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not save ${basename(path)}: ${(e as Error).message}` };
  }
}

/** Writes exported files, each atomically: the first at `path`, the others beside it (names are plain file names, checked by the schema). */
export async function writeExportFiles(path: string, files: { name: string; text?: string; base64?: string }[]): Promise<SaveProjectResult> {
  try {
    for (const [i, file] of files.entries()) {
      const target = i === 0 ? path : join(dirname(path), file.name);
      await writeFileAtomic(target, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : (file.text ?? ''));
    }
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not export ${basename(path)}: ${(e as Error).message}` };
  }
}

/**
 * Writes a TensorFlow.js model, each file atomically: the weights file first (as its manifest names it),
 * then `model.json` at `path`, so a model.json on disk never names weights that are not there yet.
 */
export async function writeExportedModel(path: string, model: ExportedModel): Promise<SaveProjectResult> {
  try {
    await writeFileAtomic(join(dirname(path), model.weightsFileName), new Uint8Array(model.weights));
    await writeFileAtomic(path, model.modelJson);
    return { status: 'saved', name: basename(path), path };
  } catch (e) {
    return { status: 'error', error: `Could not export ${basename(path)}: ${(e as Error).message}` };
  }
}
