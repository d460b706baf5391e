/**
 * NumPy `.npz` files (what `numpy.savez` writes and `numpy.load` reads): a zip archive, entries stored
 * without compression, one `<name>.npy` per array with a version-1.0 header. Pure TypeScript, no Node or
 * DOM APIs, so the renderer, the CLI and the tests write the same bytes. No zip64: an archive stays under
 * 4 GiB, which weights exported from the app always do.
 */

export type NpyDtype = 'float32' | 'uint8' | 'int64';

export interface NpyArray {
  shape: number[];
  dtype: NpyDtype;
  /** Row-major (C order) values: a `Float32Array`, `Uint8Array`, `BigInt64Array`, or any view of their bytes. */
  data: ArrayBufferView;
}

const DESCR: Record<NpyDtype, { descr: string; size: number }> = {
  float32: { descr: '<f4', size: 4 },
  uint8: { descr: '|u1', size: 1 },
  int64: { descr: '<i8', size: 8 },
};

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The zip (IEEE 802.3) CRC-32 of `bytes`, continuing from `crc` when given. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** UTF-8 bytes of a string (no TextEncoder: src/shared has neither DOM nor Node types). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** One array as a `.npy` file (format version 1.0, header padded to a multiple of 64 bytes). */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { descr, size } = DESCR[array.dtype];
  if (!array.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`invalid shape [${array.shape.join(', ')}]`);
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.byteLength !== count * size)
    throw new Error(`${array.data.byteLength} bytes for shape [${array.shape.join(', ')}] of ${array.dtype} (expected ${count * size})`);
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // magic (6) + version (2) + header length (2) + header + '\n' ≡ 0 (mod 64)
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  if (header.length > 0xffff) throw new Error('npy header too long');
  const out = new Uint8Array(total + array.data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const bytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  out.set(bytes, total);
  if (!littleEndian && size > 1) {
    for (let i = total; i < out.length; i += size) out.subarray(i, i + size).reverse();
  }
  return out;
}

/** A zip archive of stored (uncompressed) entries, in the given order. */
export function encodeZip(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = utf8(entry.name);
    const crc = crc32(entry.data);
    const size = entry.data.length;
    if (size >= 0xffffffff || offset >= 0xffffffff) throw new Error('the archive would need zip64 (over 4 GiB)');
    // Bit 11: the name is UTF-8. Date 1980-01-01 00:00, so the same arrays give the same bytes.
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x800;
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(6, flags, true);
    lv.setUint16(8, 0, true); // stored
    lv.setUint16(10, 0, true); // time
    lv.setUint16(12, 0x21, true); // date
    lv.setUint32(14, crc, true);
    lv.setUint32(18, size, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, size, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    // extra, comment, disk, internal / external attributes: 0
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.data);
    centrals.push(central);
    offset += local.length + size;
  }
  const centralSize = centrals.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  if (entries.length > 0xffff) throw new Error('too many arrays for one archive (65,535 at most)');
  const out = new Uint8Array(offset + centralSize + end.length);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Arrays by name as a `.npz` (`numpy.load(path)[name]`); the names keep their slashes (`conv2d/kernel`). */
export function encodeNpz(arrays: Record<string, NpyArray>): Uint8Array {
  return encodeZip(Object.entries(arrays).map(([name, array]) => ({ name: `${name}.npy`, data: encodeNpy(array) })));
}
