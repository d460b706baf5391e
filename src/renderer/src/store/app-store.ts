/**
 * The renderer's state: the open graph (with undo history), selection, file identity and the current
 * training run. Components read from here and call its actions; every graph change goes through
 * `applyEdit`, so undo covers all of them. The host (`AppApi`) is injected once at start-up.
 */
import { create } from 'zustand';
import type { AppApi, DatasetChoice, OpenProjectResult, RecentEntry, RecoverySnapshot } from '../../../shared/api/app-api';
import type { TrainingEvent, TrainingOptionsInput } from '../../../shared/api/training-protocol';
import { idleTraining, isTrainingActive, isTrainingBusy, reduceTraining, type TrainedNetwork, type TrainingSetup, type TrainingState } from './training-reducer';
import * as edit from '../../../shared/editing/edit';
import type { ImageDataset } from '../../../shared/data/image-dataset';
import { dropLayer } from '../../../shared/editing/drop';
import { autoLayout } from '../../../shared/editing/layout';
import { exportKerasModel } from '../../../shared/interop/keras-export';
import { commit, createHistory, redo, replacePresent, undo, type History } from '../../../shared/editing/history';
import type { LayerParams, NetworkGraph, ParamValue } from '../../../shared/graph/graph';
import { addKernelConv, addLayerChain, insertFromPalette, type KernelLayerSpec } from '../../../shared/editing/compound';
import { parseProject, PROJECT_EXTENSION, serializeProject, type ProjectExtras } from '../../../shared/project/project-file';
import type { RunRecord } from '../../../shared/project/run-record';
import { decodeTensor } from '../../../shared/project/weights';
import { getTemplate } from '../../../shared/templates';
import { documentBaseName, kerasModelName, safeFileStem } from '../../../shared/project/file-names';
import { smallMnistCnn } from '../../../shared/templates/course-networks';

export { idleTraining, isTrainingActive, isTrainingBusy, type TrainedNetwork, type TrainingSetup, type TrainingState, type TrainingStatus } from './training-reducer';
export type { KernelLayerSpec } from '../../../shared/editing/compound';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** One button beside the text (e.g. "Bring it back"). */
  action?: { label: string; testId: string; run(): void };
}

/** A whole open document, set aside when another replaces it with unsaved changes. */
interface SetAside {
  graph: NetworkGraph;
  savedGraph: NetworkGraph;
  fileName: string;
  filePath: string | undefined;
  runs: RunRecord[];
  savedRuns: RunRecord[];
  trained: TrainedNetwork | null;
}

export interface AppState {
  api: AppApi | null;
  history: History<NetworkGraph>;
  /** = history.present, kept as its own field for cheap selectors. */
  graph: NetworkGraph;
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  clipboard: edit.Fragment | null;
  fileName: string;
  filePath: string | undefined;
  /** The graph as last saved/opened, to tell whether there are unsaved changes. */
  savedGraph: NetworkGraph;
  /** Bumped when a different graph is loaded, so the canvas re-fits its view. */
  graphRevision: number;
  notice: Notice | null;
  /** An autosaved graph found at start-up, offered back to the user. */
  recovery: RecoverySnapshot | null;
  recent: RecentEntry[];
  training: TrainingState;
  setup: TrainingSetup;
  /** The user's own datasets, registered with the trainer this session. */
  userDatasets: DatasetChoice[];
  /** Finished training runs, oldest first (saved with the project). */
  runs: RunRecord[];
  /** The last run's weights (saved with the project, so reopening restores the trained network). */
  trained: TrainedNetwork | null;
  /** `runs` as last saved, for the unsaved-changes mark. */
  savedRuns: RunRecord[];

