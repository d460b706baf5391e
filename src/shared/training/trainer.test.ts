// The trainer in-process, on a tiny synthetic image set (8×8 gray: a bright left half = class 0,
// a bright right half = class 1), so every fault and control is tested in well under a second each.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import type { TrainerReply, TrainingEvent, TrainingOptionsInput, TrainRequest } from '../api/training-protocol';
import type { ImageDataset } from '../data/image-dataset';
import { halves } from '../data/halves';
import { sequentialGraph, type LayerDef } from '../graph/build';
import { createTrainer } from './trainer';

const dataset: ImageDataset = {
  id: 'halves',
  name: 'Halves',
  height: 8,
  width: 8,
  channels: 1,
  classNames: ['left', 'right'],
  train: halves(256, 1),
  test: halves(64, 2),
};

const smallCnn: LayerDef[] = [
  { type: 'Conv2D', params: { filters: 4, kernel_size: [3, 3], padding: 'same', activation: 'relu' } },
  { type: 'MaxPooling2D' },
  { type: 'Flatten' },
  { type: 'Dense', params: { units: 2, activation: 'softmax' } },
];

/** A run of the small CNN on the halves (epochs 2, batch 16, lr 0.01, seed 3 unless `options` says otherwise). */
const trainRequest = (jobId: string, options: Partial<TrainingOptionsInput> = {}, datasetId = 'halves'): TrainRequest => ({
  jobId,
  graph: sequentialGraph([8, 8, 1], smallCnn),
  datasetId,
  options: { epochs: 2, batchSize: 16, learningRate: 0.01, seed: 3, ...options },
});

function setup() {
  const events: TrainingEvent[] = [];
  const trainer = createTrainer({
    post: (reply: TrainerReply) => {
      if (reply.type === 'event') events.push(reply.event);
    },
    loadImageDataset: async (id, limits) => {
      if (id !== 'halves') throw new Error(`no dataset ${id}`);
      return limits?.trainLimit ? { ...dataset, train: { ...dataset.train, count: Math.min(limits.trainLimit, dataset.train.count) } } : dataset;
    },
  });
  const train = (options: Partial<TrainingOptionsInput> = {}, layers = smallCnn, jobId = 'job') => {
    const request: TrainRequest = {
      jobId,
      graph: sequentialGraph([8, 8, 1], layers),
      datasetId: 'halves',
      options: { epochs: 2, batchSize: 16, learningRate: 0.01, seed: 3, ...options },
    };
    return trainer.handle({ type: 'train', request });
  };
  return { events, trainer, train, last: () => events.at(-1)! };
}

const lossesOf = (events: TrainingEvent[]) => events.flatMap((e) => (e.type === 'batch' ? e.losses : []));

