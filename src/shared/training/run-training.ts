/**
 * One training run: a custom loop over `trainOnBatch`, so that every step can be paused, stopped,
 * checked for NaN and reported, and a seed fixes everything (initial weights, dropout masks, data
 * order) — the same seed gives the same loss curve.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, Evaluation, StopReason, TrainingEvent, TrainingOptions } from '../api/training-protocol';
import { mulberry32 } from '../data/random';
import { shuffled, type PreparedData } from './data-pipeline';
import { trainingLoss } from './fused-loss';
import { makeOptimizer, setLearningRate } from './optimizers';
import type { NetworkGraph } from '../graph/graph';
import type { ReplicaHost } from './data-parallel/protocol';
import { startReplicaGroup, type ReplicaGroup } from './data-parallel/replica-group';

export interface RunControl {
  paused: boolean;
  stopRequested: boolean;
  /** Set while the test set is evaluated after training: a Stop then skips the evaluation. */
  evaluating?: boolean;
  skipEvaluation?: boolean;
  /** Set while the run waits in a pause: Resume and Stop call it, so the run goes on at once. */
  wake?: () => void;
  /** Set while a data-parallel run trains: brings the replicas' weights into the model before anything reads it (Look inside). */
  syncModel?: () => void;
}

/** What a Stop means at this moment: end training within a batch, or skip the evaluation after it. */
export function requestStop(control: RunControl): void {
  if (control.evaluating) control.skipEvaluation = true;
  else control.stopRequested = true;
  control.wake?.();
}

export function requestPause(control: RunControl): void {
  control.paused = true;
}

export function requestResume(control: RunControl): void {
  control.paused = false;
  control.wake?.();
}

/**
 * Waits while the run is paused, however long (an hour, overnight): no timer polls, so a throttled
 * background tab resumes as soon as the message arrives. Resolves with how long the pause lasted (ms).
 */
export function waitWhilePaused(control: RunControl): Promise<number> {
  if (!control.paused || control.stopRequested) return Promise.resolve(0);
  const start = Date.now();
  return new Promise((resolve) => {
    control.wake = () => {
      if (control.paused && !control.stopRequested) return;
      control.wake = undefined;
      resolve(Date.now() - start);
    };
  });
}

type Emit = (event: TrainingEvent) => void;

/** Events at most this often (ms); per-batch losses are batched into them. */
const REPORT_EVERY_MS = 100;
/** Let queued messages (Pause, Stop, Inspect) in at least this often (ms). */
const YIELD_EVERY_MS = 40;
const EVAL_BATCH = 256;
/** Test images per step of the final evaluation: small enough that a Skip gets in quickly. */
const TEST_CHUNK = 64;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TrainingDiverged extends Error {}

/**
 * tfjs draws from Math.random whenever no seed is given (weight initializers, dropout masks): seed it
 * for the whole run, model building included. Returns the function that restores it.
 */
export function seedRandomness(seed: number): () => void {
  const original = Math.random;
  Math.random = mulberry32(seed ^ 0x5eed);
  return () => {
    Math.random = original;
  };
}

function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

async function evaluate(model: tf.LayersModel, data: PreparedData, split: 'train' | 'test', indices: Int32Array): Promise<{ loss: number; accuracy?: number }> {
  let lossSum = 0;
  let accSum = 0;
  let hasAccuracy = false;
  for (let start = 0; start < indices.length; start += EVAL_BATCH) {
    const chunk = indices.subarray(start, start + EVAL_BATCH);
    const { xs, ys } = data.batch(split, chunk);
    const result = model.evaluate(xs, ys, { batchSize: chunk.length }) as tf.Scalar | tf.Scalar[];
    const scalars = Array.isArray(result) ? result : [result];
    lossSum += (await scalars[0]!.data())[0]! * chunk.length;
    if (scalars[1]) {
      hasAccuracy = true;
      accSum += (await scalars[1].data())[0]! * chunk.length;
    }
    tf.dispose([xs, ys, ...scalars]);
  }
  return { loss: lossSum / indices.length, ...(hasAccuracy ? { accuracy: accSum / indices.length } : {}) };
}

