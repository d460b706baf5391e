import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../shared/api/ipc-channels';
import { starterGraph } from '../../shared/graph/starter-graph';
import { serializeProject } from '../../shared/project/project-file';
import { recoverySnapshotSchema } from '../../shared/api/schemas';
import { RecentProjects } from '../services/recent-projects';
import { JsonDocument } from '../services/user-data-store';
import { createIpcRouter, IpcValidationError, type DialogPort } from './router';

function setup(dialogs: Partial<DialogPort> = {}, userData = join(tmpdir(), `cnn-userdata-${process.pid}-${Math.random()}`)) {
  const training = {
    start: vi.fn(),
    stop: vi.fn(),
    pause: vi.fn(),
    resume: vi.fn(),
    inspect: vi.fn(),
    loadModel: vi.fn(),
    datasetSamples: vi.fn(),
    exportModel: vi.fn(),
    registerDataset: vi.fn(),
    warmup: vi.fn(),
  };
  const recent = new RecentProjects(userData);
  const router = createIpcRouter({
    training,
    dialogs: { chooseProjectToOpen: async () => null, chooseProjectSavePath: async () => null, chooseModelExportPath: async () => null, ...dialogs },
    recent,
    recovery: new JsonDocument(userData, 'recovery.json', recoverySnapshotSchema),
  });
  return { router, training, recent };
}

const validRequest = {
  jobId: 'j1',
  graph: starterGraph(),
  datasetId: 'synthetic-linear',
  options: { epochs: 2, batchSize: 32, learningRate: 0.01, seed: 1 },
};

describe('IPC router validation', () => {
  it('passes a well-formed training request to the service', async () => {
    const { router, training } = setup();
    await router[IpcChannel.startTraining](validRequest);
    // Validation also fills in the defaults of options left out.
    expect(training.start).toHaveBeenCalledWith({ ...validRequest, options: expect.objectContaining(validRequest.options) });
  });

  it('refuses a malformed training payload with the channel, the field and what was expected', async () => {
    const { router, training } = setup();
    const malformed = { ...validRequest, options: { ...validRequest.options, epochs: -3, batchSize: 'lots' } };
    const call = router[IpcChannel.startTraining](malformed);
    await expect(call).rejects.toBeInstanceOf(IpcValidationError);
    await expect(call).rejects.toThrow(/^Refused 'training:start': options\.epochs: .*>=1.*; options\.batchSize: .*expected number/);
    expect(training.start).not.toHaveBeenCalled();
  });

  it('refuses payloads that are not objects at all', async () => {
    const { router, training } = setup();
    await expect(router[IpcChannel.startTraining]('rm -rf /')).rejects.toThrow("Refused 'training:start': (root)");
    await expect(router[IpcChannel.stopTraining]({ jobId: 1 })).rejects.toThrow("Refused 'training:stop'");
    await expect(router[IpcChannel.inspect](null)).rejects.toThrow("Refused 'training:inspect'");
    expect(training.stop).not.toHaveBeenCalled();
  });

  it('never writes to a path the user did not choose in a dialog', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const chosen = join(dir, 'chosen.cnnstudio.json');
    const chooseProjectSavePath = vi.fn(async () => chosen);
    const { router } = setup({ chooseProjectSavePath });
    const contents = serializeProject(starterGraph());
    const result = await router[IpcChannel.saveProject]({ suggestedName: 'x.cnnstudio.json', path: '/etc/evil', contents });
    expect(chooseProjectSavePath).toHaveBeenCalledOnce();
    expect(result).toMatchObject({ status: 'saved', path: chosen });
    expect(await readFile(chosen, 'utf8')).toBe(contents);
    // Saving again to the chosen path needs no dialog.
    await router[IpcChannel.saveProject]({ suggestedName: 'x.cnnstudio.json', path: chosen, contents });
    expect(chooseProjectSavePath).toHaveBeenCalledOnce();
  });

  it('opens a corrupt project as an error result that says what is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const broken = join(dir, 'broken.cnnstudio.json');
    await writeFile(broken, '{"format": "cnn-studio-project", "version": 1, "graph": {"nodes": [{"id": 3}]');
    const { router } = setup({ chooseProjectToOpen: async () => broken });
    const result = await router[IpcChannel.openProject](undefined);
    expect(result).toMatchObject({ status: 'error', error: expect.stringMatching(/^broken\.cnnstudio\.json is not valid JSON/) });
  });
});

