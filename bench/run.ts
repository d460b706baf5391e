/** `npm run bench`: every benchmark pair, each printed as a ratio against a reference timed in the same run. */
import { editorLatencyPairs } from './editor-latency.bench';
import { enginePairs } from './engine.bench';
import { runPair } from './harness';
import { lookInsideBenchmark } from './look-inside.bench';
import { trainingBenchmark } from './training.bench';
import { workerRoundTripPairs } from './worker-roundtrip.bench';

const failures: string[] = [];

/** Runs one group of benchmarks; a failing group is reported and the others still run. */
async function section(name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (e) {
    failures.push(name);
    console.error(`\n${name}: FAILED — ${(e as Error).stack ?? String(e)}\n`);
  }
}

async function main() {
  console.log(`CNN Studio benchmarks · Node ${process.version} · medians of alternating rounds\n`);
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
  await section('look inside', () => lookInsideBenchmark());
  if (failures.length) {
    console.error(`\n${failures.length} benchmark group(s) failed: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
