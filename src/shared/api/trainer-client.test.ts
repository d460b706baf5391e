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
    expect(events).toEqual([{ type: 'error', jobId: 'a', message: 'The training worker crashed: out of memory' }]);
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
});
