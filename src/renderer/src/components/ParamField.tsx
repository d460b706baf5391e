import { useRef, useState } from 'react';
import { fieldProblemText } from '../../../shared/engine/params';
import type { ParamSchema } from '../../../shared/engine/types';
import type { ParamValue } from '../../../shared/graph/graph';
import { paramText, parseParamText, rangeHint } from './param-text';

let sessions = 0;

interface Props {
  schema: ParamSchema;
  value: ParamValue | undefined;
  /** `session` changes each time the field gains focus: edits within one focus are one undo step. */
  onCommit(value: ParamValue, session: number): void;
  /** Overrides the test id / label (Input's height/width/channels). */
  testId?: string;
  label?: string;
}

/**
 * One parameter input. A value that breaks the schema (stride 0, dropout 1.5) is refused inline with
 * the reason and never reaches the graph; a valid one is applied at once.
 */
export function ParamField({ schema, value, onCommit, testId, label }: Props) {
  const [text, setText] = useState(paramText(value));
  const [problem, setProblem] = useState<string | null>(null);
  const [shownValue, setShownValue] = useState(value);
  const session = useRef(0);
  // The graph changed under the field (undo, another edit): show the new value, unless the text
  // already means it (so "5," typed on the way to "5, 3" is not rewritten to "5").
  if (shownValue !== value) {
    setShownValue(value);
    if (JSON.stringify(parseParamText(schema, text)) !== JSON.stringify(value)) {
      setText(paramText(value));
      setProblem(null);
    }
  }
  const id = testId ?? `param-${schema.key}`;
  const hint = [schema.help, schema.unit ? `Unit: ${schema.unit}.` : '', `Default: ${paramText(schema.default) || 'empty'}.`].filter(Boolean).join(' ');

  const apply = (raw: ParamValue) => {
    // The label is right above the field, so the message under it does not repeat it.
    const issue = fieldProblemText(schema, raw);
    setProblem(issue);
    if (!issue) onCommit(raw, session.current);
  };

  let control;
  if (schema.kind === 'enum') {
    control = (
      <select id={id} data-testid={id} value={String(value ?? schema.default)} onChange={(e) => apply(e.target.value)}>
        {schema.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (schema.kind === 'bool') {
    control = <input id={id} data-testid={id} type="checkbox" checked={value === true} onChange={(e) => apply(e.target.checked)} />;
  } else {
    control = (
      <input
        id={id}
        data-testid={id}
        type="text"
        inputMode={schema.kind === 'padding' ? 'text' : 'decimal'}
        list={schema.kind === 'padding' ? `${id}-modes` : undefined}
        value={text}
        aria-invalid={problem !== null}
        onChange={(e) => {
          setText(e.target.value);
          apply(parseParamText(schema, e.target.value));
        }}
        onBlur={() => {
          if (problem === null) setText(paramText(value));
        }}
      />
    );
  }
  return (
    <div className={`param-field${problem ? ' param-field--invalid' : ''}`} onFocus={() => (session.current = ++sessions)}>
      <label htmlFor={id} title={hint}>
        {label ?? schema.label}
        {schema.unit && <span className="muted"> ({schema.unit})</span>}
      </label>
      {control}
      {schema.kind === 'padding' && (
        <datalist id={`${id}-modes`}>
          {schema.modes.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      )}
      {schema.kind !== 'bool' && schema.kind !== 'enum' && (
        <div className="param-field__hint" data-testid={`${id}-hint`}>
          {rangeHint(schema)}
        </div>
      )}
      {problem && (
        <div className="param-field__error" data-testid={`${id}-error`} role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
