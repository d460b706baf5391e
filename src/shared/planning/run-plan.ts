/**
 * Planning a training run before it starts: which dataset fits the network, how long an epoch will
 * take (from a short warm-up measured on this machine), and how many training images fit the time
 * a learner has. Pure: the numbers come in, the advice goes out.
 */
import type { DatasetChoice } from '../api/app-api';

/** What a warm-up of a few batches measured, in seconds. */
export interface WarmupTiming {
  secondsPerBatch: number;
  /** Evaluating one test image (forward pass only). */
  secondsPerEvalImage: number;
}

export interface RunSize {
  epochs: number;
  batchSize: number;
  /** Training images before the validation split is taken out. */
  trainImages: number;
  validationSplit: number;
  testImages: number;
}

export interface RunEstimate {
  /** Training batches plus the validation pass of one epoch. */
  secondsPerEpoch: number;
  /** Every epoch and the final test-set evaluation. */
  secondsTotal: number;
}

/** Multiply-adds a warm-up may spend per timed step (about a second on a laptop CPU). */
const WARMUP_MACS_PER_STEP = 2e9;
/** A training step costs about three forward passes (forward, and backward for inputs and weights). */
const TRAIN_STEP_FACTOR = 3;

/**
 * How many images a warm-up batch holds: the run's batch size when a step is cheap, fewer for big
 * networks (the time is scaled back up), and null when even one image is too slow to time quickly.
 */
export function warmupBatchSize(macsPerImage: number, batchSize: number): number | null {
  const perImage = TRAIN_STEP_FACTOR * Math.max(macsPerImage, 1);
  if (perImage > 4 * WARMUP_MACS_PER_STEP) return null;
  return Math.max(1, Math.min(batchSize, Math.floor(WARMUP_MACS_PER_STEP / perImage)));
}

/** Above this an epoch is long for a learner in a lesson: offer to train on fewer images. */
export const LONG_EPOCH_SECONDS = 180;
/** What the offered limit aims for. */
const TARGET_EPOCH_SECONDS = 60;

export function estimateRun(timing: WarmupTiming, size: RunSize): RunEstimate {
  const validation = Math.floor(size.trainImages * size.validationSplit);
  const batches = Math.ceil((size.trainImages - validation) / size.batchSize);
  // Validation on held-out training images, or on the test set when there is no split.
  const validationImages = validation > 0 ? validation : size.testImages;
  const secondsPerEpoch = batches * timing.secondsPerBatch + validationImages * timing.secondsPerEvalImage;
  return { secondsPerEpoch, secondsTotal: size.epochs * secondsPerEpoch + size.testImages * timing.secondsPerEvalImage };
}

/**
 * A training-images limit that brings an epoch near a minute, when an epoch would be long; rounded
 * down to a thousand (at least 1,000) so it reads as a choice, not a computation. Null when the
 * epoch is already short or the limit would not be smaller.
 */
export function suggestedTrainLimit(timing: WarmupTiming, size: RunSize): number | null {
  if (estimateRun(timing, size).secondsPerEpoch <= LONG_EPOCH_SECONDS) return null;
  const perImage = timing.secondsPerBatch / size.batchSize + size.validationSplit * timing.secondsPerEvalImage;
  const fitting = Math.floor(TARGET_EPOCH_SECONDS / Math.max(perImage, 1e-9) / 1000) * 1000;
  const limit = Math.max(1000, fitting);
  return limit < size.trainImages ? limit : null;
}

const sameShape = (a: readonly number[] | undefined, b: readonly number[] | undefined) => !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The dataset to train on. A template's own dataset wins (the Fashion-MNIST CNN trains on
 * Fashion-MNIST); otherwise the current one stays if its images match the Input, else the first
 * image dataset that matches; otherwise nothing changes (the data will be converted, as the panel says).
 */
export function suggestDataset(choices: readonly DatasetChoice[], inputShape: readonly number[] | undefined, currentId: string, preferredId?: string): string {
  if (preferredId && choices.some((c) => c.id === preferredId)) return preferredId;
  const current = choices.find((c) => c.id === currentId);
  if (!inputShape || sameShape(current?.shape, inputShape)) return currentId;
  const matching = choices.find((c) => c.kind === 'images' && sameShape(c.shape, inputShape));
  return matching?.id ?? currentId;
}

/** "42 s", "3 min 20 s", "1 h 05 min": how long something will take, for the panel. */
export function formatEstimate(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) {
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds - m * 60);
    return s === 60 ? `${m + 1} min` : s ? `${m} min ${s} s` : `${m} min`;
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds - h * 3600) / 60);
  return `${h} h ${String(m).padStart(2, '0')} min`;
}