describe('trainer (image classification)', () => {
  it('a run asking for several workers on a host without replicas trains in one and says so', async () => {
    const { events, train, last } = setup();
    await train({ workers: 2 });
    expect(events[0]).toMatchObject({
      type: 'started',
      notes: expect.arrayContaining(['Trained in one worker: this host cannot start data-parallel workers (the desktop app can).']),
    });
    expect(last()).toMatchObject({ type: 'done', reason: 'completed' });
  });

  it('learns, reports epochs, and evaluates the test set with a confusion matrix', async () => {
    const { events, train, last } = setup();
    await train({ epochs: 4 });
    expect(events[0]).toMatchObject({
      type: 'started',
      batchesPerEpoch: 16,
      trainSamples: 256,
      notes: [expect.stringContaining('Halves 8×8×1 → Input 8×8×1: pixels × 1/255')],
    });
    const done = last();
    expect(done).toMatchObject({ type: 'done', reason: 'completed' });
    if (done.type !== 'done') return;
    const evaluation = done.evaluation!;
    expect(evaluation.testAccuracy).toBeGreaterThan(0.95);
    expect(evaluation.confusion.flat().reduce((a, b) => a + b)).toBe(64);
    expect(evaluation.classNames).toEqual(['left', 'right']);
    expect(evaluation.images.length).toBe(64 * 64);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(4);
  });

  it('is reproducible: the same seed gives the same loss curve, another seed does not', async () => {
    const a = setup();
    await a.train({ seed: 11 });
    const b = setup();
    await b.train({ seed: 11 });
    const c = setup();
    await c.train({ seed: 12 });
    expect(lossesOf(a.events)).toEqual(lossesOf(b.events));
    expect(lossesOf(a.events)).not.toEqual(lossesOf(c.events));
  });

  it('stops with an explanation when the loss becomes NaN or infinite', async () => {
    const { trainer, events } = setup();
    // Linear regression with plain SGD at lr 10 overshoots further every step until it overflows.
    const graph = sequentialGraph([4], [{ type: 'Dense', params: { units: 1 } }]);
    await trainer.handle({
      type: 'train',
      request: {
        jobId: 'nan',
        graph,
        datasetId: 'synthetic-linear',
        options: { epochs: 50, batchSize: 32, learningRate: 10, seed: 1, optimizer: 'sgd', loss: 'meanSquaredError' },
      },
    });
    const event = events.at(-1)!;
    expect(event.type).toBe('error');
    if (event.type === 'error')
      expect(event.message).toMatch(/^The loss became (NaN|infinite) at epoch \d+, batch \d+: training diverged\. Lower the learning rate \(try 1\.0\)/);
  });

  it('refuses a model too big for the memory limit before it starts, with the estimate', async () => {
    const { events, train } = setup();
    await train({ memoryLimitBytes: 1000 });
    expect(events).toEqual([
      expect.objectContaining({ type: 'error', message: expect.stringMatching(/^Training this network needs about .* more than the 1000 B allowed/) }),
    ]);
  });

  it('refuses a dilated convolution with the reason', async () => {
    const { last, train } = setup();
    await train({}, [
      { type: 'Conv2D', params: { filters: 2, dilation_rate: [2, 2] } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]);
    expect(last()).toMatchObject({ type: 'error', message: expect.stringContaining('no gradient for dilated convolutions') });
  });

  it('trains through UpSampling2D (nearest and bilinear), built by tfjs from the exported Keras JSON', async () => {
    const { events, last, train } = setup();
    await train({ epochs: 1 }, [
      { type: 'UpSampling2D' },
      { type: 'Conv2D', params: { filters: 2, kernel_size: [3, 3], strides: [2, 2], activation: 'relu' } },
      { type: 'UpSampling2D', params: { size: [1, 2], interpolation: 'bilinear' } },
      ...smallCnn.slice(1),
    ]);
    expect(last()).toMatchObject({ type: 'done', reason: 'completed' });
    expect(lossesOf(events).every((l) => Number.isFinite(l))).toBe(true);
  });

  it('trains through PReLU (α per channel), ELU, LayerNormalization, GaussianNoise and GaussianDropout', async () => {
    const { events, last, train } = setup();
    await train({ epochs: 1 }, [
      { type: 'Conv2D', params: { filters: 2, kernel_size: [3, 3], strides: [2, 2] } },
      { type: 'PReLU', params: { shared_axes: [1, 2] } },
      { type: 'ELU' },
      { type: 'LayerNormalization' },
      { type: 'GaussianNoise', params: { stddev: 0.1 } },
      { type: 'GaussianDropout', params: { rate: 0.1 } },
      ...smallCnn.slice(1),
    ]);
    expect(last()).toMatchObject({ type: 'done', reason: 'completed' });
    expect(lossesOf(events).every((l) => Number.isFinite(l))).toBe(true);
  });

  it('Stop while paused ends training at once, evaluates with progress, and keeps the weights', async () => {
    const { events, trainer, train, last } = setup();
    const running = train({ epochs: 3 });
    await new Promise((r) => setTimeout(r, 5));
    await trainer.handle({ type: 'pause', jobId: 'job' });
    const lossesAtPause = lossesOf(events).length;
    await trainer.handle({ type: 'stop', jobId: 'job' });
    await running;
    expect(lossesOf(events).length).toBeLessThanOrEqual(lossesAtPause + 1);
    const evaluating = events.filter((e) => e.type === 'evaluating');
    expect(evaluating[0]).toMatchObject({ type: 'evaluating', reason: 'stopped', done: 0, total: 64 });
    expect(evaluating.at(-1)).toMatchObject({ done: 64, total: 64 });
    // The partial epoch keeps its training loss; its validation is skipped.
    const epochs = events.filter((e) => e.type === 'epoch');
    const lastEpoch = epochs.at(-1);
    if (lastEpoch?.type === 'epoch') expect(lastEpoch.metrics.valLoss).toBeUndefined();
    expect(last()).toMatchObject({ type: 'done', reason: 'stopped', stopped: true, evaluation: { testAccuracy: expect.any(Number) } });
    if (last().type === 'done') expect((last() as { weights?: unknown[] }).weights?.length).toBeGreaterThan(0);
  });

  it('a Stop during the evaluation skips it; the weights are still handed back', async () => {
    const events: TrainingEvent[] = [];
    let trainer: ReturnType<typeof createTrainer> | null = null;
    trainer = createTrainer({
      post: (reply: TrainerReply) => {
        if (reply.type !== 'event') return;
        events.push(reply.event);
        // The user presses Skip as soon as the evaluation step shows.
        if (reply.event.type === 'evaluating' && reply.event.done === 0) void trainer!.handle({ type: 'stop', jobId: 'job' });
      },
      loadImageDataset: async () => ({ ...dataset, test: halves(2048, 5) }),
    });
    await trainer.handle({ type: 'train', request: trainRequest('job', { epochs: 1 }) });
    const done = events.at(-1)!;
    expect(done.type === 'error' ? done.message : '').toBe('');
    expect(done).toMatchObject({ type: 'done', reason: 'completed', evaluationSkipped: true });
    if (done.type !== 'done') return;
    expect(done.evaluation).toBeUndefined();
    expect(done.weights?.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'evaluating').length).toBeLessThan(3);
  });

  it('a warm-up times a few batches of the run without keeping anything, or says why it cannot train', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => replies.push(reply), loadImageDataset: async () => dataset });
    const request: TrainRequest = {
      jobId: 'w',
      graph: sequentialGraph([8, 8, 1], smallCnn),
      datasetId: 'halves',
      options: { epochs: 2, batchSize: 16, learningRate: 0.01, seed: 3 },
    };
    await trainer.handle({ type: 'warmup', requestId: 1, request });
    expect(replies[0]).toMatchObject({
      type: 'warmed-up',
      requestId: 1,
      result: { backend: 'cpu', secondsPerBatch: expect.any(Number), secondsPerEvalImage: expect.any(Number) },
    });
    if (replies[0]!.type === 'warmed-up') expect(replies[0]!.result.secondsPerBatch).toBeGreaterThanOrEqual(0);
    expect(replies.some((r) => r.type === 'event')).toBe(false);
    const wrongOutput = {
      ...request,
      graph: sequentialGraph([8, 8, 1], [{ type: 'Flatten' }, { type: 'Dense', params: { units: 3, activation: 'softmax' } }]),
    };
    await trainer.handle({ type: 'warmup', requestId: 2, request: wrongOutput });
    expect(replies[1]).toMatchObject({ type: 'warmup-failed', requestId: 2, message: expect.stringContaining('3') });
  });

  it('the last epoch validated on the test set is the test evaluation, done once', async () => {
    const { events, train, last } = setup();
    await train({ epochs: 2, validationSplit: 0 });
    const types = events.map((e) => e.type);
    const lastEpoch = types.lastIndexOf('epoch');
    expect(types.indexOf('evaluating')).toBeGreaterThan(types.indexOf('epoch'));
    expect(types.indexOf('evaluating')).toBeLessThan(lastEpoch);
    expect(types.slice(lastEpoch + 1)).toEqual(['done']);
    const done = last();
    const epoch = events[lastEpoch]!;
    if (done.type !== 'done' || epoch.type !== 'epoch') throw new Error('no done event');
    expect(epoch.metrics.valAccuracy).toBe(done.evaluation!.testAccuracy);
    expect(epoch.metrics.valLoss).toBe(done.evaluation!.testLoss);
  });

  it('evaluates every test image when the test set spans many evaluation steps', async () => {
    const events: TrainingEvent[] = [];
    const trainer = createTrainer({
      post: (reply) => reply.type === 'event' && events.push(reply.event),
      loadImageDataset: async () => ({ ...dataset, test: halves(300, 9) }),
    });
    await trainer.handle({ type: 'train', request: trainRequest('job', { epochs: 4 }) });
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error(`no done event: ${JSON.stringify(done)}`);
    expect(done.evaluation!.testAccuracy).toBeGreaterThan(0.95);
    expect(done.evaluation!.confidences.every((c) => c > 0)).toBe(true);
  });

  it('pauses between batches and resumes', async () => {
    const { events, trainer, train } = setup();
    const running = train({ epochs: 3 });
    await new Promise((r) => setTimeout(r, 5));
    await trainer.handle({ type: 'pause', jobId: 'job' });
    const lossesAtPause = lossesOf(events).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(lossesOf(events).length).toBeLessThanOrEqual(lossesAtPause + 1);
    await trainer.handle({ type: 'resume', jobId: 'job' });
    await running;
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['paused', 'resumed', 'done']));
    expect(lossesOf(events)).toHaveLength(3 * 16);
  });

  it('a pause held for an hour: nothing runs meanwhile, Resume goes on at once, and the hour stays out of samples/s', async () => {
    const { events, trainer, train } = setup();
    // The clock jumps an hour while the run is paused (a fake Date.now, so the test takes no hour).
    const realNow = Date.now.bind(Date);
    let offset = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    try {
      const running = train({ epochs: 3, batchSize: 8 });
      while (lossesOf(events).length < 8) await new Promise((r) => setTimeout(r, 1));
      await trainer.handle({ type: 'pause', jobId: 'job' });
      await new Promise((r) => setTimeout(r, 50));
      const atPause = lossesOf(events).length;
      const eventsAtPause = events.length;
      offset += 3_600_000;
      await new Promise((r) => setTimeout(r, 200));
      // At most the batch in flight finishes; nothing else happens while paused.
      expect(lossesOf(events).length).toBeLessThanOrEqual(atPause + 1);
      expect(events.slice(eventsAtPause).filter((e) => e.type === 'batch').length).toBeLessThanOrEqual(1);
      const resumedAt = events.length;
      const t0 = realNow();
      await trainer.handle({ type: 'resume', jobId: 'job' });
      while (events.slice(resumedAt).every((e) => e.type !== 'batch')) await new Promise((r) => setTimeout(r, 1));
      // Resumed without waiting for a poll.
      expect(realNow() - t0).toBeLessThan(5_000);
      await running;
      const rates = events.flatMap((e) => (e.type === 'batch' ? [e.samplesPerSecond] : []));
      const before = rates.slice(0, 2);
      const after = events.slice(resumedAt).flatMap((e) => (e.type === 'batch' ? [e.samplesPerSecond] : []));
      // An hour in the window would make the rate ≈ 0 (and the ETA days): it stays the same order as before the pause.
      expect(Math.min(...after)).toBeGreaterThan(Math.min(...before) / 20);
      expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
      expect(lossesOf(events)).toHaveLength(3 * 32);
    } finally {
      clock.mockRestore();
    }
  });

  it('Stop during a long pause ends the run at once', async () => {
    const { events, trainer, train } = setup();
    const running = train({ epochs: 50 });
    while (lossesOf(events).length < 2) await new Promise((r) => setTimeout(r, 1));
    await trainer.handle({ type: 'pause', jobId: 'job' });
    await new Promise((r) => setTimeout(r, 100));
    await trainer.handle({ type: 'stop', jobId: 'job' });
    await running;
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  });

  it('a dataset that disappears mid-run: the run finishes on its own copy; the next run says what is missing, and a good run still works', async () => {
    let gone = false;
    const events: TrainingEvent[] = [];
    const trainer = createTrainer({
      post: (reply: TrainerReply) => void (reply.type === 'event' && events.push(reply.event)),
      loadImageDataset: async () => {
        if (gone) throw new Error("ENOENT: no such file or directory, open '/data/halves/train-images.idx'");
        return dataset;
      },
    });
    const request = (jobId: string, datasetId = 'halves') => trainRequest(jobId, {}, datasetId);
    // The same run undisturbed, for its loss curve.
    await trainer.handle({ type: 'train', request: request('calm') });
    const calm = lossesOf(events);
    events.length = 0;
    // The user's dataset is registered, then replaced and its files removed while the run trains.
    const own = { ...dataset, id: 'user:halves', name: 'halves' };
    await trainer.handle({ type: 'register-dataset', dataset: own });
    const running = trainer.handle({ type: 'train', request: request('disturbed', 'user:halves') });
    while (lossesOf(events).length < 4) await new Promise((r) => setTimeout(r, 1));
    gone = true;
    const blank = { images: new Uint8Array(dataset.train.images.length), labels: new Uint8Array(dataset.train.count), count: dataset.train.count };
    await trainer.handle({ type: 'register-dataset', dataset: { ...own, train: blank } });
    await running;
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
    expect(lossesOf(events)).toEqual(calm);
    // The next run on the vanished files is refused with the reason and the fix; nothing throws.
    events.length = 0;
    await trainer.handle({ type: 'train', request: request('after') });
    expect(events).toEqual([
      {
        type: 'error',
        jobId: 'after',
        message:
          'The "halves" dataset could not be loaded: ENOENT: no such file or directory, open \'/data/halves/train-images.idx\'. Nothing was trained; check that its files are in place and press Train again, or choose another dataset.',
      },
    ]);
    // A user dataset the worker no longer holds (after a reload) names the fix too.
    events.length = 0;
    await trainer.handle({ type: 'train', request: request('lost', 'user:photos') });
    expect(events.at(-1)).toMatchObject({ type: 'error', message: expect.stringContaining('Your dataset "photos" is no longer loaded') });
    // The app is still usable: the files come back, the next Train works.
    gone = false;
    events.length = 0;
    await trainer.handle({ type: 'train', request: request('again') });
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
  });

  it('ten epochs leak no tensors and hold memory flat (tf.memory and the process RSS, per epoch)', async () => {
    const samples: { tensors: number; bytes: number; rss: number }[] = [];
    const rss = () => (globalThis as unknown as { process: { memoryUsage(): { rss: number } } }).process.memoryUsage().rss;
    const trainer = createTrainer({
      post: (reply: TrainerReply) => {
        if (reply.type === 'event' && reply.event.type === 'epoch') samples.push({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, rss: rss() });
      },
      loadImageDataset: async () => dataset,
    });
    const before = tf.memory().numTensors;
    await trainer.handle({ type: 'train', request: trainRequest('long', { epochs: 10 }) });
    expect(samples).toHaveLength(10);
    // From the second epoch on (the optimizer's state exists), every epoch ends with the same tensors and bytes.
    for (const sample of samples.slice(1)) {
      expect(sample.tensors).toBe(samples[1]!.tensors);
      expect(sample.bytes).toBe(samples[1]!.bytes);
    }
    // RSS is noisy (GC, the allocator): the tensor count above is the exact check; this one catches memory held outside tensors.
    expect(samples.at(-1)!.rss - samples[1]!.rss).toBeLessThan(48 * 2 ** 20);
    // After the run only the kept model's weights remain.
    const model = tf.memory().numTensors - before;
    expect(model).toBeLessThanOrEqual(2 * smallCnn.length);
  });

  it('stops early when the monitored value stops improving, restoring the best weights', async () => {
    const { last, train } = setup();
    // lr 0 never improves: patience 1 ends the run after epoch 3.
    await train({ epochs: 20, learningRate: 1e-12, earlyStopping: { monitor: 'val_loss', patience: 1, restoreBestWeights: true } });
    expect(last()).toMatchObject({ type: 'done', reason: 'early-stopping' });
  });

  it('keeps tf.memory flat across epochs (no leaked tensors)', async () => {
    const { train } = setup();
    await train({ epochs: 1 }, smallCnn, 'warm');
    const before = tf.memory().numTensors;
    await train({ epochs: 1 }, smallCnn, 'warm'); // same job id: the previous model is disposed
    expect(tf.memory().numTensors).toBe(before);
  });

  it('supports every optimizer, Nadam included', async () => {
    for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adam', 'nadam', 'rmsprop', 'adagrad'] as const) {
      const { last, train } = setup();
      await train({ epochs: 1, optimizer });
      expect(last(), optimizer).toMatchObject({ type: 'done' });
    }
  });
});

