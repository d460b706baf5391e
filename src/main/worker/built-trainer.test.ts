// The built trainer (`out/main/trainer.js`, what the packaged app starts) under plain Node: its helper
// threads and replicas are started from `out/main/`, although the code that starts them is bundled into
// `out/main/chunks/` (a trainer that looked for `chunks/kernel-helper.js` crashed on its first run).
// `npm test` builds before the unit tests; run `npx electron-vite build` first when running vitest alone.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/api/training-protocol';
import { mnistAcceptanceGraph } from '../services/mnist-acceptance';
import { TrainingService } from '../services/training-service';

const built = resolve(__dirname, '../../../out/main/trainer.js');

function train(workers: number): Promise<TrainingEvent[]> {
  const service = new TrainingService({ workerPath: built });
  const events: TrainingEvent[] = [];
  return new Promise<TrainingEvent[]>((done) => {
    service.onEvent((event) => {
      events.push(event);
      if (event.type === 'done' || event.type === 'error') done(events);
    });
    service.start({
      jobId: `built-${workers}`,
      graph: mnistAcceptanceGraph(),
      datasetId: 'mnist',
      options: { epochs: 1, batchSize: 64, learningRate: 0.002, seed: 1, trainLimit: 1500, testLimit: 200, workers },
    });
  }).finally(() => service.dispose());
}

describe.skipIf(!existsSync(built))('the built trainer (out/main/trainer.js; skipped until `npx electron-vite build`)', () => {
  it.each([1, 2])(
    'trains MNIST with %i worker(s) and evaluates',
    async (workers) => {
      const events = await train(workers);
      const last = events.at(-1)!;
      expect(last).toMatchObject({ type: 'done', reason: 'completed' });
      expect(last.type === 'done' && last.evaluation!.testAccuracy).toBeGreaterThan(0.6);
      const started = events.find((e) => e.type === 'started');
      expect(started).toMatchObject({ backend: 'wasm' });
      expect(started?.type === 'started' && started.notes.some((n) => n.startsWith('Data-parallel'))).toBe(workers > 1);
    },
    120_000,
  );
});