describe('files through the router', () => {
  it('imports a Keras model as a new, unsaved project (never overwriting the model file)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const model = join(dir, 'model.json');
    await writeFile(model, await readFile(join(__dirname, '../../shared/interop/fixtures/keras3-fashion-mnist-sequential.json'), 'utf8'));
    const { router } = setup({ chooseProjectToOpen: async () => model });
    const result = (await router[IpcChannel.openProject](undefined)) as { status: string; opened: { name: string; path?: string; source: string } };
    expect(result).toMatchObject({ status: 'opened', opened: { name: 'model.cnnstudio.json', source: 'keras' } });
    expect(result.opened.path).toBeUndefined();
  });

  it('remembers opened and saved projects in Recent, and reopens them without a dialog', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const path = join(dir, 'net.cnnstudio.json');
    const { router } = setup({ chooseProjectSavePath: async () => path });
    await router[IpcChannel.saveProject]({ suggestedName: 'net.cnnstudio.json', contents: serializeProject(starterGraph()) });
    const recent = (await router[IpcChannel.listRecent](undefined)) as { id: string; name: string }[];
    expect(recent).toEqual([expect.objectContaining({ id: path, name: 'net.cnnstudio.json' })]);
    expect(await router[IpcChannel.openRecent](path)).toMatchObject({ status: 'opened', opened: { path, graph: starterGraph() } });
    await expect(router[IpcChannel.openRecent]('/etc/passwd')).resolves.toEqual({ status: 'error', error: 'That file is no longer in the Recent list.' });
  });

  it('drops a vanished file from Recent with a clear message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const path = join(dir, 'gone.cnnstudio.json');
    const { router, recent } = setup();
    await recent.add(path);
    const result = await router[IpcChannel.openRecent](path);
    expect(result).toMatchObject({ status: 'error', error: expect.stringMatching(/^Could not read gone\.cnnstudio\.json: .*It was removed from Recent\.$/) });
    expect(await recent.list()).toEqual([]);
  });

  it('keeps a recovery snapshot until cleared, and validates it', async () => {
    const { router } = setup();
    expect(await router[IpcChannel.readRecovery](undefined)).toBeNull();
    const snapshot = { contents: serializeProject(starterGraph()), fileName: 'Untitled.cnnstudio.json', savedAt: '2026-11-23T15:00:00.000Z' };
    await router[IpcChannel.writeRecovery](snapshot);
    expect(await router[IpcChannel.readRecovery](undefined)).toEqual(snapshot);
    await expect(router[IpcChannel.writeRecovery]({ contents: 3 })).rejects.toThrow("Refused 'recovery:write': contents");
    await router[IpcChannel.clearRecovery](undefined);
    expect(await router[IpcChannel.readRecovery](undefined)).toBeNull();
  });
});

describe('exporting a trained model (Electron host)', () => {
  it('writes model.json where the user chose and the weights file beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-export-'));
    const { router, training } = setup({ chooseModelExportPath: async () => join(dir, 'net.json') });
    training.exportModel.mockResolvedValue({
      modelJson: '{"format":"layers-model"}',
      weightsFileName: 'net.weights.bin',
      weights: new Uint8Array([1, 2, 3]).buffer,
    });
    expect(await router[IpcChannel.exportTrainedModel]({ jobId: 'j', baseName: 'net' })).toMatchObject({ status: 'saved', name: 'net.json' });
    expect(training.exportModel).toHaveBeenCalledWith('j', 'net');
    expect(await readFile(join(dir, 'net.json'), 'utf8')).toBe('{"format":"layers-model"}');
    expect([...(await readFile(join(dir, 'net.weights.bin')))]).toEqual([1, 2, 3]);
    await expect(router[IpcChannel.exportTrainedModel]({ jobId: 'j', baseName: '../etc/x' })).rejects.toThrow("Refused 'training:export-model': baseName");
  });
});

describe('exporting code (Electron host)', () => {
  it('writes the script where the user chose and its weights beside it; a path as a file name is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-code-'));
    const { router } = setup({ chooseModelExportPath: async () => join(dir, 'chosen.py') });
    const files = [
      { name: 'net.py', text: 'print(1)\n' },
      { name: 'net.npz', base64: Buffer.from([7, 8]).toString('base64') },
    ];
    expect(await router[IpcChannel.exportFiles]({ files })).toMatchObject({ status: 'saved', name: 'chosen.py' });
    expect(await readFile(join(dir, 'chosen.py'), 'utf8')).toBe('print(1)\n');
    expect([...(await readFile(join(dir, 'net.npz')))]).toEqual([7, 8]);
    await expect(router[IpcChannel.exportFiles]({ files: [{ name: '../x.py', text: '' }] })).rejects.toThrow("Refused 'export:files'");
  });
});

describe('registering the user’s own dataset', () => {
  it('passes a consistent dataset on and refuses one whose bytes do not match its sizes', async () => {
    const { router, training } = setup();
    const split = { images: new Uint8Array(2 * 4), labels: new Uint8Array([0, 1]), count: 2 };
    const dataset = { id: 'user:x', name: 'x', height: 2, width: 2, channels: 1, classNames: ['a', 'b'], train: split, test: split };
    await router[IpcChannel.registerDataset](dataset);
    expect(training.registerDataset).toHaveBeenCalledWith(dataset);
    await expect(router[IpcChannel.registerDataset]({ ...dataset, test: { ...split, count: 3 } })).rejects.toThrow(
      "Refused 'datasets:register': test: holds 8 bytes and 2 labels for 3 images of 2×2×1",
    );
  });
});
