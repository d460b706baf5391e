/**
 * The leader's side of data-parallel training: the trainer starts replicas (one per further core),
 * and each step splits the batch into shares, sends every replica its share, trains on its own
 * share (the gradients meet in shared memory, exchange.ts; the shares and the replicas' losses go
 * through step-channel.ts) and reports the share-weighted loss and
 * accuracy of the whole batch. With the same optimizer on every party and the same mean applied, the
 * models stay identical; only the leader's model is read, evaluated and saved.
 *
 * What differs from one worker training the whole batch: floating-point order (the mean of the
 * shares' gradients, within rounding of the whole batch's), BatchNormalization's batch statistics
 * (per share, as PyTorch DDP without SyncBatchNorm), and dropout masks (each party draws its own).
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkGraph } from '../../graph/graph';
import type { TrainingOptions } from '../../api/training-protocol';
import { exchangeBeforeApplying, exchangeSize, type ExchangeHook } from './apply-hook';
import { abortReasonOf, createExchangeBuffers, joinExchange, type ExchangeBuffers } from './exchange';
import { createStepChannel, leaderEnd } from './step-channel';
import type { ReplicaHost, ReplicaPort, ReplicaReply, TensorPayload } from './protocol';

/** Samples per party for a batch of n: as even as possible, the leader first; a party left without one pads with share 0. */
export function splitShares(n: number, parties: number): number[] {
  const base = Math.floor(n / parties);
  const longer = n % parties;
  return Array.from({ length: parties }, (_, p) => base + (p < longer ? 1 : 0));
}

export interface ReplicaGroup {
  parties: number;
  /** One training step on the batch: what `trainOnBatch` returns for it. */
  step(xs: tf.Tensor, ys: tf.Tensor, learningRate: number): Promise<number[]>;
  dispose(): void;
}

/** Replies of one replica, awaited in order; a failure of its thread rejects what is awaited. */
function replyQueue(port: ReplicaPort, index: number) {
  const waiting: { resolve: (r: ReplicaReply) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  port.onReply((reply) => waiting.shift()?.resolve(reply));
  port.onFailure((message) => {
    failed = new Error(`data-parallel replica ${index} failed: ${message}`);
    for (const w of waiting.splice(0)) w.reject(failed);
  });
  return {
    get failed() {
      return failed;
    },
    next: () => (failed ? Promise.reject(failed) : new Promise<ReplicaReply>((resolve, reject) => waiting.push({ resolve, reject }))),
  };
}

const payload = (t: tf.Tensor): TensorPayload => {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const values = dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  return { values, shape: t.shape, dtype };
};

/**
 * Starts `replicas` replicas of `model` (already built and initialised; compiled with `optimizer`
 * by the caller, which is hooked here) and waits until all are ready. Throws with the reason when
 * one cannot start; the replicas started are stopped then.
 */
export async function startReplicaGroup(
  host: ReplicaHost,
  replicas: number,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  init: { graph: NetworkGraph; options: TrainingOptions; classification: boolean },
): Promise<ReplicaGroup> {
  const parties = replicas + 1;
  const size = exchangeSize(model);
  const buffers: ExchangeBuffers = createExchangeBuffers(parties, size);
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
    for (let i = 1; i <= replicas; i++) {
      const port = host.start();
      ports.push(port);
      queues.push(replyQueue(port, i));
      port.post({
        type: 'init',
        index: i,
        graph: init.graph,
        weights: model.getWeights().map(payload),
        options: init.options,
        classification: init.classification,
        buffers,
      });
    }
    for (const queue of queues) {
      const reply = await queue.next();
      if (reply.type !== 'ready') throw new Error(reply.type === 'error' ? reply.message : 'an unexpected reply');
    }
  } catch (e) {
    stopAll();
    throw new Error(`Data-parallel training could not start its replicas: ${(e as Error).message}`);
  }
  const hook: ExchangeHook = exchangeBeforeApplying(optimizer, joinExchange(buffers, 0, host.timeoutMs), size);

  let channels: ReturnType<typeof leaderEnd>[] | null = null;
  const failure = () => abortReasonOf(buffers);

  return {
    parties,
    async step(xs, ys, learningRate) {
      for (const queue of queues) if (queue.failed) throw queue.failed;
      const n = xs.shape[0]!;
      const shares = splitShares(n, parties);
      if (!channels) {
        // Opened on the first step, when the inputs' and targets' shapes and dtypes are known.
        const dtype = (t: tf.Tensor) => (t.dtype === 'int32' ? 'int32' : 'float32') as 'int32' | 'float32';
        // Room for the largest share of the run's batches (the first batch is a full one).
        const capacity = Math.ceil(Math.max(n, init.options.batchSize || 0) / parties);
        channels = ports.map((port) => {
          const channel = createStepChannel(capacity, { shape: xs.shape.slice(1), dtype: dtype(xs) }, { shape: ys.shape.slice(1), dtype: dtype(ys) });
          port.post({ type: 'attach', channel });
          return leaderEnd(channel, host.timeoutMs);
        });
      }
      const xv = xs.dataSync();
      const yv = ys.dataSync();
      const perX = xs.size / n;
      const perY = ys.size / n;
      for (let p = 1, start = shares[0]!; p < parties; start += shares[p]!, p++) {
        // A share of 0 pads with the batch's first sample: the replica still takes part in the step.
        const count = Math.max(1, shares[p]!);
        const from = shares[p]! > 0 ? start : 0;
        channels[p - 1]!.post(
          xv.subarray(from * perX, (from + count) * perX),
          yv.subarray(from * perY, (from + count) * perY),
          count,
          shares[p]!,
          learningRate,
        );
      }
      hook.setShare(shares[0]!);
      const [ownX, ownY] = [xs.slice(0, shares[0]!), ys.slice(0, shares[0]!)];
      let own: number[];
      try {
        const result = await model.trainOnBatch(ownX, ownY);
        own = Array.isArray(result) ? result : [result];
      } finally {
        tf.dispose([ownX, ownY]);
      }
      const combined = own.map((v) => v * shares[0]!);
      channels.forEach((channel, i) => {
        const { loss, accuracy } = channel.collect(failure);
        combined[0] = combined[0]! + loss * shares[i + 1]!;
        if (combined.length > 1 && accuracy !== undefined) combined[1] = combined[1]! + accuracy * shares[i + 1]!;
      });
      return combined.map((v) => v / n);
    },
    dispose() {
      for (const channel of channels ?? []) channel.stop();
      stopAll();
    },
  };
}
