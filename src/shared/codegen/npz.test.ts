import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, encodeNpy, encodeNpz } from './npz';

const PYTHON = '/usr/bin/python3';
const numpyAvailable = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('npz', () => {
  it('computes the zip CRC-32', () => {
    expect(crc32(Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('writes .npy v1.0 headers padded to 64 bytes', () => {
    const npy = encodeNpy({ shape: [2, 3], dtype: 'float32', data: new Float32Array(6) });
    expect(ascii(npy.subarray(1, 6))).toBe('NUMPY');
    expect([npy[0], npy[6], npy[7]]).toEqual([0x93, 1, 0]);
    const headerLength = npy[8]! | (npy[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = ascii(npy.subarray(10, 10 + headerLength));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 3\), \} *\n$/);
    expect(npy.length).toBe(10 + headerLength + 24);
    expect(ascii(encodeNpy({ shape: [5], dtype: 'uint8', data: new Uint8Array(5) }))).toContain("'descr': '|u1'");
    expect(ascii(encodeNpy({ shape: [5], dtype: 'uint8', data: new Uint8Array(5) }))).toContain("'shape': (5,)");
    expect(ascii(encodeNpy({ shape: [], dtype: 'int64', data: new BigInt64Array(1) }))).toContain("'shape': ()");
    expect(() => encodeNpy({ shape: [2, 2], dtype: 'float32', data: new Float32Array(3) })).toThrow(/12 bytes for shape \[2, 2\] of float32 \(expected 16\)/);
  });

  it('writes a zip whose directory points at each entry', () => {
    const npz = encodeNpz({ a: { shape: [1], dtype: 'uint8', data: Uint8Array.of(7) }, 'b/c': { shape: [2], dtype: 'float32', data: Float32Array.of(1, 2) } });
    const view = new DataView(npz.buffer, npz.byteOffset, npz.byteLength);
    const end = npz.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(2);
    const centralOffset = view.getUint32(end + 16, true);
    expect(view.getUint32(centralOffset, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(centralOffset + 28, true);
    expect(ascii(npz.subarray(centralOffset + 46, centralOffset + 46 + nameLength))).toBe('a.npy');
    expect(view.getUint32(0, true)).toBe(0x04034b50);
  });

  it.skipIf(!numpyAvailable)('round-trips through numpy.load (needs /usr/bin/python3 with numpy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npz-'));
    const file = join(dir, 'arrays.npz');
    const floats = Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3);
    const bytes = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const longs = BigInt64Array.from([-1n, 0n, 2n ** 40n]);
    writeFileSync(
      file,
      encodeNpz({
        'conv 1/kernel': { shape: [2, 3, 1, 4], dtype: 'float32', data: floats },
        'check/images': { shape: [3, 2, 2], dtype: 'uint8', data: bytes },
        'labels/ü': { shape: [3], dtype: 'int64', data: longs },
        empty: { shape: [0, 3], dtype: 'float32', data: new Float32Array(0) },
      }),
    );
    const script = `
import json, sys, zipfile, numpy as np
assert zipfile.ZipFile(sys.argv[1]).testzip() is None
with np.load(sys.argv[1]) as f:
    print(json.dumps({k: {"shape": list(f[k].shape), "dtype": str(f[k].dtype), "values": f[k].ravel().tolist()} for k in f.files}))
`;
    const out = JSON.parse(execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8' })) as Record<
      string,
      { shape: number[]; dtype: string; values: number[] }
    >;
    expect(Object.keys(out)).toEqual(['conv 1/kernel', 'check/images', 'labels/ü', 'empty']);
    expect(out['conv 1/kernel']).toEqual({ shape: [2, 3, 1, 4], dtype: 'float32', values: Array.from(floats) });
    expect(out['check/images']).toEqual({ shape: [3, 2, 2], dtype: 'uint8', values: Array.from(bytes) });
    expect(out['labels/ü']).toEqual({ shape: [3], dtype: 'int64', values: [-1, 0, 2 ** 40] });
    expect(out.empty).toEqual({ shape: [0, 3], dtype: 'float32', values: [] });
  });
});