/**
 * The test set, predicted batch by batch: loss, accuracy, confusion matrix and each image's
 * prediction. Reports its progress and stops (returning undefined) when the user skips it.
 */
async function testEvaluation(
  model: tf.LayersModel,
  data: PreparedData,
  loss: TrainingOptions['loss'],
  control: RunControl,
  progress: (done: number, total: number) => void,
): Promise<Evaluation | undefined> {
  const images = data.testImages;
  if (data.kind !== 'classification' || !images) return undefined;
  const count = data.testCount;
  const classes = data.classNames.length;
  const predictions = new Uint8Array(count);
  const confidences = new Float32Array(count);
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  let lossSum = 0;
  progress(0, count);
  let lastReport = Date.now();
  for (let start = 0; start < count; start += TEST_CHUNK) {
    // Let a Stop (= skip) in between batches.
    await sleep(0);
    if (control.skipEvaluation) return undefined;
    const chunk = indices.subarray(start, start + TEST_CHUNK);
    const { xs, ys } = data.batch('test', chunk);
    const probabilities = model.predict(xs) as tf.Tensor;
    const [best, confidence] = tf.tidy(() => [probabilities.argMax(-1), probabilities.max(-1)]);
    // The loss from the same forward pass where the loss allows it (crossentropy on probabilities).
    const lossScalar = tf.tidy(() => {
      if (loss === 'sparseCategoricalCrossentropy') return tf.metrics.categoricalCrossentropy(tf.oneHot(ys.flatten().toInt(), classes), probabilities).mean();
      if (loss === 'categoricalCrossentropy') return tf.metrics.categoricalCrossentropy(ys, probabilities).mean();
      const result = model.evaluate(xs, ys, { batchSize: chunk.length }) as tf.Scalar | tf.Scalar[];
      return Array.isArray(result) ? result[0]! : result;
    });
    predictions.set(await best!.data(), start);
    confidences.set(await confidence!.data(), start);
    lossSum += (await lossScalar.data())[0]! * chunk.length;
    tf.dispose([xs, ys, probabilities, best!, confidence!, lossScalar]);
    const now = Date.now();
    if (now - lastReport >= REPORT_EVERY_MS || start + chunk.length >= count) {
      progress(start + chunk.length, count);
      lastReport = now;
    }
  }
  const labels = images.split.labels.subarray(0, count);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < count; i++) {
    confusion[labels[i]!]![predictions[i]!]!++;
    if (labels[i] === predictions[i]) correct++;
  }
  return {
    testLoss: lossSum / count,
    testAccuracy: correct / count,
    classNames: data.classNames,
    confusion,
    perClassAccuracy: confusion.map(
      (row, c) =>
        row[c]! /
        Math.max(
          1,
          row.reduce((a, b) => a + b, 0),
        ),
    ),
    height: images.height,
    width: images.width,
    channels: images.channels,
    images: images.split.images.slice(0, count * images.height * images.width * images.channels),
    labels: labels.slice(),
    predictions,
    confidences,
  };
}

/** Compiles the model as a run trains it (the optimizer is the caller's to dispose); replicas compile theirs the same way. */
export function compileForTraining(model: tf.LayersModel, classification: boolean, options: TrainingOptions): tf.Optimizer {
  const optimizer = makeOptimizer(options);
  model.compile({ optimizer, loss: trainingLoss(options.loss), ...(classification ? { metrics: ['accuracy'] } : {}) });
  return optimizer;
}

const compileForRun = (model: tf.LayersModel, data: PreparedData, options: TrainingOptions) =>
  compileForTraining(model, data.kind === 'classification', options);

/** Batches timed by a warm-up, after two untimed ones. */
const WARMUP_BATCHES = 4;
/** Training images a warm-up needs: every step trains on the same batch. */
export const warmupImages = (batchSize: number) => batchSize;

/**
 * Seconds per training batch and per evaluated image for this model, data and options on this
 * machine: what the estimate before a run is made of. Trains the given model (a throwaway) on
 * `options.batchSize` images per step and scales the time to `runBatchSize`.
 */
