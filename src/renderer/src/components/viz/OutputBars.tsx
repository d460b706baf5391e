import type { TensorView } from '../../../../shared/api/training-protocol';

/** A 1-D output as bars (Dense layers); with class names it is the softmax's class probabilities. */
export function OutputBars({ tensor, classNames }: { tensor: TensorView; classNames?: string[] }) {
  const values = Array.from(tensor.values);
  const maxAbs = Math.max(1e-12, ...values.map(Math.abs));
  const best = values.indexOf(Math.max(...values));
  if (classNames) {
    return (
      <table className="class-probs" data-testid="viz-softmax">
        <tbody>
          {values.map((p, i) => (
            <tr key={i} data-testid={`class-prob-${i}`} className={i === best ? 'best' : undefined}>
              <th>{classNames[i] ?? `class ${i}`}</th>
              <td className="class-probs__bar">
                <div style={{ width: `${Math.max(0, p) * 100}%` }} />
              </td>
              <td className="num">{(p * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const shown = values.slice(0, 256);
  return (
    <svg
      className="output-bars"
      data-testid={`output-bars-${tensor.nodeId}`}
      viewBox={`0 0 ${shown.length} 2`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${values.length} output values`}
    >
      {shown.map((v, i) => (
        <rect key={i} x={i + 0.1} width={0.8} y={v >= 0 ? 1 - v / maxAbs : 1} height={Math.abs(v) / maxAbs} className={v >= 0 ? 'pos' : 'neg'}>
          <title>{`${i}: ${v.toPrecision(4)}`}</title>
        </rect>
      ))}
    </svg>
  );
}
