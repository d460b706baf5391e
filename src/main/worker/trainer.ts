/** worker_threads entry: the shared trainer, wired to the parent port. Built as `out/main/trainer.js`. */
import { parentPort } from 'node:worker_threads';
import type { TrainerCommand } from '../../shared/api/training-protocol';
import { createTrainer } from '../../shared/training/trainer';
import { createWorkerEnvBackend } from '../../shared/training/backend';
import { loadBundledDataset } from '../services/datasets';
import { installWasmThreadsForNode, kernelHelperThreads, nodeWasmPaths } from './wasm-node';
import { nodeReplicaHost } from './replicas-node';

const port = parentPort;
if (!port) throw new Error('trainer.js must run as a worker thread.');

const trainer = createTrainer({
  post: (reply, transfer) => port.postMessage(reply, transfer ?? []),
  loadImageDataset: loadBundledDataset,
  // wasm with the convolution gradients rebuilt on XNNPACK (~180× the stock cpu backend, bench/training.bench.ts),
  // multithreaded where it can start (a watchdog falls back to one thread if a threaded start hangs);
  // the SIMD filter gradient splits its work over every core.
  ...createWorkerEnvBackend({
    preferred: 'wasm',
    wasmPaths: nodeWasmPaths(),
    threads: installWasmThreadsForNode(),
    kernelThreads: kernelHelperThreads(undefined, __dirname),
  }),
  // Runs asking for more than one worker split each batch over replicas in further worker threads. The
  // helper and replica entries lie beside this file (`out/main/` when built): the spawners are bundled into a chunk.
  replicaHost: nodeReplicaHost(undefined, __dirname),
});
port.on('message', (command: TrainerCommand) => void trainer.handle(command));