describe('exporting the trained model', () => {
  it('writes model.json + weights that tf.loadLayersModel reads back, predicting the same', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply), loadImageDataset: async () => dataset });
    const graph = sequentialGraph([8, 8, 1], smallCnn);
    await trainer.handle({
      type: 'train',
      request: { jobId: 'exp', graph, datasetId: 'halves', options: { epochs: 1, batchSize: 16, learningRate: 0.01, seed: 5 } },
    });
    await trainer.handle({ type: 'export', requestId: 7, jobId: 'exp', baseName: 'halves' });
    const reply = replies.find((r) => r.type === 'exported' || r.type === 'export-failed')!;
    if (reply.type !== 'exported') throw new Error(JSON.stringify(reply));
    const modelJson = JSON.parse(reply.model.modelJson);
    expect(modelJson).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['./halves.weights.bin'] }] });
    expect(reply.model.weightsFileName).toBe('halves.weights.bin');
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: reply.model.weights }),
    );
    // The same test images through the trainer's inspect and through the reloaded model.
    const image = Float32Array.from(dataset.test.images.subarray(0, 64), (v) => v / 255);
    await trainer.handle({ type: 'inspect', requestId: 8, request: { jobId: 'exp', input: Array.from(image) } });
    const inspected = replies.find((r) => r.type === 'inspected');
    if (inspected?.type !== 'inspected') throw new Error('no inspect reply');
    const original = inspected.result.activations.at(-1)!.values;
    const reloaded = (loaded.predict(tf.tensor4d(image, [1, 8, 8, 1])) as tf.Tensor).dataSync();
    Array.from(original).forEach((p, i) => expect(reloaded[i]).toBeCloseTo(p, 5));
  });

  it('refuses to export a job that never trained', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply) });
    await trainer.handle({ type: 'export', requestId: 1, jobId: 'nope', baseName: 'x' });
    expect(replies).toEqual([{ type: 'export-failed', requestId: 1, message: 'No trained model for job "nope"; train it first.' }]);
  });
});

