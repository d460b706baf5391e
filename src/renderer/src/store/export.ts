/** Hands exported files to the host (a save dialog, or downloads) and says what happened. */
import type { ExportOutcome } from '../../../shared/codegen/targets';
import { getHost } from './host';
import { showNotice } from './notice-store';

function base64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export async function saveExport(outcome: ExportOutcome, what: string): Promise<void> {
  if (!outcome.ok) return showNotice({ kind: 'error', text: `Cannot export the ${what}: ${outcome.error}` });
  const files = outcome.files.map((f) => (f.bytes ? { name: f.name, base64: base64(f.bytes) } : { name: f.name, text: f.text ?? '' }));
  try {
    const result = await getHost().exportFiles(files);
    if (result.status === 'saved') {
      const beside =
        files.length > 1
          ? ` with ${files
              .slice(1)
              .map((f) => f.name)
              .join(', ')} beside it`
          : '';
      showNotice({ kind: 'info', text: `Exported ${result.name}${beside} (${what}).` });
    } else if (result.status === 'error') showNotice({ kind: 'error', text: result.error });
  } catch (e) {
    showNotice({ kind: 'error', text: `Could not export the ${what}: ${(e as Error).message}` });
  }
}
