import { describe, expect, it } from 'vitest';
import type { TrainingEvent, TrainRequest } from './training-protocol';
import { TrainerClient, type WorkerHandlers } from './trainer-client';
import { starterGraph } from '../graph/starter-graph';

const request = (jobId: string): TrainRequest => ({
  jobId,
  graph: starterGraph(),
  datasetId: 'synthetic-linear',
  options: { epochs: 1, batchSize: 8, learningRate: 0.1, seed: 1 },
});

function fakeWorkers() {
  const spawned: { handlers: WorkerHandlers; posted: unknown[] }[] = [];
  const client = new TrainerClient((handlers) => {
    const record = { handlers, posted: [] as unknown[] };
    spawned.push(record);
    return { post: (c) => record.posted.push(c), terminate: () => undefined };
  });
  return { client, spawned };
}

describe('TrainerClient', () => {
  it('spawns the worker lazily and once', () => {
    const { client, spawned } = fakeWorkers();
    expect(spawned).toHaveLength(0);
    client.start(request('a'));
    client.start(request('b'));
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.posted).toHaveLength(2);
  });

  it('refuses to start a job id that is already running', () => {
    const { client } = fakeWorkers();
    client.start(request('a'));
    expect(() => client.start(request('a'))).toThrow('Job "a" is already running.');
  });

  it('turns a worker crash into an error for each running job and rejects pending inspects, then respawns', async () => {
    const { client, spawned } = fakeWorkers();
    const events: TrainingEvent[] = [];
    client.onEvent((e) => events.push(e));
    client.start(request('a'));
    const inspect = client.inspect({ jobId: 'a', input: [1, 2, 3, 4] });
    spawned[0]!.handlers.onCrash('The training worker crashed: out of memory');
    expect(events).toEqual([{ type: 'error', jobId: 'a', message: 'The training worker crashed: out of memory', workerLost: true }]);
    await expect(inspect).rejects.toThrow('out of memory');
    client.start(request('a'));
    expect(spawned).toHaveLength(2);
  });

  it('pairs inspect replies with their requests', async () => {
    const { client, spawned } = fakeWorkers();
    const first = client.inspect({ jobId: 'a', input: [] });
    const second = client.inspect({ jobId: 'b', input: [] });
    spawned[0]!.handlers.onReply({ type: 'inspect-failed', requestId: 2, message: 'No trained model for job "b"' });
    const result = { jobId: 'a', input: { nodeId: 'input', name: 'input', shape: [0], values: new Float32Array(0) }, activations: [], weights: [] };
    spawned[0]!.handlers.onReply({ type: 'inspected', requestId: 1, result });
    await expect(first).resolves.toEqual(result);
    await expect(second).rejects.toThrow('No trained model for job "b"');
  });

  it('a crash is reported once (an error, then the exit), and an idle worker dying is reported too', () => {
    const { client, spawned } = fakeWorkers();
    const events: TrainingEvent[] = [];
    client.onEvent((e) => events.push(e));
    client.start(request('a'));
    spawned[0]!.handlers.onCrash('The training worker crashed: boom');
    spawned[0]!.handlers.onCrash('The training worker stopped unexpectedly (exit code 1).');
    // A late reply from the dead worker is not news.
    spawned[0]!.handlers.onReply({ type: 'event', event: { type: 'done', jobId: 'a', reason: 'completed', stopped: false, finalLoss: 1 } });
    expect(events).toEqual([{ type: 'error', jobId: 'a', message: 'The training worker crashed: boom', workerLost: true }]);
    client.pause('a'); // no worker: nothing is spawned for a pause
    expect(spawned).toHaveLength(1);
    void client.inspect({ jobId: 'a', input: [] }).catch(() => undefined);
    spawned[1]!.handlers.onCrash('The training worker stopped unexpectedly (exit code 9).');
    expect(events.at(-1)).toEqual({ type: 'error', jobId: '', message: 'The training worker stopped unexpectedly (exit code 9).', workerLost: true });
  });

  it("a re-spawned worker gets the user's datasets again, so the next Train finds them", () => {
    const { client, spawned } = fakeWorkers();
    const split = { images: new Uint8Array(4), labels: new Uint8Array([0]), count: 1 };
    const dataset = { id: 'user:mine', name: 'mine', height: 2, width: 2, channels: 1, classNames: ['a'], train: split, test: split };
    client.registerDataset(dataset);
    client.start(request('a'));
    spawned[0]!.handlers.onCrash('The training worker crashed: boom');
    client.start({ ...request('b'), datasetId: 'user:mine' });
    expect(spawned).toHaveLength(2);
    expect(spawned[1]!.posted).toEqual([
      { type: 'register-dataset', dataset },
      { type: 'train', request: { ...request('b'), datasetId: 'user:mine' } },
    ]);
  });

  it('disposing ends the worker without reporting its exit as a crash', async () => {
    const { client, spawned } = fakeWorkers();
    const events: TrainingEvent[] = [];
    client.onEvent((e) => events.push(e));
    client.start(request('a'));
    await client.dispose();
    spawned[0]!.handlers.onCrash('The training worker stopped unexpectedly (exit code 1).');
    expect(events).toEqual([]);
  });
});
