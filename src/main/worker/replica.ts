/** worker_threads entry of a data-parallel replica (built as `out/main/replica.js`): one single-threaded wasm engine. */
import { parentPort } from 'node:worker_threads';
import type { ReplicaCommand } from '../../shared/training/data-parallel/protocol';
import { createReplica } from '../../shared/training/data-parallel/replica';
import { initTrainingBackend } from '../../shared/training/backend';
import { nodeWasmPaths } from './wasm-node';

const port = parentPort;
if (!port) throw new Error('replica.js must run as a worker thread.');

const replica = createReplica({
  post: (reply) => port.postMessage(reply),
  initBackend: () => initTrainingBackend({ preferred: 'wasm', wasmPaths: nodeWasmPaths(), threads: false }),
  close: () => port.close(),
});
port.on('message', (command: ReplicaCommand) => void replica.handle(command));
