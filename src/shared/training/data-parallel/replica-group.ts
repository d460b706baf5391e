/**
 * The leader's side of data-parallel training. The trainer starts one replica per worker (one per
 * core, each a single-threaded wasm engine) and computes nothing during a step: it splits the batch
 * into shares and hands every replica its share (step-channel.ts); the replicas exchange gradients
 * among themselves (exchange.ts) and each applies the same share-weighted mean, so they stay
 * identical; their losses and accuracies make the whole batch's. Worker 1 leaves all its weights in
 * shared memory after every step, and `sync` copies them into the trainer's model whenever the run
 * reads it (validation, Look inside, the end). So the trainer's engine (multi-threaded where the host
 * starts one) adds no thread to the cores the replicas use while they train.
 *
 * What differs from one worker training the whole batch: floating-point order (the mean of the
 * shares' gradients, within rounding of the whole batch's), BatchNormalization's batch statistics
 * (per share, as PyTorch DDP without SyncBatchNorm), and dropout masks (each replica draws its own).
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkGraph } from '../../graph/graph';
import type { TrainingOptions } from '../../api/training-protocol';
import { exchangeSize, valuesIn } from './apply-hook';
import { abortReasonOf, createExchangeBuffers, type ExchangeBuffers } from './exchange';
import type { ReplicaHost, ReplicaPort, ReplicaReply, TensorPayload } from './protocol';
import { createStepChannel, leaderEnd } from './step-channel';

/** Samples per worker for a batch of n: as even as possible, the first ones one longer; a worker left without one pads with share 0. */
export function splitShares(n: number, parties: number): number[] {
  const base = Math.floor(n / parties);
  const longer = n % parties;
  return Array.from({ length: parties }, (_, p) => base + (p < longer ? 1 : 0));
}

export interface ReplicaGroup {
  /**
   * One training step on the batch: what `trainOnBatch` returns for it. `next`: the batch after it
   * (same learning rate), posted now so the replicas go on to it without waiting; the next call must be
   * the step of that batch.
   */
  step(xs: tf.Tensor, ys: tf.Tensor, learningRate: number, next?: { xs: tf.Tensor; ys: tf.Tensor }): Promise<number[]>;
  /** Copies the replicas' weights (after their last step) into the trainer's model. */
  sync(): void;
  dispose(): void;
}

/** Replies of one replica, awaited in order; a failure of its thread rejects what is awaited. */
function replyQueue(port: ReplicaPort, index: number, workers: number) {
  const waiting: { resolve: (r: ReplicaReply) => void; reject: (e: Error) => void }[] = [];
  // Replies that came before anyone awaited them (several replicas start at once).
  const early: ReplicaReply[] = [];
  let failed: Error | null = null;
  port.onReply((reply) => {
    const next = waiting.shift();
    if (next) next.resolve(reply);
    else early.push(reply);
  });
  port.onFailure((message) => {
    failed = new Error(`data-parallel worker ${index} of ${workers} stopped (${message}); train with 1 worker`);
    for (const w of waiting.splice(0)) w.reject(failed);
  });
  return {
    get failed() {
      return failed;
    },
    next: () =>
      early.length > 0
        ? Promise.resolve(early.shift()!)
        : failed
          ? Promise.reject(failed)
          : new Promise<ReplicaReply>((resolve, reject) => waiting.push({ resolve, reject })),
  };
}

const payload = (t: tf.Tensor): TensorPayload => {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const values = dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  return { values, shape: t.shape, dtype };
};

/**
 * Starts `workers` replicas of `model` (built and initialised by the caller; each replica builds the
 * graph, takes these weights and compiles as the trainer does, from `init`) and waits until all are
 * ready. Throws with the reason when one cannot start; the replicas started are stopped then.
 */
