import { memo, useDeferredValue, useEffect, useRef, useState, type ReactNode } from 'react';
import type { GraphAnalysis, NodeAnalysis } from '../../../shared/engine/analyze';
import type { AnswerField } from '../../../shared/homework/answers';
import { bytesText, fmtInt, kerasShape } from '../../../shared/engine/format';
import { useDocumentStore } from '../store/document-store';
import { useAnalysis } from '../store/use-analysis';
import { useHomeworkStore } from '../store/homework-store';
import { isSourceType } from '../../../shared/engine/registry';

/** Rows per block of a big network's table (small: the blocks near the view are what an edit updates and lays out). */
const SUMMARY_BLOCK = 20;
/** A row's height before a block has been shown (12 px text, 3 px padding, 1 px rule). */
const ROW_PX = 21;

/**
 * A block of a big network's table, rendered only while it is within a screen of the sidebar's view (a
 * placeholder of its height otherwise): a 1,000-layer table rendered and laid out whole held the page up for
 * ~100 ms after opening and after every change.
 */
function LazyBlock({ lazy, rows, children }: { lazy: boolean; rows: number; children: () => ReactNode }) {
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
      {(near || !lazy) && children()}
    </div>
  );
}

/** Live Keras-style `model.summary()` of the open graph. */
export function SummaryPanel() {
  // A big network's table follows the canvas a frame later instead of holding up every edit: the urgent
  // render after an edit still has the previous analysis, so the memoized table below skips it entirely.
  const analysis = useDeferredValue(useAnalysis());
  const selected = useDocumentStore((s) => s.selectedNodeIds);
  // Doing homework, the summary hides what is asked (the inputs' own shape stays: it is given).
  const ask = useHomeworkStore((s) => s.session?.homework.ask);
  return <SummaryTable analysis={analysis} selected={selected} ask={ask} />;
}

type Hidden = (field: 'output_shape' | 'params' | 'macs', type?: string) => boolean;

const SummaryTable = memo(function SummaryTable({
  analysis,
  selected,
  ask,
}: {
  analysis: GraphAnalysis;
  selected: readonly string[];
  ask: readonly AnswerField[] | undefined;
}) {
  const { totals } = analysis;
  const hidden: Hidden = (field, type) =>
    !!ask && (type === undefined || !isSourceType(type)) && (field === 'params' ? ask.some((f) => f.endsWith('params')) : ask.includes(field));
  const chunked = analysis.order.length > SUMMARY_BLOCK;
  const chunks: string[][] = [];
  for (let i = 0; i < analysis.order.length || i === 0; i += SUMMARY_BLOCK) chunks.push(analysis.order.slice(i, i + SUMMARY_BLOCK));
  return (
    <section className="panel summary-panel" data-testid="model-summary">
      <h2>Model summary</h2>
      {chunks.map((ids, i) => (
        <LazyBlock key={i} lazy={chunked && i > 0} rows={ids.length}>
          {() => (
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
                    <SummaryRow
                      key={id}
                      node={n}
                      selected={selected.includes(id)}
                      hideShape={hidden('output_shape', n.type)}
                      hideParams={hidden('params', n.type)}
                    />
                  );
                })}
              </tbody>
            </table>
          )}
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
});

/** One layer's row: re-rendered only when its analysis (kept by the analyzer while unchanged) or selection does. */
const SummaryRow = memo(function SummaryRow({
  node: n,
  selected,
  hideShape,
  hideParams,
}: {
  node: NodeAnalysis;
  selected: boolean;
  hideShape: boolean;
  hideParams: boolean;
}) {
  // The store's action read on click: a subscription per row would run on every change to the document.
  return (
    <tr
      data-testid={`summary-row-${n.id}`}
      className={`status-${n.status}${selected ? ' selected' : ''}`}
      onClick={() => useDocumentStore.getState().select([n.id])}
    >
      <td>
        {n.name} <span className="muted">({n.type})</span>
      </td>
      <td data-testid={`summary-shape-${n.id}`}>{hideShape ? '?' : n.shape ? kerasShape(n.shape) : n.status === 'blocked' ? 'waiting' : 'error'}</td>
      <td className="num" data-testid={`summary-params-${n.id}`}>
        {n.status === 'ok' && !hideParams ? fmtInt(n.params.total) : '?'}
      </td>
    </tr>
  );
});
