/** The teacher's "Make homework" and the learner's "New exercise" dialogs. */
import { useState } from 'react';
import { ANSWER_FIELDS, FIELD_LABELS, type AnswerField } from '../../../../shared/homework/answers';
import type { Difficulty } from '../../../../shared/homework/exercise';
import { documentBaseName } from '../../../../shared/project/file-names';
import { useHomeworkStore } from '../../store/homework-store';
import { useProjectStore } from '../../store/project-store';
import { useAnalysis } from '../../store/use-analysis';
import { Dialog } from '../dialog/Dialog';

const FIELD_HELP: Record<AnswerField, string> = {
  output_shape: 'as Keras prints it, without the batch axis',
  params: 'weights and biases, as model.summary() counts them',
  trainable_params: 'what the optimizer updates',
  non_trainable_params: 'e.g. batch normalization’s moving statistics',
  macs: 'multiply-adds per image',
  receptive_field: 'input pixels one output position sees (convolution and pooling layers)',
};

export function MakeHomeworkDialog() {
  const close = () => useHomeworkStore.getState().setDialog(null);
  const fileName = useProjectStore((s) => s.fileName);
  const analysis = useAnalysis();
  const [ask, setAsk] = useState<AnswerField[]>(['output_shape', 'params']);
  const [title, setTitle] = useState(documentBaseName(fileName));
  const [instructions, setInstructions] = useState('Compute the output shape and the number of parameters of every layer.');
  const [hints, setHints] = useState(true);
  const toggle = (field: AnswerField, on: boolean) => setAsk((a) => ANSWER_FIELDS.filter((f) => (f === field ? on : a.includes(f))));
  const problem = !analysis.ok
    ? 'The network has errors: fix them first (the homework’s answers must exist).'
    : ask.length === 0
      ? 'Ask at least one value.'
      : null;
  return (
    <Dialog title="Make homework" testId="homework-make-dialog" onClose={close}>
      <p className="muted">
        A homework file holds this network and what is asked, never the answers: they are computed when the learner checks, or when you grade with{' '}
        <code>cnn-studio grade</code>.
      </p>
      <div className="param-field">
        <label htmlFor="homework-make-title">Title</label>
        <input id="homework-make-title" data-testid="homework-make-title" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="param-field">
        <label htmlFor="homework-make-instructions">Instructions</label>
        <textarea
          id="homework-make-instructions"
          data-testid="homework-make-instructions"
          rows={3}
          value={instructions}
          onChange={(e) => setInstructions(e.target.value)}
        />
      </div>
      <fieldset className="dialog__fieldset">
        <legend>Ask of every layer but the input</legend>
        {ANSWER_FIELDS.map((field) => (
          <label key={field} className="dialog__check">
            <input
              type="checkbox"
              data-testid={`homework-make-field-${field}`}
              checked={ask.includes(field)}
              onChange={(e) => toggle(field, e.target.checked)}
            />
            {FIELD_LABELS[field]} <span className="muted">— {FIELD_HELP[field]}</span>
          </label>
        ))}
      </fieldset>
      <label className="dialog__check">
        <input type="checkbox" data-testid="homework-make-hints" checked={hints} onChange={(e) => setHints(e.target.checked)} />
        Allow hints (the formula, then the layer’s numbers, then the answer)
      </label>
      {problem && <p className="error">{problem}</p>}
      <div className="dialog__buttons">
        <button onClick={close}>Cancel</button>
        <button
          className="primary"
          data-testid="homework-make-save"
          disabled={problem !== null}
          onClick={() => void useHomeworkStore.getState().saveHomework({ title: title.trim(), instructions: instructions.trim(), hints, ask })}
        >
          Save homework…
        </button>
      </div>
    </Dialog>
  );
}

const DIFFICULTIES: { level: Difficulty; label: string }[] = [
  { level: 1, label: '1 · convolution and pooling chains' },
  { level: 2, label: '2 · with stride, padding and dilation' },
  { level: 3, label: '3 · with depthwise, separable, transposed and a branch' },
];

export function NewExerciseDialog() {
  const close = () => useHomeworkStore.getState().setDialog(null);
  const [difficulty, setDifficulty] = useState<Difficulty>(1);
  const [seed, setSeed] = useState(() => String(1 + Math.floor(Math.random() * 99_999)));
  const seedValue = /^\d{1,9}$/.test(seed.trim()) ? Number(seed.trim()) : null;
  return (
    <Dialog title="New exercise" testId="exercise-dialog" onClose={close}>
      <p className="muted">A random network to practise on, graded like a homework. The same seed gives the same network: share it with your class.</p>
      <div className="param-field">
        <label htmlFor="exercise-difficulty">Difficulty</label>
        <select
          id="exercise-difficulty"
          data-testid="exercise-difficulty"
          value={difficulty}
          onChange={(e) => setDifficulty(Number(e.target.value) as Difficulty)}
        >
          {DIFFICULTIES.map((d) => (
            <option key={d.level} value={d.level}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div className="param-field">
        <label htmlFor="exercise-seed">Seed</label>
        <input
          id="exercise-seed"
          data-testid="exercise-seed"
          inputMode="numeric"
          value={seed}
          aria-invalid={seedValue === null}
          onChange={(e) => setSeed(e.target.value)}
        />
        {seedValue === null && <div className="param-field__error">A seed is a whole number (up to 9 digits).</div>}
      </div>
      <div className="dialog__buttons">
        <button onClick={close}>Cancel</button>
        <button
          className="primary"
          data-testid="exercise-start"
          disabled={seedValue === null}
          onClick={() => seedValue !== null && useHomeworkStore.getState().newExercise(seedValue, difficulty)}
        >
          Start exercise
        </button>
      </div>
    </Dialog>
  );
}

export function HomeworkDialogs() {
  const dialog = useHomeworkStore((s) => s.dialog);
  return dialog === 'make' ? <MakeHomeworkDialog /> : dialog === 'exercise' ? <NewExerciseDialog /> : null;
}
