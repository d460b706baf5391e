/**
 * The host side of the trainer protocol, independent of the kind of worker: tracks running jobs,
 * fans events out to listeners, pairs inspect replies with their requests, and turns a worker crash
 * into `error` events (`workerLost: true`) for the jobs it was running, or one with `jobId: ''` when it
 * was idle. The worker is spawned lazily and re-spawned by the next command after a crash; the user's
 * registered datasets are registered with the new worker again, so the next Train works as before.
 *
 * A worker can also die without a word (a Web Worker has no exit event; a deadlocked kernel thread never
 * returns): with a `watchdog`, a worker that has work and stays silent past the silence limit is pinged,
 * and one that does not answer the ping within the limit either is terminated and reported as lost.
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

/** The host's clock for the liveness check (src/shared has no timers of its own). */
export interface Watchdog {
  /** Calls `check` every `ms` until the returned function is called. */
  every(ms: number, check: () => void): () => void;
  now(): number;
}

export interface TrainerClientOptions {
  watchdog?: Watchdog;
  /**
   * How long a busy worker may stay silent before it is pinged, and then how long the ping may go
   * unanswered. A training step blocks the worker (a big network's batch takes seconds), so the limit is
   * also at least 4× the longest silence the worker later recovered from.
   */
  silenceLimitMs?: number;
}

export const DEFAULT_SILENCE_LIMIT_MS = 120_000;

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

  private readonly watchdog: Watchdog | undefined;
  private readonly silenceLimitMs: number;
  /** When the worker last said anything, and when an unanswered ping went out. */
  private lastHeard = 0;
  private pingSentAt: number | null = null;
  /** The longest silence (while busy) after which the worker did speak again. */
  private longestSilence = 0;
  private stopWatching: (() => void) | null = null;

  constructor(
    private readonly spawn: SpawnWorker,
    options: TrainerClientOptions = {},
  ) {
    this.watchdog = options.watchdog;
    this.silenceLimitMs = options.silenceLimitMs ?? DEFAULT_SILENCE_LIMIT_MS;
  }

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
    this.unwatch();
    await link?.terminate();
  }

  private unwatch(): void {
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /** The worker is gone (crashed, or silent past the limit): its jobs and requests fail with `message`. */
  private lose(message: string): void {
    this.link = null;
    this.unwatch();
    this.failAll(message);
  }

  /** Whether the worker owes an answer: a job is running (or paused) or a request waits. */
  private busy(): boolean {
    return this.running.size > 0 || this.pending.size > 0;
  }

  private send(command: TrainerCommand): void {
    // Silence counts from the moment the worker has something to do.
    if (this.watchdog && !this.busy()) this.lastHeard = this.watchdog.now();
    this.ensureLink().post(command);
  }

  private heard(reply: TrainerReply): void {
    if (!this.watchdog) return;
    const now = this.watchdog.now();
    // A pong answers at once; only work the worker was busy with says how long its silences may be.
    if (this.busy() && reply.type !== 'pong') this.longestSilence = Math.max(this.longestSilence, now - this.lastHeard);
    this.lastHeard = now;
    this.pingSentAt = null;
  }

  private checkLiveness(): void {
    const link = this.link;
    if (!link || !this.watchdog) return;
    const now = this.watchdog.now();
    if (!this.busy()) {
      this.lastHeard = now;
      this.pingSentAt = null;
      return;
    }
    const limit = Math.max(this.silenceLimitMs, 4 * this.longestSilence);
    if (this.pingSentAt === null) {
      if (now - this.lastHeard > limit) {
        this.pingSentAt = now;
        link.post({ type: 'ping' });
      }
      return;
    }
    if (now - this.pingSentAt <= limit) return;
    void link.terminate();
    this.lose(`The training worker stopped responding (nothing for ${Math.round((now - this.lastHeard) / 1000)} s, and no answer to a check): it was stopped.`);
  }

  private ensureLink(): WorkerLink {
    if (this.link) return this.link;
    const respawn = this.spawned;
    const link: WorkerLink = this.spawn({
      onReply: (reply) => {
        if (this.link !== link) return;
        this.heard(reply);
        this.receive(reply);
      },
      onCrash: (message) => {
        // Once per worker (an error is followed by an exit), and never for one disposed of or replaced.
        if (this.link !== link) return;
        this.lose(message);
      },
    });
    this.link = link;
    this.spawned = true;
    if (this.watchdog) {
      this.unwatch();
      this.pingSentAt = null;
      this.longestSilence = 0;
      this.lastHeard = this.watchdog.now();
      this.stopWatching = this.watchdog.every(Math.min(5_000, this.silenceLimitMs / 4), () => this.checkLiveness());
    }
    if (respawn) for (const dataset of this.datasets.values()) link.post({ type: 'register-dataset', dataset });
    return link;
  }

  private receive(reply: TrainerReply): void {
    if (reply.type === 'pong') return;
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
