/**
 * What the worker costs: the same trainer called directly in this thread (reference) and through
 * the main process's worker_threads TrainingService (candidate).
 */
import { resolve } from 'node:path';
import type { TrainerReply, TrainingEvent, TrainRequest } from '../src/shared/api/training-protocol';
import { starterGraph } from '../src/shared/graph/starter-graph';
import { TrainingService } from '../src/main/services/training-service';
import { installWasmThreadsForNode, nodeWasmPaths } from '../src/main/worker/wasm-node';
import { createWorkerEnvBackend } from '../src/shared/training/backend';
import { createTrainer } from '../src/shared/training/trainer';
import type { Pair } from './harness';

let jobs = 0;
const request = (epochs: number): TrainRequest => ({
  jobId: `bench-${++jobs}`,
  graph: starterGraph(),
  datasetId: 'synthetic-linear',
  options: { epochs, batchSize: 32, learningRate: 0.1, seed: 1, loss: 'meanSquaredError' },
});

export function workerRoundTripPairs(): { pairs: Pair[]; dispose: () => Promise<void> } {
  const replies: TrainerReply[] = [];
  // The same backend as the worker (wasm, threaded), so the ratio is the cost of the worker alone.
  const direct = createTrainer({
    post: (reply) => replies.push(reply),
    ...createWorkerEnvBackend({ preferred: 'wasm', wasmPaths: nodeWasmPaths(), threads: installWasmThreadsForNode() }),
  });
  const service = new TrainingService({ workerPath: resolve(__dirname, '../src/main/worker/trainer.ts'), execArgv: ['--require', 'tsx/cjs'] });

  const untilFinished = (jobId: string) =>
    new Promise<void>((done) => {
      const off = service.onEvent((event: TrainingEvent) => {
        if (event.jobId === jobId && (event.type === 'done' || event.type === 'error')) {
          off();
          done();
        }
      });
    });

  let directJob = '';
  let workerJob = '';
  const prepare = async () => {
    const a = request(1);
    const b = request(1);
    directJob = a.jobId;
    workerJob = b.jobId;
    await direct.handle({ type: 'train', request: a });
    const finished = untilFinished(b.jobId);
    service.start(b);
    await finished;
  };

  const inspects = 200;
  return {
    pairs: [
      {
        name: 'train 10 epochs (80 batch events)',
        ratioMeaning: 'worker / direct; 1.0 = the worker adds nothing',
        reference: async () => {
          replies.length = 0;
          await direct.handle({ type: 'train', request: request(10) });
        },
        candidate: async () => {
          const r = request(10);
          const finished = untilFinished(r.jobId);
          service.start(r);
          await finished;
        },
      },
      {
        name: `${inspects} inspect calls (activations + weights)`,
        ratioMeaning: 'worker / direct; the cost of a message round-trip',
        reference: async () => {
          if (!directJob) await prepare();
          for (let i = 0; i < inspects; i++) await direct.handle({ type: 'inspect', requestId: i, request: { jobId: directJob, input: [1, 2, 3, 4] } });
        },
        candidate: async () => {
          if (!workerJob) await prepare();
          for (let i = 0; i < inspects; i++) await service.inspect({ jobId: workerJob, input: [1, 2, 3, 4] });
        },
      },
    ],
    dispose: () => service.dispose(),
  };
}