export async function warmupRun(
  model: tf.LayersModel,
  data: PreparedData,
  options: TrainingOptions,
  runBatchSize = options.batchSize,
): Promise<{ secondsPerBatch: number; secondsPerEvalImage: number }> {
  const optimizer = compileForRun(model, data, options);
  try {
    const batch = Math.min(options.batchSize, data.trainCount);
    const indices = Int32Array.from({ length: batch }, (_, i) => i);
    const step = async () => {
      const { xs, ys } = data.batch('train', indices);
      await model.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
    };
    // Two untimed steps: the first compiles kernels and allocates, the second still warms caches.
    await step();
    await step();
    const start = Date.now();
    for (let i = 0; i < WARMUP_BATCHES; i++) await step();
    // Timed on `batch` images, reported for the run's batch size.
    const secondsPerBatch = ((Date.now() - start) / 1000 / WARMUP_BATCHES) * (runBatchSize / batch);
    const evalCount = Math.min(EVAL_BATCH, data.testCount);
    let secondsPerEvalImage = 0;
    if (evalCount > 0) {
      const { xs, ys } = data.batch(
        'test',
        Int32Array.from({ length: evalCount }, (_, i) => i),
      );
      const predict = async () => {
        const out = model.predict(xs) as tf.Tensor;
        await out.data();
        out.dispose();
      };
      await predict(); // untimed: inference at this batch size compiles its own kernels
      const t0 = Date.now();
      await predict();
      secondsPerEvalImage = (Date.now() - t0) / 1000 / evalCount;
      tf.dispose([xs, ys]);
    }
    return { secondsPerBatch, secondsPerEvalImage };
  } finally {
    optimizer.dispose();
  }
}