  connect(api: AppApi): () => void;
  /** Applies an edit as one undo step (`coalesceKey`: merge with the previous edit of the same key). */
  applyEdit(update: (graph: NetworkGraph) => NetworkGraph, coalesceKey?: string, layoutOnly?: boolean): void;
  /** Applies an edit without an undo step (drag in progress); `endTransient` records it. */
  applyTransient(update: (graph: NetworkGraph) => NetworkGraph): void;
  endTransient(before: NetworkGraph): void;
  undo(): void;
  redo(): void;
  select(nodeIds: string[], edgeIds?: string[]): void;
  /** Edits sharing `session` (one focus of one field) form one undo step. */
  setParam(nodeId: string, key: string, value: ParamValue, session?: number): void;
  renameNode(nodeId: string, name: string): void;
  /** A palette drop: onto a connection, below the selected layer (wired after it), or alone. */
  addLayerAt(type: string, position: edit.Position, edgeId?: string | null): void;
  /** Double-click in the palette: on the selected connection, else after the selected layer. */
  addFromPalette(type: string): void;
  connectLayers(source: string, target: string): void;
  autoLayout(): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  duplicateSelection(): void;
  loadGraph(graph: NetworkGraph, fileName: string, filePath?: string, extras?: ProjectExtras): void;
  /** Makes sure the trainer holds the trained network (after reopening a project) and returns its job id. */
  ensureTrainedModel(): Promise<string | null>;
  /** The Filter Lab's kernel(s) as a Conv2D with fixed weights, after the selected (or last image) layer. */
  addKernelLayer(spec: KernelLayerSpec): string | null;
  /** Layers chained after `afterId` with their parameters, as one undo step (the selection stays); their ids. */
  addLayers(afterId: string, layers: readonly { type: string; params: LayerParams }[]): string[];
  newFromTemplate(slug: string): void;
  /** Registers the user's dataset with the trainer and selects it. */
  addUserDataset(dataset: ImageDataset): Promise<void>;
  updateSetup(update: { datasetId?: string; options?: Partial<TrainingOptionsInput> }): void;
  startTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  /** Saves the last run's trained network as a TensorFlow.js model. */
  exportTrainedModel(): Promise<void>;
  resumeTraining(): Promise<void>;
  openProject(): Promise<void>;
  openRecent(id: string): Promise<void>;
  refreshRecent(): Promise<void>;
  /** Writes the recovery slot (or clears it when everything is saved). */
  autosave(): Promise<void>;
  restoreRecovery(): void;
  discardRecovery(): Promise<void>;
  saveProject(saveAs?: boolean): Promise<void>;
  showNotice(notice: Notice | null): void;
  /** Downloads / saves the network as Keras model JSON (what `model.to_json()` writes). */
  exportKeras(): Promise<void>;
}


