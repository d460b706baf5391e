import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DatasetChoice } from '../../../shared/api/app-api';
import { KERAS_LOSS_NAMES, LOSSES, OPTIMIZERS } from '../../../shared/api/schemas';
import { layerTrainingProblems } from '../../../shared/engine/trainability';
import { useDocumentStore } from '../store/document-store';
import { isTrainingActive, isTrainingBusy } from '../store/training-reducer';
import { getHost } from '../store/host';
import { useProjectStore } from '../store/project-store';
import { useTrainingStore } from '../store/training-store';
import { useAnalysis } from '../store/use-analysis';
import { MetricChart, smooth } from './MetricChart';
import { RunHistory } from './RunHistory';
import { TrainingResults } from './TrainingResults';
import { UserDataPicker } from './UserDataPicker';
import { RunEstimate } from './training/RunEstimate';
import { useDatasetSuggestion } from './training/use-dataset-suggestion';

const statusText = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  stopping: 'Stopping…',
  evaluating: 'Evaluating the test set',
  done: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
} as const;
const reasonText = { completed: '', stopped: ' · the weights are kept', 'early-stopping': ' (early stopping)' } as const;
/** While the test set is evaluated the reason is already known; say it only once training is over. */
const showsReason = (status: string) => status === 'done' || status === 'stopped';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Workers a run may split its batches over in the desktop app: this machine's cores (the trainer runs on the same machine as the window). */
const CORES = Math.max(1, navigator.hardwareConcurrency || 1);

function NumberOption({
  label,
  testId,
  value,
  onChange,
  step = 1,
  min = 0,
  max,
  title,
  disabled,
}: {
  label: string;
  testId: string;
  value: number | undefined;
  onChange(v: number | undefined): void;
  step?: number;
  min?: number;
  max?: number;
  /** What the option does, shown on hover. */
  title?: string;
  disabled?: boolean;
}) {
  return (
    <label className="option" title={title}>
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        value={value ?? ''}
        step={step}
        min={min}
        max={max}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    </label>
  );
}