export async function runTraining(
  jobId: string,
  model: tf.LayersModel,
  data: PreparedData,
  options: TrainingOptions,
  control: RunControl,
  emit: Emit,
  backend: string,
  notes: string[],
  parallel?: DataParallelPlan,
): Promise<void> {
  const optimizer = compileForRun(model, data, options);
  const { group, note } = await startParallel(model, data, options, parallel);
  if (note) notes = [...notes, note];
  if (group) control.syncModel = () => group.sync();
  type Batch = { xs: tf.Tensor; ys: tf.Tensor };
  /** Data-parallel: the batch after the one training, already handed to the replicas. */
  let upcoming: Batch | null = null;
  const trainStep = group
    ? (xs: tf.Tensor, ys: tf.Tensor, next?: Batch) => group.step(xs, ys, learningRate, next)
    : async (xs: tf.Tensor, ys: tf.Tensor) => {
        const result = await model.trainOnBatch(xs, ys);
        return Array.isArray(result) ? result : [result];
      };

  // Validation: a held-out slice of the training images, or the dataset's test set.
  const order = shuffled(data.trainCount, options.seed);
  const heldOut = Math.floor(data.trainCount * options.validationSplit);
  const trainIndices = order.subarray(0, data.trainCount - heldOut);
  const validation =
    heldOut > 0
      ? { split: 'train' as const, indices: order.subarray(data.trainCount - heldOut) }
      : { split: 'test' as const, indices: Int32Array.from({ length: data.testCount }, (_, i) => i) };

  const batchesPerEpoch = Math.ceil(trainIndices.length / options.batchSize);
  emit({
    type: 'started',
    jobId,
    epochs: options.epochs,
    batchesPerEpoch,
    trainSamples: trainIndices.length,
    backend,
    notes: [data.description, ...notes],
    classNames: data.kind === 'classification' ? data.classNames : undefined,
  });

  let learningRate = options.learningRate;
  let best: { value: number; epoch: number; weights: tf.Tensor[] | null } | null = null;
  let sinceBest = 0;
  let plateauBest = Infinity;
  let sincePlateauBest = 0;
  let reason: StopReason = 'completed';
  let lastLoss: number | null = null;
  const monitor = options.earlyStopping?.monitor ?? 'val_loss';
  // Per run, not per epoch: with short epochs a per-epoch timer would never fire and Stop would never get in.
  let lastYield = Date.now();
  const higherIsBetter = monitor === 'val_accuracy';
  /** The test set, evaluated once training has ended (the UI unlocks the graph and shows the step). */
  let final: { evaluation: Evaluation | undefined } | null = null;
  const evaluateTestSet = async (ending: StopReason) => {
    control.evaluating = true;
    const evaluation = await testEvaluation(model, data, options.loss, control, (done, total) =>
      emit({ type: 'evaluating', jobId, reason: ending, done, total }),
    );
    control.evaluating = false;
    return { evaluation };
  };

  try {
    for (let epoch = 0; epoch < options.epochs && reason === 'completed'; epoch++) {
      const epochOrder = options.shuffle ? shuffleWith(trainIndices, options.seed + epoch + 1) : trainIndices;
      const losses: number[] = [];
      const accuracies: number[] = [];
      let pendingLosses: number[] = [];
      let pendingAccuracies: number[] = [];
      let lastReport = Date.now();
      let windowStart = Date.now();
      let windowSamples = 0;
      for (let b = 0; b < batchesPerEpoch; b++) {
        // Time spent paused is not training time: it stays out of samples/s (and so out of the ETA).
        const pausedMs = await waitWhilePaused(control);
        windowStart += pausedMs;
        lastReport += pausedMs;
        if (control.stopRequested) {
          reason = 'stopped';
          break;
        }
        const indices = epochOrder.subarray(b * options.batchSize, (b + 1) * options.batchSize);
        const { xs, ys } = upcoming ?? data.batch('train', indices);
        // Data-parallel: the next batch of the epoch goes to the replicas now, so they need not wait for this thread between steps.
        upcoming = group && b + 1 < batchesPerEpoch ? data.batch('train', epochOrder.subarray((b + 1) * options.batchSize, (b + 2) * options.batchSize)) : null;
        let result: number[];
        try {
          result = await trainStep(xs, ys, upcoming ?? undefined);
        } finally {
          tf.dispose([xs, ys]);
        }
        const [loss, accuracy] = result;
        if (!Number.isFinite(loss)) {
          throw new TrainingDiverged(
            `The loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'} at epoch ${epoch + 1}, batch ${b + 1}: training diverged. Lower the learning rate (try ${(learningRate / 10).toPrecision(2)}), make sure the last layer's activation suits the loss (softmax for crossentropy), and keep the inputs normalized.`,
          );
        }
        lastLoss = loss!;
        losses.push(loss!);
        pendingLosses.push(loss!);
        if (accuracy !== undefined) {
          accuracies.push(accuracy);
          pendingAccuracies.push(accuracy);
        }
        windowSamples += indices.length;
        const now = Date.now();
        if (now - lastReport >= REPORT_EVERY_MS || b === batchesPerEpoch - 1) {
          const seconds = Math.max((now - windowStart) / 1000, 1e-3);
          emit({
            type: 'batch',
            jobId,
            epoch,
            batch: b,
            loss: loss!,
            losses: pendingLosses,
            ...(accuracy !== undefined ? { accuracy, accuracies: pendingAccuracies } : {}),
            samplesPerSecond: windowSamples / seconds,
          });
          pendingLosses = [];
          pendingAccuracies = [];
          lastReport = now;
          windowStart = now;
          windowSamples = 0;
        }
        if (now - lastYield >= YIELD_EVERY_MS) {
          await sleep(0);
          lastYield = Date.now();
        }
      }
      // A Stop left the batch posted ahead unused (the replicas trained on it: sync waits for that).
      if (upcoming) tf.dispose([upcoming.xs, upcoming.ys]);
      upcoming = null;
      // The model is read from here on (validation, the best epoch's weights, the test set, the end).
      group?.sync();
      if (reason === 'stopped' && losses.length === 0) break;
      if (reason === 'stopped') {
        // A stopped epoch is partial: its training loss is kept, its validation is not worth the wait.
        emit({ type: 'epoch', jobId, metrics: { epoch, loss: meanOf(losses), ...(accuracies.length ? { accuracy: meanOf(accuracies) } : {}), learningRate } });
        break;
      }

      // The last epoch validated on the test set is the test evaluation itself: done once, shown as
      // the evaluation step (skippable), not twice behind a locked graph.
      const lastOnTestSet =
        epoch === options.epochs - 1 &&
        validation.split === 'test' &&
        data.kind === 'classification' &&
        !!data.testImages &&
        !options.earlyStopping?.restoreBestWeights;
      let val: { loss: number; accuracy?: number } | null;
      if (lastOnTestSet) {
        final = await evaluateTestSet('completed');
        val = final.evaluation
          ? { loss: final.evaluation.testLoss, ...(final.evaluation.testAccuracy !== undefined ? { accuracy: final.evaluation.testAccuracy } : {}) }
          : null;
      } else {
        val = await evaluate(model, data, validation.split, validation.indices);
      }
      const metrics: EpochMetrics = {
        epoch,
        loss: meanOf(losses),
        ...(accuracies.length ? { accuracy: meanOf(accuracies) } : {}),
        ...(val ? { valLoss: val.loss } : {}),
        ...(val?.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}),
        learningRate,
      };
      emit({ type: 'epoch', jobId, metrics });

      if (options.earlyStopping && val) {
        const value = monitor === 'val_accuracy' ? (metrics.valAccuracy ?? 0) : monitor === 'loss' ? metrics.loss : metrics.valLoss!;
        const improved = !best || (higherIsBetter ? value > best.value : value < best.value);
        if (improved) {
          best?.weights?.forEach((w) => w.dispose());
          best = { value, epoch, weights: options.earlyStopping.restoreBestWeights ? model.getWeights().map((w) => w.clone()) : null };
          sinceBest = 0;
        } else if (++sinceBest > options.earlyStopping.patience) {
          reason = 'early-stopping';
        }
      }
      if (options.reduceLrOnPlateau && val) {
        if (metrics.valLoss! < plateauBest) {
          plateauBest = metrics.valLoss!;
          sincePlateauBest = 0;
        } else if (++sincePlateauBest > options.reduceLrOnPlateau.patience) {
          learningRate = Math.max(learningRate * options.reduceLrOnPlateau.factor, options.reduceLrOnPlateau.minLearningRate);
          setLearningRate(optimizer, learningRate);
          sincePlateauBest = 0;
        }
      }
    }
    if (best?.weights) model.setWeights(best.weights);
    const { evaluation } = final ?? (await evaluateTestSet(reason));
    const skipped = data.kind === 'classification' && !evaluation;
    emit({
      type: 'done',
      jobId,
      reason,
      stopped: reason === 'stopped',
      finalLoss: lastLoss,
      ...(best ? { bestEpoch: best.epoch } : {}),
      ...(evaluation ? { evaluation } : {}),
      ...(skipped ? { evaluationSkipped: true } : {}),
    });
  } finally {
    if (upcoming) tf.dispose([upcoming.xs, upcoming.ys]);
    group?.sync();
    control.syncModel = undefined;
    group?.dispose();
    best?.weights?.forEach((w) => w.dispose());
    optimizer.dispose();
  }
}

