import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProjectFile, writeProjectFile } from './project-service';

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
});
