import type { NodeAnalysis } from '../../../shared/engine/analyze';

/** The engine's trace for one layer: each formula with the layer's own numbers, and its problems with fixes. */
export function ArithmeticPanel({ result, docs, blockedByName }: { result: NodeAnalysis; docs?: string; blockedByName?: string }) {
  return (
    <div className="arithmetic" data-testid="arithmetic">
      <h3>Arithmetic</h3>
      {result.diagnostics.map((d, i) => (
        <div key={i} className={`diagnostic diagnostic--${d.severity}`} data-testid="diagnostic" data-code={d.code}>
          <strong>{d.message}</strong> <span>{d.fix}</span>
        </div>
      ))}
      {result.status === 'blocked' && <p className="muted">Waiting on “{blockedByName}”: fix that layer first.</p>}
      {result.trace.length > 0 && (
        <table className="arithmetic__table">
          <tbody>
            {result.trace.map((t, i) => (
              <tr key={i} data-testid="trace-line">
                <th scope="row">{t.label}</th>
                <td>
                  <div className="arithmetic__text">{t.text}</div>
                  <div className="arithmetic__formula">{t.formula}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.receptiveField && (
        <p className="muted" data-testid="receptive-field">
          Receptive field:{' '}
          {result.receptiveField.global ? 'the whole input' : `${result.receptiveField.size.join(' × ')} px, jump ${result.receptiveField.jump.join(' × ')}`}
        </p>
      )}
      {docs && <p className="arithmetic__docs">{docs}</p>}
    </div>
  );
}
