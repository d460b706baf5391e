/**
 * A picked file's bytes, gunzipped when its name ends in .gz, with the size cap applied before reading
 * and again while it unpacks. Only Blob and DecompressionStream, so it also runs (and is tested) under Node.
 */
import { checkUserDataSize, MAX_USER_DATA_BYTES } from '../../../shared/data/user-data';

/** The file's bytes, gunzipped if it ends in .gz; refused with the reason if it (or what it unpacks to) is too large or corrupt. */
export async function bytesOf(file: Blob & { name: string }, limit = MAX_USER_DATA_BYTES): Promise<Uint8Array> {
  checkUserDataSize(file.name, file.size, limit);
  if (!file.name.endsWith('.gz')) return new Uint8Array(await file.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      // Counted as it unpacks, so a small file that inflates to gigabytes is stopped early.
      checkUserDataSize(`${file.name} (unpacked)`, total, limit);
      chunks.push(value);
    }
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    if ((e as Error).message.startsWith(file.name)) throw e;
    throw new Error(`${file.name} could not be unpacked: it is not a complete gzip file (${(e as Error).message}).`);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
