/** Reads and writes project files on disk. Electron-free: dialogs are the caller's business. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenProjectResult, SaveProjectResult } from '../../shared/api/app-api';
import { parseProject } from '../../shared/project/project-file';

/** Refuse to read anything larger than this as a project (a project is a graph, not a dataset). */
const MAX_PROJECT_BYTES = 256 * 1024 * 1024;

export async function readProjectFile(path: string): Promise<OpenProjectResult> {
  const name = basename(path);
  let text: string;
  try {
    const buffer = await readFile(path);
    if (buffer.byteLength > MAX_PROJECT_BYTES) {
      return { status: 'error', error: `${name} is ${Math.round(buffer.byteLength / 2 ** 20)} MiB: too large to be a project file.` };
    }
    text = buffer.toString('utf8');
  } catch (e) {
    return { status: 'error', error: `Could not read ${name}: ${(e as Error).message}` };
  }
  const parsed = parseProject(text, name);
  if (!parsed.ok) return { status: 'error', error: parsed.error };
  return { status: 'opened', opened: { name, path, project: parsed.value } };
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
