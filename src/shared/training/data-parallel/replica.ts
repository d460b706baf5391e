/**
 * A replica of a data-parallel run, inside its own worker with its own tfjs engine: built from the
 * trainer's graph and initial weights, compiled as the trainer compiles, it trains on each share of a
 * batch the step channel brings (step-channel.ts), exchanging gradients in shared memory
 * with the other replicas (apply-hook.ts), so all stay identical; worker 1 leaves its weights in shared
 * memory for the trainer after every step. A failure is written into the exchange first, so
 * the leader's wait ends with the reason.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../build-model';
import { setLearningRate } from '../optimizers';
import { compileForTraining, seedRandomness } from '../run-training';
import { exchangeBeforeApplying, exchangeSize, type ExchangeHook } from './apply-hook';
import { abortExchange, joinExchange, type ExchangeBuffers } from './exchange';
import type { ReplicaCommand, ReplicaReply, TensorPayload } from './protocol';
import { replicaEnd, type StepChannelBuffers } from './step-channel';

export interface ReplicaEnvironment {
  post(reply: ReplicaReply): void;
  /** Starts this replica's tfjs backend (one thread: the parallelism is the replicas). */
  initBackend(): Promise<{ backend: string }>;
  /** Ends the replica's thread. */
  close(): void;
}

const tensorOf = (p: TensorPayload) => tf.tensor(p.values, p.shape, p.dtype);

export function createReplica(env: ReplicaEnvironment) {
  let state: { model: tf.LayersModel; optimizer: tf.Optimizer; hook: ExchangeHook; learningRate: number; buffers: ExchangeBuffers } | null = null;
  let restoreRandom = () => {};

  async function init(command: Extract<ReplicaCommand, { type: 'init' }>) {
    const { backend } = await env.initBackend();
    tf.enableProdMode();
    // Its own stream of random draws (dropout masks); the weights come from the trainer.
    restoreRandom = seedRandomness(command.options.seed + 7919 * command.index);
    const { model } = await buildModel(command.graph);
    const initial = command.weights.map(tensorOf);
    model.setWeights(initial);
    tf.dispose(initial);
    const optimizer = compileForTraining(model, command.classification, command.options);
    const size = exchangeSize(model);
    if (size !== command.buffers.size) throw new Error(`the replica's model has ${size} trainable values, the leader's ${command.buffers.size}`);
    const hook = exchangeBeforeApplying(optimizer, joinExchange(command.buffers, command.index), size);
    state = { model, optimizer, hook, learningRate: command.options.learningRate, buffers: command.buffers };
    env.post({ type: 'ready', backend });
  }

  /** Trains on every share the channel brings until the leader stops the run; then the replica ends. */
  async function serve(channel: StepChannelBuffers) {
    const s = state!;
    const end = replicaEnd(channel);
    for (let share = end.next(); share; share = end.next()) {
      const xs = tf.tensor(share.xs, [share.count, ...channel.xsShape], channel.xsDtype);
      const ys = tf.tensor(share.ys, [share.count, ...channel.ysShape], channel.ysDtype);
      try {
        if (share.learningRate !== s.learningRate) setLearningRate(s.optimizer, (s.learningRate = share.learningRate));
        s.hook.setShare(share.share);
        const result = await s.model.trainOnBatch(xs, ys);
        const [loss, accuracy] = Array.isArray(result) ? result : [result];
        if (end.state.length > 0) writeState(s.model, end.state);
        end.answer({ loss: loss!, ...(accuracy !== undefined ? { accuracy } : {}) });
      } catch (e) {
        abortExchange(s.buffers, (e as Error).message ?? String(e));
        end.answer({ failed: true });
      } finally {
        tf.dispose([xs, ys]);
      }
    }
    stop();
  }

  /** All the model's weights (`model.weights` order, as `getWeights` gives them), concatenated into `into`. */
  function writeState(model: tf.LayersModel, into: Float32Array) {
    let offset = 0;
    for (const w of model.weights) {
      const values = w.read().dataSync() as Float32Array;
      into.set(values, offset);
      offset += values.length;
    }
  }

  function stop() {
    state?.model.dispose();
    state?.optimizer.dispose();
    state = null;
    restoreRandom();
    env.close();
  }

  return {
    async handle(command: ReplicaCommand): Promise<void> {
      try {
        if (command.type === 'init') await init(command);
        else if (command.type === 'attach') await serve(command.channel);
        else stop();
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        if (state) abortExchange(state.buffers, message);
        env.post({ type: 'error', message });
      }
    },
  };
}
