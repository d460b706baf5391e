/**
 * worker_threads side of bench/training.bench.ts: starts one tfjs backend the way the app's trainer
 * worker does (initTrainingBackend), then trains on request. Message in: { model: 'A' | 'B', steps };
 * message out: { steps, ms } after `steps` calls of `model.trainOnBatch` (the trainer's own loop step),
 * batch 64, Adam, categorical cross-entropy, random 28×28×1 inputs and one-hot labels.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { installWasmThreadsForNode, kernelHelperThreads, nodeWasmPaths } from '../src/main/worker/wasm-node';
import { initTrainingBackend } from '../src/shared/training/backend';
import type { TrainingOptions } from '../src/shared/api/training-protocol';
import { buildModel } from '../src/shared/training/build-model';
import { trainingLoss } from '../src/shared/training/fused-loss';
import { makeOptimizer } from '../src/shared/training/optimizers';
import { profileTrainingSteps, type StepProfile } from './training-profile';
import { nodeReplicaHost } from '../src/main/worker/replicas-node';
import { startReplicaGroup } from '../src/shared/training/data-parallel/replica-group';
import { benchModels, BATCH, type BenchModel } from './training-models';

export interface TrainingWorkerData {
  engine: 'wasm' | 'cpu';
  threads: boolean;
  /** Workers that split each batch (data-parallel, as a run with `options.workers` trains): this one and replicas. */
  workers?: number;
}
/** `profile`: time the steps kernel by kernel and phase by phase (bench/training-profile.ts) instead. */
export type TrainingWorkerRequest = { model: BenchModel; steps: number; profile?: boolean };
export type TrainingWorkerReply =
  | { type: 'ready'; backend: string; threads: number; notes: string[] }
  | { type: 'done'; steps: number; ms: number }
  | { type: 'profile'; profile: StepProfile }
  | { type: 'error'; message: string };

const port = parentPort!;
const { engine, threads, workers = 1 } = workerData as TrainingWorkerData;

interface Prepared {
  model: tf.LayersModel;
  /** One training step: trainOnBatch, or the data-parallel group's step. */
  step(xs: tf.Tensor, ys: tf.Tensor, next?: { xs: tf.Tensor; ys: tf.Tensor }): Promise<unknown>;
  batches: { xs: tf.Tensor; ys: tf.Tensor }[];
  next: number;
}
const prepared = new Map<BenchModel, Prepared>();

async function prepare(name: BenchModel): Promise<Prepared> {
  let p = prepared.get(name);
  if (!p) {
    const { model } = await buildModel(benchModels[name]());
    // The app's Adam (src/shared/training/optimizers.ts) and loss (fused-loss.ts), as the trainer compiles them.
    const options = { optimizer: 'adam', learningRate: 1e-3, loss: 'categoricalCrossentropy', seed: 1, batchSize: BATCH } as TrainingOptions;
    const optimizer = makeOptimizer(options);
    model.compile({ optimizer, loss: trainingLoss('categoricalCrossentropy') });
    const group =
      workers > 1 ? await startReplicaGroup(nodeReplicaHost(), workers, model, { graph: benchModels[name](), options, classification: false }) : null;
    const step = group
      ? (xs: tf.Tensor, ys: tf.Tensor, next?: { xs: tf.Tensor; ys: tf.Tensor }) => group.step(xs, ys, 1e-3, next)
      : (xs: tf.Tensor, ys: tf.Tensor) => model.trainOnBatch(xs, ys);
    const batches = Array.from({ length: 4 }, (_, i) => ({
      xs: tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', i + 1),
      ys: tf.oneHot(tf.randomUniform([BATCH], 0, 10, 'int32', i + 11) as tf.Tensor1D, 10),
    }));
    p = { model, step, batches, next: 0 };
    prepared.set(name, p);
  }
  return p;
}

async function main() {
  if (threads) installWasmThreadsForNode();
  const info = await initTrainingBackend({
    preferred: engine,
    wasmPaths: nodeWasmPaths(),
    threads,
    kernelThreads: threads ? kernelHelperThreads() : undefined,
  });
  port.postMessage({ type: 'ready', backend: info.backend, threads: info.threads, notes: info.notes } satisfies TrainingWorkerReply);
  port.on('message', async ({ model: name, steps, profile }: TrainingWorkerRequest) => {
    try {
      const p = await prepare(name);
      if (profile) {
        port.postMessage({ type: 'profile', profile: await profileTrainingSteps(p.model, p.batches, steps) } satisfies TrainingWorkerReply);
        return;
      }
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        const { xs, ys } = p.batches[p.next++ % p.batches.length]!;
        // The batch after it goes to data-parallel replicas ahead, as a run's next batch does; not after
        // the last step, so no work goes on past the timed round (into another engine's).
        await p.step(xs, ys, i + 1 < steps ? p.batches[p.next % p.batches.length] : undefined);
      }
      port.postMessage({ type: 'done', steps, ms: performance.now() - start } satisfies TrainingWorkerReply);
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message } satisfies TrainingWorkerReply);
    }
  });
}

main().catch((e: Error) => port.postMessage({ type: 'error', message: e.message } satisfies TrainingWorkerReply));
