/**
 * Training jobs: what the UI asks for and the events it gets back. The same types travel over
 * Electron IPC (main ↔ renderer) and over worker messages (host ↔ trainer worker).
 */
import type { z } from 'zod';
import type { inspectRequestSchema, trainingOptionsSchema, trainRequestSchema } from './schemas';

export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;
export type TrainRequest = z.infer<typeof trainRequestSchema>;
export type InspectRequest = z.infer<typeof inspectRequestSchema>;

export type TrainingEvent =
  | { type: 'started'; jobId: string; epochs: number; batchesPerEpoch: number; backend: string }
  | { type: 'batch'; jobId: string; epoch: number; batch: number; loss: number }
  | { type: 'epoch'; jobId: string; epoch: number; loss: number }
  | { type: 'done'; jobId: string; stopped: boolean; finalLoss: number | null }
  | { type: 'error'; jobId: string; message: string };

/** One tensor read out of the model for the inspector (feature maps, filters). */
export interface TensorView {
  nodeId: string;
  /** e.g. `kernel`, `bias`, `output`. */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface InspectResult {
  jobId: string;
  /** Output of every layer for the given input, in graph order. */
  activations: TensorView[];
  /** Every weight tensor of every layer. */
  weights: TensorView[];
}

/** Messages a host sends to its trainer worker. */
export type TrainerCommand =
  | { type: 'train'; request: TrainRequest }
  | { type: 'stop'; jobId: string }
  | { type: 'inspect'; requestId: number; request: InspectRequest };

/** Messages a trainer worker sends back. */
export type TrainerReply =
  | { type: 'event'; event: TrainingEvent }
  | { type: 'inspected'; requestId: number; result: InspectResult }
  | { type: 'inspect-failed'; requestId: number; message: string };
