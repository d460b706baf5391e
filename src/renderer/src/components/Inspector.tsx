import { useState } from 'react';
import { renameProblem } from '../../../shared/editing/edit';
import { fmtInt, shapeText } from '../../../shared/engine/format';
import { getLayerSpec, isSourceType } from '../../../shared/engine/registry';
import type { ParamSchema } from '../../../shared/engine/types';
import { useDocumentStore } from '../store/document-store';
import { useAnalysis } from '../store/use-analysis';
import { ArithmeticPanel } from './ArithmeticPanel';
import { ParamField } from './ParamField';
import type { NodeAnalysis } from '../../../shared/engine/analyze';
import type { AnswerField } from '../../../shared/homework/answers';
import { isAskable } from '../../../shared/homework/grade';
import { useHomeworkStore } from '../store/homework-store';
import { AnswerInput } from './homework/AnswerInput';

/** An image Input's shape, edited one axis at a time; each axis's default is the Input's own (28 × 28 × 1). */
const IMAGE_AXES = [
  { key: 'height', label: 'Height', help: 'Rows of each image (H).' },
  { key: 'width', label: 'Width', help: 'Columns of each image (W).' },
  { key: 'channels', label: 'Channels', help: 'Values per pixel (C): 1 for grayscale, 3 for RGB.' },
] as const;
const inputShapeDefault = (getLayerSpec('InputLayer')?.params.find((p) => p.key === 'shape')?.default ?? [28, 28, 1]) as number[];
const dimSchema = (axis: number): ParamSchema => {
  const { key, label, help } = IMAGE_AXES[axis]!;
  return { key, label, kind: 'int', min: 1, max: 16384, default: inputShapeDefault[axis] ?? 1, unit: key === 'channels' ? undefined : 'px', help };
};

/** Edits the selected layer: name, every parameter (with its default, unit and range), and shows its arithmetic. */
export function Inspector() {
  const selected = useDocumentStore((s) => (s.selectedNodeIds.length === 1 ? s.graph.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined));
  const count = useDocumentStore((s) => s.selectedNodeIds.length);
  const setParam = useDocumentStore((s) => s.setParam);
  const renameNode = useDocumentStore((s) => s.renameNode);
  const graph = useDocumentStore((s) => s.graph);
  const analysis = useAnalysis();
  const ask = useHomeworkStore((s) => s.session?.homework.ask);
  const [name, setName] = useState(selected?.name ?? '');
  const [shownName, setShownName] = useState(selected?.name);
  if (shownName !== selected?.name) {
    setShownName(selected?.name);
    setName(selected?.name ?? '');
  }

  if (!selected) {
    return (
      <section className="panel inspector inspector--empty" data-testid="inspector">
        <h2>Inspector</h2>
        <p className="muted">{count > 1 ? `${count} layers selected.` : 'Select a layer to edit its parameters and see its arithmetic.'}</p>
      </section>
    );
  }
  const spec = getLayerSpec(selected.type);
  const result = analysis.nodes[selected.id];
  const nameProblem = name === selected.name ? null : renameProblem(graph, selected.id, name);
  const shape = selected.params.shape;
  const imageInput = isSourceType(selected.type) && Array.isArray(shape) && shape.length === 3;
  if (ask)
    return <HomeworkInspector layerName={selected.name} type={selected.type} summary={spec?.summary} params={selected.params} ask={ask} result={result} />;

  return (
    <section className="panel inspector" data-testid="inspector">
      <h2>
        {selected.type}
        {result?.shape && <span className="inspector__shape"> → {shapeText(result.shape)}</span>}
      </h2>
      {spec && <p className="muted">{spec.summary}</p>}
      <div className="param-field">
        <label htmlFor="param-name">Name</label>
        <input
          id="param-name"
          data-testid="param-name"
          value={name}
          aria-invalid={nameProblem !== null}
          onChange={(e) => {
            setName(e.target.value);
            if (!renameProblem(graph, selected.id, e.target.value)) renameNode(selected.id, e.target.value);
          }}
        />
        {nameProblem && <div className="param-field__error">{nameProblem}</div>}
      </div>
      {imageInput
        ? IMAGE_AXES.map(({ key }, axis) => (
            <ParamField
              key={key}
              schema={dimSchema(axis)}
              testId={`param-${key}`}
              value={(shape as number[])[axis]}
              onCommit={(v, session) =>
                setParam(
                  selected.id,
                  'shape',
                  (shape as number[]).map((d, i) => (i === axis ? (v as number) : d)),
                  session,
                )
              }
            />
          ))
        : spec?.params.map((schema) => (
            <ParamField
              key={schema.key}
              schema={schema}
              value={selected.params[schema.key] ?? schema.default}
              onCommit={(v, session) => setParam(selected.id, schema.key, v, session)}
            />
          ))}
      {!spec && <p className="error">This layer type is not supported; it was kept from an imported file.</p>}
      {result && result.status === 'ok' && (
        <p className="muted">
          {fmtInt(result.params.total)} parameters ({fmtInt(result.params.trainable)} trainable) · {fmtInt(result.macs)} multiply-adds
        </p>
      )}
      {result && <ArithmeticPanel result={result} docs={spec?.docs} blockedByName={result.blockedBy ? analysis.nodes[result.blockedBy]?.name : undefined} />}
    </section>
  );
}

/** Doing homework: the layer's settings (read-only) and its asked values as fields; no arithmetic (it holds the answers). */
function HomeworkInspector({
  layerName,
  type,
  summary,
  params,
  ask,
  result,
}: {
  layerName: string;
  type: string;
  summary: string | undefined;
  params: Record<string, unknown>;
  ask: readonly AnswerField[];
  result: NodeAnalysis | undefined;
}) {
  const asked = result && !isSourceType(type) ? ask.filter((f) => isAskable(result, f)) : [];
  const settings = Object.entries(params).filter(([key]) => key !== 'keras_config');
  return (
    <section className="panel inspector" data-testid="inspector">
      <h2>
        {layerName} <span className="muted">({type})</span>
      </h2>
      {summary && <p className="muted">{summary}</p>}
      <dl className="inspector__settings">
        {settings.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
      {asked.map((field) => (
        <AnswerInput key={field} layer={layerName} field={field} testId={`homework-inspector-${layerName}-${field}`} />
      ))}
      {isSourceType(type) && result?.shape && <p className="muted">Input shape {shapeText(result.shape)}: nothing to compute here.</p>}
    </section>
  );
}
