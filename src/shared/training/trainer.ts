/**
 * The trainer that runs inside a worker (worker_threads in Electron's main process, a Web Worker in
 * the browser host). It speaks `TrainerCommand` / `TrainerReply` and knows nothing of its host.
 */
import * as tf from '@tensorflow/tfjs';
import type { InspectRequest, InspectResult, TensorView, TrainerCommand, TrainerReply, TrainingEvent, TrainRequest } from '../api/training-protocol';
import { loadBuiltinDataset, type TensorData } from '../data/datasets';
import { buildModel } from './build-model';

export interface TrainerEnvironment {
  /** Sends a reply to the host; `transfer` lists buffers that may be moved instead of copied. */
  post(reply: TrainerReply, transfer?: ArrayBuffer[]): void;
  /** Loads a dataset by id; hosts add file-backed datasets on top of the built-in ones. */
  loadDataset?(id: string, seed: number): Promise<TensorData>;
  /** tfjs backend to use; `cpu` works everywhere. */
  backend?: string;
}

interface Job {
  model: tf.LayersModel;
  nodeIdByLayer: Map<string, string>;
  stopRequested: boolean;
}

/**
 * A fresh copy of a tensor's values. `dataSync()` may hand back the backend's own storage (it does on
 * cpu); the copy is what makes transferring the buffer to the host safe.
 */
const copyOut = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());

/** Lets queued messages (a Stop) be handled between batches. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createTrainer(env: TrainerEnvironment) {
  const jobs = new Map<string, Job>();
  let ready: Promise<void> | null = null;
  const ensureBackend = () =>
    (ready ??= (async () => {
      // Prod mode skips tfjs's debug checks and its "install tfjs-node" console banner.
      tf.enableProdMode();
      await tf.setBackend(env.backend ?? 'cpu');
      await tf.ready();
    })());
  const emit = (event: TrainingEvent) => env.post({ type: 'event', event });

  async function train(request: TrainRequest): Promise<void> {
    const { jobId, options } = request;
    try {
      await ensureBackend();
      const data = await (env.loadDataset ?? (async (id, seed) => loadBuiltinDataset(id, seed)))(request.datasetId, options.seed);
      const { model, nodeIdByLayer } = await buildModel(request.graph);
      const job: Job = { model, nodeIdByLayer, stopRequested: false };
      jobs.get(jobId)?.model.dispose();
      jobs.set(jobId, job);
      model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'meanSquaredError' });
      const xs = tf.tensor(data.x, [data.count, ...data.sampleShape]);
      const ys = tf.tensor(data.y, [data.count, ...data.targetShape]);
      const batchesPerEpoch = Math.ceil(data.count / options.batchSize);
      emit({ type: 'started', jobId, epochs: options.epochs, batchesPerEpoch, backend: tf.getBackend() });
      let lastLoss: number | null = null;
      let currentEpoch = 0;
      try {
        await model.fit(xs, ys, {
          epochs: options.epochs,
          batchSize: options.batchSize,
          shuffle: true,
          verbose: 0,
          callbacks: {
            onEpochBegin: async (epoch) => {
              currentEpoch = epoch;
            },
            onBatchEnd: async (batch, logs) => {
              lastLoss = logs?.loss ?? null;
              if (lastLoss !== null) emit({ type: 'batch', jobId, epoch: currentEpoch, batch, loss: lastLoss });
              await yieldToEventLoop();
              if (job.stopRequested) model.stopTraining = true;
            },
            onEpochEnd: async (epoch, logs) => {
              if (logs?.loss !== undefined) emit({ type: 'epoch', jobId, epoch, loss: logs.loss });
            },
          },
        });
      } finally {
        xs.dispose();
        ys.dispose();
      }
      emit({ type: 'done', jobId, stopped: job.stopRequested, finalLoss: lastLoss });
    } catch (e) {
      emit({ type: 'error', jobId, message: (e as Error).message ?? String(e) });
    }
  }

  function inspect(request: InspectRequest): { result: InspectResult; transfer: ArrayBuffer[] } {
    const job = jobs.get(request.jobId);
    if (!job) throw new Error(`No trained model for job "${request.jobId}"; train it first.`);
    const model = job.model;
    const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && job.nodeIdByLayer.has(l.name));
    const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
    const inputShape = model.inputs[0]!.shape.slice(1) as number[];
    const outputs = tf.tidy(() => {
      const x = tf.tensor(request.input, [1, ...inputShape]);
      const out = probe.predict(x);
      return Array.isArray(out) ? out : [out];
    });
    const activations: TensorView[] = outputs.map((t, i) => ({
      nodeId: job.nodeIdByLayer.get(layers[i]!.name)!,
      name: 'output',
      shape: t.shape.slice(1),
      values: copyOut(t),
    }));
    tf.dispose(outputs);
    const weights: TensorView[] = layers.flatMap((layer) =>
      layer.weights.map((w) => ({
        nodeId: job.nodeIdByLayer.get(layer.name)!,
        name: w.originalName.split('/').pop() ?? w.name,
        shape: w.shape as number[],
        values: copyOut(w.read()),
      })),
    );
    const transfer = [...activations, ...weights].map((v) => v.values.buffer as ArrayBuffer);
    return { result: { jobId: request.jobId, activations, weights }, transfer };
  }

  return {
    /** Handles one command; resolves when the command's work is finished (for tests). */
    async handle(command: TrainerCommand): Promise<void> {
      switch (command.type) {
        case 'train':
          return train(command.request);
        case 'stop': {
          const job = jobs.get(command.jobId);
          if (job) job.stopRequested = true;
          return;
        }
        case 'inspect':
          try {
            const { result, transfer } = inspect(command.request);
            env.post({ type: 'inspected', requestId: command.requestId, result }, transfer);
          } catch (e) {
            env.post({ type: 'inspect-failed', requestId: command.requestId, message: (e as Error).message });
          }
          return;
      }
    },
  };
}
