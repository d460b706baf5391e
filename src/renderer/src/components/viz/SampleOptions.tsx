import type { DatasetSamples } from '../../../../shared/api/training-protocol';

/** A dataset's test images as `<option value="sample:i">` entries of an image picker. */
export function SampleOptions({ samples }: { samples: DatasetSamples | null }) {
  return (
    <optgroup label={samples ? `${samples.name} test images` : 'Dataset test images (loading…)'}>
      {samples &&
        Array.from({ length: samples.count }, (_, i) => (
          <option key={i} value={`sample:${i}`}>
            #{i + 1}: {samples.classNames[samples.labels[i]!] ?? `class ${samples.labels[i]}`}
          </option>
        ))}
    </optgroup>
  );
}
