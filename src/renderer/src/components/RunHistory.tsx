import { useState } from 'react';
import type { RunRecord } from '../../../shared/project/run-record';
import { useTrainingStore } from '../store/training-store';
import { MetricChart } from './MetricChart';

const COLORS = ['#2e90fa', '#f79009', '#12b76a', '#d444f1', '#f04438', '#667085'];
const percent = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(2)} %`);

/** The project's training runs: a table to compare settings and results, and their curves overlaid. */
export function RunHistory() {
  const runs = useTrainingStore((s) => s.runs);
  const trained = useTrainingStore((s) => s.trained);
  const [picked, setPicked] = useState<string[] | null>(null);
  if (runs.length === 0 && !trained) return null;
  // By default compare the last three runs.
  const compared = picked ?? runs.slice(-3).map((r) => r.id);
  const shown = runs.filter((r) => compared.includes(r.id));
  const colorOf = (run: RunRecord) => COLORS[runs.indexOf(run) % COLORS.length]!;
  const xMax = Math.max(1, ...shown.map((r) => r.epochs.length - 1));
  const curve = (pick: (e: RunRecord['epochs'][number]) => number | undefined) =>
    shown.map((r) => ({ label: `run ${runs.indexOf(r) + 1}`, values: r.epochs.map((e) => pick(e) ?? NaN), className: 'series-run', color: colorOf(r) }));
  const toggle = (id: string) => setPicked(compared.includes(id) ? compared.filter((x) => x !== id) : [...compared, id]);

  return (
    <section className="run-history" data-testid="run-history">
      <h3>Runs (kept with the project)</h3>
      {trained && (
        <p className="muted" data-testid="trained-weights">
          {trained.runId === 'imported'
            ? 'The weights imported with the model are kept with the project: “Look inside” and Export use them.'
            : `Trained weights of run ${runs.findIndex((r) => r.id === trained.runId) + 1 || '?'} are saved with the project: reopening it restores the trained network.`}
        </p>
      )}
      {runs.length > 0 && (
        <table className="runs">
          <thead>
            <tr>
              <th />
              <th>#</th>
              <th>dataset</th>
              <th>optimizer</th>
              <th>lr</th>
              <th>epochs</th>
              <th>val. acc.</th>
              <th>test acc.</th>
              <th>ended</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, i) => (
              <tr key={run.id} data-testid={`run-${i + 1}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${i + 1}`}
                    checked={compared.includes(run.id)}
                    onChange={() => toggle(run.id)}
                    style={{ accentColor: colorOf(run) }}
                  />
                </td>
                <td title={new Date(run.startedAt).toLocaleString()}>{i + 1}</td>
                <td>{run.datasetId}</td>
                <td>{String(run.options.optimizer ?? 'adam')}</td>
                <td>{String(run.options.learningRate ?? '')}</td>
                <td>{run.epochs.length}</td>
                <td>{percent(run.epochs.at(-1)?.valAccuracy)}</td>
                <td data-testid={`run-${i + 1}-test-accuracy`}>{percent(run.testAccuracy)}</td>
                <td>{run.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.some((r) => r.epochs.length > 1) && (
        <div className="run-curves">
          <MetricChart
            title="Validation loss per epoch"
            testId="runs-loss-chart"
            xMax={xMax}
            xLabel="epoch"
            xText={(x) => String(x + 1)}
            log
            series={curve((e) => e.valLoss)}
          />
          <MetricChart
            title="Validation accuracy per epoch"
            testId="runs-accuracy-chart"
            xMax={xMax}
            xLabel="epoch"
            xText={(x) => String(x + 1)}
            series={curve((e) => e.valAccuracy)}
          />
        </div>
      )}
    </section>
  );
}
