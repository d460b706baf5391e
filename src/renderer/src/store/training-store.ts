/**
 * Training: the setup (dataset, options), the current run as trainer events drive it
 * (`reduceTraining`), finished runs and the last run's weights. While a run trains, the document is
 * locked.
 */
import { create } from 'zustand';
import type { DatasetChoice } from '../../../shared/api/app-api';
import type { TrainingEvent, TrainingOptionsInput } from '../../../shared/api/training-protocol';
import type { ImageDataset } from '../../../shared/data/image-dataset';
import type { RunRecord } from '../../../shared/project/run-record';
import { useDocumentStore } from './document-store';
import { getHost } from './host';
import { showNotice } from './notice-store';
import {
  idleTraining,
  isTrainingActive,
  isTrainingBusy,
  reduceTraining,
  type TrainedNetwork,
  type TrainingSetup,
  type TrainingState,
} from './training-reducer';

export interface TrainingStoreState {
  training: TrainingState;
  setup: TrainingSetup;
  /** The user's own datasets, registered with the trainer this session. */
  userDatasets: DatasetChoice[];
  /** Finished training runs, oldest first (saved with the project). */
  runs: RunRecord[];
  /** The last run's weights (saved with the project, so reopening restores the trained network). */
  trained: TrainedNetwork | null;

  onTrainingEvent(event: TrainingEvent): void;
  /** A different document's runs and weights (or none). */
  resetRuns(runs: RunRecord[], trained: TrainedNetwork | null): void;
  /** Registers the user's dataset with the trainer and selects it. */
  addUserDataset(dataset: ImageDataset): Promise<void>;
  updateSetup(update: { datasetId?: string; options?: Partial<TrainingOptionsInput> }): void;
  startTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  resumeTraining(): Promise<void>;
  /** Makes sure the trainer holds the trained network (after reopening a project) and returns its job id. */
  ensureTrainedModel(): Promise<string | null>;
}

export const DEFAULT_SETUP: TrainingSetup = {
  datasetId: 'mnist',
  options: {
    epochs: 3,
    batchSize: 64,
    learningRate: 0.001,
    seed: 42,
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    validationSplit: 0,
    earlyStopping: null,
  },
};

let jobCounter = 0;

export const useTrainingStore = create<TrainingStoreState>()((set, get) => ({
  training: idleTraining,
  setup: DEFAULT_SETUP,
  userDatasets: [],
  runs: [],
  trained: null,

  onTrainingEvent(event) {
    const { training, runs, trained, setup } = get();
    const next = reduceTraining({ training, runs, trained }, event, { setup, graph: useDocumentStore.getState().graph });
    set({ training: next.training, runs: next.runs, trained: next.trained });
    if (next.failure) showNotice({ kind: 'error', text: `Training failed: ${next.failure}` });
  },

  resetRuns(runs, trained) {
    set({ runs, trained });
  },

  async addUserDataset(dataset) {
    await getHost().registerDataset(dataset);
    const choice: DatasetChoice = {
      id: dataset.id,
      name: `${dataset.name} (yours)`,
      description: `${dataset.train.count + dataset.test.count} images, ${dataset.classNames.length} classes`,
      kind: 'images',
      shape: [dataset.height, dataset.width, dataset.channels],
      trainCount: dataset.train.count,
      testCount: dataset.test.count,
    };
    set({ userDatasets: [...get().userDatasets.filter((d) => d.id !== dataset.id), choice] });
    get().updateSetup({ datasetId: dataset.id, options: { loss: 'sparseCategoricalCrossentropy' } });
  },

  updateSetup(update) {
    const setup = get().setup;
    set({ setup: { datasetId: update.datasetId ?? setup.datasetId, options: { ...setup.options, ...update.options } } });
  },

  async startTraining() {
    const { setup, training } = get();
    if (isTrainingBusy(training)) return;
    const graph = useDocumentStore.getState().graph;
    const jobId = `job-${Date.now()}-${++jobCounter}`;
    set({ training: { ...idleTraining, status: 'starting', jobId, startedAt: new Date().toISOString(), graph } });
    showNotice(null);
    try {
      await getHost().startTraining({ jobId, graph, datasetId: setup.datasetId, options: setup.options });
    } catch (e) {
      set({ training: { ...idleTraining, status: 'error', error: (e as Error).message } });
      showNotice({ kind: 'error', text: (e as Error).message });
    }
  },

  async stopTraining() {
    const { training } = get();
    if (!training.jobId || !isTrainingBusy(training)) return;
    // Said at once: the trainer ends within a batch (or skips the evaluation), the event follows.
    if (isTrainingActive(training)) set({ training: { ...training, status: 'stopping' } });
    await getHost().stopTraining(training.jobId);
  },

  async pauseTraining() {
    const { training } = get();
    if (training.jobId) await getHost().pauseTraining(training.jobId);
  },

  async resumeTraining() {
    const { training } = get();
    if (training.jobId) await getHost().resumeTraining(training.jobId);
  },

  async ensureTrainedModel() {
    const { trained } = get();
    if (!trained) return null;
    if (trained.jobId) return trained.jobId;
    const jobId = `restored-${trained.runId}`;
    const { notes } = await getHost().loadModel({ jobId, graph: useDocumentStore.getState().graph, weights: trained.weights });
    if (notes.length) showNotice({ kind: 'info', text: notes.join(' ') });
    set({ trained: { ...trained, jobId } });
    return jobId;
  },
}));

// The network is locked while its training loop runs (not while the test set is evaluated).
useTrainingStore.subscribe((state) => useDocumentStore.getState().setLocked(isTrainingActive(state.training)));
