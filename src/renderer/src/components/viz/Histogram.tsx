import { useMemo } from 'react';
import { histogram } from '../../../../shared/viz/tensor-views';

/** Distribution of a weight tensor's values. */
export function Histogram({ values, label, testId }: { values: Float32Array; label: string; testId: string }) {
  const { min, max, counts } = useMemo(() => histogram(values), [values]);
  const top = Math.max(1, ...counts);
  return (
    <figure className="histogram" data-testid={testId}>
      <svg viewBox={`0 0 ${counts.length} 1`} preserveAspectRatio="none" role="img" aria-label={`${label} histogram`}>
        {counts.map((c, i) => (
          <rect key={i} x={i + 0.05} width={0.9} y={1 - c / top} height={c / top} />
        ))}
      </svg>
      <figcaption>
        {label}: {values.length.toLocaleString('en-US')} values, {min.toPrecision(3)} … {max.toPrecision(3)}
      </figcaption>
    </figure>
  );
}
