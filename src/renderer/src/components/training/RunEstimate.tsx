/**
 * Before a run: how long it will take on this machine (from a short warm-up) and, when an epoch
 * would be long, an offer to train on fewer images.
 */
import type { DatasetChoice } from '../../../../shared/api/app-api';
import { estimateRun, formatEstimate, suggestedTrainLimit, type RunSize } from '../../../../shared/planning/run-plan';
import { useTrainingStore } from '../../store/training-store';
import { useWarmup } from './use-warmup';

const count = (n: number) => n.toLocaleString('en-US');

export function RunEstimate({ choice, enabled }: { choice: DatasetChoice | undefined; enabled: boolean }) {
  const options = useTrainingStore((s) => s.setup.options);
  const updateSetup = useTrainingStore((s) => s.updateSetup);
  const warmup = useWarmup(enabled && !!choice?.trainCount);
  if (!enabled || !choice?.trainCount) return null;
  if (warmup.status === 'idle' || warmup.status === 'measuring') {
    return (
      <p className="muted run-estimate" data-testid="train-estimate" data-status={warmup.status}>
        Estimate: timing a few batches on this machine…
      </p>
    );
  }
  if (warmup.status === 'failed') {
    return (
      <p className="muted run-estimate" data-testid="train-estimate" data-status="failed">
        No estimate: {warmup.message}
      </p>
    );
  }
  const size: RunSize = {
    epochs: options.epochs ?? 3,
    batchSize: options.batchSize ?? 64,
    trainImages: Math.min(options.trainLimit ?? choice.trainCount, choice.trainCount),
    validationSplit: options.validationSplit ?? 0,
    testImages: Math.min(options.testLimit ?? choice.testCount ?? 0, choice.testCount ?? 0),
  };
  const timing = warmup.result;
  const estimate = estimateRun(timing, size);
  const limit = suggestedTrainLimit(timing, size);
  return (
    <div className="run-estimate" data-testid="train-estimate" data-status="ready">
      <p className="muted">
        Estimate: <strong data-testid="train-estimate-epoch">≈ {formatEstimate(estimate.secondsPerEpoch)} per epoch</strong>, ≈{' '}
        {formatEstimate(estimate.secondsTotal)} for {size.epochs} epoch
        {size.epochs === 1 ? '' : 's'} on {count(size.trainImages)} images and the test set (timed on this machine, {timing.backend}).
      </p>
      {limit !== null && (
        <div className="notice notice--info" data-testid="train-limit-suggestion">
          <span>
            An epoch would take about {formatEstimate(estimate.secondsPerEpoch)}. On {count(limit)} training images it takes ≈{' '}
            {formatEstimate(estimateRun(timing, { ...size, trainImages: limit }).secondsPerEpoch)}.
          </span>
          <button data-testid="train-limit-offer" onClick={() => updateSetup({ options: { trainLimit: limit } })}>
            Train on {count(limit)} images
          </button>
        </div>
      )}
    </div>
  );
}