describe('learning a kernel (the course lesson)', () => {
  it('a single Conv2D trained on (image → Sobel edges) with MSE rediscovers the Sobel kernel', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply), loadImageDataset: async () => dataset });
    const graph = sequentialGraph([8, 8, 1], [{ type: 'Conv2D', params: { filters: 1, kernel_size: [3, 3], use_bias: false } }]);
    await trainer.handle({
      type: 'train',
      request: {
        jobId: 'sobel',
        graph,
        datasetId: 'sobel:halves',
        options: { epochs: 120, batchSize: 32, learningRate: 0.05, seed: 3, loss: 'meanSquaredError' },
      },
    });
    const done = replies.map((r) => (r.type === 'event' ? r.event : null)).find((e) => e?.type === 'done' || e?.type === 'error');
    expect(done).toMatchObject({ type: 'done', reason: 'completed' });
    await trainer.handle({ type: 'inspect', requestId: 1, request: { jobId: 'sobel', input: Array(64).fill(0) } });
    const inspected = replies.find((r) => r.type === 'inspected');
    if (inspected?.type !== 'inspected') throw new Error('no inspect reply');
    const kernel = inspected.result.weights.find((w) => w.name === 'kernel')!;
    // Rounded to 0.1, as the course checks: its horizontal Sobel [[1, 0, −1], [2, 0, −2], [1, 0, −1]].
    expect(Array.from(kernel.values, (v) => Math.round(v * 10) / 10 + 0)).toEqual([1, 0, -1, 2, 0, -2, 1, 0, -1]);
  });

  it('says which layer to use when the output does not match the edge map', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply), loadImageDataset: async () => dataset });
    const graph = sequentialGraph([8, 8, 1], [{ type: 'Conv2D', params: { filters: 1, kernel_size: [3, 3], padding: 'same' } }]);
    await trainer.handle({
      type: 'train',
      request: { jobId: 's', graph, datasetId: 'sobel:halves', options: { epochs: 1, batchSize: 32, learningRate: 0.05, seed: 3, loss: 'meanSquaredError' } },
    });
    expect(replies.at(-1)).toMatchObject({
      type: 'event',
      event: { type: 'error', message: "The network outputs 8 × 8 × 1 but each target is 6 × 6 × 1: use one Conv2D 1@3×3 with padding 'valid' on the image." },
    });
  });
});

