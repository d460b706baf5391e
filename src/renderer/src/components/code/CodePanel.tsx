/**
 * The Code tab: the network as PyTorch or Keras code, live as the graph changes, highlighted, with
 * the selected layer's lines marked; Copy and Save. A network with an error shows the error, never
 * stale code. The code comes from `shared/codegen` (the registry), never from here.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { codeSettings, exportTarget, liveCode } from '../../../../shared/codegen/targets';
import { useDocumentStore } from '../../store/document-store';
import { showNotice } from '../../store/notice-store';
import { useProjectStore } from '../../store/project-store';
import { useTrainingStore } from '../../store/training-store';
import { saveExport } from '../../store/export';
import { tokenLines } from './python-tokens';
import './code.css';

type Target = 'pytorch' | 'keras';

export function CodePanel() {
  const graph = useDocumentStore((s) => s.graph);
  const selected = useDocumentStore((s) => s.selectedNodeIds);
  const setup = useTrainingStore((s) => s.setup);
  const fileName = useProjectStore((s) => s.fileName);
  const [target, setTarget] = useState<Target>('pytorch');
  const code = useMemo(() => {
    try {
      return liveCode(target, graph, codeSettings(setup.datasetId, setup.options));
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    }
  }, [target, graph, setup]);
  const marked = useMemo(() => {
    const lines = new Set<number>();
    if (code.ok) for (const l of code.layers) if (selected.includes(l.nodeId)) for (let n = l.lines[0]; n <= l.lines[1]; n++) lines.add(n);
    return lines;
  }, [code, selected]);
  const view = useRef<HTMLPreElement>(null);
  // The selected layer's lines come into view.
  useEffect(() => {
    const first = Math.min(...marked);
    if (Number.isFinite(first)) view.current?.querySelector(`[data-line="${first}"]`)?.scrollIntoView({ block: 'center' });
  }, [marked]);
  const lines = useMemo(() => (code.ok ? tokenLines(code.code) : []), [code]);

  const copy = async () => {
    if (!code.ok) return;
    try {
      await navigator.clipboard.writeText(code.code);
      showNotice({ kind: 'info', text: `Copied the ${target === 'pytorch' ? 'PyTorch' : 'Keras'} code (${lines.length} lines).` });
    } catch (e) {
      showNotice({ kind: 'error', text: `Could not copy: ${(e as Error).message}. Select the code and copy it by hand, or use Save.` });
    }
  };
  const save = () => {
    const outcome = exportTarget(target, {
      graph,
      fileName,
      settings: codeSettings(setup.datasetId, setup.options),
      trained: useTrainingStore.getState().trained?.weights,
    });
    void saveExport(outcome, target === 'pytorch' ? 'PyTorch script' : 'Keras code');
  };

  return (
    <section className="panel code-panel" data-testid="code-panel">
      <h2>Code</h2>
      <div className="code-panel__bar">
        <div role="radiogroup" aria-label="Language" className="segmented">
          {(['pytorch', 'keras'] as const).map((t) => (
            <button key={t} role="radio" aria-checked={target === t} data-testid={`code-target-${t}`} onClick={() => setTarget(t)}>
              {t === 'pytorch' ? 'PyTorch' : 'Keras'}
            </button>
          ))}
        </div>
        <button data-testid="code-copy" onClick={() => void copy()} disabled={!code.ok}>
          Copy
        </button>
        <button data-testid="code-save" onClick={save} disabled={!code.ok} title="Save the script (and the trained weights beside it)">
          Save…
        </button>
      </div>
      {code.ok ? (
        <pre className="code-view" ref={view} data-testid="code-view" aria-label={`${target === 'pytorch' ? 'PyTorch' : 'Keras'} code`} tabIndex={0}>
          {lines.map((tokens, i) => (
            <div key={i} className={`code-line${marked.has(i + 1) ? ' code-line--marked' : ''}`} data-line={i + 1} data-marked={marked.has(i + 1) || undefined}>
              <span className="code-line__number" aria-hidden>
                {i + 1}
              </span>
              <code>
                {tokens.map((t, j) =>
                  t.kind === 'text' || t.kind === 'name' ? (
                    t.text
                  ) : (
                    <span key={j} className={`tok-${t.kind}`}>
                      {t.text}
                    </span>
                  ),
                )}
              </code>
            </div>
          ))}
        </pre>
      ) : (
        <p className="error" data-testid="code-error" role="alert">
          No code for this network: {code.error}
        </p>
      )}
    </section>
  );
}
