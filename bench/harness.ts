/**
 * A tiny benchmark harness: time a candidate and its reference in alternating rounds (so machine
 * noise hits both alike) and report medians and their ratio. Later benchmarks register here too.
 */
export interface Pair {
  name: string;
  /** What the ratio means, e.g. "worker / direct (lower is better, 1.0 = no overhead)". */
  ratioMeaning: string;
  reference: () => Promise<void>;
  candidate: () => Promise<void>;
  rounds?: number;
}

export interface PairResult {
  name: string;
  referenceMs: number;
  candidateMs: number;
  ratio: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function time(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function runPair(pair: Pair): Promise<PairResult> {
  const rounds = pair.rounds ?? 7;
  await pair.reference(); // warm-up: JIT, backend init, worker start
  await pair.candidate();
  const reference: number[] = [];
  const candidate: number[] = [];
  for (let i = 0; i < rounds; i++) {
    reference.push(await time(pair.reference));
    candidate.push(await time(pair.candidate));
  }
  const result = { name: pair.name, referenceMs: median(reference), candidateMs: median(candidate), ratio: median(candidate) / median(reference) };
  console.log(
    `${pair.name.padEnd(44)} reference ${result.referenceMs.toFixed(2).padStart(9)} ms   candidate ${result.candidateMs.toFixed(2).padStart(9)} ms   ratio ${result.ratio.toFixed(2)}  (${pair.ratioMeaning})`,
  );
  return result;
}