describe('models without training: fixed kernels, restored weights, the weights a run hands back', () => {
  const replyOf = async (
    trainer: ReturnType<typeof createTrainer>,
    replies: TrainerReply[],
    command: Parameters<ReturnType<typeof createTrainer>['handle']>[0],
  ) => {
    await trainer.handle(command);
    return replies.at(-1)!;
  };

  it('a finished run hands back every weight; loading them into a fresh model gives the same outputs', async () => {
    const { events, train } = setup();
    await train({ epochs: 1 });
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error('no done event');
    expect(done.weights!.map((w) => `${w.nodeId}.${w.name} ${w.shape.join('×')}`)).toEqual([
      'conv2d.kernel 3×3×1×4',
      'conv2d.bias 4',
      'dense.kernel 64×2',
      'dense.bias 2',
    ]);

    const replies: TrainerReply[] = [];
    const fresh = createTrainer({ post: (reply) => void replies.push(reply) });
    const graph = sequentialGraph([8, 8, 1], smallCnn);
    expect(await replyOf(fresh, replies, { type: 'load', requestId: 1, request: { jobId: 'reopened', graph, weights: done.weights } })).toEqual({
      type: 'loaded',
      requestId: 1,
      result: { notes: [] },
    });
    const input = Array.from({ length: 64 }, (_, i) => (i % 8) / 8);
    const outputs = async (t: ReturnType<typeof createTrainer>, r: TrainerReply[], jobId: string) => {
      const reply = await replyOf(t, r, { type: 'inspect', requestId: 9, request: { jobId, input } });
      if (reply.type !== 'inspected') throw new Error(JSON.stringify(reply));
      return Array.from(reply.result.activations.at(-1)!.values);
    };
    const own: TrainerReply[] = [];
    const original = createTrainer({ post: (reply) => void own.push(reply) });
    await original.handle({ type: 'load', requestId: 1, request: { jobId: 'a', graph, weights: done.weights } });
    expect(await outputs(fresh, replies, 'reopened')).toEqual(await outputs(original, own, 'a'));
  });

  it('restores what still fits and says what did not', async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply) });
    const graph = sequentialGraph([8, 8, 1], smallCnn);
    const weights = [
      { nodeId: 'conv2d', name: 'kernel', shape: [5, 5, 1, 4], values: new Float32Array(100) },
      { nodeId: 'gone', name: 'kernel', shape: [1], values: new Float32Array(1) },
    ];
    const reply = await replyOf(trainer, replies, { type: 'load', requestId: 2, request: { jobId: 'j', graph, weights } });
    expect(reply).toEqual({
      type: 'loaded',
      requestId: 2,
      result: {
        notes: [
          'conv2d.kernel was 5×5×1×4 and is now 3×3×1×4: it starts from fresh weights.',
          'Weights of layers no longer in the network were left out: gone.kernel.',
        ],
      },
    });
  });

  it("a node's fixed kernel is the layer's kernel; a kernel that no longer fits is an error naming the layer", async () => {
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply) });
    const sobel = [1, 2, 1, 0, 0, 0, -1, -2, -1]; // top minus bottom
    const graph = sequentialGraph([4, 4, 1], [{ type: 'Conv2D', params: { filters: 1, kernel_size: [3, 3], use_bias: false } }]);
    graph.nodes[1]!.weights = { kernel: { shape: [3, 3, 1, 1], values: sobel } };
    await replyOf(trainer, replies, { type: 'load', requestId: 1, request: { jobId: 'k', graph } });
    const inspected = await replyOf(trainer, replies, {
      type: 'inspect',
      requestId: 2,
      request: { jobId: 'k', input: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] },
    });
    if (inspected.type !== 'inspected') throw new Error(JSON.stringify(inspected));
    expect(Array.from(inspected.result.weights[0]!.values)).toEqual(sobel);
    // Row 0 of the output sees rows 0–2: 0·(1+2+1) + 0 − (1+2+1) = −4; row 1 sees rows 1–3: 0 + 0 − 4 … (rows 2,3 bright).
    expect(Array.from(inspected.result.activations[0]!.values)).toEqual([-4, -4, -4, -4]);

    graph.nodes[1]!.params.kernel_size = [5, 5];
    graph.nodes[1]!.params.padding = 'same';
    const refused = await replyOf(trainer, replies, { type: 'load', requestId: 3, request: { jobId: 'k2', graph } });
    expect(refused).toMatchObject({
      type: 'load-failed',
      message: expect.stringMatching(/^conv2d: its fixed kernel is 3×3×1×1 but the layer's kernel is 5×5×1×1/),
    });
  });
});

