/** `npm run bench`: every benchmark pair, each printed as a ratio against a reference timed in the same run. */
import { enginePairs } from './engine.bench';
import { runPair } from './harness';
import { workerRoundTripPairs } from './worker-roundtrip.bench';

async function main() {
  console.log(`CNN Studio benchmarks · Node ${process.version} · medians of alternating rounds\n`);
  const roundTrip = workerRoundTripPairs();
  for (const pair of roundTrip.pairs) await runPair(pair);
  await roundTrip.dispose();
  for (const pair of enginePairs()) await runPair(pair);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
