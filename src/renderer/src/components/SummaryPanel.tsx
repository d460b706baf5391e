import { useDeferredValue } from 'react';
import { bytesText, fmtInt, kerasShape } from '../../../shared/engine/format';
import { useDocumentStore } from '../store/document-store';
import { useAnalysis } from '../store/use-analysis';
import { useHomeworkStore } from '../store/homework-store';
import { isSourceType } from '../../../shared/engine/registry';

/** Live Keras-style `model.summary()` of the open graph. */
export function SummaryPanel() {
  // A big network's table follows the canvas a frame later instead of holding up every edit.
  const analysis = useDeferredValue(useAnalysis());
  const select = useDocumentStore((s) => s.select);
  const selected = useDocumentStore((s) => s.selectedNodeIds);
  const { totals } = analysis;
  // Doing homework, the summary hides what is asked (the inputs' own shape stays: it is given).
  const ask = useHomeworkStore((s) => s.session?.homework.ask);
  const hidden = (field: 'output_shape' | 'params' | 'macs', type?: string) =>
    !!ask && (type === undefined || !isSourceType(type)) && (field === 'params' ? ask.some((f) => f.endsWith('params')) : ask.includes(field));
  return (
    <section className="panel summary-panel" data-testid="model-summary">
      <h2>Model summary</h2>
      <table className="summary-table">
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output shape</th>
            <th className="num">Param #</th>
          </tr>
        </thead>
        <tbody>
          {analysis.order.map((id) => {
            const n = analysis.nodes[id]!;
            return (
              <tr
                key={id}
                data-testid={`summary-row-${id}`}
                className={`status-${n.status}${selected.includes(id) ? ' selected' : ''}`}
                onClick={() => select([id])}
              >
                <td>
                  {n.name} <span className="muted">({n.type})</span>
                </td>
                <td data-testid={`summary-shape-${id}`}>
                  {hidden('output_shape', n.type) ? '?' : n.shape ? kerasShape(n.shape) : n.status === 'blocked' ? 'waiting' : 'error'}
                </td>
                <td className="num" data-testid={`summary-params-${id}`}>
                  {n.status === 'ok' && !hidden('params', n.type) ? fmtInt(n.params.total) : '?'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="summary-totals">
        <dt>Total params</dt>
        <dd data-testid="total-params">{hidden('params') ? '?' : fmtInt(totals.params)}</dd>
        <dt>Trainable</dt>
        <dd data-testid="trainable-params">{hidden('params') ? '?' : fmtInt(totals.trainable)}</dd>
        <dt>Non-trainable</dt>
        <dd data-testid="non-trainable-params">{hidden('params') ? '?' : fmtInt(totals.nonTrainable)}</dd>
        <dt>Multiply-adds</dt>
        <dd>{hidden('macs') ? '?' : fmtInt(totals.macs)}</dd>
        <dt>Activations / sample</dt>
        <dd>{hidden('output_shape') ? '?' : bytesText(totals.activationBytes)}</dd>
      </dl>
      {!analysis.ok && (
        <p className="error" data-testid="summary-errors">
          {analysis.diagnostics.filter((d) => d.severity === 'error').length} problem(s) — see the highlighted layers.
        </p>
      )}
    </section>
  );
}
