/** The recent-projects list (paths), newest first, persisted in the user-data folder. */
import { basename } from 'node:path';
import { z } from 'zod';
import type { RecentEntry } from '../../shared/api/app-api';
import { JsonDocument } from './user-data-store';

const MAX_RECENT = 10;
const recentSchema = z.array(z.object({ id: z.string(), name: z.string(), at: z.string() }));

export class RecentProjects {
  private readonly document: JsonDocument<RecentEntry[]>;
  constructor(directory: string) {
    this.document = new JsonDocument(directory, 'recent-projects.json', recentSchema);
  }

  async list(): Promise<RecentEntry[]> {
    return (await this.document.read()) ?? [];
  }

  async has(path: string): Promise<boolean> {
    return (await this.list()).some((e) => e.id === path);
  }

  async add(path: string, now = new Date()): Promise<void> {
    const entries = (await this.list()).filter((e) => e.id !== path);
    await this.document.write([{ id: path, name: basename(path), at: now.toISOString() }, ...entries].slice(0, MAX_RECENT));
  }

  async remove(path: string): Promise<void> {
    await this.document.write((await this.list()).filter((e) => e.id !== path));
  }
}