describe('looking inside: activations for one input', () => {
  it('returns one output per layer with the engine shapes, the exact input tensor, and leaks no tensors', async () => {
    const { analyzeGraph } = await import('../engine/analyze');
    const { fashionMnistCnn } = await import('../templates/course-networks');
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply) });
    const graph = fashionMnistCnn();
    await trainer.handle({ type: 'load', requestId: 1, request: { jobId: 'f', graph } });
    // A 14×14 gray picture: resized to 28×28 and × 1/255, as training batches are.
    const picture = { pixels: Uint8Array.from({ length: 196 }, (_, i) => i), height: 14, width: 14, channels: 1 as const };
    const inspectOnce = async () => {
      await trainer.handle({ type: 'inspect', requestId: 2, request: { jobId: 'f', picture } });
      const reply = replies.at(-1)!;
      if (reply.type !== 'inspected') throw new Error(JSON.stringify(reply));
      return reply.result;
    };
    await inspectOnce(); // warm-up: kernels compile, backend caches fill
    const before = tf.memory().numTensors;
    const result = await inspectOnce();
    expect(tf.memory().numTensors).toBe(before);

    const analysis = analyzeGraph(graph);
    const layerNodes = graph.nodes.filter((n) => n.type !== 'InputLayer');
    expect(result.activations.map((a) => a.nodeId)).toEqual(layerNodes.map((n) => n.id));
    for (const a of result.activations) expect(a.shape, a.nodeId).toEqual(analysis.nodes[a.nodeId]!.shape);
    expect(result.input.shape).toEqual([28, 28, 1]);
    expect(result.input.values[0]).toBeCloseTo(0, 6);
    expect(Math.max(...result.input.values)).toBeCloseTo(195 / 255, 5);

    // Only the nodes asked for, and no weights when they are not wanted.
    await trainer.handle({ type: 'inspect', requestId: 3, request: { jobId: 'f', input: Array(784).fill(0.5), nodeIds: ['conv2d'], weights: false } });
    const narrow = replies.at(-1)!;
    if (narrow.type !== 'inspected') throw new Error(JSON.stringify(narrow));
    expect(narrow.result.activations.map((a) => a.shape)).toEqual([[28, 28, 64]]);
    expect(narrow.result.weights).toEqual([]);
  });

  it('hands out the first test images of a dataset', async () => {
    const replies: TrainerReply[] = [];
    const own = createTrainer({
      post: (reply) => void replies.push(reply),
      loadImageDataset: async (_id, limits) => ({ ...dataset, test: { ...dataset.test, count: Math.min(limits?.testLimit ?? 64, 64) } }),
    });
    await own.handle({ type: 'samples', requestId: 1, request: { datasetId: 'halves', count: 5 } });
    expect(replies[0]).toMatchObject({
      type: 'sampled',
      result: { name: 'Halves', count: 5, height: 8, width: 8, channels: 1, classNames: ['left', 'right'] },
    });
    const result = (replies[0] as Extract<TrainerReply, { type: 'sampled' }>).result;
    expect(result.images.length).toBe(5 * 64);
    expect(Array.from(result.labels)).toEqual([0, 1, 0, 1, 0]);
  });

  it('names the classes when a classification run starts, so the output bars are named during training', async () => {
    const { events, train } = setup();
    await train({ epochs: 1, trainLimit: 32 });
    expect(events[0]).toMatchObject({ type: 'started', classNames: ['left', 'right'] });
  });
});

