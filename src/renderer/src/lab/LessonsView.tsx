import { useUiStore } from '../store/ui-store';
import { LESSONS } from './lessons';
import './lab.css';

/** The lessons: a list on the left, the open lesson on the right. */
export function LessonsView() {
  const { lesson, openLesson } = useUiStore();
  const entry = LESSONS.find((l) => l.n === lesson) ?? LESSONS[0]!;
  return (
    <main className="lessons-view">
      <nav className="lessons-view__list" aria-label="Lessons">
        <h2>Lessons</h2>
        <ol>
          {LESSONS.map((l) => (
            <li key={l.n}>
              <button data-testid={`lesson-${l.n}`} aria-current={l.n === entry.n ? 'page' : undefined} onClick={() => openLesson(l.n)}>
                {l.n}. {l.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="lessons-view__page">
        <entry.Component key={entry.n} />
      </div>
    </main>
  );
}
