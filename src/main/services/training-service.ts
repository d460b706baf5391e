/**
 * The main process's trainer: a `TrainerClient` over a worker_threads worker. Electron-free, so tests
 * run it under plain Node (pointing `workerPath` at the `.ts` source with a TS loader in `execArgv`).
 */
import { Worker } from 'node:worker_threads';
import { TrainerClient } from '../../shared/api/trainer-client';
import type { TrainerReply } from '../../shared/api/training-protocol';

export interface TrainingServiceOptions {
  /** Path of the built worker script (`out/main/trainer.js`) or of its source with a loader. */
  workerPath: string;
  execArgv?: string[];
}

export class TrainingService extends TrainerClient {
  constructor(options: TrainingServiceOptions) {
    super(({ onReply, onCrash }) => {
      const worker = new Worker(options.workerPath, options.execArgv ? { execArgv: options.execArgv } : {});
      worker.on('message', (reply: TrainerReply) => onReply(reply));
      worker.on('error', (error) => onCrash(`The training worker crashed: ${error.message}`));
      worker.on('exit', (code) => {
        if (code !== 0) onCrash(`The training worker stopped unexpectedly (exit code ${code}).`);
      });
      return { post: (command) => worker.postMessage(command), terminate: () => worker.terminate() };
    });
  }
}
