import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportedModel } from '../../shared/api/training-protocol';
import { readProjectFile, writeExportedModel, writeExportFiles, writeProjectFile } from './project-service';

const fixtures = join(__dirname, '../../shared/interop/fixtures');

describe('project files on disk', () => {
  it('a tfjs model.json is imported with the weight file beside it, and without it when it is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-studio-'));
    const model = JSON.parse(await readFile(join(fixtures, 'tfjs-lenet5-model.json'), 'utf8')) as { weightsManifest: { weights: { shape: number[] }[] }[] };
    const count = model.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    await writeFile(join(dir, 'lenet5.json'), JSON.stringify(model));
    const alone = await readProjectFile(join(dir, 'lenet5.json'));
    expect(alone.status === 'opened' && alone.opened.warnings).toEqual([expect.stringContaining('together with its weight file (lenet5.weights.bin)')]);

    await writeFile(join(dir, 'lenet5.weights.bin'), Buffer.from(new Float32Array(count).fill(0.5).buffer));
    const opened = await readProjectFile(join(dir, 'lenet5.json'));
    if (opened.status !== 'opened') throw new Error(JSON.stringify(opened));
    expect(opened.opened.warnings).toEqual(['Imported the trained weights of 5 layers from lenet5.weights.bin.']);
    expect(opened.opened.extras?.trained?.weights).toHaveLength(10);
    expect(opened.opened.name).toBe('lenet5.cnnstudio.json');
  });

  it('a project written and read back keeps its text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-studio-'));
    const text = JSON.stringify({ format: 'cnn-studio-project', version: 2, graph: { nodes: [], edges: [] }, runs: [], trained: null });
    expect(await writeProjectFile(join(dir, 'a.cnnstudio.json'), text)).toMatchObject({ status: 'saved', name: 'a.cnnstudio.json' });
    expect(await readProjectFile(join(dir, 'a.cnnstudio.json'))).toMatchObject({
      status: 'opened',
      opened: { source: 'project', extras: { runs: [], trained: null } },
    });
  });

  it('saving over a project keeps the previous version as <name>.bak, and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-studio-'));
    const path = join(dir, 'b.cnnstudio.json');
    await writeProjectFile(path, 'first');
    await writeProjectFile(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
    expect(await readFile(`${path}.bak`, 'utf8')).toBe('first');
    expect((await readdir(dir)).sort()).toEqual(['b.cnnstudio.json', 'b.cnnstudio.json.bak']);
  });

  it('the export writers write every file (and only those), and report a folder that is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-studio-'));
    const files = [
      { name: 'net.py', text: 'import torch' },
      { name: 'net.bin', base64: Buffer.from([1, 2, 3]).toString('base64') },
    ];
    expect(await writeExportFiles(join(dir, 'net.py'), files)).toMatchObject({ status: 'saved', name: 'net.py' });
    expect(await readFile(join(dir, 'net.py'), 'utf8')).toBe('import torch');
    expect([...(await readFile(join(dir, 'net.bin')))]).toEqual([1, 2, 3]);
    const model: ExportedModel = { modelJson: '{"format":"layers-model"}', weightsFileName: 'm.weights.bin', weights: new Uint8Array([9, 8]).buffer };
    expect(await writeExportedModel(join(dir, 'm.json'), model)).toMatchObject({ status: 'saved', name: 'm.json' });
    expect([...(await readFile(join(dir, 'm.weights.bin')))]).toEqual([9, 8]);
    expect((await readdir(dir)).sort()).toEqual(['m.json', 'm.weights.bin', 'net.bin', 'net.py']);
    expect(await writeExportedModel(join(dir, 'gone', 'm.json'), model)).toMatchObject({
      status: 'error',
      error: expect.stringContaining('Could not export m.json: ENOENT'),
    });
  });
});
