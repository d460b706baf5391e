/**
 * Seeds and sizes for the fuzz and kill tests (test support only; no app code imports it). A fixed seed
 * by default, so every run checks the same cases; `FUZZ_SEED=random` (or a number) explores others, and
 * `FUZZ_SCALE=10` runs ten times as many. The seed in use is in every failure message.
 */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

export interface FuzzSettings {
  seed: number;
  /** `base` cases, times FUZZ_SCALE. */
  runs(base: number): number;
  /** fast-check parameters: the seed and `runs(base)` cases. */
  params(base: number): { seed: number; numRuns: number };
}

export function fuzzSettings(defaultSeed: number): FuzzSettings {
  const seed = env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(env.FUZZ_SEED) || defaultSeed;
  const scale = Number(env.FUZZ_SCALE) > 0 ? Number(env.FUZZ_SCALE) : 1;
  const runs = (base: number) => Math.max(1, Math.round(base * scale));
  return { seed, runs, params: (base) => ({ seed, numRuns: runs(base) }) };
}
