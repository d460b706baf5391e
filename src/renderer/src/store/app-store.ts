/**
 * The renderer's state: the open graph and the current training run. Components read from here and
 * call its actions; the host (`AppApi`) is injected once at start-up.
 */
import { create } from 'zustand';
import type { AppApi } from '../../../shared/api/app-api';
import type { TrainingEvent, TrainingOptions } from '../../../shared/api/training-protocol';
import { SYNTHETIC_LINEAR } from '../../../shared/data/datasets';
import type { NetworkGraph } from '../../../shared/graph/graph';
import { starterGraph } from '../../../shared/graph/starter-graph';
import { PROJECT_EXTENSION, serializeProject } from '../../../shared/project/project-file';

export type TrainingStatus = 'idle' | 'starting' | 'running' | 'done' | 'stopped' | 'error';

export interface TrainingState {
  status: TrainingStatus;
  jobId: string | null;
  backend: string | null;
  epochs: number;
  batchesPerEpoch: number;
  epoch: number;
  /** Loss after every batch, in order. */
  batchLosses: number[];
  error: string | null;
}

export interface AppState {
  api: AppApi | null;
  graph: NetworkGraph;
  fileName: string;
  filePath: string | undefined;
  dirty: boolean;
  /** Bumped when a different graph is loaded, so the canvas re-fits its view. */
  graphRevision: number;
  /** One message for the banner: what went wrong and what to do. */
  notice: { kind: 'error' | 'info'; text: string } | null;
  training: TrainingState;
  options: TrainingOptions;

  connect(api: AppApi): () => void;
  moveNode(id: string, position: { x: number; y: number }): void;
  startTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  openProject(): Promise<void>;
  saveProject(): Promise<void>;
  dismissNotice(): void;
}

const idleTraining: TrainingState = {
  status: 'idle',
  jobId: null,
  backend: null,
  epochs: 0,
  batchesPerEpoch: 0,
  epoch: 0,
  batchLosses: [],
  error: null,
};

let jobCounter = 0;

export const useAppStore = create<AppState>()((set, get) => {
  function onTrainingEvent(event: TrainingEvent): void {
    const training = get().training;
    if (event.jobId !== training.jobId) return;
    switch (event.type) {
      case 'started':
        set({ training: { ...training, status: 'running', backend: event.backend, epochs: event.epochs, batchesPerEpoch: event.batchesPerEpoch } });
        return;
      case 'batch':
        set({ training: { ...training, epoch: event.epoch, batchLosses: [...training.batchLosses, event.loss] } });
        return;
      case 'epoch':
        return;
      case 'done':
        set({ training: { ...training, status: event.stopped ? 'stopped' : 'done' } });
        return;
      case 'error':
        set({
          training: { ...training, status: 'error', error: event.message },
          notice: { kind: 'error', text: `Training failed: ${event.message}` },
        });
        return;
    }
  }

  return {
    api: null,
    graph: starterGraph(),
    fileName: `Untitled.${PROJECT_EXTENSION}`,
    filePath: undefined,
    dirty: false,
    graphRevision: 0,
    notice: null,
    training: idleTraining,
    options: { epochs: 20, batchSize: 32, learningRate: 0.1, seed: 42 },

    connect(api) {
      set({ api });
      return api.onTrainingEvent(onTrainingEvent);
    },

    moveNode(id, position) {
      const graph = get().graph;
      set({ graph: { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, position } : n)) }, dirty: true });
    },

    async startTraining() {
      const { api, graph, options, training } = get();
      if (!api || training.status === 'running' || training.status === 'starting') return;
      const jobId = `job-${Date.now()}-${++jobCounter}`;
      set({ training: { ...idleTraining, status: 'starting', jobId }, notice: null });
      try {
        await api.startTraining({ jobId, graph, datasetId: SYNTHETIC_LINEAR.id, options });
      } catch (e) {
        set({ training: { ...idleTraining, status: 'error', error: (e as Error).message }, notice: { kind: 'error', text: (e as Error).message } });
      }
    },

    async stopTraining() {
      const { api, training } = get();
      if (api && training.jobId) await api.stopTraining(training.jobId);
    },

    async openProject() {
      const api = get().api;
      if (!api) return;
      const result = await api.openProject();
      if (result.status === 'opened') {
        set({
          graph: result.opened.project.graph,
          fileName: result.opened.name,
          filePath: result.opened.path,
          dirty: false,
          notice: null,
          graphRevision: get().graphRevision + 1,
        });
      } else if (result.status === 'error') {
        // The open graph stays exactly as it was.
        set({ notice: { kind: 'error', text: result.error } });
      }
    },

    async saveProject() {
      const { api, graph, fileName, filePath } = get();
      if (!api) return;
      const result = await api.saveProject({ suggestedName: fileName, path: filePath, contents: serializeProject(graph) });
      if (result.status === 'saved') set({ fileName: result.name, filePath: result.path, dirty: false });
      else if (result.status === 'error') set({ notice: { kind: 'error', text: result.error } });
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
});
