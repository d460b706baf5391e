/** What the host hands the renderer for an opened file, the same in Electron and the browser. */
import type { OpenProjectResult } from '../api/app-api';
import { projectNameFor } from '../project/project-file';
import type { ImportResult } from './keras-import';

/**
 * A project or homework keeps its name and path (Save writes back to it, Recent reopens it); an imported
 * Keras / tfjs model becomes a new project named after it, with no path.
 */
export function openedResult(imported: ImportResult, fileName: string, path?: string): OpenProjectResult {
  if (!imported.ok) return { status: 'error', error: imported.error };
  const ownFile = imported.source === 'project' || imported.source === 'homework';
  return {
    status: 'opened',
    opened: {
      name: ownFile ? fileName : projectNameFor(fileName),
      ...(ownFile && path ? { path } : {}),
      graph: imported.graph,
      source: imported.source,
      warnings: imported.warnings,
      ...(imported.extras ? { extras: imported.extras } : {}),
      ...(imported.homework ? { homework: imported.homework } : {}),
    },
  };
}
