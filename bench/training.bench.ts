/**
 * Training throughput: the app's tfjs backends against PyTorch on this machine, in the same run.
 *
 * Models A (small) and B (the course's Fashion-MNIST CNN) — bench/training-models.ts — batch 64, Adam,
 * categorical cross-entropy, random 28×28×1 data. Each tfjs engine runs in its own worker_threads worker
 * started like the app's trainer worker (initTrainingBackend; `trainOnBatch` steps, as the trainer's
 * loop does): wasm single-threaded, wasm with 2 threads, and the stock `cpu` backend (model A only:
 * one step of model B takes it about 18 minutes). PyTorch runs bench/training_reference.py --serve
 * under /usr/bin/python3 (torch.set_num_threads(2)). Rounds of all engines alternate, so machine noise
 * hits them alike; figures are medians after warm-up.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { TrainingWorkerData, TrainingWorkerReply, TrainingWorkerRequest } from './training.worker';
import { BENCH_CORES } from './machine';
import { BATCH, type BenchModel } from './training-models';
import { PHASES, type Phase, type StepProfile } from './training-profile';

const PYTHON = '/usr/bin/python3';

/** Training arithmetic per sample (forward + both gradients of every conv and dense layer). */
const TRAINING_FLOP_PER_SAMPLE: Record<BenchModel, number> = { A: 1.74e6, B: 537e6 };

interface Engine {
  label: string;
  /** Steps per timed round, per model; absent: the engine skips that model. */
  steps: Partial<Record<BenchModel, number>>;
  run(model: BenchModel, steps: number): Promise<number>;
  dispose(): Promise<void> | void;
  /** Kernel-by-kernel profile of `steps` steps (tfjs engines only). */
  profile?(model: BenchModel, steps: number): Promise<StepProfile>;
  /** A line shown under the table (backend notes, why it was skipped). */
  note?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function tfjsEngine(label: string, data: TrainingWorkerData, steps: Engine['steps']): Promise<Engine> {
  const worker = new Worker(resolve(__dirname, 'training.worker.ts'), { workerData: data, execArgv: ['--require', 'tsx/cjs'] });
  const replies: ((reply: TrainingWorkerReply) => void)[] = [];
  worker.on('message', (reply: TrainingWorkerReply) => replies.shift()?.(reply));
  const next = () => new Promise<TrainingWorkerReply>((done) => replies.push(done));
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`${label}: ${ready.type === 'error' ? ready.message : 'no ready message'}`);
  const notes = [...ready.notes];
  if (ready.backend !== data.engine) notes.unshift(`ran on ${ready.backend}`);
  return {
    label: `${label}${data.engine !== 'wasm' ? '' : (data.workers ?? 1) > 1 ? ` (${data.workers} workers, data-parallel)` : ` (${ready.threads} thread${ready.threads === 1 ? '' : 's'})`}`,
    steps,
    note: notes.length ? `${label}: ${notes.join(' ')}` : undefined,
    async run(model, n) {
      const answer = next();
      worker.postMessage({ model, steps: n } satisfies TrainingWorkerRequest);
      const reply = await answer;
      if (reply.type !== 'done') throw new Error(`${label}, model ${model}: ${reply.type === 'error' ? reply.message : 'unexpected reply'}`);
      return reply.ms;
    },
    async profile(model, n) {
      const answer = next();
      worker.postMessage({ model, steps: n, profile: true } satisfies TrainingWorkerRequest);
      const reply = await answer;
      if (reply.type !== 'profile') throw new Error(`${label}, model ${model} profile: ${reply.type === 'error' ? reply.message : 'unexpected reply'}`);
      return reply.profile;
    },
    dispose: () => worker.terminate().then(() => undefined),
  };
}

