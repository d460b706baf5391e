/**
 * Doing a homework: who is answering, Check (score and the layers to revisit), the hints of each
 * wrong answer (formula → the layer's numbers → the answer), handing the answers in, and leaving.
 */
import { FIELD_LABELS } from '../../../../shared/homework/answers';
import type { GradedAnswer } from '../../../../shared/homework/grade';
import { answerKey, askedValues, hintFor, layersToRevisit } from '../../../../shared/homework/session';
import { useDocumentStore } from '../../store/document-store';
import { useHomeworkStore, type HomeworkSession } from '../../store/homework-store';
import { useAnalysis } from '../../store/use-analysis';

function WrongAnswer({ answer, session }: { answer: GradedAnswer; session: HomeworkSession }) {
  const nextHint = useHomeworkStore((s) => s.nextHint);
  const level = session.progress.hints[answerKey(answer.layer, answer.field)] ?? 0;
  const hint = hintFor(answer, level);
  const id = `${answer.layer}-${answer.field}`;
  return (
    <li className="homework-wrong" data-testid={`homework-wrong-${id}`}>
      <div className="homework-wrong__head">
        <span>
          <strong>{answer.layer}</strong> · {FIELD_LABELS[answer.field]}: {answer.given === null ? 'no answer' : `“${answer.given}”`}
          {answer.problem && <span className="muted"> ({answer.problem})</span>}
        </span>
        {session.homework.hints && level < 3 && (
          <button data-testid={`homework-hint-${id}`} onClick={() => nextHint(answer.layer, answer.field)}>
            {level === 0 ? 'Hint' : level === 1 ? 'More' : 'Show answer'}
          </button>
        )}
      </div>
      {hint && (
        <div className={`homework-hint homework-hint--${hint.level}`} data-testid={`homework-hint-text-${id}`}>
          <div className="homework-hint__heading">{hint.heading}</div>
          {hint.lines.map((line, i) => (
            <code key={i}>{line}</code>
          ))}
        </div>
      )}
    </li>
  );
}

export function HomeworkPanel({ session }: { session: HomeworkSession }) {
  const { setStudent, check, saveAnswers, leave } = useHomeworkStore.getState();
  const select = useDocumentStore((s) => s.select);
  const analysis = useAnalysis();
  const { homework, progress, grade } = session;
  const asked = askedValues(homework, analysis);
  const answered = asked.filter((a) => progress.answers[a.layer]?.[a.field]?.trim()).length;
  const wrong = grade?.answers.filter((a) => !a.correct) ?? [];
  const revisit = grade ? layersToRevisit(grade.answers) : [];
  const idOf = (layer: string) => Object.values(analysis.nodes).find((n) => n.name === layer)?.id;
  return (
    <section className="panel homework-panel" data-testid="homework-panel">
      <h2>{homework.title ?? session.fileName}</h2>
      {homework.instructions && <p className="homework-panel__instructions">{homework.instructions}</p>}
      <p className="muted">
        Type each layer’s {homework.ask.map((f) => FIELD_LABELS[f].toLowerCase()).join(' and ')} on its node (or in the inspector). Shapes as H×W×C, H, W, C or
        (None, H, W, C); counts with or without separators.
      </p>
      <div className="param-field">
        <label htmlFor="homework-student">Your name</label>
        <input
          id="homework-student"
          data-testid="homework-student"
          value={progress.student}
          placeholder="for the answers file"
          onChange={(e) => setStudent(e.target.value)}
        />
      </div>
      <div className="homework-panel__actions">
        <button className="primary" data-testid="homework-check" onClick={check}>
          Check
        </button>
        <span className="muted" data-testid="homework-answered">
          {answered} of {asked.length} answered
        </span>
      </div>
      {grade && (
        <div className="homework-result">
          <div className={`homework-score${grade.score === grade.maxScore ? ' homework-score--full' : ''}`}>
            Score <span data-testid="homework-score">{`${grade.score} / ${grade.maxScore}`}</span>
          </div>
          {revisit.length > 0 ? (
            <p data-testid="homework-revisit">
              Revisit:{' '}
              {revisit.map((layer, i) => (
                <span key={layer}>
                  {i > 0 && ', '}
                  <button className="link" onClick={() => idOf(layer) && select([idOf(layer)!])}>
                    {layer}
                  </button>
                </span>
              ))}
            </p>
          ) : (
            <p data-testid="homework-revisit">All right: well done.</p>
          )}
          {wrong.length > 0 && (
            <ul className="homework-wrong-list">
              {wrong.map((a) => (
                <WrongAnswer key={answerKey(a.layer, a.field)} answer={a} session={session} />
              ))}
            </ul>
          )}
          {!homework.hints && wrong.length > 0 && <p className="muted">This homework has no hints: your teacher will go through the arithmetic.</p>}
        </div>
      )}
      <div className="homework-panel__actions">
        <button data-testid="homework-save-answers" title="An answers file (JSON) your teacher grades" onClick={() => void saveAnswers('json')}>
          Save my answers…
        </button>
        <button data-testid="homework-save-answers-csv" title="The same answers as a CSV table" onClick={() => void saveAnswers('csv')}>
          as CSV…
        </button>
        <button data-testid="homework-leave" title="Back to editing networks (your progress is kept)" onClick={leave}>
          Leave homework
        </button>
      </div>
    </section>
  );
}
