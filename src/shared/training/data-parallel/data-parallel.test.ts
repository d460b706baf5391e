// The pieces of data-parallel training that run on one thread: how a batch is shared out, the step
// channel's round trip, and an exchange that gives up (aborted by a party, or a party that never comes).
// The whole thing across real worker threads: src/main/worker/replicas-node.test.ts.
import { describe, expect, it } from 'vitest';
import { abortExchange, abortReasonOf, createExchangeBuffers, ExchangeAborted, joinExchange } from './exchange';
import { splitShares } from './replica-group';
import { createStepChannel, leaderEnd, replicaEnd, ReplicaStepFailed } from './step-channel';

describe('splitShares', () => {
  it('splits as evenly as it can, the first workers one longer, and pads with zero shares', () => {
    expect(splitShares(64, 2)).toEqual([32, 32]);
    expect(splitShares(65, 2)).toEqual([33, 32]);
    expect(splitShares(10, 4)).toEqual([3, 3, 2, 2]);
    expect(splitShares(1, 3)).toEqual([1, 0, 0]);
  });
});

describe('step channel', () => {
  it("carries a share's samples, share and learning rate to the replica, and its loss and accuracy back", () => {
    const channel = createStepChannel(4, { shape: [2, 2, 1], dtype: 'float32' }, { shape: [], dtype: 'int32' });
    const leader = leaderEnd(channel);
    const replica = replicaEnd(channel);
    leader.post(
      Float32Array.from({ length: 12 }, (_, i) => i / 2),
      Int32Array.from([7, 8, 9]),
      3,
      3,
      0.01,
    );
    const step = replica.next()!;
    expect([...step.xs]).toEqual(Array.from({ length: 12 }, (_, i) => i / 2));
    expect(step.ys).toBeInstanceOf(Int32Array);
    expect([...step.ys]).toEqual([7, 8, 9]);
    expect({ count: step.count, share: step.share, learningRate: step.learningRate }).toEqual({ count: 3, share: 3, learningRate: 0.01 });
    replica.answer({ loss: 0.5, accuracy: 0.75 });
    expect(leader.collect(() => '')).toEqual({ loss: 0.5, accuracy: 0.75 });
    // A second step; no accuracy this time (a regression model).
    leader.post(new Float32Array(4), new Int32Array(1), 1, 0, 0.02);
    expect(replica.next()!.share).toBe(0);
    replica.answer({ loss: 1.25 });
    expect(leader.collect(() => '')).toEqual({ loss: 1.25 });
  });

  it('a failed step reaches the leader with its reason; a stop ends the replica loop', () => {
    const channel = createStepChannel(1, { shape: [1], dtype: 'float32' }, { shape: [1], dtype: 'float32' });
    const leader = leaderEnd(channel);
    const replica = replicaEnd(channel);
    leader.post([1], [2], 1, 1, 0.1);
    replica.next();
    replica.answer({ failed: true });
    expect(() => leader.collect(() => 'out of memory')).toThrow(new ReplicaStepFailed('out of memory'));
    expect(() => leader.post([1, 2], [1, 2], 2, 2, 0.1)).toThrow(/exceeds the channel's 1/);
    leader.stop();
    expect(replica.next()).toBeNull();
  });

  it('a replica that never answers: the leader gives up after the timeout', () => {
    const channel = createStepChannel(1, { shape: [1], dtype: 'float32' }, { shape: [1], dtype: 'float32' });
    const leader = leaderEnd(channel, 30);
    leader.post([1], [2], 1, 1, 0.1);
    expect(() => leader.collect(() => '')).toThrow(/did not answer/);
  });
});

describe('gradient exchange', () => {
  it('alone, a party gets its own gradients back', () => {
    const party = joinExchange(createExchangeBuffers(1, 3), 0);
    expect([...party.exchange(Float32Array.from([1, -2, 0.5]), 8)]).toEqual([1, -2, 0.5]);
    expect(party.steps).toBe(1);
  });

  it('gives up with the reason a party wrote, or after the timeout when a party never comes', () => {
    const aborted = createExchangeBuffers(2, 1);
    abortExchange(aborted, 'replica 1: WebAssembly.Memory(): could not allocate memory');
    expect(abortReasonOf(aborted)).toBe('replica 1: WebAssembly.Memory(): could not allocate memory');
    expect(() => joinExchange(aborted, 0).exchange(new Float32Array(1), 1)).toThrow(
      new ExchangeAborted('replica 1: WebAssembly.Memory(): could not allocate memory'),
    );

    const silent = createExchangeBuffers(2, 1);
    expect(abortReasonOf(silent)).toBe('');
    expect(() => joinExchange(silent, 0, 30).exchange(new Float32Array(1), 1)).toThrow('data-parallel worker 2 of 2 did not answer for 0 s');
    // The other parties learn it too.
    expect(abortReasonOf(silent)).toMatch(/worker 2 of 2 did not answer/);
  });

  it('refuses gradients of the wrong size', () => {
    expect(() => joinExchange(createExchangeBuffers(1, 3), 0).exchange(new Float32Array(2), 1)).toThrow(/does not match/);
  });
});
