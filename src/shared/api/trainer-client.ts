/**
 * The host side of the trainer protocol, independent of the kind of worker: tracks running jobs,
 * fans events out to listeners, pairs inspect replies with their requests, and turns a worker crash
 * into `error` events for the jobs it was running. The worker is spawned lazily and re-spawned after a crash.
 */
import type { InspectRequest, InspectResult, TrainerCommand, TrainerReply, TrainingEvent, TrainRequest } from './training-protocol';

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
  private readonly pendingInspects = new Map<number, { resolve: (r: InspectResult) => void; reject: (e: Error) => void }>();
  private nextRequestId = 1;

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
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pendingInspects.set(requestId, { resolve, reject });
      this.send({ type: 'inspect', requestId, request });
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
    const link: WorkerLink = this.spawn({
      onReply: (reply) => this.receive(reply),
      onCrash: (message) => {
        if (this.link === link) this.link = null;
        this.failAll(message);
      },
    });
    this.link = link;
    return link;
  }

  private receive(reply: TrainerReply): void {
    if (reply.type === 'event') {
      const { event } = reply;
      if (event.type === 'done' || event.type === 'error') this.running.delete(event.jobId);
      for (const listener of this.listeners) listener(event);
      return;
    }
    const pending = this.pendingInspects.get(reply.requestId);
    if (!pending) return;
    this.pendingInspects.delete(reply.requestId);
    if (reply.type === 'inspected') pending.resolve(reply.result);
    else pending.reject(new Error(reply.message));
  }

  private failAll(message: string): void {
    for (const jobId of this.running) for (const listener of this.listeners) listener({ type: 'error', jobId, message });
    this.running.clear();
    for (const pending of this.pendingInspects.values()) pending.reject(new Error(message));
    this.pendingInspects.clear();
  }
}
