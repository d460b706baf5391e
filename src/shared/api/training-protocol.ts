/**
 * Training jobs: what the UI asks for and the events it gets back. The same types travel over
 * Electron IPC (main ↔ renderer) and over worker messages (host ↔ trainer worker).
 */
import type { z } from 'zod';
import type { ImageDataset } from '../data/image-dataset';
import type { NodeTensor } from '../project/weights';
import type {
  datasetSamplesRequestSchema,
  inspectRequestSchema,
  loadModelRequestSchema,
  pictureSchema,
  trainingOptionsSchema,
  trainRequestSchema,
} from './schemas';

/** Options as the UI writes them (defaults may be left out) and as the trainer reads them (filled in). */
export type TrainingOptionsInput = z.input<typeof trainingOptionsSchema>;
export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;
export type TrainRequest = z.input<typeof trainRequestSchema>;
export type InspectRequest = z.input<typeof inspectRequestSchema>;
export type Picture = z.infer<typeof pictureSchema>;
export type DatasetSamplesRequest = z.infer<typeof datasetSamplesRequestSchema>;

/** A few test images of a dataset, to look inside the network with. */
export interface DatasetSamples {
  name: string;
  classNames: string[];
  height: number;
  width: number;
  channels: 1 | 3;
  /** count × H × W × C bytes. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}
export type LoadModelRequest = z.input<typeof loadModelRequestSchema>;

/** A few batches of the run a train request describes, timed on this machine (nothing is kept). */
export interface WarmupResult {
  secondsPerBatch: number;
  secondsPerEvalImage: number;
  backend: string;
}

export interface LoadModelResult {
  /** Weights that could not be restored (layer gone or reshaped) and were initialized afresh. */
  notes: string[];
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
}

/** After training: the test set, as the course displays it. */
export interface Evaluation {
  testLoss: number;
  testAccuracy?: number;
  classNames: string[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  perClassAccuracy: number[];
  /** The evaluated test images (8-bit, H × W × C each) with their labels, predictions and confidences. */
  height: number;
  width: number;
  channels: number;
  images: Uint8Array;
  labels: Uint8Array;
  predictions: Uint8Array;
  confidences: Float32Array;
}

export type StopReason = 'completed' | 'stopped' | 'early-stopping';

export type TrainingEvent =
  /** `classNames`: the classes of a classification run, in output order (the softmax's bars are named from the start). */
  | { type: 'started'; jobId: string; epochs: number; batchesPerEpoch: number; trainSamples: number; backend: string; notes: string[]; classNames?: string[] }
  /** Sent at most ~10 times a second: `losses` holds every batch's loss since the previous event. */
  | {
      type: 'batch';
      jobId: string;
      epoch: number;
      batch: number;
      loss: number;
      losses: number[];
      accuracy?: number;
      accuracies?: number[];
      samplesPerSecond: number;
    }
  | { type: 'epoch'; jobId: string; metrics: EpochMetrics }
  | { type: 'paused'; jobId: string }
  | { type: 'resumed'; jobId: string }
  /**
   * Training has ended (`reason`) and the test set is being evaluated: `done` of `total` images. A
   * `stop` command now skips the evaluation.
   */
  | { type: 'evaluating'; jobId: string; reason: StopReason; done: number; total: number }
  /** `weights`: the trained network's weights, for the project to keep; `evaluationSkipped`: the user skipped the test set. */
  | {
      type: 'done';
      jobId: string;
      reason: StopReason;
      stopped: boolean;
      finalLoss: number | null;
      bestEpoch?: number;
      evaluation?: Evaluation;
      evaluationSkipped?: boolean;
      weights?: TensorView[];
    }
  /**
   * The run failed. `workerLost`: the trainer's worker itself died (crashed, killed, out of memory), so
   * every model it held is gone; the host has started no new one yet (the next command does). Sent once
   * per running job, or once with `jobId: ''` when none was running.
   */
  | { type: 'error'; jobId: string; message: string; workerLost?: boolean };

/** One tensor read out of the model for the inspector (feature maps, filters); `name` e.g. `kernel`, `bias`, `output`. */
export type TensorView = NodeTensor;

export interface InspectResult {
  jobId: string;
  /** The exact tensor the network got (after resizing and rescaling a picture). */
  input: TensorView;
  /** Output of every layer for the given input, in graph order. */
  activations: TensorView[];
  /** Every weight tensor of every layer. */
  weights: TensorView[];
}

/** A trained network as TensorFlow.js files: `model.json` (its manifest names `weightsFileName`) and the weights. */
export interface ExportedModel {
  modelJson: string;
  weightsFileName: string;
  weights: ArrayBuffer;
}

/** Messages a host sends to its trainer worker. */
export type TrainerCommand =
  | { type: 'train'; request: TrainRequest }
  | { type: 'stop'; jobId: string }
  | { type: 'pause'; jobId: string }
  | { type: 'resume'; jobId: string }
  | { type: 'inspect'; requestId: number; request: InspectRequest }
  | { type: 'load'; requestId: number; request: LoadModelRequest }
  | { type: 'samples'; requestId: number; request: DatasetSamplesRequest }
  | { type: 'export'; requestId: number; jobId: string; baseName: string }
  /** Times a few batches of `request` (for the estimate shown before training). */
  | { type: 'warmup'; requestId: number; request: TrainRequest }
  /** The user's own data, parsed by the UI; later `train` requests name it by `dataset.id`. */
  | { type: 'register-dataset'; dataset: ImageDataset }
  /** Are you there? Answered with `pong` at once (the host's liveness check). */
  | { type: 'ping' };

/** Messages a trainer worker sends back. */
export type TrainerReply =
  | { type: 'event'; event: TrainingEvent }
  | { type: 'inspected'; requestId: number; result: InspectResult }
  | { type: 'inspect-failed'; requestId: number; message: string }
  | { type: 'loaded'; requestId: number; result: LoadModelResult }
  | { type: 'sampled'; requestId: number; result: DatasetSamples }
  | { type: 'samples-failed'; requestId: number; message: string }
  | { type: 'load-failed'; requestId: number; message: string }
  | { type: 'exported'; requestId: number; model: ExportedModel }
  | { type: 'warmed-up'; requestId: number; result: WarmupResult }
  | { type: 'warmup-failed'; requestId: number; message: string }
  | { type: 'export-failed'; requestId: number; message: string }
  | { type: 'pong' };
