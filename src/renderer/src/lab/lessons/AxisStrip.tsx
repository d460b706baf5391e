import type { WindowCoverage } from '../../../../shared/lab/lesson-maths';
import './lessons.css';

const MAX_CELLS = 96;
const MAX_ROWS = 8;

/** Which window positions to draw: all when few, else the first ones, a gap (null) and the last two. */
function shownRows(out: number): (number | null)[] {
  if (out <= MAX_ROWS) return Array.from({ length: out }, (_, i) => i);
  return [...Array.from({ length: MAX_ROWS - 3 }, (_, i) => i), null, out - 2, out - 1];
}

/**
 * One axis of the padded input as a strip of cells (padding dashed, never-read cells hatched) and,
 * below it, one row per window position with the kernel's taps filled: stride moves the rows apart,
 * dilation spreads the taps.
 */
export function AxisStrip({
  coverage,
  input,
  kernel,
  stride,
  dilation,
}: {
  coverage: WindowCoverage;
  input: number;
  kernel: number;
  stride: number;
  dilation: number;
}) {
  const { padded, padBefore, out, used } = coverage;
  if (padded > MAX_CELLS)
    return (
      <p className="lesson-note">
        (The axis has {padded} cells with padding — too many to draw; try an input of at most {MAX_CELLS - coverage.padBefore - coverage.padAfter}.)
      </p>
    );
  const cells = Array.from({ length: padded }, (_, p) => p);
  const isPad = (p: number) => p < padBefore || p >= padBefore + input;
  const axisClass = (p: number) => {
    const classes = ['axis-strip__cell'];
    if (isPad(p)) classes.push('pad');
    if (out > 0 && p >= used) classes.push('dropped');
    return classes.join(' ');
  };
  const windowClass = (i: number, p: number) => {
    const offset = p - i * stride;
    if (offset < 0 || offset >= coverage.dk) return isPad(p) ? 'axis-strip__cell padcol' : 'axis-strip__cell';
    return offset % dilation === 0 && offset / dilation < kernel ? 'axis-strip__cell tap' : 'axis-strip__cell span';
  };
  return (
    <div data-testid="lesson-axis-strip">
      <div className="axis-strip" role="img" aria-label={`${padded} cells along one axis, ${Math.max(out, 0)} window positions`}>
        <div className="axis-strip__row">
          <span className="axis-strip__label">input</span>
          {cells.map((p) => (
            <span key={p} className={axisClass(p)} />
          ))}
        </div>
        {shownRows(out).map((i, row) =>
          i === null ? (
            <div key={`gap-${row}`} className="axis-strip__row">
              <span className="axis-strip__label">⋮</span>
            </div>
          ) : (
            <div key={i} className="axis-strip__row">
              <span className="axis-strip__label">out {i}</span>
              {cells.map((p) => (
                <span key={p} className={windowClass(i, p)} />
              ))}
            </div>
          ),
        )}
      </div>
      <div className="axis-strip__legend">
        <span>
          <span className="axis-strip__cell pad" />
          padding
        </span>
        <span>
          <span className="axis-strip__cell tap" />
          kernel tap
        </span>
        {dilation > 1 && (
          <span>
            <span className="axis-strip__cell span" />
            skipped by dilation
          </span>
        )}
        <span>
          <span className="axis-strip__cell dropped" />
          never read
        </span>
      </div>
    </div>
  );
}
