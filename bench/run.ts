/** `npm run bench`: every benchmark pair, each printed as a ratio against a reference timed in the same run. */
import { editorLatencyPairs } from './editor-latency.bench';
import { enginePairs } from './engine.bench';
import { runPair } from './harness';
import { trainingBenchmark } from './training.bench';
import { workerRoundTripPairs } from './worker-roundtrip.bench';

async function main() {
  console.log(`CNN Studio benchmarks · Node ${process.version} · medians of alternating rounds\n`);
  const roundTrip = workerRoundTripPairs();
  for (const pair of roundTrip.pairs) await runPair(pair);
  await roundTrip.dispose();
  for (const pair of enginePairs()) await runPair(pair);
  const editor = await editorLatencyPairs();
  if (editor) {
    for (const pair of editor.pairs) await runPair(pair);
    await editor.dispose();
  }
  await trainingBenchmark();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
