/**
 * Weights as they travel and as they are stored. In memory (IPC, worker messages) a tensor is a
 * `Float32Array`; in a project file it is base64 of the little-endian float32 bytes, which is exact and
 * about 4× smaller than a JSON number list. Pure TypeScript: no Buffer, no atob.
 */
import { z } from 'zod';

/** One weight tensor of one node: `name` is the tfjs weight's short name (`kernel`, `bias`, `gamma`…). */
export interface NodeTensor {
  nodeId: string;
  name: string;
  shape: number[];
  values: Float32Array;
}

export const storedTensorSchema = z.object({
  nodeId: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  shape: z.array(z.number().int().min(0)).max(8),
  /** base64 of the float32 values, little-endian. */
  data: z.string(),
});
export type StoredTensor = z.infer<typeof storedTensorSchema>;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list short on multi-megabyte weights.
  for (let start = 0; start < bytes.length; start += 3 * 16384) {
    const end = Math.min(start + 3 * 16384, bytes.length);
    const codes: number[] = [];
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!,
        b = bytes[i + 1] ?? 0,
        c = bytes[i + 2] ?? 0;
      const n = (a << 16) | (b << 8) | c;
      codes.push(ALPHABET.charCodeAt(n >> 18), ALPHABET.charCodeAt((n >> 12) & 63));
      codes.push(i + 1 < end ? ALPHABET.charCodeAt((n >> 6) & 63) : 61, i + 2 < end ? ALPHABET.charCodeAt(n & 63) : 61);
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0,
    buffer = 0,
    o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : -1;
    if (v < 0) throw new Error(`invalid base64 character at position ${i}`);
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeTensor(t: NodeTensor): StoredTensor {
  const values = littleEndian ? t.values : swapBytes(t.values);
  return { nodeId: t.nodeId, name: t.name, shape: t.shape, data: bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength)) };
}

/** Decodes a stored tensor; a size that disagrees with the shape is an error naming the tensor. */
export function decodeTensor(s: StoredTensor): NodeTensor {
  const bytes = base64ToBytes(s.data);
  const count = s.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * 4)
    throw new Error(`weights of ${s.nodeId}/${s.name}: ${bytes.length} bytes for shape [${s.shape.join(', ')}] (expected ${count * 4})`);
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, count);
  return { nodeId: s.nodeId, name: s.name, shape: s.shape, values: littleEndian ? values : swapBytes(values) };
}

function swapBytes(values: Float32Array): Float32Array {
  const copy = new Uint8Array(values.byteLength);
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let i = 0; i < src.length; i += 4) copy.set([src[i + 3]!, src[i + 2]!, src[i + 1]!, src[i]!], i);
  return new Float32Array(copy.buffer);
}
