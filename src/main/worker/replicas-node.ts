/** How the Node trainer starts data-parallel replicas: worker threads running `replica.ts` (`out/main/replica.js` when built). */
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReplicaHost, ReplicaPort } from '../../shared/training/data-parallel/protocol';

/** `entryDir`: the folder of the worker entries (the built trainer passes its own, `out/main`: this module is bundled elsewhere). */
export function nodeReplicaHost(cores = os.availableParallelism(), entryDir = __dirname): ReplicaHost {
  const fromSource = __filename.endsWith('.ts');
  return {
    cores,
    start(): ReplicaPort {
      const worker = new Worker(join(entryDir, fromSource ? 'replica.ts' : 'replica.js'), { execArgv: fromSource ? ['--require', 'tsx/cjs'] : [] });
      // An idle replica must not keep the process alive.
      worker.unref();
      return {
        post: (command, transfer) => worker.postMessage(command, transfer ?? []),
        onReply: (listener) => void worker.on('message', listener),
        onFailure: (listener) => {
          worker.on('error', (e) => listener(e.message));
          worker.on('exit', (code) => code !== 0 && listener(`its thread exited with code ${code}`));
        },
        terminate: () => void worker.terminate(),
      };
    },
  };
}
