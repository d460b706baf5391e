/**
 * Messages between the trainer (the leader of a data-parallel run) and its replicas, and the port a
 * host gives the trainer to start one (a worker_threads Worker in Electron, a Web Worker in the browser).
 * A replica trains the same model on its share of each batch; gradients meet in shared memory (exchange.ts).
 */
import type { NetworkGraph } from '../../graph/graph';
import type { TrainingOptions } from '../../api/training-protocol';
import type { ExchangeBuffers } from './exchange';
import type { StepChannelBuffers } from './step-channel';

export interface TensorPayload {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export type ReplicaCommand =
  | {
      type: 'init';
      /** This replica's party index in the exchange (0 … workers − 1). */
      index: number;
      graph: NetworkGraph;
      /** The trainer's initial weights, in `model.getWeights()` order. */
      weights: TensorPayload[];
      options: TrainingOptions;
      /** Whether accuracy is a metric (classification data). */
      classification: boolean;
      buffers: ExchangeBuffers;
    }
  /** From now on the replica takes its shares from this channel (step-channel.ts), blocking between steps. */
  | { type: 'attach'; channel: StepChannelBuffers }
  | { type: 'stop' };

export type ReplicaReply = { type: 'ready'; backend: string } | { type: 'error'; message: string };

/** One replica as the leader sees it. */
export interface ReplicaPort {
  post(command: ReplicaCommand, transfer?: ArrayBuffer[]): void;
  /** Every reply, in order. */
  onReply(listener: (reply: ReplicaReply) => void): void;
  /** The replica's thread died (an uncaught error, out of memory). */
  onFailure(listener: (message: string) => void): void;
  terminate(): void;
}

/** How a host starts replicas: how many it may run besides the trainer, and how to start one. */
export interface ReplicaHost {
  /** Cores the host has (the trainer counts as one). */
  cores: number;
  start(): ReplicaPort;
  /** How long the trainer waits for a replica at one step before it gives the run up (default 60 s). */
  timeoutMs?: number;
}
