/**
 * The trainer that runs inside a worker (worker_threads in Electron's main process, a Web Worker in
 * the browser host). It speaks `TrainerCommand` / `TrainerReply` and knows nothing of its host: the
 * host passes in how to load datasets and which tfjs backend to start.
 */
import * as tf from '@tensorflow/tfjs';
import { datasetSamplesRequestSchema, inspectRequestSchema, loadModelRequestSchema, trainRequestSchema } from '../api/schemas';
import type {
  DatasetSamples,
  DatasetSamplesRequest,
  ExportedModel,
  InspectRequest,
  InspectResult,
  LoadModelRequest,
  LoadModelResult,
  TrainingOptions,
  TensorView,
  TrainerCommand,
  TrainerReply,
  TrainingEvent,
  TrainRequest,
  WarmupResult,
} from '../api/training-protocol';
import { BUILTIN_DATASETS, loadBuiltinDataset, type TensorData } from '../data/datasets';
import { SOBEL_PREFIX, sobelPairs } from '../data/sobel-pairs';
import { limitSplit, type ImageDataset, type ImageDatasetLoader } from '../data/image-dataset';
import { USER_DATASET_PREFIX } from '../data/user-data';
import { analyzeGraph } from '../engine/analyze';
import { warmupBatchSize } from '../planning/run-plan';
import { trainingProblems } from '../engine/trainability';
import { buildModel, weightName } from './build-model';
import type { ReplicaHost } from './data-parallel/protocol';
import { pictureToInput, prepareImageData, prepareTensorData, type PreparedData } from './data-pipeline';
import { requestPause, requestResume, requestStop, runTraining, seedRandomness, warmupImages, warmupRun, type RunControl } from './run-training';

export interface TrainerEnvironment {
  /** Sends a reply to the host; `transfer` lists buffers that may be moved instead of copied. */
  post(reply: TrainerReply, transfer?: ArrayBuffer[]): void;
  /** Loads an image dataset by id (MNIST, Fashion-MNIST…); hosts differ in where the bytes come from. */
  loadImageDataset?: ImageDatasetLoader;
  /** Starts the fastest tfjs backend this host has; defaults to the pure-JS cpu backend. */
  initBackend?: () => Promise<{ backend: string; notes: string[] }>;
  /** How this host starts data-parallel replicas (`options.workers` > 1); absent: every run trains here alone. */
  replicaHost?: ReplicaHost;
}

interface Job {
  /** Set once the model is built; controls exist from the first moment so an early Stop is not lost. */
  model?: tf.LayersModel;
  nodeIdByLayer: Map<string, string>;
  control: RunControl;
  /** Probe models (outputs = the inspected layers), by layer list: built once, reused by every refresh. */
  probes?: Map<string, tf.LayersModel>;
}

/**
 * A fresh copy of a tensor's values. `dataSync()` may hand back the backend's own storage (it does on
 * cpu); the copy is what makes transferring the buffer to the host safe.
 */
const copyOut = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());

