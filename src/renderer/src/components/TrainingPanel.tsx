import { useAppStore } from '../store/app-store';
import { LossChart } from './LossChart';

const statusText = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Training',
  done: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
} as const;

export function TrainingPanel() {
  const training = useAppStore((s) => s.training);
  const options = useAppStore((s) => s.options);
  const start = useAppStore((s) => s.startTraining);
  const stop = useAppStore((s) => s.stopTraining);
  const busy = training.status === 'running' || training.status === 'starting';
  const losses = training.batchLosses;
  const total = training.epochs * training.batchesPerEpoch;
  const progress = total > 0 ? Math.min(1, losses.length / total) : 0;

  return (
    <section className="panel training-panel" data-testid="training-panel">
      <h2>Training</h2>
      <p className="muted">
        Synthetic linear data · Adam lr {options.learningRate} · {options.epochs} epochs · batch {options.batchSize}
      </p>
      <div className="row">
        <button data-testid="train-button" onClick={() => void start()} disabled={busy}>
          Train
        </button>
        <button data-testid="stop-button" onClick={() => void stop()} disabled={!busy}>
          Stop
        </button>
        <span className={`status status--${training.status}`} data-testid="training-status" data-status={training.status}>
          {statusText[training.status]}
          {training.backend ? ` · ${training.backend}` : ''}
        </span>
      </div>
      <progress data-testid="training-progress" max={1} value={progress} />
      <LossChart losses={losses} />
      <div className="muted" data-testid="loss-count">
        {losses.length} batches
        {losses.length > 0 && (
          <>
            {' '}· last loss <span data-testid="last-loss">{losses[losses.length - 1]!.toPrecision(4)}</span>
          </>
        )}
      </div>
      <ol className="loss-list" data-testid="loss-list" start={Math.max(1, losses.length - 7)}>
        {losses.slice(-8).map((loss, i) => (
          <li key={losses.length - 8 + i} data-testid="loss-value">
            {loss.toPrecision(4)}
          </li>
        ))}
      </ol>
      {training.error && (
        <p className="error" data-testid="training-error">
          {training.error}
        </p>
      )}
    </section>
  );
}
