// The renderer's stores under plain Node, with a fake host: the document's undo steps, the file
// lifecycle (save, open, set-aside, recovery, autosave) and the training lock.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppApi, OpenProjectResult, RecoverySnapshot } from '../../../shared/api/app-api';
import { sequentialGraph } from '../../../shared/graph/build';
import { serializeProject } from '../../../shared/project/project-file';
import { useDocumentStore } from './document-store';
import { setHost } from './host';
import { useNoticeStore } from './notice-store';
import { isDirty, useProjectStore } from './project-store';
import { useTrainingStore } from './training-store';

function fakeHost(overrides: Partial<AppApi> = {}) {
  let slot: RecoverySnapshot | null = null;
  const host = {
    host: 'browser',
    saveProject: vi.fn(async (r: { suggestedName: string }) => ({ status: 'saved' as const, name: r.suggestedName, path: `/tmp/${r.suggestedName}` })),
    openProject: vi.fn(async (): Promise<OpenProjectResult> => ({ status: 'canceled' })),
    listRecent: vi.fn(async () => []),
    writeRecovery: vi.fn(async (s: RecoverySnapshot) => void (slot = s)),
    readRecovery: vi.fn(async () => slot),
    clearRecovery: vi.fn(async () => void (slot = null)),
    startTraining: vi.fn(async () => undefined),
    stopTraining: vi.fn(async () => undefined),
    ...overrides,
  } as unknown as AppApi & { slot(): RecoverySnapshot | null };
  (host as { slot(): RecoverySnapshot | null }).slot = () => slot;
  return host;
}

const reset = () => {
  useDocumentStore.setState(useDocumentStore.getInitialState(), true);
  useProjectStore.setState(useProjectStore.getInitialState(), true);
  useTrainingStore.setState(useTrainingStore.getInitialState(), true);
  useNoticeStore.setState(useNoticeStore.getInitialState(), true);
};
const doc = () => useDocumentStore.getState();
const project = () => useProjectStore.getState();

beforeEach(reset);

describe('document store', () => {
  it("lesson 9's layers and the Filter Lab's kernel are one undo step each; the chain keeps the selection", () => {
    doc().select(['conv2d']);
    const before = doc().graph;
    const ids = doc().addLayers('input_layer', [
      { type: 'RandomFlip', params: { mode: 'horizontal' } },
      { type: 'RandomRotation', params: { factor: 0.1 } },
    ]);
    expect(ids).toHaveLength(2);
    expect(doc().selectedNodeIds).toEqual(['conv2d']);
    doc().undo();
    expect(doc().graph).toBe(before);
    const kernel = doc().addKernelLayer({
      kernels: [
        [
          [1, 0],
          [0, -1],
        ],
      ],
      inChannels: 1,
      padding: 'valid',
      stride: 1,
      dilation: 1,
      imageShape: [28, 28],
    });
    expect(doc().selectedNodeIds).toEqual([kernel]);
    doc().undo();
    expect(doc().graph).toBe(before);
  });

  it('refuses edits while a run trains, and says why; layout still works', () => {
    useTrainingStore.setState({ training: { ...useTrainingStore.getState().training, status: 'running', jobId: 'j' } });
    const before = doc().graph;
    doc().setParam('conv2d', 'filters', 4);
    expect(doc().graph).toBe(before);
    expect(useNoticeStore.getState().notice?.text).toMatch(/locked while it trains/);
    useTrainingStore.setState({ training: { ...useTrainingStore.getState().training, status: 'evaluating' } });
    doc().setParam('conv2d', 'filters', 4);
    expect(doc().graph).not.toBe(before);
  });
});

describe('project store', () => {
  it('save clears the unsaved mark and the recovery slot; an edit makes it dirty again', async () => {
    const host = fakeHost();
    setHost(host);
    doc().setParam('conv2d', 'filters', 8);
    expect(isDirty()).toBe(true);
    await project().autosave();
    expect(host.writeRecovery).toHaveBeenCalledOnce();
    await project().saveProject();
    expect(isDirty()).toBe(false);
    expect(project().fileName).toBe('Untitled.cnnstudio.json');
    expect(host.clearRecovery).toHaveBeenCalled();
  });

  it('a template over unsaved work sets it aside, one click from coming back', () => {
    setHost(fakeHost());
    doc().setParam('conv2d', 'filters', 8);
    const mine = doc().graph;
    project().newFromTemplate('fashion-mnist');
    expect(project().fileName).toBe('Fashion-MNIST CNN.cnnstudio.json');
    expect(useTrainingStore.getState().setup.datasetId).toBe('fashion-mnist');
    const notice = useNoticeStore.getState().notice!;
    expect(notice.text).toMatch(/Your unsaved changes to “Untitled.cnnstudio.json” were set aside/);
    notice.action!.run();
    expect(doc().graph).toBe(mine);
    expect(isDirty()).toBe(true);
  });

  it('opening a corrupt file changes nothing and says so; a recovery snapshot is offered and restored as unsaved', async () => {
    const graph = sequentialGraph([8], [{ type: 'Dense', params: { units: 2 } }]);
    const host = fakeHost({
      openProject: vi.fn(async (): Promise<OpenProjectResult> => ({ status: 'error', error: 'bad.cnnstudio.json is not valid JSON.' })),
    });
    await host.writeRecovery({ contents: serializeProject(graph, { runs: [] }), fileName: 'mine.cnnstudio.json', savedAt: new Date().toISOString() });
    setHost(host);
    const before = doc().graph;
    await project().openProject();
    expect(doc().graph).toBe(before);
    expect(useNoticeStore.getState().notice?.text).toBe('bad.cnnstudio.json is not valid JSON. Nothing was changed.');
    await project().init();
    expect(project().recovery?.fileName).toBe('mine.cnnstudio.json');
    project().restoreRecovery();
    expect(doc().graph.nodes.map((n) => n.type)).toEqual(['InputLayer', 'Dense']);
    expect(project().fileName).toBe('mine.cnnstudio.json');
    expect(isDirty()).toBe(true);
    expect(useNoticeStore.getState().notice?.text).toMatch(/^Recovered “mine.cnnstudio.json” as autosaved at .* Save it to keep it\.$/);
  });
});

describe('training store', () => {
  it('starts a run on the open graph, says "stopping" at once on Stop, and keeps the finished run', async () => {
    const host = fakeHost();
    setHost(host);
    const t = () => useTrainingStore.getState();
    await t().startTraining();
    const jobId = t().training.jobId!;
    expect(host.startTraining).toHaveBeenCalledWith(expect.objectContaining({ jobId, graph: doc().graph, datasetId: 'mnist' }));
    t().onTrainingEvent({ type: 'started', jobId, epochs: 1, batchesPerEpoch: 1, trainSamples: 1, backend: 'cpu', notes: [] });
    await t().stopTraining();
    expect(t().training.status).toBe('stopping');
    expect(host.stopTraining).toHaveBeenCalledWith(jobId);
    t().onTrainingEvent({ type: 'done', jobId, reason: 'stopped', stopped: true, finalLoss: 0.3 });
    expect(t().training.status).toBe('stopped');
    expect(t().runs).toHaveLength(1);
    expect(isDirty()).toBe(true);
  });
});
