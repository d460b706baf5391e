/**
 * A training run as the UI follows it: the state, and `reduceTraining`, the pure step from one
 * trainer event to the next state (the run record and the trained weights when it ends).
 */
import type { EpochMetrics, Evaluation, StopReason, TrainingEvent, TrainingOptionsInput } from '../../../shared/api/training-protocol';
import type { NetworkGraph } from '../../../shared/graph/graph';
import type { RunRecord } from '../../../shared/project/run-record';
import { encodeTensor, type NodeTensor, type StoredTensor } from '../../../shared/project/weights';

/**
 * `stopping`: Stop was pressed, the trainer ends within a batch. `evaluating`: training has ended
 * and the test set is being evaluated (the graph is unlocked; Stop skips it).
 */
export type TrainingStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'evaluating' | 'done' | 'stopped' | 'error';

export interface TrainingState {
  status: TrainingStatus;
  jobId: string | null;
  backend: string | null;
  /** What happened to the data on the way in, and backend notes. */
  notes: string[];
  epochs: number;
  batchesPerEpoch: number;
  trainSamples: number;
  epoch: number;
  /** Batches done in the current epoch. */
  batchInEpoch: number;
  /** Loss and accuracy after every batch, in order. */
  batchLosses: number[];
  batchAccuracies: number[];
  epochMetrics: EpochMetrics[];
  samplesPerSecond: number;
  reason: StopReason | null;
  bestEpoch: number | null;
  evaluation: Evaluation | null;
  error: string | null;
  /** ISO time the run started. */
  startedAt: string | null;
  /** Test images evaluated so far, of `total`, once training has ended. */
  evaluated: { done: number; total: number } | null;
  /** The user skipped the test-set evaluation. */
  evaluationSkipped: boolean;
  /** The graph being trained (the graph may change while the test set is evaluated). */
  graph: NetworkGraph | null;
  /** The run's class names, from its start (classification only). */
  classNames?: string[] | undefined;
}

/** The network's trained weights, kept with the project (both forms: the file's, and the worker's). */
export interface TrainedNetwork {
  runId: string;
  weights: NodeTensor[];
  stored: StoredTensor[];
  /** The trainer job that holds this model now; null after reopening, until it is loaded again. */
  jobId: string | null;
  /** The graph the weights belong to (edits after training make a new one). */
  graph: NetworkGraph;
}

export interface TrainingSetup {
  datasetId: string;
  options: TrainingOptionsInput;
}

export const idleTraining: TrainingState = {
  status: 'idle',
  jobId: null,
  backend: null,
  notes: [],
  epochs: 0,
  batchesPerEpoch: 0,
  trainSamples: 0,
  epoch: 0,
  batchInEpoch: 0,
  batchLosses: [],
  batchAccuracies: [],
  epochMetrics: [],
  samplesPerSecond: 0,
  reason: null,
  bestEpoch: null,
  evaluation: null,
  error: null,
  startedAt: null,
  evaluated: null,
  evaluationSkipped: false,
  graph: null,
};

/** The training loop is alive: the graph is locked. */
export const isTrainingActive = (t: TrainingState) => t.status === 'starting' || t.status === 'running' || t.status === 'paused' || t.status === 'stopping';
/** The run's job is still in use (training, or evaluating the test set): no new run starts yet. */
export const isTrainingBusy = (t: TrainingState) => isTrainingActive(t) || t.status === 'evaluating';

/** What a training event changes. */
export interface TrainingSlice {
  training: TrainingState;
  runs: RunRecord[];
  trained: TrainedNetwork | null;
}

export interface TrainingContext {
  setup: TrainingSetup;
  /** The open graph, for weights whose run did not record one. */
  graph: NetworkGraph;
  now?: () => string;
}

/** The next state after `event`, and the error to tell the user when the run failed. Events of other jobs change nothing. */
export function reduceTraining(state: TrainingSlice, event: TrainingEvent, context: TrainingContext): TrainingSlice & { failure?: string } {
  const { training } = state;
  // The worker died: the trained weights are kept here, but the model it built from them is gone, so
  // the next "Look inside" or export rebuilds it from them (ensureTrainedModel) in the new worker.
  if (event.type === 'error' && event.workerLost && state.trained?.jobId) state = { ...state, trained: { ...state.trained, jobId: null } };
  if (event.jobId !== training.jobId) return state;
  const next = (patch: Partial<TrainingState>): TrainingSlice => ({ ...state, training: { ...training, ...patch } });
  switch (event.type) {
    case 'started':
      return next({
        status: 'running',
        backend: event.backend,
        notes: event.notes,
        epochs: event.epochs,
        batchesPerEpoch: event.batchesPerEpoch,
        trainSamples: event.trainSamples,
        classNames: event.classNames,
      });
    case 'batch':
      return next({
        epoch: event.epoch,
        batchInEpoch: event.batch + 1,
        batchLosses: [...training.batchLosses, ...event.losses],
        batchAccuracies: event.accuracies ? [...training.batchAccuracies, ...event.accuracies] : training.batchAccuracies,
        samplesPerSecond: event.samplesPerSecond,
      });
    case 'epoch':
      return next({ epochMetrics: [...training.epochMetrics, event.metrics] });
    // A Stop already said wins over a pause or resume still on its way.
    case 'paused':
      return training.status === 'stopping' ? state : next({ status: 'paused' });
    case 'resumed':
      return training.status === 'stopping' ? state : next({ status: 'running' });
    case 'evaluating':
      return next({ status: 'evaluating', reason: event.reason, evaluated: { done: event.done, total: event.total } });
    case 'done': {
      const run: RunRecord = {
        id: event.jobId,
        startedAt: training.startedAt ?? (context.now ?? (() => new Date().toISOString()))(),
        datasetId: context.setup.datasetId,
        options: { ...context.setup.options },
        epochs: training.epochMetrics,
        reason: event.reason,
        bestEpoch: event.bestEpoch ?? null,
        testLoss: event.evaluation?.testLoss ?? null,
        testAccuracy: event.evaluation?.testAccuracy ?? null,
        samplesPerSecond: training.samplesPerSecond,
        backend: training.backend ?? 'unknown',
      };
      const weights = event.weights ?? [];
      return {
        training: {
          ...training,
          status: event.stopped ? 'stopped' : 'done',
          reason: event.reason,
          bestEpoch: event.bestEpoch ?? null,
          evaluation: event.evaluation ?? null,
          evaluationSkipped: event.evaluationSkipped ?? false,
        },
        runs: [...state.runs, run],
        trained: weights.length
          ? { runId: event.jobId, weights, stored: weights.map(encodeTensor), jobId: event.jobId, graph: training.graph ?? context.graph }
          : state.trained,
      };
    }
    case 'error':
      if (event.workerLost) {
        const failure = `${event.message} The network and ${state.trained ? 'the last trained weights are' : 'your settings are'} kept: press Train to start again.`;
        return { ...next({ status: 'error', error: failure }), failure };
      }
      return { ...next({ status: 'error', error: event.message }), failure: event.message };
  }
}