export const DEFAULT_SETUP: TrainingSetup = {
  datasetId: 'mnist',
  options: { epochs: 3, batchSize: 64, learningRate: 0.001, seed: 42, optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', validationSplit: 0, earlyStopping: null },
};

let jobCounter = 0;
const EMPTY_GRAPH: NetworkGraph = { nodes: [], edges: [] };
const untitled = `Untitled.${PROJECT_EXTENSION}`;

export const useAppStore = create<AppState>()((set, get) => {
  function setHistory(history: History<NetworkGraph>, extra: Partial<AppState> = {}) {
    set({ history, graph: history.present, ...extra });
  }

  function onTrainingEvent(event: TrainingEvent): void {
    const { training, runs, trained, setup, graph } = get();
    const next = reduceTraining({ training, runs, trained }, event, { setup, graph });
    set({ training: next.training, runs: next.runs, trained: next.trained, ...(next.failure ? { notice: { kind: 'error' as const, text: `Training failed: ${next.failure}` } } : {}) });
  }

  /** Shows an opened file, or says why it could not be opened (the open graph stays as it was). */
  async function applyOpened(result: OpenProjectResult): Promise<void> {
    if (result.status === 'error') {
      const reassurance = /Nothing was changed\.$/.test(result.error) ? '' : ' Nothing was changed.';
      return set({ notice: { kind: 'error', text: `${result.error}${reassurance}` } });
    }
    if (result.status !== 'opened') return;
    const { opened } = result;
    const kind = opened.source === 'keras' ? 'Keras model' : 'TensorFlow.js model';
    const notes = opened.warnings.length ? ` Note: ${opened.warnings.join(' ')}` : '';
    replaceDocument(
      () => {
        get().loadGraph(opened.graph, opened.name, opened.path, opened.extras);
        if (opened.source !== 'project') {
          // An imported model is a new project: unsaved until saved under its own name.
          set({ savedGraph: EMPTY_GRAPH, notice: { kind: 'info', text: `Imported a ${kind} as a new project.${notes}` } });
        } else if (opened.warnings.length) {
          set({ notice: { kind: 'info', text: opened.warnings.join(' ') } });
        }
      },
      () => (opened.source === 'project' ? `Opened “${opened.name}”.` : `Imported a ${kind} as a new project.${notes}`),
    );
    await get().refreshRecent();
  }

  /**
   * Opening something else over unsaved work keeps that work one click away (the notice's "Bring it
   * back"): nothing the user made is dropped by a template, New, Open or Restore.
   */
  function replaceDocument(load: () => void, describe: () => string): boolean {
    const before = get();
    const aside: SetAside | null = selectDirty(before)
      ? { graph: before.graph, savedGraph: before.savedGraph, fileName: before.fileName, filePath: before.filePath, runs: before.runs, savedRuns: before.savedRuns, trained: before.trained }
      : null;
    load();
    if (!aside || get().graph === aside.graph) return false;
    set({
      notice: {
        kind: 'info',
        text: `${describe()} Your unsaved changes to “${aside.fileName}” were set aside.`,
        action: { label: 'Bring them back', testId: 'notice-bring-back', run: () => bringBack(aside) },
      },
    });
    return true;
  }

  function bringBack(aside: SetAside): void {
    const swapped = replaceDocument(
      () => {
        get().loadGraph(aside.graph, aside.fileName, aside.filePath, {});
        set({ savedGraph: aside.savedGraph, runs: aside.runs, savedRuns: aside.savedRuns, trained: aside.trained });
      },
      () => `Back to “${aside.fileName}”.`,
    );
    if (!swapped) set({ notice: { kind: 'info', text: `Back to “${aside.fileName}”.` } });
  }

  const initial = autoLayout(smallMnistCnn());
  return {
    api: null,
    history: createHistory(initial),
    graph: initial,
    selectedNodeIds: [],
    selectedEdgeIds: [],
    clipboard: null,
    fileName: untitled,
    filePath: undefined,
    savedGraph: initial,
    graphRevision: 0,
    notice: null,
    recovery: null,
    recent: [],
    training: idleTraining,
    setup: DEFAULT_SETUP,
    userDatasets: [],
    runs: [],
    trained: null,
    savedRuns: [],

    connect(api) {
      set({ api });
      void api.readRecovery().then((recovery) => {
        if (recovery && parseProject(recovery.contents, recovery.fileName).ok) set({ recovery });
      });
      void get().refreshRecent();
      return api.onTrainingEvent(onTrainingEvent);
    },

    applyEdit(update, coalesceKey, layoutOnly = false) {
      const { history, training } = get();
      if (!layoutOnly && isTrainingActive(training)) {
        set({ notice: { kind: 'info', text: 'The network is locked while it trains: stop the run to edit it.' } });
        return;
      }
      const next = update(history.present);
      if (next !== history.present) setHistory(commit(history, next, coalesceKey ?? null));
    },

    applyTransient(update) {
      const { history } = get();
      const next = update(history.present);
      if (next !== history.present) setHistory(replacePresent(history, next));
    },

    endTransient(before) {
      const { history } = get();
      if (before === history.present) return;
      // Record the whole drag as one step from `before`.
      setHistory(commit({ ...history, present: before }, history.present));
    },

    undo() {
      setHistory(undo(get().history));
    },
    redo() {
      setHistory(redo(get().history));
    },

    select(nodeIds, edgeIds = []) {
      set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
    },

    setParam(nodeId, key, value, session) {
      get().applyEdit((g) => edit.setParam(g, nodeId, key, value), session === undefined ? undefined : `param:${nodeId}:${key}:${session}`);
    },

    renameNode(nodeId, name) {
      get().applyEdit((g) => edit.rename(g, nodeId, name), `rename:${nodeId}`);
    },

    addLayerAt(type, position, edgeId) {
      const { selectedNodeIds } = get();
      let id = '';
      get().applyEdit((g) => {
        const added = dropLayer(g, type, position, { edgeId, selectedNodeId: selectedNodeIds.length === 1 ? selectedNodeIds[0] : null });
        id = added.id;
        return added.graph;
      });
      set({ selectedNodeIds: [id], selectedEdgeIds: [] });
    },

    addFromPalette(type) {
      const { selectedNodeIds, selectedEdgeIds } = get();
      let id = '';
      get().applyEdit((g) => {
        const added = insertFromPalette(g, type, { nodeIds: selectedNodeIds, edgeIds: selectedEdgeIds });
        id = added.id;
        return added.graph;
      });
      set({ selectedNodeIds: [id], selectedEdgeIds: [] });
    },

    connectLayers(source, target) {
      get().applyEdit((g) => edit.connect(g, source, target));
    },

    autoLayout() {
      get().applyEdit(autoLayout, undefined, true);
      set({ graphRevision: get().graphRevision + 1 });
    },

    deleteSelection() {
      const { selectedNodeIds, selectedEdgeIds } = get();
      get().applyEdit((g) => edit.removeElements(g, selectedNodeIds, selectedEdgeIds));
      set({ selectedNodeIds: [], selectedEdgeIds: [] });
    },

    copySelection() {
      const { graph, selectedNodeIds } = get();
      if (selectedNodeIds.length) set({ clipboard: edit.copyFragment(graph, selectedNodeIds) });
    },

    paste() {
      const { clipboard } = get();
      if (!clipboard) return;
      const offset = edit.pasteOffset(clipboard);
      let ids: string[] = [];
      get().applyEdit((g) => {
        const result = edit.pasteFragment(g, clipboard, offset);
        ids = result.ids;
        return result.graph;
      });
      // Paste again lands further along, not on top of the first copy.
      set({ selectedNodeIds: ids, selectedEdgeIds: [], clipboard: { ...clipboard, nodes: clipboard.nodes.map((n) => ({ ...n, position: n.position && { x: n.position.x + offset.x, y: n.position.y + offset.y } })) } });
    },

    duplicateSelection() {
      const { graph, selectedNodeIds } = get();
      if (!selectedNodeIds.length) return;
      const fragment = edit.copyFragment(graph, selectedNodeIds);
      let ids: string[] = [];
      get().applyEdit((g) => {
        const result = edit.pasteFragment(g, fragment, edit.pasteOffset(fragment));
        ids = result.ids;
        return result.graph;
      });
      set({ selectedNodeIds: ids, selectedEdgeIds: [] });
    },

    loadGraph(graph, fileName, filePath, extras = {}) {
      const runs = extras.runs ?? [];
      let trained: TrainedNetwork | null = null;
      let notice: Notice | null = null;
      if (extras.trained) {
        try {
          trained = { runId: extras.trained.runId, stored: extras.trained.weights, weights: extras.trained.weights.map(decodeTensor), jobId: null, graph };
        } catch (e) {
          notice = { kind: 'error', text: `The trained weights in ${fileName} are damaged (${(e as Error).message}); the network opened without them.` };
        }
      }
      set({
        runs,
        savedRuns: runs,
        trained,
        history: createHistory(graph),
        graph,
        savedGraph: graph,
        fileName,
        filePath,
        selectedNodeIds: [],
        selectedEdgeIds: [],
        notice,
        graphRevision: get().graphRevision + 1,
      });
    },

    async ensureTrainedModel() {
      const { api, trained, graph } = get();
      if (!api || !trained) return null;
      if (trained.jobId) return trained.jobId;
      const jobId = `restored-${trained.runId}`;
      const { notes } = await api.loadModel({ jobId, graph, weights: trained.weights });
      if (notes.length) set({ notice: { kind: 'info', text: notes.join(' ') } });
      set({ trained: { ...trained, jobId } });
      return jobId;
    },

    addKernelLayer(spec) {
      let id: string | null = null;
      get().applyEdit((g) => {
        const added = addKernelConv(g, spec, get().selectedNodeIds[0] ?? null);
        id = added.id;
        return added.graph;
      });
      if (id) set({ selectedNodeIds: [id], selectedEdgeIds: [] });
      return id;
    },

    addLayers(afterId, layers) {
      let ids: string[] = [];
      // One undo step; the selection stays as it was.
      get().applyEdit((g) => {
        const added = addLayerChain(g, afterId, layers);
        ids = added.ids;
        return added.graph;
      });
      return ids;
    },

    newFromTemplate(slug) {
      const template = getTemplate(slug);
      if (!template) return;
      const name = slug === 'blank' ? untitled : `${template.title}.${PROJECT_EXTENSION}`;
      replaceDocument(
        () => {
          get().loadGraph(autoLayout(template.build()), name);
          // A template is a new document: unsaved (and autosaved) until it is saved, like an import. A blank one has nothing to keep.
          if (slug !== 'blank') set({ savedGraph: EMPTY_GRAPH });
          // The network's own dataset: the Fashion-MNIST CNN trains on Fashion-MNIST.
          if (template.dataset) get().updateSetup({ datasetId: template.dataset, options: { loss: 'sparseCategoricalCrossentropy' } });
        },
        () => `Opened the ${template.title} template.`,
      );
    },

    async addUserDataset(dataset) {
      const api = get().api;
      if (!api) return;
      await api.registerDataset(dataset);
      const choice: DatasetChoice = { id: dataset.id, name: `${dataset.name} (yours)`, description: `${dataset.train.count + dataset.test.count} images, ${dataset.classNames.length} classes`, kind: 'images', shape: [dataset.height, dataset.width, dataset.channels], trainCount: dataset.train.count, testCount: dataset.test.count };
      set({ userDatasets: [...get().userDatasets.filter((d) => d.id !== dataset.id), choice] });
      get().updateSetup({ datasetId: dataset.id, options: { loss: 'sparseCategoricalCrossentropy' } });
    },

    updateSetup(update) {
      const setup = get().setup;
      set({ setup: { datasetId: update.datasetId ?? setup.datasetId, options: { ...setup.options, ...update.options } } });
    },

    async startTraining() {
      const { api, graph, setup, training } = get();
      if (!api || isTrainingBusy(training)) return;
      const jobId = `job-${Date.now()}-${++jobCounter}`;
      set({ training: { ...idleTraining, status: 'starting', jobId, startedAt: new Date().toISOString(), graph }, notice: null });
      try {
        await api.startTraining({ jobId, graph, datasetId: setup.datasetId, options: setup.options });
      } catch (e) {
        set({ training: { ...idleTraining, status: 'error', error: (e as Error).message }, notice: { kind: 'error', text: (e as Error).message } });
      }
    },

    async stopTraining() {
      const { api, training } = get();
      if (!api || !training.jobId || !isTrainingBusy(training)) return;
      // Said at once: the trainer ends within a batch (or skips the evaluation), the event follows.
      if (isTrainingActive(training)) set({ training: { ...training, status: 'stopping' } });
      await api.stopTraining(training.jobId);
    },

    async exportTrainedModel() {
      const { api, fileName } = get();
      if (!api) return;
      const baseName = safeFileStem(fileName);
      try {
        const jobId = await get().ensureTrainedModel();
        if (!jobId) return set({ notice: { kind: 'info', text: 'Nothing to export yet: train the network first.' } });
        const result = await api.exportTrainedModel(jobId, baseName);
        if (result.status === 'saved') set({ notice: { kind: 'info', text: `Saved ${result.name} and its weights: tf.loadLayersModel reads them back.` } });
        else if (result.status === 'error') set({ notice: { kind: 'error', text: result.error } });
      } catch (e) {
        set({ notice: { kind: 'error', text: `Could not export the trained model: ${(e as Error).message}` } });
      }
    },

    async pauseTraining() {
      const { api, training } = get();
      if (api && training.jobId) await api.pauseTraining(training.jobId);
    },

    async resumeTraining() {
      const { api, training } = get();
      if (api && training.jobId) await api.resumeTraining(training.jobId);
    },

    async openProject() {
      const api = get().api;
      if (api) await applyOpened(await api.openProject());
    },

    async openRecent(id) {
      const api = get().api;
      if (api) await applyOpened(await api.openRecent(id));
    },

    async refreshRecent() {
      const api = get().api;
      if (api) set({ recent: await api.listRecent() });
    },

    async autosave() {
      const state = get();
      const { api, fileName } = state;
      if (!api) return;
      // Nothing unsaved: the slot can go, unless it still holds the work offered back at start-up.
      if (!selectDirty(state)) {
        if (!state.recovery) await api.clearRecovery();
      }
      else await api.writeRecovery({ contents: serializeProject(state.graph, projectExtras(state)), fileName, savedAt: new Date().toISOString() });
    },

    restoreRecovery() {
      const { recovery } = get();
      if (!recovery) return;
      const parsed = parseProject(recovery.contents, recovery.fileName);
      if (!parsed.ok) return set({ recovery: null, notice: { kind: 'error', text: parsed.error } });
      set({ recovery: null });
      replaceDocument(
        () => {
          get().loadGraph(parsed.value.graph, recovery.fileName, undefined, { runs: parsed.value.runs, trained: parsed.value.trained });
          // Restored work is unsaved work: compare against an empty graph so the unsaved mark shows.
          set({ savedGraph: EMPTY_GRAPH, notice: { kind: 'info', text: `Recovered “${recovery.fileName}” as autosaved ${formatSnapshotTime(recovery.savedAt)}. Save it to keep it.` } });
        },
        () => `Recovered “${recovery.fileName}” as autosaved ${formatSnapshotTime(recovery.savedAt)}.`,
      );
    },

    async discardRecovery() {
      set({ recovery: null });
      await get().api?.clearRecovery();
    },

    async saveProject(saveAs = false) {
      const state = get();
      const { api, graph, runs, fileName, filePath } = state;
      if (!api) return;
      const result = await api.saveProject({ suggestedName: fileName, path: saveAs ? undefined : filePath, contents: serializeProject(graph, projectExtras(state)) });
      if (result.status === 'saved') {
        set({ fileName: result.name, filePath: result.path, savedGraph: graph, savedRuns: runs });
        await api.clearRecovery();
        await get().refreshRecent();
      }
      else if (result.status === 'error') set({ notice: { kind: 'error', text: result.error } });
    },

    showNotice(notice) {
      set({ notice });
    },

    async exportKeras() {
      const { api, graph, fileName } = get();
      if (!api) return;
      const base = documentBaseName(fileName);
      const exported = exportKerasModel(graph, kerasModelName(fileName));
      if (!exported.ok) return set({ notice: { kind: 'error', text: `Cannot export: ${exported.error}` } });
      const result = await api.saveProject({ suggestedName: `${base}.keras.json`, contents: JSON.stringify(exported.model, null, 2) });
      if (result.status === 'saved') set({ notice: { kind: 'info', text: `Exported ${result.name} (Keras model JSON; tfjs and Keras read it with model_from_json).` } });
      else if (result.status === 'error') set({ notice: { kind: 'error', text: result.error } });
    },
  };
});

/** When an autosave was taken, as the recovery banner and notices say it: "at 14:02:11 (3 min ago)". */
export function formatSnapshotTime(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'at an unknown time';
  const minutes = Math.round((now - at.getTime()) / 60_000);
  const ago = minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : minutes < 60 * 24 ? `${Math.round(minutes / 60)} h ago` : `${Math.round(minutes / 1440)} days ago`;
  const sameDay = new Date(now).toDateString() === at.toDateString();
  return `${sameDay ? 'at' : 'on'} ${sameDay ? at.toLocaleTimeString() : at.toLocaleString()} (${ago})`;
}

/** Unsaved changes: the graph or the runs differ from what was last opened or saved. */
export const selectDirty = (s: AppState) => s.graph !== s.savedGraph || s.runs !== s.savedRuns;

/** What the project file keeps besides the graph. */
function projectExtras(s: AppState): ProjectExtras {
  return { runs: s.runs, trained: s.trained && { runId: s.trained.runId, weights: s.trained.stored } };
}
