// Runs the real main-process trainer worker (worker_threads, from its TypeScript source through tsx)
// under plain Node: nothing on this path may import Electron.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TensorView, TrainingEvent, TrainRequest } from '../../shared/api/training-protocol';
import { starterGraph } from '../../shared/graph/starter-graph';
import { TrainingService } from './training-service';

const workerPath = resolve(__dirname, '../worker/trainer.ts');

function request(jobId: string, epochs: number): TrainRequest {
  return {
    jobId,
    graph: starterGraph(),
    datasetId: 'synthetic-linear',
    options: { epochs, batchSize: 32, learningRate: 0.1, seed: 7, loss: 'meanSquaredError' },
  };
}

const lossesOf = (events: TrainingEvent[]) => events.flatMap((e) => (e.type === 'batch' ? e.losses : []));

function collectUntilFinished(service: TrainingService, jobId: string): Promise<TrainingEvent[]> {
  return new Promise((resolveEvents) => {
    const events: TrainingEvent[] = [];
    service.onEvent((event) => {
      if (event.jobId !== jobId) return;
      events.push(event);
      if (event.type === 'done' || event.type === 'error') resolveEvents(events);
    });
  });
}

describe('TrainingService (worker_threads trainer under plain Node)', () => {
  let service: TrainingService;
  afterEach(async () => service?.dispose());

  it('streams per-batch losses that fall on a learnable task', async () => {
    service = new TrainingService({ workerPath, execArgv: ['--require', 'tsx/cjs'] });
    const finished = collectUntilFinished(service, 'learn');
    service.start(request('learn', 15));
    const events = await finished;

    // 256 samples, the last 20 % held out as the test split: 205 to train on, 7 batches of 32.
    expect(events[0]).toMatchObject({ type: 'started', epochs: 15, batchesPerEpoch: 7, trainSamples: 205, backend: expect.any(String) });
    const losses = lossesOf(events);
    expect(losses).toHaveLength(15 * 7);
    const firstEpoch = losses.slice(0, 7).reduce((a, b) => a + b) / 7;
    const lastEpoch = losses.slice(-7).reduce((a, b) => a + b) / 7;
    // y = 2x₁ − 3x₂ + 0.5x₃ + x₄ + 1 has variance ≈ 15; a fitted Dense(1) gets close to the 1e-4 noise floor.
    expect(firstEpoch).toBeGreaterThan(5);
    expect(lastEpoch).toBeLessThan(firstEpoch / 20);
    expect(events.at(-1)).toMatchObject({ type: 'done', stopped: false, reason: 'completed' });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.metrics] : []));
    expect(epochs).toHaveLength(15);
    expect(epochs.at(-1)!.valLoss).toBeLessThan(0.01);

    // The trained weights come back through inspect and approach the true ones.
    const inspected = await service.inspect({ jobId: 'learn', input: [1, 0, 0, 0] });
    const kernel = inspected.weights.find((w) => w.nodeId === 'dense_1' && w.name === 'kernel')!;
    expect(kernel.shape).toEqual([4, 1]);
    [2, -3, 0.5, 1].forEach((expected, i) => expect(kernel.values[i]).toBeCloseTo(expected, 1));
    const output = inspected.activations.find((a) => a.nodeId === 'dense_1')!;
    expect(output.shape).toEqual([1]);
    expect(output.values[0]).toBeCloseTo(3, 0); // 2·1 + 1

    // Reading out must not disturb the model: a second read gives the same numbers.
    const again = await service.inspect({ jobId: 'learn', input: [1, 0, 0, 0] });
    expect(again.weights.find((w) => w.name === 'kernel')!.values).toEqual(kernel.values);
  });

  it('stops a running job on request and reports it as stopped', async () => {
    service = new TrainingService({ workerPath, execArgv: ['--require', 'tsx/cjs'] });
    const finished = collectUntilFinished(service, 'long');
    let batches = 0;
    service.onEvent((event) => {
      if (event.type === 'batch' && ++batches === 3) service.stop('long');
    });
    service.start(request('long', 500));
    const events = await finished;
    expect(events.at(-1)).toMatchObject({ type: 'done', stopped: true, reason: 'stopped' });
    expect(lossesOf(events).length).toBeLessThan(500 * 7);
  });

  it('reports a graph it cannot build as an error event, not a crash', async () => {
    service = new TrainingService({ workerPath, execArgv: ['--require', 'tsx/cjs'] });
    const finished = collectUntilFinished(service, 'bad');
    const graph = starterGraph();
    graph.edges = [];
    service.start({ ...request('bad', 1), graph });
    const events = await finished;
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      message: 'The network has an error in layer "dense_1": "dense_1" has no input connected. Connect the output of an earlier layer (or the Input) to it.',
    });
  });

  it('a worker killed mid-run: the run ends with what happened, the last good weights rebuild in a new worker, the next Train works', async () => {
    process.env.CNN_STUDIO_CRASH_MARKER = join(mkdtempSync(join(tmpdir(), 'cnn-crash-')), 'crashed');
    service = new TrainingService({ workerPath: resolve(__dirname, 'training-service.crash-worker.ts'), execArgv: ['--require', 'tsx/cjs'] });
    const good = collectUntilFinished(service, 'good');
    service.start(request('good', 3));
    const goodEnd = (await good).at(-1)!;
    expect(goodEnd).toMatchObject({ type: 'done', reason: 'completed' });
    const weights = (goodEnd as { weights: TensorView[] }).weights;

    const doomed = collectUntilFinished(service, 'crash-1');
    service.start(request('crash-1', 200));
    const doomedEvents = await doomed;
    expect(lossesOf(doomedEvents).length).toBeGreaterThan(0);
    expect(doomedEvents.at(-1)).toEqual({
      type: 'error',
      jobId: 'crash-1',
      message: 'The training worker stopped unexpectedly (exit code 7).',
      workerLost: true,
    });

    // The dead worker took the model of "good" along; its weights (kept by the page) rebuild it.
    await expect(service.inspect({ jobId: 'good', input: [1, 0, 0, 0] })).rejects.toThrow(/good/);
    await service.loadModel({ jobId: 'restored-good', graph: starterGraph(), weights });
    const inspected = await service.inspect({ jobId: 'restored-good', input: [1, 0, 0, 0] });
    const kernel = (ws: TensorView[]) => ws.find((w) => w.nodeId === 'dense_1' && w.name === 'kernel')!.values;
    expect(kernel(inspected.weights)).toEqual(kernel(weights));

    const after = collectUntilFinished(service, 'after');
    service.start(request('after', 2));
    expect((await after).at(-1)).toMatchObject({ type: 'done', stopped: false, reason: 'completed' });
    delete process.env.CNN_STUDIO_CRASH_MARKER;
  });
});