/** PyTorch behind a line protocol, or the reason it cannot run. */
async function pytorchEngine(steps: Engine['steps']): Promise<Engine | string> {
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn(PYTHON, [resolve(__dirname, 'training_reference.py'), '--serve']);
  } catch (e) {
    return `PyTorch not installed: skipped (${(e as Error).message})`;
  }
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<null>((done) => {
    child.on('error', () => done(null));
    child.on('close', () => done(null));
  });
  const next = () => Promise.race([new Promise<string | null>((done) => waiting.push(done)), closed]);
  const first = await next();
  if (!first) {
    const why = stderr.trim().split('\n').pop() ?? '';
    return why.startsWith('PyTorch not installed') || !why ? 'PyTorch not installed: skipped' : `PyTorch not installed: skipped (${why})`;
  }
  const hello = JSON.parse(first) as { threads: number; torch: string };
  return {
    label: `PyTorch ${hello.torch} (${hello.threads} threads)`,
    steps,
    async run(model, n) {
      const answer = next();
      child.stdin.write(`${model} ${n}\n`);
      const line = await answer;
      if (!line) throw new Error(`PyTorch stopped: ${stderr.trim()}`);
      return (JSON.parse(line) as { seconds: number }).seconds * 1000;
    },
    dispose: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

const format = (samplesPerSecond: number | undefined) =>
  samplesPerSecond === undefined
    ? '—'
    : samplesPerSecond >= 100
      ? Math.round(samplesPerSecond).toLocaleString('en-US')
      : samplesPerSecond.toFixed(samplesPerSecond >= 10 ? 1 : 2);

export async function trainingBenchmark(options: { roundsA?: number; roundsB?: number } = {}): Promise<void> {
  const rounds: Record<BenchModel, number> = { A: options.roundsA ?? 5, B: options.roundsB ?? 4 };
  console.log('\nTraining throughput: batch 64, Adam, 28×28×1 → 10 classes, random data; samples/s, medians of alternating rounds after warm-up');
  const engines: Engine[] = [];
  const skipped: string[] = [];
  try {
    engines.push(await tfjsEngine('tfjs wasm', { engine: 'wasm', threads: false }, { A: 24, B: 2 }));
    engines.push(await tfjsEngine('tfjs wasm', { engine: 'wasm', threads: true }, { A: 24, B: 2 }));
    // A run with `workers` = the cores: each a single-threaded wasm engine training on a share of every batch.
    if (BENCH_CORES > 1) engines.push(await tfjsEngine('tfjs wasm', { engine: 'wasm', threads: false, workers: BENCH_CORES }, { A: 24, B: 2 }));
    // Stock cpu backend: model A only, one step per round.
    engines.push(await tfjsEngine('tfjs cpu (stock)', { engine: 'cpu', threads: false }, { A: 1 }));
    const pytorch = await pytorchEngine({ A: 24, B: 2 });
    if (typeof pytorch === 'string') skipped.push(pytorch);
    else engines.push(pytorch);

    const results = new Map<Engine, Partial<Record<BenchModel, number>>>();
    // BENCH_MODELS=A: model A only (quick runs while working on per-step overhead).
    const models = (['A', 'B'] as const).filter((m) => !process.env.BENCH_MODELS || process.env.BENCH_MODELS.toUpperCase().includes(m));
    for (const model of models) {
      const taking = engines.filter((e) => e.steps[model]);
      for (const engine of taking) await engine.run(model, Math.max(2, engine.steps[model]! >> 1)); // warm-up
      const times = new Map<Engine, number[]>(taking.map((e) => [e, []]));
      // The cpu backend takes seconds per step: it joins fewer rounds.
      for (let r = 0; r < rounds[model]; r++) {
        for (const engine of taking) {
          if (engine.steps[model] === 1 && r >= 3) continue;
          times.get(engine)!.push(await engine.run(model, engine.steps[model]!));
        }
      }
      for (const engine of taking) {
        const ms = median(times.get(engine)!);
        results.set(engine, { ...results.get(engine), [model]: (engine.steps[model]! * BATCH * 1000) / ms });
      }
    }

    const width = Math.max(...engines.map((e) => `ratio ${e.label} / PyTorch`.length), 40) + 2;
    console.log(`${'engine'.padEnd(width)}${'model A'.padStart(10)}${'model B'.padStart(10)}`);
    for (const engine of engines) {
      const r = results.get(engine) ?? {};
      const b = engine.steps.B ? format(r.B) : 'skipped';
      console.log(`${engine.label.padEnd(width)}${format(r.A).padStart(10)}${b.padStart(10)}`);
    }
    const torch = engines.find((e) => e.label.startsWith('PyTorch'));
    if (torch) {
      for (const engine of engines.filter((e) => e.label.startsWith('tfjs wasm'))) {
        const ratio = (m: BenchModel) => {
          const ours = results.get(engine)?.[m];
          const theirs = results.get(torch)?.[m];
          return ours && theirs ? (ours / theirs).toFixed(2) : '—';
        };
        console.log(
          `${`ratio ${engine.label} / PyTorch`.padEnd(width)}${ratio('A').padStart(10)}${ratio('B').padStart(10)}   (higher is better; 1.0 = as fast as PyTorch)`,
        );
      }
      const wasm = engines.filter((e) => e.label.startsWith('tfjs wasm'));
      const best = (m: BenchModel) => {
        const ours = Math.max(...wasm.map((e) => results.get(e)?.[m] ?? 0));
        const theirs = results.get(torch)?.[m];
        return ours && theirs ? (ours / theirs).toFixed(2) : '—';
      };
      console.log(
        `${'ratio best tfjs engine / PyTorch'.padEnd(width)}${best('A').padStart(10)}${best('B').padStart(10)}   (the issue's figure: the fastest wasm row per model)`,
      );
      const cpu = engines.find((e) => e.label.startsWith('tfjs cpu'));
      const wasm1 = engines[0]!;
      const a = (e: Engine) => results.get(e)?.A;
      if (cpu && a(cpu) && a(wasm1)) console.log(`${'ratio tfjs wasm (1 thread) / tfjs cpu'.padEnd(width)}${(a(wasm1)! / a(cpu)!).toFixed(0).padStart(10)}`);
    }
    // Arithmetic rate: wasm SIMD is 128 bits wide whatever the CPU, while PyTorch uses the CPU's own
    // vectors (AVX-512 on this machine: 4× the lanes), which caps the model B ratio (README, "Speed").
    const gflops = (e: Engine, m: BenchModel) => {
      const rate = results.get(e)?.[m];
      return rate ? ((rate * TRAINING_FLOP_PER_SAMPLE[m]) / 1e9).toFixed(1) : '—';
    };
    for (const engine of engines.filter((e) => e.steps.B))
      console.log(`${`GFLOP/s ${engine.label}`.padEnd(width)}${gflops(engine, 'A').padStart(10)}${gflops(engine, 'B').padStart(10)}`);
    console.log(simdPeakLine());
    console.log('tfjs cpu (stock), model B: skipped (about 0.06 samples/s: one step takes about 18 minutes)');
    for (const line of [...skipped, ...engines.flatMap((e) => (e.note ? [e.note] : []))]) console.log(line);
    // Where model A's step goes, on the first engine (after the timed rounds: the timers cost a little).
    const profiled = engines[0];
    if (profiled?.profile) printProfile(profiled.label, await profiled.profile('A', 24));
  } finally {
    await Promise.all(engines.map((e) => e.dispose()));
  }
}

/** The CPU clock in GHz from /proc/cpuinfo (the first `cpu MHz`), else os.cpus(); undefined when unknown. */
function cpuGhz(): number | undefined {
  try {
    const mhz = /^cpu MHz\s*:\s*([\d.]+)/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (mhz) return Number(mhz) / 1000;
  } catch {
    // not Linux: fall through
  }
  const speed = cpus()[0]?.speed;
  return speed ? speed / 1000 : undefined;
}

/**
 * wasm's arithmetic ceiling: 128-bit SIMD is 4 float lanes whatever the CPU, at most one multiply-add
 * (2 FLOP) per lane per cycle; PyTorch's AVX2/AVX-512 kernels have 8 or 16 lanes.
 */
function simdPeakLine(): string {
  const ghz = cpuGhz();
  const cores = BENCH_CORES;
  if (!ghz) return 'wasm 128-bit SIMD peak: CPU clock unknown';
  const perCore = ghz * 4 * 2;
  return `wasm 128-bit SIMD peak: ${cores} cores × ${ghz.toFixed(2)} GHz × 4 lanes × 2 (FMA) = ${(perCore * cores).toFixed(1)} GFLOP/s (${perCore.toFixed(1)} per thread); AVX2 has 2×, AVX-512 4× the lanes`;
}

const PHASE_LABEL: Record<Phase, string> = {
  input: 'input checks (standardizeUserData)',
  forward: 'forward + loss',
  backward: 'backward (gradients)',
  optimizer: 'optimizer update (Adam)',
  rest: 'loss read-back, dispose, the rest',
};

export function printProfile(label: string, p: StepProfile): void {
  const kernelCount = p.kernels.reduce((n, k) => n + k.count, 0);
  const kernelMs = p.kernels.reduce((n, k) => n + k.ms, 0);
  console.log(
    `\nModel A, one training step on ${label}, profiled over ${p.steps} steps: ${p.stepMs.toFixed(2)} ms per step, ` +
      `${Math.round(kernelCount)} kernels (${kernelMs.toFixed(2)} ms), outside kernels ${(p.stepMs - kernelMs).toFixed(2)} ms`,
  );
  console.log(`${'kernel'.padEnd(34)}${'per step'.padStart(10)}${'ms/step'.padStart(10)}${'µs each'.padStart(10)}`);
  for (const k of p.kernels.filter((k) => k.ms >= 0.005 * p.stepMs))
    console.log(`${k.name.padEnd(34)}${k.count.toFixed(0).padStart(10)}${k.ms.toFixed(3).padStart(10)}${((k.ms / k.count) * 1000).toFixed(0).padStart(10)}`);
  const small = p.kernels.filter((k) => k.ms < 0.005 * p.stepMs);
  if (small.length)
    console.log(
      `${`${small.length} other kernels`.padEnd(34)}${small
        .reduce((n, k) => n + k.count, 0)
        .toFixed(0)
        .padStart(10)}${small
        .reduce((n, k) => n + k.ms, 0)
        .toFixed(3)
        .padStart(10)}`,
    );
  console.log(`${'phase'.padEnd(34)}${'ms/step'.padStart(10)}${'kernels'.padStart(10)}${'in kernels'.padStart(12)}${'outside'.padStart(10)}`);
  for (const name of PHASES) {
    const ph = p.phases[name];
    console.log(
      `${PHASE_LABEL[name].padEnd(34)}${ph.ms.toFixed(2).padStart(10)}${ph.count.toFixed(0).padStart(10)}${ph.kernelMs.toFixed(2).padStart(12)}${(ph.ms - ph.kernelMs).toFixed(2).padStart(10)}`,
    );
  }
  console.log(`${'tidy/dispose (within the phases)'.padEnd(34)}${p.tidyMs.toFixed(2).padStart(10)}`);
  console.log(
    `${'data feeding (not in the step)'.padEnd(34)}${p.feedMs.toFixed(2).padStart(10)}   (one batch's tensors from typed arrays, as data-pipeline.ts does)`,
  );
}
