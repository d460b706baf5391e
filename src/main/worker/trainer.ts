/** worker_threads entry: the shared trainer, wired to the parent port. Built as `out/main/trainer.js`. */
import { parentPort } from 'node:worker_threads';
import type { TrainerCommand } from '../../shared/api/training-protocol';
import { createTrainer } from '../../shared/training/trainer';
import { loadBundledDataset } from '../services/datasets';

const port = parentPort;
if (!port) throw new Error('trainer.js must run as a worker thread.');

const trainer = createTrainer({
  post: (reply, transfer) => port.postMessage(reply, transfer ?? []),
  loadImageDataset: loadBundledDataset,
});
port.on('message', (command: TrainerCommand) => void trainer.handle(command));