export function createTrainer(env: TrainerEnvironment) {
  const jobs = new Map<string, Job>();
  /** The user's own datasets, registered by the UI. */
  const registered = new Map<string, ImageDataset>();
  let backend: Promise<{ backend: string; notes: string[] }> | null = null;
  const ensureBackend = () =>
    (backend ??= (async () => {
      // Prod mode skips tfjs's debug checks and its "install tfjs-node" console banner.
      tf.enableProdMode();
      if (env.initBackend) return env.initBackend();
      await tf.setBackend('cpu');
      await tf.ready();
      return { backend: 'cpu', notes: [] };
    })());
  const emit = (event: TrainingEvent) => {
    const transfer: ArrayBufferLike[] = [];
    if (event.type === 'done' && event.evaluation)
      transfer.push(event.evaluation.images.buffer, event.evaluation.predictions.buffer, event.evaluation.confidences.buffer);
    if (event.type === 'done' && event.weights) transfer.push(...event.weights.map((w) => w.values.buffer));
    env.post({ type: 'event', event }, transfer as ArrayBuffer[]);
  };
  /** Every weight tensor of the job's model, by node (copies, safe to transfer). */
  const readWeights = (job: Job): TensorView[] =>
    job
      .model!.layers.filter((layer) => job.nodeIdByLayer.has(layer.name))
      .flatMap((layer) =>
        layer.weights.map((w) => ({ nodeId: job.nodeIdByLayer.get(layer.name)!, name: weightName(w), shape: w.shape as number[], values: copyOut(w.read()) })),
      );

  async function loadData(request: ReturnType<typeof trainRequestSchema.parse>, inputShape: number[]): Promise<PreparedData> {
    const { datasetId, options } = request;
    if (BUILTIN_DATASETS.some((d) => d.id === datasetId)) return prepareTensorData(loadBuiltinDataset(datasetId, options.seed) as TensorData);
    if (datasetId.startsWith(SOBEL_PREFIX)) {
      // The "learn a kernel" lesson: images → their Sobel edges, a regression target (MSE).
      const source = await loadImages(datasetId.slice(SOBEL_PREFIX.length), options);
      if (source.channels !== 1) throw new Error(`${source.name} is in color; the Sobel lesson uses grayscale images.`);
      return prepareTensorData(sobelPairs(source.train, source.height, source.width));
    }
    return prepareImageData(await loadImages(datasetId, options), inputShape, options);
  }

  async function loadImages(datasetId: string, options: TrainingOptions): Promise<ImageDataset> {
    const own = registered.get(datasetId);
    if (own) {
      const pixels = own.height * own.width * own.channels;
      return { ...own, train: limitSplit(own.train, pixels, options.trainLimit), test: limitSplit(own.test, pixels, options.testLimit) };
    }
    if (datasetId.startsWith(USER_DATASET_PREFIX)) {
      throw new Error(
        `Your dataset "${datasetId.slice(USER_DATASET_PREFIX.length)}" is no longer loaded (the page was reloaded or the training worker restarted): pick its files again under "Your own data", or choose another dataset.`,
      );
    }
    if (!env.loadImageDataset) throw new Error(`This host cannot load the "${datasetId}" dataset.`);
    try {
      return await env.loadImageDataset(datasetId, { trainLimit: options.trainLimit, testLimit: options.testLimit });
    } catch (e) {
      // Files deleted or a server gone between runs: say which dataset, and what to do.
      throw new Error(
        `The "${datasetId}" dataset could not be loaded: ${String((e as Error).message ?? e).replace(/\.?$/, '.')} Nothing was trained; check that its files are in place and press Train again, or choose another dataset.`,
        {
          cause: e,
        },
      );
    }
  }

  /**
   * The data of a run, checked against the network (targets, classes, memory); throws with the
   * reason and the fix. The caller disposes the data.
   */
  async function prepareRun(request: ReturnType<typeof trainRequestSchema.parse>): Promise<PreparedData> {
    const analysis = analyzeGraph(request.graph);
    const inputShape = analysis.nodes[analysis.inputIds[0] ?? '']?.shape ?? [];
    const data = await loadData(request, inputShape);
    try {
      checkFit(request, analysis, inputShape, data);
      return data;
    } catch (e) {
      data.dispose();
      throw e;
    }
  }

  /** Throws when the data cannot train this network, saying why and how to fix it. */
  function checkFit(
    request: ReturnType<typeof trainRequestSchema.parse>,
    analysis: ReturnType<typeof analyzeGraph>,
    inputShape: number[],
    data: PreparedData,
  ): void {
    const { options } = request;
    if (data.kind === 'regression' && options.loss.endsWith('Crossentropy')) {
      throw new Error(`"${request.datasetId}" has numeric targets, not classes: use the mean_squared_error loss.`);
    }
    const output = analysis.nodes[analysis.outputIds[0] ?? '']?.shape;
    if (data.targetShape && output && output.join('×') !== data.targetShape.join('×')) {
      throw new Error(
        `The network outputs ${output.join(' × ')} but each target is ${data.targetShape.join(' × ')}: ${request.datasetId.startsWith(SOBEL_PREFIX) ? "use one Conv2D 1@3×3 with padding 'valid' on the image" : 'change the last layer so the shapes agree'}.`,
      );
    }
    if (data.kind === 'classification') {
      const [height = 0, width = 0, channels = 0] = inputShape;
      const problems = trainingProblems({
        graph: request.graph,
        analysis,
        loss: options.loss,
        batchSize: options.batchSize,
        optimizer: options.optimizer,
        memoryLimitBytes: options.memoryLimitBytes,
        data: { name: data.name, height, width, channels, classes: data.classNames.length },
      });
      if (problems.length) throw new Error(problems.join(' '));
    }
  }

  async function train(raw: TrainRequest): Promise<void> {
    const jobId = raw.jobId;
    let data: PreparedData | null = null;
    let restoreRandom = () => {};
    jobs.get(jobId)?.model?.dispose();
    const job: Job = { nodeIdByLayer: new Map(), control: { paused: false, stopRequested: false } };
    jobs.set(jobId, job);
    try {
      const request = trainRequestSchema.parse(raw);
      const { options } = request;
      const { backend: backendName, notes } = await ensureBackend();
      data = await prepareRun(request);
      // From here on every random draw (initial weights, dropout) follows the seed.
      restoreRandom = seedRandomness(options.seed);
      const { model, nodeIdByLayer } = await buildModel(request.graph);
      job.model = model;
      job.nodeIdByLayer = nodeIdByLayer;
      if (job.control.stopRequested) return emit({ type: 'done', jobId, reason: 'stopped', stopped: true, finalLoss: null });
      // The finished run hands its weights back so the project can keep the trained network.
      const withWeights = (event: TrainingEvent) => emit(event.type === 'done' ? { ...event, weights: readWeights(job) } : event);
      await runTraining(
        jobId,
        model,
        data,
        options,
        job.control,
        withWeights,
        backendName,
        notes,
        env.replicaHost && { host: env.replicaHost, graph: request.graph },
      );
    } catch (e) {
      emit({ type: 'error', jobId, message: (e as Error).message ?? String(e) });
    } finally {
      restoreRandom();
      data?.dispose();
    }
  }

  /** Times a few batches of the run a request describes, on a throwaway model and a slice of the data. */
  async function warmup(raw: TrainRequest): Promise<WarmupResult> {
    const parsed = trainRequestSchema.parse(raw);
    const analysis = analyzeGraph(parsed.graph);
    const batch = warmupBatchSize(analysis.totals.macs, parsed.options.batchSize);
    if (batch === null)
      throw new Error(
        `One training step of this network (${Math.round(analysis.totals.macs / 1e9)} G multiply-adds per image) is too slow to time here: expect hours per epoch on this CPU.`,
      );
    const { options } = parsed;
    const slice = warmupImages(batch);
    const request = {
      ...parsed,
      options: { ...options, trainLimit: Math.min(options.trainLimit ?? slice, slice), testLimit: Math.min(options.testLimit ?? 256, 256), validationSplit: 0 },
    };
    const { backend: backendName } = await ensureBackend();
    const data = await prepareRun(request);
    const restoreRandom = seedRandomness(options.seed);
    let model: tf.LayersModel | null = null;
    try {
      model = (await buildModel(request.graph)).model;
      return { ...(await warmupRun(model, data, { ...request.options, batchSize: batch }, options.batchSize)), backend: backendName };
    } finally {
      restoreRandom();
      model?.dispose();
      data.dispose();
    }
  }

  /**
   * Every layer's output for one input (or only `nodeIds`'), the input as the network got it, and every
   * weight. One forward pass through a probe model whose outputs are the layers' outputs; all tensors
   * are disposed before returning (the values leave as fresh, transferable copies).
   */
  function inspect(raw: InspectRequest): { result: InspectResult; transfer: ArrayBuffer[] } {
    const request = inspectRequestSchema.parse(raw);
    const job = jobs.get(request.jobId);
    if (!job?.model) throw new Error(`No model for job "${request.jobId}"; train or load it first.`);
    // A data-parallel run trains in replicas: their latest weights first.
    job.control.syncModel?.();
    const model = job.model;
    const wanted = request.nodeIds && new Set(request.nodeIds);
    const layers = model.layers.filter(
      (l) => l.getClassName() !== 'InputLayer' && job.nodeIdByLayer.has(l.name) && (!wanted || wanted.has(job.nodeIdByLayer.get(l.name)!)),
    );
    const inputShape = model.inputs[0]!.shape.slice(1) as number[];
    const inputLayer = model.layers.find((l) => l.getClassName() === 'InputLayer');
    const inputNodeId = job.nodeIdByLayer.get(inputLayer?.name ?? '') ?? 'input';
    const x = request.picture ? pictureToInput(request.picture, inputShape) : tf.tensor(request.input!, [1, ...inputShape]);
    const input: TensorView = { nodeId: inputNodeId, name: 'input', shape: inputShape, values: copyOut(x) };
    let activations: TensorView[] = [];
    if (layers.length) {
      const key = layers.map((l) => l.name).join('\n');
      job.probes ??= new Map();
      let probe = job.probes.get(key);
      if (!probe) job.probes.set(key, (probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) })));
      const outputs = tf.tidy(() => {
        const out = probe.predict(x);
        return Array.isArray(out) ? out : [out];
      });
      activations = outputs.map((t, i) => ({ nodeId: job.nodeIdByLayer.get(layers[i]!.name)!, name: 'output', shape: t.shape.slice(1), values: copyOut(t) }));
      tf.dispose(outputs);
    }
    x.dispose();
    const weights = request.weights ? readWeights(job) : [];
    const transfer = [input, ...activations, ...weights].map((v) => v.values.buffer as ArrayBuffer);
    return { result: { jobId: request.jobId, input, activations, weights }, transfer };
  }

  /** The first test images of a dataset, for the feature-map input picker. */
  async function samples(raw: DatasetSamplesRequest): Promise<DatasetSamples> {
    const { datasetId, count } = datasetSamplesRequestSchema.parse(raw);
    const d = await loadImages(datasetId, { trainLimit: 1, testLimit: count } as TrainingOptions);
    const pixels = d.height * d.width * d.channels;
    const n = Math.min(count, d.test.count);
    return {
      name: d.name,
      classNames: d.classNames,
      height: d.height,
      width: d.width,
      channels: d.channels as 1 | 3,
      images: d.test.images.slice(0, n * pixels),
      labels: d.test.labels.slice(0, n),
      count: n,
    };
  }

  /** A model for a job without training it: random init from the seed, fixed kernels, restored weights. */
  async function load(raw: LoadModelRequest): Promise<LoadModelResult> {
    const request = loadModelRequestSchema.parse(raw);
    const existing = jobs.get(request.jobId);
    if (existing && !existing.model) throw new Error(`Job "${request.jobId}" is still starting.`);
    await ensureBackend();
    const restoreRandom = seedRandomness(request.seed);
    try {
      const { model, nodeIdByLayer, notes } = await buildModel(request.graph, request.weights);
      existing?.model?.dispose();
      jobs.set(request.jobId, { model, nodeIdByLayer, control: { paused: false, stopRequested: false } });
      return { notes };
    } finally {
      restoreRandom();
    }
  }

  /** The trained model as TensorFlow.js files (what `model.save()` writes), for `tf.loadLayersModel`. */
  async function exportModel(jobId: string, baseName: string): Promise<ExportedModel> {
    const job = jobs.get(jobId);
    if (!job?.model) throw new Error(`No trained model for job "${jobId}"; train it first.`);
    job.control.syncModel?.();
    let saved: tf.io.ModelArtifacts | null = null;
    await job.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts = saved as tf.io.ModelArtifacts | null;
    if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error('The model could not be serialized.');
    const weightsFileName = `${baseName}.weights.bin`;
    const weights = Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : (artifacts.weightData as ArrayBuffer);
    const modelJson = JSON.stringify({
      format: 'layers-model',
      generatedBy: `CNN Studio (TensorFlow.js ${tf.version.tfjs})`,
      convertedBy: null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [`./${weightsFileName}`], weights: artifacts.weightSpecs }],
    });
    return { modelJson, weightsFileName, weights: weights.slice(0) };
  }

  const control = (jobId: string, update: (c: RunControl) => void, event?: TrainingEvent) => {
    const job = jobs.get(jobId);
    if (!job) return;
    update(job.control);
    if (event) emit(event);
  };

  return {
    /** Handles one command; resolves when the command's work is finished (for tests). */
    async handle(command: TrainerCommand): Promise<void> {
      switch (command.type) {
        case 'train':
          return train(command.request);
        case 'stop':
          return control(command.jobId, requestStop);
        case 'pause':
          return control(command.jobId, requestPause, { type: 'paused', jobId: command.jobId });
        case 'resume':
          return control(command.jobId, requestResume, { type: 'resumed', jobId: command.jobId });
        case 'ping':
          return env.post({ type: 'pong' });
        case 'register-dataset':
          registered.set(command.dataset.id, command.dataset);
          return;
        case 'export':
          try {
            const model = await exportModel(command.jobId, command.baseName);
            env.post({ type: 'exported', requestId: command.requestId, model }, [model.weights]);
          } catch (e) {
            env.post({ type: 'export-failed', requestId: command.requestId, message: (e as Error).message });
          }
          return;
        case 'load':
          try {
            env.post({ type: 'loaded', requestId: command.requestId, result: await load(command.request) });
          } catch (e) {
            env.post({ type: 'load-failed', requestId: command.requestId, message: (e as Error).message });
          }
          return;
        case 'warmup':
          try {
            env.post({ type: 'warmed-up', requestId: command.requestId, result: await warmup(command.request) });
          } catch (e) {
            env.post({ type: 'warmup-failed', requestId: command.requestId, message: (e as Error).message });
          }
          return;
        case 'samples':
          try {
            const result = await samples(command.request);
            env.post({ type: 'sampled', requestId: command.requestId, result }, [result.images.buffer as ArrayBuffer]);
          } catch (e) {
            env.post({ type: 'samples-failed', requestId: command.requestId, message: (e as Error).message });
          }
          return;
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
