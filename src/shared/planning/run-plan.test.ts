import { describe, expect, it } from 'vitest';
import type { DatasetChoice } from '../api/app-api';
import { estimateRun, formatEstimate, suggestDataset, suggestedTrainLimit, warmupBatchSize } from './run-plan';

const mnist: DatasetChoice = { id: 'mnist', name: 'MNIST', description: '', kind: 'images', shape: [28, 28, 1], trainCount: 60_000, testCount: 10_000 };
const fashion: DatasetChoice = { ...mnist, id: 'fashion-mnist', name: 'Fashion-MNIST' };
const cifarLike: DatasetChoice = { ...mnist, id: 'user:cifar', name: 'mine', shape: [32, 32, 3] };
const synthetic: DatasetChoice = { id: 'synthetic-linear', name: 'Synthetic', description: '', kind: 'regression' };

describe('estimateRun', () => {
  it('adds the batches of an epoch and its validation pass; the total adds the test set once', () => {
    const timing = { secondsPerBatch: 0.05, secondsPerEvalImage: 0.0001 };
    // 60,000 images, 10 % held out: 54,000 / 64 → 844 batches; validation 6,000 images.
    const e = estimateRun(timing, { epochs: 3, batchSize: 64, trainImages: 60_000, validationSplit: 0.1, testImages: 10_000 });
    expect(e.secondsPerEpoch).toBeCloseTo(844 * 0.05 + 6000 * 0.0001, 9);
    expect(e.secondsTotal).toBeCloseTo(3 * e.secondsPerEpoch + 10_000 * 0.0001, 9);
  });

  it('validates on the test set when there is no split', () => {
    const e = estimateRun(
      { secondsPerBatch: 1, secondsPerEvalImage: 0.01 },
      { epochs: 1, batchSize: 100, trainImages: 1000, validationSplit: 0, testImages: 500 },
    );
    expect(e.secondsPerEpoch).toBeCloseTo(10 + 5, 9);
  });
});

describe('suggestedTrainLimit', () => {
  const size = { epochs: 3, batchSize: 64, trainImages: 60_000, validationSplit: 0, testImages: 10_000 };
  it('is null when an epoch is short', () => {
    expect(suggestedTrainLimit({ secondsPerBatch: 0.05, secondsPerEvalImage: 0.0001 }, size)).toBeNull(); // ≈ 48 s
  });
  it('offers a round number of images for about a minute per epoch when an epoch is long', () => {
    // 0.64 s per batch of 64 → 0.01 s per image: 938 batches ≈ 600 s; a minute is 6,000 images.
    const limit = suggestedTrainLimit({ secondsPerBatch: 0.64, secondsPerEvalImage: 0.001 }, size);
    expect(limit).toBe(6000);
  });
  it('never offers fewer than 1,000 images, nor a limit that is not smaller', () => {
    expect(suggestedTrainLimit({ secondsPerBatch: 64, secondsPerEvalImage: 0 }, size)).toBe(1000);
    expect(suggestedTrainLimit({ secondsPerBatch: 64, secondsPerEvalImage: 0 }, { ...size, trainImages: 800 })).toBeNull();
  });
});

describe('suggestDataset', () => {
  const choices = [mnist, fashion, cifarLike, synthetic];
  it("takes the template's dataset first", () => {
    expect(suggestDataset(choices, [28, 28, 1], 'mnist', 'fashion-mnist')).toBe('fashion-mnist');
  });
  it('keeps the current dataset when it matches the Input', () => {
    expect(suggestDataset(choices, [28, 28, 1], 'fashion-mnist')).toBe('fashion-mnist');
  });
  it('switches to the first dataset whose images match the Input', () => {
    expect(suggestDataset(choices, [32, 32, 3], 'mnist')).toBe('user:cifar');
    expect(suggestDataset(choices, [28, 28, 1], 'user:cifar')).toBe('mnist');
  });
  it('changes nothing when no dataset matches (the data is converted) or a preference is unknown', () => {
    expect(suggestDataset(choices, [224, 224, 3], 'mnist')).toBe('mnist');
    expect(suggestDataset(choices, [4], 'synthetic-linear', 'gone')).toBe('synthetic-linear');
  });
});

describe('formatEstimate', () => {
  it('reads as a person would say it', () => {
    expect(formatEstimate(0.4)).toBe('under a second');
    expect(formatEstimate(42.4)).toBe('42 s');
    expect(formatEstimate(200)).toBe('3 min 20 s');
    expect(formatEstimate(180)).toBe('3 min');
    expect(formatEstimate(3900)).toBe('1 h 05 min');
    expect(formatEstimate(NaN)).toBe('—');
  });
});

describe('warmupBatchSize', () => {
  it("is the run's batch size for a small network, fewer images for a big one, none for a giant", () => {
    expect(warmupBatchSize(300_000, 64)).toBe(64); // the small MNIST CNN
    expect(warmupBatchSize(60_000_000, 64)).toBe(11); // ≈ the course's Fashion-MNIST CNN
    expect(warmupBatchSize(15_500_000_000, 64)).toBeNull(); // VGG16 on 224×224×3
  });
});