describe('a TensorFlow.js model opened with its weights', () => {
  it('export → import (model.json + weights.bin) → load gives the trained network back, output for output', async () => {
    const { importModelJson } = await import('../interop/keras-import');
    const { decodeTensor } = await import('../project/weights');
    const replies: TrainerReply[] = [];
    const trainer = createTrainer({ post: (reply) => void replies.push(reply), loadImageDataset: async () => dataset });
    await trainer.handle({ type: 'train', request: trainRequest('t', { epochs: 1 }) });
    await trainer.handle({ type: 'export', requestId: 1, jobId: 't', baseName: 'net' });
    const exported = replies.at(-1)!;
    if (exported.type !== 'exported') throw new Error(JSON.stringify(exported));

    const withoutWeights = importModelJson(exported.model.modelJson, 'net.json');
    expect(withoutWeights.ok && withoutWeights.warnings).toEqual([expect.stringContaining('together with its weight file (net.weights.bin)')]);
    const opened = importModelJson(exported.model.modelJson, 'net.json', new Map([['net.weights.bin', exported.model.weights]]));
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.warnings).toEqual(['Imported the trained weights of 2 layers from net.weights.bin.']);
    const weights = opened.extras!.trained!.weights.map(decodeTensor);

    const input = Array.from({ length: 64 }, (_, i) => ((i * 7) % 11) / 11);
    const outputOf = async (jobId: string) => {
      await trainer.handle({ type: 'inspect', requestId: 2, request: { jobId, input, weights: false } });
      const reply = replies.at(-1)!;
      if (reply.type !== 'inspected') throw new Error(JSON.stringify(reply));
      return Array.from(reply.result.activations.at(-1)!.values);
    };
    await trainer.handle({ type: 'load', requestId: 3, request: { jobId: 'imported', graph: opened.graph, weights } });
    expect(replies.at(-1)).toEqual({ type: 'loaded', requestId: 3, result: { notes: [] } });
    expect(await outputOf('imported')).toEqual(await outputOf('t'));

    const short = importModelJson(exported.model.modelJson, 'net.json', new Map([['net.weights.bin', exported.model.weights.slice(0, 40)]]));
    expect(short.ok && short.warnings).toEqual([expect.stringMatching(/^The weights were not imported: the weight files end before ".*kernel" \(40 bytes\)/)]);
  });
});
