/** `npm run bench`: every benchmark pair, each printed as a ratio against a reference timed in the same run. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { BENCH_CORES } from './machine';
import { mnistEpochBenchmark } from './mnist-epoch.bench';
import { editorLatencyPairs } from './editor-latency.bench';
import { enginePairs } from './engine.bench';
import { runPair } from './harness';
import { lookInsideBenchmark } from './look-inside.bench';
import { trainingBenchmark } from './training.bench';
import { workerRoundTripPairs } from './worker-roundtrip.bench';

const failures: string[] = [];

/** BENCH_ONLY=training (comma-separated, matched against the start of each section's name): only those sections run. */
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim().toLowerCase())
  .filter(Boolean);

/** Runs one group of benchmarks; a failing group is reported and the others still run. */
async function section(name: string, run: () => Promise<void>) {
  if (only.length && !only.some((o) => name.startsWith(o))) return;
  try {
    await run();
  } catch (e) {
    failures.push(name);
    console.error(`\n${name}: FAILED — ${(e as Error).stack ?? String(e)}\n`);
  }
}

/** The CPU and its vector units: which ceiling a ratio against PyTorch meets (AVX-512 kernels vs wasm's 128-bit SIMD). */
function cpuLine(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? 'unknown CPU';
    const flags = new Set((/flags\s*:\s*(.+)/.exec(info)?.[1] ?? '').split(/\s+/));
    const vectors = ['sse4_2', 'avx2', 'fma', 'avx512f', 'avx512_vnni'].filter((f) => flags.has(f));
    return `${model} · ${BENCH_CORES} cores · ${vectors.join(' ') || 'no SIMD flags read'}${flags.has('avx512f') ? '' : ' (no AVX-512)'}`;
  } catch {
    return `${cpus()[0]?.model ?? 'unknown CPU'} · ${BENCH_CORES} cores`;
  }
}

async function main() {
  console.log(`CNN Studio benchmarks · Node ${process.version} · medians of alternating rounds`);
  console.log(`${cpuLine()}\n`);
  await section('worker round trip', async () => {
    const roundTrip = workerRoundTripPairs();
    try {
      for (const pair of roundTrip.pairs) await runPair(pair);
    } finally {
      await roundTrip.dispose();
    }
  });
  await section('engine', async () => {
    for (const pair of enginePairs()) await runPair(pair);
  });
  await section('editor latency', async () => {
    const editor = await editorLatencyPairs();
    if (editor) {
      try {
        for (const pair of editor.pairs) await runPair(pair);
      } finally {
        await editor.dispose();
      }
    }
  });
  await section('training', () => trainingBenchmark());
  await section('mnist epoch', () => mnistEpochBenchmark());
  await section('look inside', () => lookInsideBenchmark());
  if (failures.length) {
    console.error(`\n${failures.length} benchmark group(s) failed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

main().then(
  // Every group has disposed of its workers and servers; a handle still open somewhere (a wasm helper
  // thread parked on its heap) must not keep `npm run bench` from returning once everything is printed.
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
