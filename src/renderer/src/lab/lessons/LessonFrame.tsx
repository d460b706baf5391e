import type { ReactNode } from 'react';
import { lessonTitle, type LessonNumber } from './lesson-list';

/**
 * One guided lesson: the idea in two or three sentences, the live experiment, and the check — the
 * numbers the course's notebook prints, as text (`lesson-result`), computed by the app, never typed in.
 * The heading's title comes from the lessons list (`lesson-list.ts`).
 */
export function LessonFrame({
  n,
  intro,
  children,
  result,
  source,
}: {
  n: LessonNumber;
  intro: ReactNode;
  children: ReactNode;
  result: string;
  source?: string;
}) {
  const title = lessonTitle(n);
  return (
    <article className="lesson" data-testid={`lesson-page-${n}`}>
      <h2>
        {n}. {title}
      </h2>
      <div className="lesson__intro">{intro}</div>
      <div className="lesson__experiment">{children}</div>
      <section className="lesson__check">
        <h3>Check</h3>
        <pre data-testid="lesson-result">{result}</pre>
        {source && <p className="muted">As in the course notes: {source}.</p>}
      </section>
    </article>
  );
}

/** A small matrix as a table (numbers right-aligned), optionally highlighting cells. */
export function MatrixView({
  m,
  testId,
  highlight,
  caption,
}: {
  m: number[][];
  testId?: string;
  highlight?: (r: number, c: number) => boolean;
  caption?: string;
}) {
  return (
    <table className="matrix" data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <tbody>
        {m.map((row, r) => (
          <tr key={r}>
            {row.map((v, c) => (
              <td key={c} className={highlight?.(r, c) ? 'hl' : undefined}>
                {formatNumber(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Integers as integers, other numbers with up to 4 decimals (no "-0"). */
export function formatNumber(v: number): string {
  if (Object.is(v, -0) || Math.abs(v) < 1e-12) return '0';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10_000) / 10_000);
}

/** `[[19,25],[37,43]]` — the way the notes print a matrix. */
export function matrixText(m: number[][]): string {
  return `[${m.map((row) => `[${row.map(formatNumber).join(',')}]`).join(',')}]`;
}
