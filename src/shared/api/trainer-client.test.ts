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

  describe('a worker that dies without a word (the liveness check)', () => {
    /** A client whose watchdog runs on a hand-moved clock; `advance` fires the checks that fall due. */
    function watched(silenceLimitMs = 60_000) {
      let now = 0;
      let check: (() => void) | null = null;
      let period = 0;
      let terminated = 0;
      const spawned: { handlers: WorkerHandlers; posted: { type: string }[] }[] = [];
      const client = new TrainerClient(
        (handlers) => {
          const record = { handlers, posted: [] as { type: string }[] };
          spawned.push(record);
          return { post: (c) => record.posted.push(c), terminate: () => void terminated++ };
        },
        {
          silenceLimitMs,
          watchdog: {
            every: (ms, f) => {
              period = ms;
              check = f;
              return () => (check = null);
            },
            now: () => now,
          },
        },
      );
      const events: TrainingEvent[] = [];
      client.onEvent((e) => events.push(e));
      const advance = (ms: number) => {
        for (let t = 0; t < ms; t += period) {
          now += period;
          check?.();
        }
      };
      return { client, spawned, events, advance, terminated: () => terminated, watching: () => check !== null };
    }
    const batch = (jobId: string): TrainingEvent => ({ type: 'batch', jobId, epoch: 0, batch: 0, loss: 1, losses: [1], samplesPerSecond: 100 });

    it('a busy worker silent past the limit is pinged; no answer within the limit again → terminated and reported lost', () => {
      const { client, spawned, events, advance, terminated, watching } = watched();
      client.start(request('a'));
      advance(60_000);
      expect(spawned[0]!.posted.map((c) => c.type)).toEqual(['train']);
      advance(5_000);
      expect(spawned[0]!.posted.map((c) => c.type)).toEqual(['train', 'ping']);
      advance(55_000);
      expect(events).toEqual([]);
      advance(10_000);
      expect(terminated()).toBe(1);
      expect(watching()).toBe(false);
      expect(events).toEqual([
        {
          type: 'error',
          jobId: 'a',
          message: 'The training worker stopped responding (nothing for 130 s, and no answer to a check): it was stopped.',
          workerLost: true,
        },
      ]);
      // The next Train gets a new worker, watched again.
      client.start(request('b'));
      expect(spawned).toHaveLength(2);
      expect(watching()).toBe(true);
    });

    it('a worker that answers the ping (paused for an hour, or between slow batches) is left alone', () => {
      const { client, spawned, events, advance, terminated } = watched();
      client.start(request('a'));
      client.pause('a');
      let answered = 0;
      const pings = () => spawned[0]!.posted.filter((c) => c.type === 'ping').length;
      for (let minute = 0; minute < 60; minute++) {
        advance(60_000);
        // The worker answers each ping (within the minute it was sent in).
        if (pings() > answered) {
          answered = pings();
          spawned[0]!.handlers.onReply({ type: 'pong' });
        }
      }
      expect(spawned[0]!.posted.filter((c) => c.type === 'ping').length).toBeGreaterThan(10);
      expect(terminated()).toBe(0);
      expect(events).toEqual([]);
    });

    it('an idle worker is never pinged, and the limit grows with the longest silence the worker came back from', () => {
      const { client, spawned, events, advance, terminated } = watched(30_000);
      client.start(request('a'));
      // One step took 50 s (the worker was busy, not dead; a ping went unanswered meanwhile): from now on the limit is 200 s.
      advance(50_000);
      expect(spawned[0]!.posted.map((c) => c.type)).toEqual(['train', 'ping']);
      spawned[0]!.handlers.onReply({ type: 'event', event: batch('a') });
      advance(150_000);
      expect(spawned[0]!.posted.filter((c) => c.type === 'ping')).toHaveLength(1);
      spawned[0]!.handlers.onReply({ type: 'event', event: { type: 'done', jobId: 'a', reason: 'completed', stopped: false, finalLoss: 1 } });
      advance(3_600_000);
      expect(spawned[0]!.posted.map((c) => c.type)).toEqual(['train', 'ping']);
      expect(terminated()).toBe(0);
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
    });

    it('a request that is never answered fails with the reason', async () => {
      const { client, advance } = watched();
      const inspect = client.inspect({ jobId: 'a', input: [] });
      advance(200_000);
      await expect(inspect).rejects.toThrow('The training worker stopped responding');
    });
  });
});