/** What a run needs to split its batches over replicas: the host's way to start one, and the graph they build. */
export interface DataParallelPlan {
  host: ReplicaHost;
  graph: NetworkGraph;
}

/** The replicas `options.workers` asks for, where the host can start them; otherwise null and a note why. */
async function startParallel(
  model: tf.LayersModel,
  data: PreparedData,
  options: TrainingOptions,
  parallel: DataParallelPlan | undefined,
): Promise<{ group: ReplicaGroup | null; note?: string }> {
  if (options.workers <= 1) return { group: null };
  const workers = Math.min(options.workers, parallel?.host.cores ?? 1);
  if (!parallel || workers <= 1)
    return {
      group: null,
      note: `Trained in one worker: ${!parallel ? 'this host cannot start data-parallel workers (the desktop app can)' : 'this machine has one core'}.`,
    };
  try {
    const group = await startReplicaGroup(parallel.host, workers, model, {
      graph: parallel.graph,
      options,
      classification: data.kind === 'classification',
    });
    return { group, note: `Data-parallel: each batch is split over ${workers} workers.` };
  } catch (e) {
    return { group: null, note: `${(e as Error).message} Trained in one worker.` };
  }
}

/** A seeded permutation of `indices` (a new array). */
function shuffleWith(indices: Int32Array, seed: number): Int32Array {
  const order = shuffled(indices.length, seed);
  return Int32Array.from(order, (i) => indices[i]!);
}
