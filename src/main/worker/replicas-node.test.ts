// Data-parallel training across real worker threads: the trainer in this thread (wasm, one thread)
// and replicas started by nodeReplicaHost (src/main/worker/replica.ts through tsx), on the tiny halves
// image set. Checked: two workers reach the weights one worker reaches (plain SGD: the mean of the
// two halves' gradients is the whole batch's within rounding), Adam learns with them, and a replica
// that dies mid-run ends the run with the reason while the next run trains.
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TensorView, TrainerReply, TrainingEvent, TrainingOptionsInput } from '../../shared/api/training-protocol';
import { halvesDataset } from '../../shared/data/halves';
import { sequentialGraph, type LayerDef } from '../../shared/graph/build';
import { createWorkerEnvBackend } from '../../shared/training/backend';
import type { ReplicaHost } from '../../shared/training/data-parallel/protocol';
import { createTrainer } from '../../shared/training/trainer';
import { nodeReplicaHost } from './replicas-node';
import { nodeWasmPaths } from './wasm-node';

const dataset = halvesDataset();
const layers: LayerDef[] = [
  { type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
  { type: 'MaxPooling2D' },
  { type: 'Flatten' },
  { type: 'Dense', params: { units: 2, activation: 'softmax' } },
];

const backend = createWorkerEnvBackend({ preferred: 'wasm', wasmPaths: nodeWasmPaths(), threads: false });
const ports: { terminate(): void }[] = [];
afterAll(() => ports.forEach((p) => p.terminate()));

/**
 * Starts a run of `network` on the halves (epochs 1, batch 16, lr 0.05, seed 3 unless `options` says
 * otherwise) in an in-process trainer; `training` settles when it ends. Events and other replies are collected.
 */
function start(jobId: string, options: Partial<TrainingOptionsInput>, host: ReplicaHost = nodeReplicaHost(2), network = layers) {
  const events: TrainingEvent[] = [];
  const replies: TrainerReply[] = [];
  const trainer = createTrainer({
    post: (reply: TrainerReply) => void (reply.type === 'event' ? events.push(reply.event) : replies.push(reply)),
    loadImageDataset: async () => dataset,
    ...backend,
    replicaHost: host,
  });
  const training = trainer.handle({
    type: 'train',
    request: {
      jobId,
      graph: sequentialGraph([8, 8, 1], network),
      datasetId: 'halves',
      options: { epochs: 1, batchSize: 16, learningRate: 0.05, seed: 3, ...options },
    },
  });
  return { trainer, events, replies, training };
}

/** A whole run's events. */
async function run(options: Partial<TrainingOptionsInput>, host?: ReplicaHost, network = layers) {
  const { events, training } = start('dp', options, host, network);
  await training;
  return events;
}

const weightsOf = (events: TrainingEvent[]): TensorView[] => {
  const done = events.at(-1)!;
  if (done.type !== 'done') throw new Error(`the run ended with ${JSON.stringify(done)}`);
  return done.weights!;
};

describe('data-parallel training (worker threads)', () => {
  it('two workers reach the weights one worker reaches (SGD), and the run says it was split', async () => {
    const one = await run({ optimizer: 'sgd', workers: 1 });
    const two = await run({ optimizer: 'sgd', workers: 2 });
    expect(two[0]).toMatchObject({ type: 'started', notes: expect.arrayContaining(['Data-parallel: each batch is split over 2 workers.']) });
    expect(one[0]).toMatchObject({ type: 'started' });
    expect((one[0] as { notes: string[] }).notes.some((n) => n.startsWith('Data-parallel'))).toBe(false);
    const [a, b] = [weightsOf(one), weightsOf(two)];
    expect(b.map((w) => w.name)).toEqual(a.map((w) => w.name));
    let largest = 0;
    a.forEach((w, i) => w.values.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - b[i]!.values[j]!)))));
    // 16 steps of SGD; the batch mean's rounding differs by ~1e-7 per step.
    expect(largest).toBeLessThan(1e-4);
    // The losses are the whole batch's (share-weighted), so they match too.
    const losses = (events: TrainingEvent[]) => events.flatMap((e) => (e.type === 'batch' ? e.losses : []));
    losses(two).forEach((l, i) => expect(l).toBeCloseTo(losses(one)[i]!, 4));
  }, 60_000);

  it('Adam with two workers learns the halves', async () => {
    const events = await run({ workers: 2, epochs: 3, learningRate: 0.01 });
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'completed' });
    expect(done.type === 'done' && done.evaluation!.testAccuracy).toBeGreaterThan(0.95);
  }, 60_000);

  it('Look inside during a run reads the weights the workers reached; at the end the model holds the final ones', async () => {
    const { trainer, events, replies, training } = start('live', { epochs: 20, learningRate: 0.01, workers: 2 });
    const kernel = async (requestId: number) => {
      await trainer.handle({ type: 'inspect', requestId, request: { jobId: 'live', input: Array(64).fill(0.5) } });
      const reply = replies.find((r) => r.type === 'inspected' && r.requestId === requestId);
      if (reply?.type !== 'inspected') throw new Error(JSON.stringify(replies.at(-1)));
      return Array.from(reply.result.weights.find((w) => w.name === 'kernel')!.values);
    };
    await vi.waitUntil(() => events.some((e) => e.type === 'batch'), { timeout: 20_000 });
    const early = await kernel(1);
    // More steps after that read (a later progress report), then the second.
    const mark = events.length;
    await vi.waitUntil(() => events.slice(mark).some((e) => e.type === 'batch'), { timeout: 20_000 });
    const later = await kernel(2);
    await training;
    const final = await kernel(3);
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    // The trainer's own model trains nothing: without the sync these would all be the initial weights.
    expect(later).not.toEqual(early);
    expect(final).not.toEqual(later);
    expect(final).toEqual(Array.from(done.weights!.find((w) => w.name === 'kernel')!.values));
  }, 60_000);

  it('Pause and Stop work mid-run; the weights are kept and evaluated', async () => {
    const { trainer, events, training } = start('ctl', { epochs: 500, learningRate: 0.01, workers: 2 });
    await vi.waitUntil(() => events.some((e) => e.type === 'batch'), { timeout: 20_000 });
    await trainer.handle({ type: 'pause', jobId: 'ctl' });
    const paused = events.length;
    await new Promise((r) => setTimeout(r, 300));
    // At most the batch under way reports while paused.
    expect(events.slice(paused).filter((e) => e.type === 'batch').length).toBeLessThanOrEqual(1);
    await trainer.handle({ type: 'resume', jobId: 'ctl' });
    await trainer.handle({ type: 'stop', jobId: 'ctl' });
    const stoppedAt = Date.now();
    await training;
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'stopped', stopped: true });
    expect(done.type === 'done' && done.weights!.length).toBeGreaterThan(0);
    expect(done.type === 'done' && done.evaluation!.testAccuracy).toBeGreaterThan(0.5);
  }, 60_000);

  it("BatchNormalization's moving statistics reach the trainer's model (from worker 1, which saw half of each batch)", async () => {
    const bn: LayerDef[] = [layers[0]!, { type: 'BatchNormalization' }, ...layers.slice(1)];
    const movingMean = (events: TrainingEvent[]) => weightsOf(events).find((w) => w.name.includes('moving_mean'))!.values;
    const [one, two] = [movingMean(await run({ workers: 1 }, undefined, bn)), movingMean(await run({ workers: 2 }, undefined, bn))];
    // Initialised to 0; after 16 steps with momentum 0.99 both have moved the same way.
    expect(Math.max(...two.map(Math.abs))).toBeGreaterThan(0.01);
    two.forEach((v, i) => expect(v).toBeCloseTo(one[i]!, 1));
  }, 60_000);

  it('a replica that dies mid-run ends the run with the reason; the next run trains', async () => {
    const real = nodeReplicaHost(2);
    const dying: ReplicaHost = {
      cores: 2,
      timeoutMs: 1500,
      start() {
        const port = real.start();
        ports.push(port);
        // Its thread is killed as soon as it is ready, before the first step.
        port.onReply((reply) => reply.type === 'ready' && setTimeout(() => port.terminate(), 0));
        return port;
      },
    };
    const started = Date.now();
    const failed = await run({ workers: 2, epochs: 3 }, dying);
    expect(failed.at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringMatching(
        /^data-parallel worker [12] of 2 (stopped \(its thread exited with code 1\)|did not answer for 2 s \(its thread may have run out of memory\)); train with 1 worker$/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    const next = await run({ workers: 1 });
    expect(next.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
  }, 60_000);
});
