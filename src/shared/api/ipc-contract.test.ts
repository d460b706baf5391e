import { describe, expect, it, vi } from 'vitest';
import type { AppApi } from './app-api';
import { bindIpcCalls, IPC_CALLS, NO_PAYLOAD, routeIpcCalls, type IpcHandlers, type IpcMethods } from './ipc-contract';
import { IpcChannel } from './ipc-channels';

describe('the IPC call table', () => {
  it('gives every call its own area:verb channel, and IpcChannel names them all besides the two events', () => {
    const channels = Object.values(IPC_CALLS).map((c) => c.channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    expect(Object.keys(IpcChannel).sort()).toEqual([...Object.keys(IPC_CALLS), 'menuCommand', 'trainingEvent'].sort());
    expect(IpcChannel.openProject).toBe('project:open');
    expect(IpcChannel.exportTrainedModel).toBe('training:export-model');
    expect(channels).not.toContain(IpcChannel.trainingEvent);
    expect(channels).not.toContain(IpcChannel.menuCommand);
  });

  it('bindIpcCalls sends one payload per call: the argument, an object of several, or none', async () => {
    const invoke = vi.fn(async () => 'answer');
    const api = bindIpcCalls(invoke);
    expect(Object.keys(api).sort()).toEqual(Object.keys(IPC_CALLS).sort());
    await expect(api.openProject()).resolves.toBe('answer');
    expect(invoke).toHaveBeenLastCalledWith('project:open', undefined);
    await api.stopTraining('j1');
    expect(invoke).toHaveBeenLastCalledWith('training:stop', 'j1');
    await api.exportTrainedModel('j1', 'net');
    expect(invoke).toHaveBeenLastCalledWith('training:export-model', { jobId: 'j1', baseName: 'net' });
    const snapshot = { contents: '{}', fileName: 'a.cnnstudio.json', savedAt: 'now' };
    await api.writeRecovery(snapshot);
    expect(invoke).toHaveBeenLastCalledWith('recovery:write', snapshot);
  });

  it('what a method sends is what its schema accepts', () => {
    expect(IPC_CALLS.exportTrainedModel.request.safeParse(IPC_CALLS.exportTrainedModel.payload('j', 'net')).success).toBe(true);
    expect(IPC_CALLS.openRecent.request.safeParse(IPC_CALLS.openRecent.payload('/a/b.cnnstudio.json')).success).toBe(true);
    for (const c of Object.values(IPC_CALLS)) if (c.request === NO_PAYLOAD) expect(c.request.safeParse((c.payload as () => unknown)()).success).toBe(true);
  });

  it('routeIpcCalls validates each payload with its schema before the handler runs', async () => {
    const handlers = Object.fromEntries(
      Object.keys(IPC_CALLS).map((name) => [name, vi.fn(async (request: unknown) => ({ got: request }))]),
    ) as unknown as IpcHandlers & Record<string, ReturnType<typeof vi.fn>>;
    const validate = vi.fn((schema: { parse(p: unknown): unknown }, payload: unknown) => schema.parse(payload));
    const routes = routeIpcCalls(handlers, validate);
    expect(Object.keys(routes).sort()).toEqual(
      Object.values(IPC_CALLS)
        .map((c) => c.channel)
        .sort(),
    );
    await expect(routes['training:export-model']({ jobId: 'j', baseName: 'net' })).resolves.toEqual({ got: { jobId: 'j', baseName: 'net' } });
    expect(validate).toHaveBeenLastCalledWith(IPC_CALLS.exportTrainedModel.request, { jobId: 'j', baseName: 'net' }, 'training:export-model');
    await expect(routes['training:stop'](42)).rejects.toThrow();
    expect(handlers.stopTraining).not.toHaveBeenCalled();
  });

  it('derives the method signatures AppApi had (checked by the compiler)', () => {
    const signatures: Pick<AppApi, 'exportTrainedModel' | 'openProject'> = bindIpcCalls(async () => undefined) as IpcMethods;
    const exportModel: (jobId: string, baseName: string) => Promise<{ status: string }> = signatures.exportTrainedModel;
    const open: () => Promise<{ status: 'opened' | 'canceled' | 'error' }> = signatures.openProject;
    // @ts-expect-error a handler map without every call does not compile
    const missing: IpcHandlers = { openProject: async () => ({ status: 'canceled' }) };
    // @ts-expect-error nor does a handler whose result drifted from the table
    const drifted: Pick<IpcHandlers, 'listRecent'> = { listRecent: async () => 'recent' };
    // @ts-expect-error nor a call with the wrong arguments
    void signatures.exportTrainedModel('j1');
    expect([exportModel, open, missing, drifted]).toHaveLength(4);
  });
});
