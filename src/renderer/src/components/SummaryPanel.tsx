import { useDeferredValue, useEffect, useRef, useState, type ReactNode } from 'react';
import { bytesText, fmtInt, kerasShape } from '../../../shared/engine/format';
import { useDocumentStore } from '../store/document-store';
import { useAnalysis } from '../store/use-analysis';
import { useHomeworkStore } from '../store/homework-store';
import { isSourceType } from '../../../shared/engine/registry';

/** Rows per block of a big network's table. */
const SUMMARY_BLOCK = 50;
/** A row's height before a block has been shown (12 px text, 3 px padding, 1 px rule). */
const ROW_PX = 21;

/**
 * A block of a big network's table, rendered only while it is within a screen of the sidebar's view (a
 * placeholder of its height otherwise): a 1,000-layer table rendered and laid out whole held the page up for
 * ~100 ms after opening and after every change.
 */
function LazyBlock({ lazy, rows, children }: { lazy: boolean; rows: number; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(!lazy);
  const [height, setHeight] = useState(rows * ROW_PX);
  useEffect(() => {
    const element = ref.current;
    if (!lazy || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1);
        if (!entry) return;
        if (!entry.isIntersecting) setHeight(entry.boundingClientRect.height);
        setNear(entry.isIntersecting);
      },
      { root: element.closest('.sidebar'), rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [lazy]);
  return (
    <div ref={ref} style={near || !lazy ? undefined : { height }}>
      {(near || !lazy) && children}
    </div>
  );
}

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
  const chunked = analysis.order.length > SUMMARY_BLOCK;
  const chunks: string[][] = [];
  for (let i = 0; i < analysis.order.length || i === 0; i += SUMMARY_BLOCK) chunks.push(analysis.order.slice(i, i + SUMMARY_BLOCK));
  return (
    <section className="panel summary-panel" data-testid="model-summary">
      <h2>Model summary</h2>
      {chunks.map((ids, i) => (
        <LazyBlock key={i} lazy={chunked && i > 0} rows={ids.length}>
          <table className={`summary-table${chunked ? ' summary-table--block' : ''}`}>
            {chunked && (
              <colgroup>
                <col />
                <col className="summary-table__shape" />
                <col className="summary-table__params" />
              </colgroup>
            )}
            {i === 0 && (
              <thead>
                <tr>
                  <th>Layer (type)</th>
                  <th>Output shape</th>
                  <th className="num">Param #</th>
                </tr>
              </thead>
            )}
            <tbody>
              {ids.map((id) => {
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
        </LazyBlock>
      ))}
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
