/**
 * The host side of the trainer protocol, independent of the kind of worker: tracks running jobs,
 * fans events out to listeners, pairs inspect replies with their requests, and turns a worker crash
 * into `error` events (`workerLost: true`) for the jobs it was running, or one with `jobId: ''` when it
 * was idle. The worker is spawned lazily and re-spawned by the next command after a crash; the user's
 * registered datasets are registered with the new worker again, so the next Train works as before.
 */
import type { ImageDataset } from '../data/image-dataset';
import type {
  DatasetSamples,
  DatasetSamplesRequest,
  ExportedModel,
  InspectRequest,
  InspectResult,
  LoadModelRequest,
  LoadModelResult,
  TrainerCommand,
  TrainerReply,
  TrainingEvent,
  TrainRequest,
  WarmupResult,
} from './training-protocol';

export interface WorkerLink {
  post(command: TrainerCommand): void;
  terminate(): unknown;
}

export interface WorkerHandlers {
  onReply(reply: TrainerReply): void;
  /** The worker died; `message` says how, for the user. */
  onCrash(message: string): void;
}

export type SpawnWorker = (handlers: WorkerHandlers) => WorkerLink;

export class TrainerClient {
  private link: WorkerLink | null = null;
  private readonly listeners = new Set<(event: TrainingEvent) => void>();
  private readonly running = new Set<string>();
  /** Requests waiting for their reply (inspect, export), by request id. */
  private readonly pending = new Map<number, { resolve: (value: never) => void; reject: (e: Error) => void }>();
  private nextRequestId = 1;
  /** The user's datasets, by id: a re-spawned worker gets them again (the dead one took its copies along). */
  private readonly datasets = new Map<string, ImageDataset>();
  /** Whether a worker was ever started (a later spawn is a re-spawn). */
  private spawned = false;

  constructor(private readonly spawn: SpawnWorker) {}

  onEvent(listener: (event: TrainingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(request: TrainRequest): void {
    if (this.running.has(request.jobId)) throw new Error(`Job "${request.jobId}" is already running.`);
    this.running.add(request.jobId);
    this.send({ type: 'train', request });
  }

  stop(jobId: string): void {
    if (this.link) this.send({ type: 'stop', jobId });
  }

  pause(jobId: string): void {
    if (this.link) this.send({ type: 'pause', jobId });
  }

  resume(jobId: string): void {
    if (this.link) this.send({ type: 'resume', jobId });
  }

  inspect(request: InspectRequest): Promise<InspectResult> {
    return this.request((requestId) => ({ type: 'inspect', requestId, request }));
  }

  /** Builds a job's model (random init from the seed, then the given weights) without training it. */
  loadModel(request: LoadModelRequest): Promise<LoadModelResult> {
    return this.request((requestId) => ({ type: 'load', requestId, request }));
  }

  /** The first `count` test images of a dataset (to look inside the network with). */
  datasetSamples(request: DatasetSamplesRequest): Promise<DatasetSamples> {
    return this.request((requestId) => ({ type: 'samples', requestId, request }));
  }

  /** Seconds per batch of the run `request` describes, from a short warm-up (for the estimate). */
  warmup(request: TrainRequest): Promise<WarmupResult> {
    return this.request((requestId) => ({ type: 'warmup', requestId, request }));
  }

  registerDataset(dataset: ImageDataset): void {
    this.datasets.set(dataset.id, dataset);
    this.send({ type: 'register-dataset', dataset });
  }

  /** The job's trained model as TensorFlow.js files; `baseName` names the weights file. */
  exportModel(jobId: string, baseName: string): Promise<ExportedModel> {
    return this.request((requestId) => ({ type: 'export', requestId, jobId, baseName }));
  }

  private request<T>(command: (requestId: number) => TrainerCommand): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (value: never) => void, reject });
      this.send(command(requestId));
    });
  }

  async dispose(): Promise<void> {
    const link = this.link;
    this.link = null;
    await link?.terminate();
  }

  private send(command: TrainerCommand): void {
    this.ensureLink().post(command);
  }

  private ensureLink(): WorkerLink {
    if (this.link) return this.link;
    const respawn = this.spawned;
    const link: WorkerLink = this.spawn({
      onReply: (reply) => {
        if (this.link === link) this.receive(reply);
      },
      onCrash: (message) => {
        // Once per worker (an error is followed by an exit), and never for one disposed of or replaced.
        if (this.link !== link) return;
        this.link = null;
        this.failAll(message);
      },
    });
    this.link = link;
    this.spawned = true;
    if (respawn) for (const dataset of this.datasets.values()) link.post({ type: 'register-dataset', dataset });
    return link;
  }

  private receive(reply: TrainerReply): void {
    if (reply.type === 'event') {
      const { event } = reply;
      if (event.type === 'done' || event.type === 'error') this.running.delete(event.jobId);
      for (const listener of this.listeners) listener(event);
      return;
    }
    const pending = this.pending.get(reply.requestId);
    if (!pending) return;
    this.pending.delete(reply.requestId);
    if (reply.type === 'inspected') pending.resolve(reply.result as never);
    else if (reply.type === 'exported') pending.resolve(reply.model as never);
    else if (reply.type === 'loaded' || reply.type === 'sampled' || reply.type === 'warmed-up') pending.resolve(reply.result as never);
    else pending.reject(new Error(reply.message));
  }

  private failAll(message: string): void {
    const jobs = this.running.size ? [...this.running] : [''];
    this.running.clear();
    for (const jobId of jobs) for (const listener of this.listeners) listener({ type: 'error', jobId, message, workerLost: true });
    for (const pending of this.pending.values()) pending.reject(new Error(message));
    this.pending.clear();
  }
}
