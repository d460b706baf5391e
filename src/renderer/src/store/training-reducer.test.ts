import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../shared/api/training-protocol';
import { sequentialGraph } from '../../../shared/graph/build';
import { idleTraining, isTrainingActive, isTrainingBusy, reduceTraining, type TrainingContext, type TrainingSlice } from './training-reducer';

const graph = sequentialGraph([4], [{ type: 'Dense', params: { units: 1 } }]);
const context: TrainingContext = {
  setup: { datasetId: 'mnist', options: { epochs: 2, batchSize: 32, learningRate: 0.001, seed: 1 } },
  graph,
  now: () => '2026-12-03T10:00:00.000Z',
};
const starting: TrainingSlice = { training: { ...idleTraining, status: 'starting', jobId: 'j', graph }, runs: [], trained: null };
const run = (events: TrainingEvent[], from = starting) => events.reduce((s, e) => reduceTraining(s, e, context), from);

describe('reduceTraining', () => {
  it('follows a run from start to done: progress, epochs, the run record and the weights', () => {
    const end = run([
      { type: 'started', jobId: 'j', epochs: 2, batchesPerEpoch: 3, trainSamples: 90, backend: 'wasm', notes: ['n'], classNames: ['a', 'b'] },
      { type: 'batch', jobId: 'j', epoch: 0, batch: 1, loss: 0.5, losses: [0.7, 0.5], samplesPerSecond: 100 },
      { type: 'epoch', jobId: 'j', metrics: { epoch: 0, loss: 0.6, learningRate: 0.001 } },
      { type: 'evaluating', jobId: 'j', reason: 'completed', done: 10, total: 20 },
    ]);
    expect(end.training).toMatchObject({
      status: 'evaluating',
      backend: 'wasm',
      batchInEpoch: 2,
      batchLosses: [0.7, 0.5],
      classNames: ['a', 'b'],
      evaluated: { done: 10, total: 20 },
    });
    expect(isTrainingActive(end.training)).toBe(false);
    expect(isTrainingBusy(end.training)).toBe(true);
    const weights = [{ nodeId: 'dense', name: 'kernel', shape: [4, 1], values: new Float32Array(4) }];
    const done = reduceTraining(end, { type: 'done', jobId: 'j', reason: 'completed', stopped: false, finalLoss: 0.5, weights }, context);
    expect(done.training.status).toBe('done');
    expect(done.runs).toEqual([
      expect.objectContaining({
        id: 'j',
        datasetId: 'mnist',
        reason: 'completed',
        samplesPerSecond: 100,
        backend: 'wasm',
        startedAt: '2026-12-03T10:00:00.000Z',
      }),
    ]);
    expect(done.trained).toMatchObject({ runId: 'j', jobId: 'j', graph, weights });
    expect(done.trained!.stored).toHaveLength(1);
  });

  it('a skipped evaluation and a stop are said; a pause arriving after Stop does not undo "stopping"', () => {
    const stopping: TrainingSlice = { ...starting, training: { ...starting.training, status: 'stopping' } };
    expect(reduceTraining(stopping, { type: 'paused', jobId: 'j' }, context)).toBe(stopping);
    const done = reduceTraining(stopping, { type: 'done', jobId: 'j', reason: 'stopped', stopped: true, finalLoss: null, evaluationSkipped: true }, context);
    expect(done.training).toMatchObject({ status: 'stopped', evaluationSkipped: true });
    expect(done.trained).toBeNull();
  });

  it('a dead worker: the run says so and how to go on, the last trained weights stay, their model is rebuilt on demand', () => {
    const weights = [{ nodeId: 'dense', name: 'kernel', shape: [4, 1], values: new Float32Array([1, 2, 3, 4]) }];
    const trained = run([{ type: 'done', jobId: 'j', reason: 'completed', stopped: false, finalLoss: 0.5, weights }]).trained!;
    const second: TrainingSlice = { training: { ...idleTraining, status: 'running', jobId: 'k', graph }, runs: [], trained };
    const lost = reduceTraining(
      second,
      { type: 'error', jobId: 'k', message: 'The training worker stopped unexpectedly (exit code 7).', workerLost: true },
      context,
    );
    const told = 'The training worker stopped unexpectedly (exit code 7). The network and the last trained weights are kept: press Train to start again.';
    expect(lost).toMatchObject({ training: { status: 'error', error: told }, failure: told });
    expect(lost.trained).toEqual({ ...trained, jobId: null });
    expect(isTrainingBusy(lost.training)).toBe(false);
    // Idle when it died: nothing to report for a run, but the model it held is gone all the same.
    const idle = reduceTraining(
      { ...second, training: { ...second.training, status: 'done' } },
      { type: 'error', jobId: '', message: 'x', workerLost: true },
      context,
    );
    expect(idle.trained?.jobId).toBeNull();
    expect(idle.training.status).toBe('done');
    expect('failure' in idle).toBe(false);
  });

  it('a failure keeps the message for the notice; events of another job change nothing', () => {
    const failed = reduceTraining(starting, { type: 'error', jobId: 'j', message: 'The loss became NaN' }, context);
    expect(failed).toMatchObject({ training: { status: 'error', error: 'The loss became NaN' }, failure: 'The loss became NaN' });
    expect(reduceTraining(starting, { type: 'paused', jobId: 'other' }, context)).toBe(starting);
  });
});