/** Before a run: each layer TensorFlow.js cannot train as it is set, why, and what to do (the run would be refused). */
function LayerLimits() {
  const graph = useDocumentStore((s) => s.graph);
  const problems = useMemo(() => layerTrainingProblems(graph), [graph]);
  if (problems.length === 0) return null;
  return (
    <div className="notice notice--error layer-limits" data-testid="train-layer-problems">
      <span>TensorFlow.js cannot train {problems.length === 1 ? 'one layer' : `${problems.length} layers`} as they are set:</span>
      <ul>
        {problems.map((p, i) => (
          <li key={i} data-testid={`train-layer-problem-${p.nodeId}`}>
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Says when the data's images differ from the Input (they will be converted), with a one-click fix. */
function DataFit({ choice }: { choice: DatasetChoice | undefined }) {
  const analysis = useAnalysis();
  const setParam = useDocumentStore((s) => s.setParam);
  const inputId = analysis.inputIds[0];
  const input = inputId ? analysis.nodes[inputId]?.shape : undefined;
  if (!choice?.shape || !input || !inputId || input.join('×') === choice.shape.join('×')) return null;
  const from = choice.shape.join('×');
  return (
    <div className="notice notice--info data-fit" data-testid="data-fit">
      <span>
        {choice.name} images are {from}; the Input is {input.join('×')}. They will be{' '}
        {input.length === 3 ? `converted ${from} → ${input.join('×')} (resize, gray ↔ RGB)` : 'refused'}.
      </span>
      <button data-testid="fix-input" onClick={() => setParam(inputId, 'shape', [...choice.shape!])}>
        Set the Input to {choice.shape.join(' × ')}
      </button>
    </div>
  );
}

function ProgressRow({ label, testId, fraction, children }: { label: string; testId: string; fraction: number; children: ReactNode }) {
  return (
    <div className="progress-row">
      {children}
      <div
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        data-testid={testId}
      >
        <div style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}

function SelectOption<T extends string>({
  label,
  testId,
  options,
  value,
  onChange,
  names,
}: {
  label: string;
  testId: string;
  options: readonly T[];
  value: T;
  onChange(v: T): void;
  names?: Record<T, string>;
}) {
  return (
    <label className="option">
      <span>{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((name) => (
          <option key={name} value={name}>
            {names?.[name] ?? name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TrainingPanel() {
  const training = useTrainingStore((s) => s.training);
  const setup = useTrainingStore((s) => s.setup);
  const userDatasets = useTrainingStore((s) => s.userDatasets);
  const trained = useTrainingStore((s) => s.trained);
  const s = useTrainingStore.getState();
  const [datasets, setDatasets] = useState<DatasetChoice[]>([]);
  useEffect(() => {
    void getHost().listDatasets().then(setDatasets);
  }, []);
  const choices = [...datasets, ...userDatasets];
  useDatasetSuggestion(choices);
  const active = isTrainingActive(training);
  const busy = isTrainingBusy(training);
  const o = setup.options;
  // The browser host trains in one worker (no SharedArrayBuffer); the desktop app's trainer splits batches over the cores.
  const workersLimit = getHost().host === 'electron' ? CORES : 1;
  const total = training.epochs * training.batchesPerEpoch;
  const done = training.epoch * training.batchesPerEpoch + training.batchInEpoch;
  const overall = total > 0 ? Math.min(1, done / total) : 0;
  const epochFraction = training.batchesPerEpoch > 0 ? training.batchInEpoch / training.batchesPerEpoch : 0;
  const batchSize = o.batchSize ?? 64;
  const eta = training.samplesPerSecond > 0 ? ((total - done) * batchSize) / training.samplesPerSecond : NaN;
  const last = training.epochMetrics.at(-1);
  const lastLoss = training.batchLosses.at(-1);
  const lastAccuracy = training.batchAccuracies.at(-1);
  const epochXs = training.epochMetrics.map((m) => (m.epoch + 1) * training.batchesPerEpoch - 1);
  // The x axis counts batches; epoch ends are dotted, and the ends of the axis say which epoch.
  const perEpoch = Math.max(training.batchesPerEpoch, 1);
  const epochAxis = 'batch (dotted: end of an epoch)';
  const batchText = (x: number) =>
    x === 0 ? '0' : `${Math.round(x + 1).toLocaleString('en-US')} · epoch ${Math.min(Math.floor(x / perEpoch) + 1, Math.max(training.epochs, 1))}`;
  const epochMarks = Array.from({ length: Math.max(training.epochs - 1, 0) }, (_, i) => (i + 1) * perEpoch - 0.5);

  return (
    <section className="panel training-panel" data-testid="training-panel">
      <h2>Training</h2>
      <fieldset className="training-setup" disabled={active}>
        <label className="option option--wide">
          <span>Dataset</span>
          <select
            data-testid="dataset-select"
            value={setup.datasetId}
            onChange={(e) => {
              const choice = choices.find((d) => d.id === e.target.value);
              s.updateSetup({
                datasetId: e.target.value,
                options:
                  choice?.kind === 'regression'
                    ? { loss: 'meanSquaredError', learningRate: 0.1 }
                    : { loss: 'sparseCategoricalCrossentropy', learningRate: 0.001 },
              });
            }}
          >
            {choices.map((d) => (
              <option key={d.id} value={d.id} title={d.description}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <SelectOption
          label="Optimizer"
          testId="train-optimizer"
          options={OPTIMIZERS}
          value={o.optimizer ?? 'adam'}
          onChange={(v) => s.updateSetup({ options: { optimizer: v } })}
        />
        <SelectOption
          label="Loss"
          testId="train-loss"
          options={LOSSES}
          names={KERAS_LOSS_NAMES}
          value={o.loss ?? 'sparseCategoricalCrossentropy'}
          onChange={(v) => s.updateSetup({ options: { loss: v } })}
        />
        <NumberOption
          label="Learning rate"
          testId="train-lr"
          value={o.learningRate}
          step={0.0001}
          onChange={(v) => v && s.updateSetup({ options: { learningRate: v } })}
        />
        <NumberOption label="Epochs" testId="train-epochs" value={o.epochs} min={1} onChange={(v) => v && s.updateSetup({ options: { epochs: v } })} />
        <NumberOption label="Batch size" testId="train-batch" value={o.batchSize} min={1} onChange={(v) => v && s.updateSetup({ options: { batchSize: v } })} />
        <NumberOption
          label={`Workers (≤ ${workersLimit})`}
          title={
            workersLimit > 1
              ? `Data-parallel training: each batch is split over this many workers, one per core (this machine has ${CORES}); their gradients are averaged every step.`
              : 'Data-parallel training needs the desktop app: this page cannot share memory between workers (it is not cross-origin isolated).'
          }
          testId="train-workers"
          value={Math.min(o.workers ?? 1, workersLimit)}
          min={1}
          max={workersLimit}
          disabled={workersLimit <= 1}
          onChange={(v) => v && s.updateSetup({ options: { workers: Math.min(Math.round(v), workersLimit) } })}
        />
        <NumberOption label="Seed" testId="train-seed" value={o.seed} onChange={(v) => v !== undefined && s.updateSetup({ options: { seed: v } })} />
        <NumberOption
          label="Validation split"
          testId="train-validation"
          value={o.validationSplit}
          step={0.05}
          onChange={(v) => s.updateSetup({ options: { validationSplit: v ?? 0 } })}
        />
        <NumberOption
          label="Training images (all if empty)"
          testId="train-limit"
          value={o.trainLimit}
          min={1}
          onChange={(v) => s.updateSetup({ options: { trainLimit: v } })}
        />
        <NumberOption
          label="Test images (all if empty)"
          testId="test-limit"
          value={o.testLimit}
          min={1}
          onChange={(v) => s.updateSetup({ options: { testLimit: v } })}
        />
        <label className="option option--wide">
          <span>Early stopping</span>
          <span>
            <input
              type="checkbox"
              data-testid="train-early-stopping"
              checked={o.earlyStopping != null}
              onChange={(e) =>
                s.updateSetup({ options: { earlyStopping: e.target.checked ? { monitor: 'val_loss', patience: 3, restoreBestWeights: true } : null } })
              }
            />{' '}
            val_loss, patience 3, restore best
          </span>
        </label>
      </fieldset>
      {!active && <DataFit choice={choices.find((d) => d.id === setup.datasetId)} />}
      {!active && <LayerLimits />}
      <RunEstimate choice={choices.find((d) => d.id === setup.datasetId)} enabled={!busy} />
      {!active && <UserDataPicker />}
      <p className="muted">
        {o.validationSplit ? `Validation: ${Math.round(o.validationSplit * 100)} % of the training images.` : "Validation: the dataset's test set."}
      </p>
      <div className="row">
        <button data-testid="train-start" className="primary" onClick={() => void s.startTraining()} disabled={busy}>
          Train
        </button>
        {training.status === 'paused' ? (
          <button data-testid="train-resume" onClick={() => void s.resumeTraining()}>
            Resume
          </button>
        ) : (
          <button data-testid="train-pause" onClick={() => void s.pauseTraining()} disabled={training.status !== 'running'}>
            Pause
          </button>
        )}
        <button
          data-testid="train-stop"
          onClick={() => void s.stopTraining()}
          disabled={!active || training.status === 'stopping'}
          title="Ends training within one batch; the weights are kept"
        >
          Stop
        </button>
        <span className={`status status--${training.status}`} data-testid="training-status" data-status={training.status} role="status">
          {statusText[training.status]}
          {training.reason && showsReason(training.status) ? reasonText[training.reason] : ''}
          {training.evaluationSkipped && showsReason(training.status) ? ' · test set skipped' : ''}
          {training.backend ? ` · ${training.backend}` : ''}
        </span>
      </div>
      {training.status === 'evaluating' && training.evaluated && (
        <div className="evaluation-step" data-testid="evaluation-step">
          <ProgressRow
            label="Test-set evaluation"
            testId="eval-progress"
            fraction={training.evaluated.total ? training.evaluated.done / training.evaluated.total : 0}
          >
            <span data-testid="eval-count">
              test images {training.evaluated.done.toLocaleString('en-US')} / {training.evaluated.total.toLocaleString('en-US')}
            </span>
          </ProgressRow>
          <button data-testid="eval-skip" onClick={() => void s.stopTraining()} title="Keep the trained weights without the test-set results">
            Skip evaluation
          </button>
        </div>
      )}
      <ProgressRow label="Epoch progress" testId="train-epoch-progress" fraction={epochFraction}>
        <span data-testid="train-epoch">
          epoch {Math.min(training.epoch + 1, Math.max(training.epochs, 1))} / {training.epochs || o.epochs}
        </span>
      </ProgressRow>
      <ProgressRow label="Overall progress" testId="train-progress" fraction={overall}>
        <span>overall</span>
      </ProgressRow>
      <dl className="metrics">
        <dt>loss</dt>
        <dd data-testid="metric-loss">{lastLoss !== undefined ? lastLoss.toFixed(4) : '—'}</dd>
        <dt>accuracy</dt>
        <dd data-testid="metric-accuracy">{lastAccuracy !== undefined ? `${(lastAccuracy * 100).toFixed(1)} %` : '—'}</dd>
        <dt>val. accuracy</dt>
        <dd data-testid="metric-val-accuracy">{last?.valAccuracy !== undefined ? `${(last.valAccuracy * 100).toFixed(1)} %` : '—'}</dd>
        <dt>speed</dt>
        <dd data-testid="train-speed">{training.samplesPerSecond ? `${Math.round(training.samplesPerSecond).toLocaleString('en-US')} samples/s` : '—'}</dd>
        <dt>ETA</dt>
        <dd data-testid="train-eta">{training.status === 'running' ? formatDuration(eta) : '—'}</dd>
      </dl>
      <MetricChart
        title={`Loss · ${KERAS_LOSS_NAMES[o.loss ?? 'sparseCategoricalCrossentropy']}`}
        testId="loss-chart"
        xLabel={epochAxis}
        xText={batchText}
        marks={epochMarks}
        log
        series={[
          { label: 'train (smoothed)', values: smooth(training.batchLosses), className: 'series-train' },
          { label: 'validation', values: training.epochMetrics.map((m) => m.valLoss ?? NaN), xs: epochXs, className: 'series-val' },
        ]}
      />
      <MetricChart
        title="Accuracy"
        testId="accuracy-chart"
        xLabel={epochAxis}
        xText={batchText}
        marks={epochMarks}
        series={[
          { label: 'train (smoothed)', values: smooth(training.batchAccuracies), className: 'series-train' },
          { label: 'validation', values: training.epochMetrics.map((m) => m.valAccuracy ?? NaN), xs: epochXs, className: 'series-val' },
        ]}
      />
      {training.notes.length > 0 && (
        <ul className="muted training-notes" data-testid="training-notes">
          {training.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {training.error && (
        <p className="error" data-testid="training-error">
          {training.error}
        </p>
      )}
      {(training.status === 'done' || training.status === 'stopped' || (trained && !busy)) && (
        <button
          data-testid="train-export"
          onClick={() => void useProjectStore.getState().exportTrainedModel()}
          title="model.json + weights, for tf.loadLayersModel"
        >
          Export trained model (TensorFlow.js)
        </button>
      )}
      {training.evaluation && <TrainingResults evaluation={training.evaluation} />}
      <RunHistory />
    </section>
  );
}
