import type { DatasetSamples } from '../../../../shared/api/training-protocol';
import { PHOTOS } from '../../viz/photos';
import { imageOptionValue, parseImageOption, photoOptionValue, type ImageSource, type ListedImage } from '../../viz/image-choice';

export interface ImagePickerProps {
  /** The select's caption ('Image' in the Filter Lab, 'Input' in "Look inside"). */
  label: string;
  source: ImageSource;
  /** The dataset's test images, or null while they load (or when there are none). */
  samples: DatasetSamples | null;
  /** How photos are written in option values (see `image-choice.ts`); the e2e specs rely on each. */
  photoPrefix: string;
  testId: string;
  fileTestId: string;
  onPick(choice: ListedImage): void;
  onFile(file: File | undefined): void;
}

/**
 * The one image picker of the Filter Lab and "Look inside": a bundled photo, a test image of the dataset
 * (`sample:i`, with its class name), the user's file once opened, and a button to open one.
 */
export function ImagePicker({ label, source, samples, photoPrefix, testId, fileTestId, onPick, onFile }: ImagePickerProps) {
  return (
    <>
      <label className="option option--wide">
        <span>{label}</span>
        <select
          data-testid={testId}
          value={imageOptionValue(source, photoPrefix)}
          onChange={(e) => {
            const choice = parseImageOption(e.target.value, photoPrefix);
            if (choice) onPick(choice);
          }}
        >
          <optgroup label="Photos">
            {PHOTOS.map((p) => (
              <option key={p.id} value={photoOptionValue(p.id, photoPrefix)}>
                {p.title}
              </option>
            ))}
          </optgroup>
          <optgroup label={samples ? `${samples.name} test images` : 'Dataset test images (loading…)'}>
            {samples &&
              Array.from({ length: samples.count }, (_, i) => (
                <option key={i} value={`sample:${i}`}>
                  #{i + 1}: {samples.classNames[samples.labels[i]!] ?? `class ${samples.labels[i]}`}
                </option>
              ))}
          </optgroup>
          {source.kind === 'file' && <option value="file">{source.name}</option>}
        </select>
      </label>
      <label className="button-like">
        Your image…
        <input type="file" accept="image/*" data-testid={fileTestId} hidden onChange={(e) => onFile(e.target.files?.[0])} />
      </label>
    </>
  );
}
