// The acceptance test for training: the real worker_threads trainer (wasm backend, real data loader)
// trains a small CNN on the full MNIST training set for one epoch and must reach ≥ 97.5 % on the full
// 10,000-image test set.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/api/training-protocol';
import { mnistAcceptanceGraph, mnistAcceptanceOptions } from './mnist-acceptance';
import { TrainingService } from './training-service';

const service = new TrainingService({ workerPath: resolve(__dirname, '../worker/trainer.ts'), execArgv: ['--require', 'tsx/cjs'] });
afterAll(() => service.dispose());

describe('MNIST, full, one epoch', () => {
  it('reaches ≥ 97.5 % test accuracy with a small CNN', { timeout: 600_000 }, async () => {
    const graph = mnistAcceptanceGraph();
    const events: TrainingEvent[] = [];
    const finished = new Promise<void>((done) =>
      service.onEvent((event) => {
        events.push(event);
        if (event.type === 'done' || event.type === 'error') done();
      }),
    );
    const started = Date.now();
    service.start({ jobId: 'mnist', graph, datasetId: 'mnist', options: mnistAcceptanceOptions });
    await finished;
    const last = events.at(-1)!;
    if (last.type === 'error') throw new Error(last.message);
    const startedEvent = events.find((e) => e.type === 'started');
    expect(startedEvent).toMatchObject({ trainSamples: 60_000, batchesPerEpoch: 938 });
    expect(last).toMatchObject({ type: 'done', reason: 'completed' });
    if (last.type !== 'done') return;
    console.log(
      `MNIST 1 epoch: test accuracy ${(last.evaluation!.testAccuracy! * 100).toFixed(2)} % in ${((Date.now() - started) / 1000).toFixed(1)} s on ${startedEvent?.type === 'started' ? startedEvent.backend : '?'}`,
    );
    expect(last.evaluation!.labels.length).toBe(10_000);
    expect(last.evaluation!.testAccuracy).toBeGreaterThanOrEqual(0.975);
  });
});
