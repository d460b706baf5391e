/** One asked value as a text field: on a node and in the inspector, marked right or wrong after a Check. */
import { FIELD_LABELS, type AnswerField } from '../../../../shared/homework/answers';
import { useHomeworkStore } from '../../store/homework-store';

const PLACEHOLDERS: Record<AnswerField, string> = {
  output_shape: 'H×W×C',
  params: 'count',
  trainable_params: 'count',
  non_trainable_params: 'count',
  macs: 'count',
  receptive_field: 'size×size',
};

/** The mark of an answer: right, wrong, or none (not checked, or edited since the check). */
export function useAnswerMark(layer: string, field: AnswerField): 'right' | 'wrong' | null {
  return useHomeworkStore((s) => {
    const graded = s.session?.grade?.answers.find((a) => a.layer === layer && a.field === field);
    if (!graded) return null;
    const now = s.session!.progress.answers[layer]?.[field] ?? null;
    if ((now?.trim() || null) !== (graded.given?.trim() || null)) return null;
    return graded.correct ? 'right' : 'wrong';
  });
}

export function AnswerInput({ layer, field, testId, compact = false }: { layer: string; field: AnswerField; testId: string; compact?: boolean }) {
  const value = useHomeworkStore((s) => s.session?.progress.answers[layer]?.[field] ?? '');
  const setAnswer = useHomeworkStore((s) => s.setAnswer);
  const mark = useAnswerMark(layer, field);
  const label = FIELD_LABELS[field];
  return (
    <label className={`answer-input${compact ? ' answer-input--compact nodrag nopan' : ''}${mark ? ` answer-input--${mark}` : ''}`}>
      <span className="answer-input__label">{compact ? label.replace(' params', '').replace('Output shape', 'Shape') : label}</span>
      <input
        data-testid={testId}
        data-mark={mark ?? 'none'}
        aria-label={`${label} of ${layer}`}
        aria-invalid={mark === 'wrong'}
        placeholder={PLACEHOLDERS[field]}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => setAnswer(layer, field, e.target.value)}
      />
      {mark && (
        <span className="answer-input__mark" aria-label={mark === 'right' ? 'right' : 'wrong'}>
          {mark === 'right' ? '✓' : '✗'}
        </span>
      )}
    </label>
  );
}