export async function startReplicaGroup(
  host: ReplicaHost,
  workers: number,
  model: tf.LayersModel,
  init: { graph: NetworkGraph; options: TrainingOptions; classification: boolean },
): Promise<ReplicaGroup> {
  const buffers: ExchangeBuffers = createExchangeBuffers(workers, exchangeSize(model));
  const ports: ReplicaPort[] = [];
  const queues: ReturnType<typeof replyQueue>[] = [];
  const stopAll = () => {
    for (const port of ports) {
      try {
        port.post({ type: 'stop' });
      } finally {
        port.terminate();
      }
    }
  };
  try {
    const weights = model.getWeights().map(payload);
    for (let i = 0; i < workers; i++) {
      const port = host.start();
      ports.push(port);
      queues.push(replyQueue(port, i + 1, workers));
      port.post({ type: 'init', index: i, graph: init.graph, weights, options: init.options, classification: init.classification, buffers });
    }
    for (const queue of queues) {
      const reply = await queue.next();
      if (reply.type !== 'ready') throw new Error(reply.type === 'error' ? reply.message : 'an unexpected reply');
    }
  } catch (e) {
    stopAll();
    throw new Error(`Data-parallel training could not start its workers: ${(e as Error).message}`);
  }
  const weights = model.weights;
  const weightValues = weights.reduce((n, w) => n + valuesIn(w.shape), 0);
  type Channel = ReturnType<typeof leaderEnd>;
  let channels: Channel[] | null = null;
  /** Whether the model holds worker 1's weights after its last step. */
  let synced = true;
  const failure = () => abortReasonOf(buffers);

  /**
   * The step channels, opened on the first step when the inputs' and targets' shapes and dtypes are
   * known, with room for the largest share of the run's batches (the first batch is a full one).
   * Worker 1's also carries its weights back.
   */
  const open = (xs: tf.Tensor, ys: tf.Tensor): Channel[] => {
    const capacity = Math.ceil(Math.max(xs.shape[0]!, init.options.batchSize || 0) / workers);
    const dtype = (t: tf.Tensor) => (t.dtype === 'int32' ? 'int32' : 'float32') as 'int32' | 'float32';
    return ports.map((port, p) => {
      const channel = createStepChannel(
        capacity,
        { shape: xs.shape.slice(1), dtype: dtype(xs) },
        { shape: ys.shape.slice(1), dtype: dtype(ys) },
        p === 0 ? weightValues : 0,
      );
      port.post({ type: 'attach', channel });
      return leaderEnd(channel, host.timeoutMs, `data-parallel worker ${p + 1} of ${workers}`);
    });
  };

  /** A step posted ahead (the next batch), and its answer once a sync had to wait for it. */
  let ahead: { shares: number[]; n: number; result: number[] | null } | null = null;

  /** Hands every replica its share of the batch; returns the shares. */
  const post = (to: Channel[], xs: tf.Tensor, ys: tf.Tensor, learningRate: number): number[] => {
    const n = xs.shape[0]!;
    const shares = splitShares(n, workers);
    const xv = xs.dataSync();
    const yv = ys.dataSync();
    const perX = xs.size / n;
    const perY = ys.size / n;
    for (let p = 0, start = 0; p < workers; start += shares[p]!, p++) {
      // A share of 0 pads with the batch's first sample: the replica still takes part in the step.
      const count = Math.max(1, shares[p]!);
      const from = shares[p]! > 0 ? start : 0;
      to[p]!.post(xv.subarray(from * perX, (from + count) * perX), yv.subarray(from * perY, (from + count) * perY), count, shares[p]!, learningRate);
    }
    return shares;
  };

  /** The oldest posted step's loss (and accuracy) over the whole batch, share-weighted. */
  const collect = (from: Channel[], shares: number[], n: number): number[] => {
    let loss = 0;
    let accuracy: number | undefined;
    from.forEach((channel, p) => {
      const answer = channel.collect(failure);
      loss += answer.loss * shares[p]!;
      if (answer.accuracy !== undefined) accuracy = (accuracy ?? 0) + answer.accuracy * shares[p]!;
    });
    return accuracy === undefined ? [loss / n] : [loss / n, accuracy / n];
  };

  /** Waits for the step posted ahead, keeping its answer for the call that asks for it (the replicas' weights then include it). */
  const finishAhead = () => {
    if (channels && ahead && !ahead.result) ahead.result = collect(channels, ahead.shares, ahead.n);
  };

  return {
    async step(xs, ys, learningRate, next) {
      for (const queue of queues) if (queue.failed) throw queue.failed;
      if (!channels) channels = open(xs, ys);
      // Posted already when the previous step had this batch as its `next` (and maybe collected, by a sync).
      const current = ahead ?? { shares: post(channels, xs, ys, learningRate), n: xs.shape[0]!, result: null };
      ahead = null;
      const result = current.result ?? collect(channels, current.shares, current.n);
      if (next) ahead = { shares: post(channels, next.xs, next.ys, learningRate), n: next.xs.shape[0]!, result: null };
      synced = false;
      return result;
    },
    sync() {
      if (!channels) return;
      if (ahead && !ahead.result) {
        finishAhead();
        synced = false;
      }
      if (synced) return;
      const from = channels[0]!.state;
      let offset = 0;
      const values = weights.map((w) => {
        const size = valuesIn(w.shape);
        const t = tf.tensor(from.slice(offset, offset + size), w.shape as number[], 'float32');
        offset += size;
        return t;
      });
      model.setWeights(values);
      tf.dispose(values);
      synced = true;
    },
    dispose() {
      try {
        finishAhead();
      } catch {
        // a replica that failed: it is stopped below all the same
      }
      for (const channel of channels ?? []) channel.stop();
      stopAll();
    },
  };
}
