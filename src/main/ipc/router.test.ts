import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../shared/api/ipc-channels';
import { starterGraph } from '../../shared/graph/starter-graph';
import { serializeProject } from '../../shared/project/project-file';
import { createIpcRouter, IpcValidationError, type DialogPort } from './router';

function setup(dialogs: Partial<DialogPort> = {}) {
  const training = { start: vi.fn(), stop: vi.fn(), inspect: vi.fn() };
  const router = createIpcRouter({
    training,
    dialogs: { chooseProjectToOpen: async () => null, chooseProjectSavePath: async () => null, ...dialogs },
  });
  return { router, training };
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
    expect(training.start).toHaveBeenCalledWith(validRequest);
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
