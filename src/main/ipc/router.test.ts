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
import { createIpcRouter, devServerOrigin, guardSender, IpcSenderError, isTrustedSender, IpcValidationError, type DialogPort } from './router';

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

describe('who may call (sender checks)', () => {
  const app = { rendererFileUrl: 'file:///opt/CNN%20Studio/resources/app.asar/out/renderer/index.html', devServerUrl: 'http://localhost:5173/' };
  const top = (frameUrl: string | null | undefined) => ({ frameUrl, isMainFrame: true });

  it('trusts the built page in a top frame (with any query or hash) and the loopback dev server', () => {
    expect(isTrustedSender(top('file:///opt/CNN%20Studio/resources/app.asar/out/renderer/index.html'), app)).toBe(true);
    expect(isTrustedSender(top('file:///opt/CNN%20Studio/resources/app.asar/out/renderer/index.html?x=1#/lab'), app)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/'), app)).toBe(true);
    expect(isTrustedSender(top('http://localhost:5173/src/lab.html'), app)).toBe(true);
  });

  it('refuses iframes, other files, other origins, opaque and missing frames', () => {
    const refused = [
      { frameUrl: 'file:///opt/CNN%20Studio/resources/app.asar/out/renderer/index.html', isMainFrame: false },
      top('file:///opt/CNN%20Studio/resources/app.asar/out/renderer/other.html'),
      top('file:///home/me/Downloads/index.html'),
      top('file://server/opt/CNN%20Studio/resources/app.asar/out/renderer/index.html'),
      top('http://localhost:5174/'),
      top('http://127.0.0.1:5173/'),
      top('https://localhost:5173/'),
      top('https://evil.example/'),
      top('about:blank'),
      top('data:text/html,<script>1</script>'),
      top('not a url'),
      top(''),
      top(null),
      top(undefined),
    ];
    for (const sender of refused) expect(isTrustedSender(sender, app), JSON.stringify(sender)).toBe(false);
  });

  it('honours a dev server only on plain http at a loopback host, and none when it is not set', () => {
    expect(devServerOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:9000/x')).toBe('http://127.0.0.1:9000');
    expect(devServerOrigin('http://[::1]:5173/')).toBe('http://[::1]:5173');
    for (const url of ['https://localhost:5173/', 'http://evil.example:5173/', 'http://localhost.evil.example/', 'file:///x', 'junk', undefined]) {
      expect(devServerOrigin(url), String(url)).toBeNull();
    }
    const built = { rendererFileUrl: app.rendererFileUrl };
    expect(isTrustedSender(top('http://localhost:5173/'), built)).toBe(false);
    expect(isTrustedSender(top('http://evil.example/'), { ...built, devServerUrl: 'http://evil.example/' })).toBe(false);
  });

  it('an untrusted sender is refused before the payload is parsed or any service runs; a trusted one goes through', async () => {
    const { router, training } = setup();
    const guarded = guardSender(router, app);
    expect(Object.keys(guarded).sort()).toEqual(Object.keys(router).sort());
    const iframe = { frameUrl: 'https://evil.example/ad', isMainFrame: false };
    // A payload that would fail validation still gets the sender error: the sender is checked first.
    await expect(guarded[IpcChannel.startTraining]!(iframe, 'not even an object')).rejects.toBeInstanceOf(IpcSenderError);
    await expect(guarded[IpcChannel.startTraining]!(iframe, validRequest)).rejects.toThrow(
      "Refused 'training:start': sent by a frame that is not this app (https://evil.example/ad)",
    );
    await expect(guarded[IpcChannel.stopTraining]!(top(null), 'j1')).rejects.toThrow("Refused 'training:stop': sent by a page that is not this app (no frame)");
    expect(training.start).not.toHaveBeenCalled();
    expect(training.stop).not.toHaveBeenCalled();
    await guarded[IpcChannel.startTraining]!(top(app.rendererFileUrl), validRequest);
    expect(training.start).toHaveBeenCalledOnce();
    await expect(guarded[IpcChannel.startTraining]!(top(app.rendererFileUrl), 'x')).rejects.toBeInstanceOf(IpcValidationError);
  });
});

describe('paths come only from dialogs or the Recent list', () => {
  it('no call takes a path to read or write except saveProject (checked) and openRecent (checked)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cnn-router-'));
    const secret = join(dir, 'secret.cnnstudio.json');
    await writeFile(secret, serializeProject(starterGraph()));
    const chooseModelExportPath = vi.fn(async () => null);
    const chooseProjectSavePath = vi.fn(async () => null);
    const { router } = setup({ chooseModelExportPath, chooseProjectSavePath });
    // openRecent reads only what Recent holds.
    await expect(router[IpcChannel.openRecent](secret)).resolves.toEqual({ status: 'error', error: 'That file is no longer in the Recent list.' });
    // saveProject with a path never chosen asks the dialog, and writes nothing when it is canceled.
    await expect(router[IpcChannel.saveProject]({ suggestedName: 'x.cnnstudio.json', path: secret, contents: 'overwritten' })).resolves.toEqual({
      status: 'canceled',
    });
    expect(chooseProjectSavePath).toHaveBeenCalledWith('x.cnnstudio.json');
    // Exports always ask where; a file name that is a path is refused by the schema.
    await expect(router[IpcChannel.exportFiles]({ files: [{ name: 'secret.cnnstudio.json', text: 'x' }] })).resolves.toEqual({ status: 'canceled' });
    await expect(
      router[IpcChannel.exportFiles]({
        files: [
          { name: 'a.py', text: '' },
          { name: `${dir}/secret.cnnstudio.json`, text: 'x' },
        ],
      }),
    ).rejects.toThrow("Refused 'export:files'");
    expect(chooseModelExportPath).toHaveBeenCalledTimes(1);
    expect(await readFile(secret, 'utf8')).toBe(serializeProject(starterGraph()));
  });
});
