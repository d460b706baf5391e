/**
 * Test helper for `training-service.test.ts`: the real trainer worker, except that the first run whose
 * job id starts with `crash` (once per marker file, `CNN_STUDIO_CRASH_MARKER`) exits the thread with
 * code 7 after its second batch event, as a worker killed mid-run would.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { TrainerCommand, TrainerReply } from '../../shared/api/training-protocol';
import '../worker/trainer';

const port = parentPort!;
const marker = process.env.CNN_STUDIO_CRASH_MARKER;
let armed = false;
let batches = 0;
port.on('message', (command: TrainerCommand) => {
  if (command.type === 'train' && command.request.jobId.startsWith('crash') && marker && !existsSync(marker)) {
    writeFileSync(marker, command.request.jobId);
    armed = true;
  }
});
// The trainer looks `postMessage` up on every reply, so wrapping it here sees every event.
const post = port.postMessage.bind(port) as (reply: TrainerReply, transfer?: unknown) => void;
port.postMessage = ((reply: TrainerReply, transfer?: unknown) => {
  post(reply, transfer);
  if (armed && reply.type === 'event' && reply.event.type === 'batch' && ++batches === 2) process.exit(7);
}) as typeof port.postMessage;
