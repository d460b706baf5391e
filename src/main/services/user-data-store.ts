/**
 * Small JSON documents kept in the app's user-data folder: recent projects, the autosave recovery
 * slot, the window's size. Electron-free (the folder is passed in), written atomically, and a
 * damaged document reads as "nothing there" instead of breaking start-up.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

export class JsonDocument<T> {
  constructor(
    private readonly directory: string,
    private readonly fileName: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  get path(): string {
    return join(this.directory, this.fileName);
  }

  async read(): Promise<T | null> {
    try {
      const parsed = this.schema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async write(value: T): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFileAtomic(this.path, JSON.stringify(value));
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
