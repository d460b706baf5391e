import { bytesText, fmtInt, kerasShape } from '../../../shared/engine/format';
import { useDocumentStore } from '../store/document-store';
import { useAnalysis } from '../store/use-analysis';

/** Live Keras-style `model.summary()` of the open graph. */
export function SummaryPanel() {
  const analysis = useAnalysis();
  const select = useDocumentStore((s) => s.select);
  const selected = useDocumentStore((s) => s.selectedNodeIds);
  const { totals } = analysis;
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
                <td data-testid={`summary-shape-${id}`}>{n.shape ? kerasShape(n.shape) : n.status === 'blocked' ? 'waiting' : 'error'}</td>
                <td className="num" data-testid={`summary-params-${id}`}>
                  {n.status === 'ok' ? fmtInt(n.params.total) : '?'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <dl className="summary-totals">
        <dt>Total params</dt>
        <dd data-testid="total-params">{fmtInt(totals.params)}</dd>
        <dt>Trainable</dt>
        <dd data-testid="trainable-params">{fmtInt(totals.trainable)}</dd>
        <dt>Non-trainable</dt>
        <dd data-testid="non-trainable-params">{fmtInt(totals.nonTrainable)}</dd>
        <dt>Multiply-adds</dt>
        <dd>{fmtInt(totals.macs)}</dd>
        <dt>Activations / sample</dt>
        <dd>{bytesText(totals.activationBytes)}</dd>
      </dl>
      {!analysis.ok && (
        <p className="error" data-testid="summary-errors">
          {analysis.diagnostics.filter((d) => d.severity === 'error').length} problem(s) — see the highlighted layers.
        </p>
      )}
    </section>
  );
}
