/**
 * The machine's core count, read once per bench run: on this VM `os.cpus()` once listed 4 processors
 * in one row and 2 in another of the same run, so every row that names cores uses this one reading
 * (`availableParallelism`: the CPUs this process may run on).
 */
import { availableParallelism } from 'node:os';

export const BENCH_CORES = availableParallelism();
