/**
 * What an image picker (`components/viz/ImagePicker.tsx`: the Filter Lab's and "Look inside"'s) has chosen, and how that
 * choice is written as an `<option>` value: `sample:<i>` for a dataset test image, the photo's id behind
 * a prefix (the Filter Lab uses none, "Look inside" `photo:`), `file` for the user's own image.
 */
export type ImageSource = { kind: 'photo'; id: string } | { kind: 'sample'; index: number } | { kind: 'file'; name: string };

/** A choice made in the list (a file comes through the file button instead). */
export type ListedImage = { kind: 'photo'; id: string } | { kind: 'sample'; index: number };

const SAMPLE = 'sample:';

export function photoOptionValue(id: string, photoPrefix: string): string {
  return `${photoPrefix}${id}`;
}

export function imageOptionValue(source: ImageSource, photoPrefix: string): string {
  if (source.kind === 'photo') return photoOptionValue(source.id, photoPrefix);
  return source.kind === 'sample' ? `${SAMPLE}${source.index}` : 'file';
}

/** The choice an option value stands for; undefined for `file` and anything unknown. */
export function parseImageOption(value: string, photoPrefix: string): ListedImage | undefined {
  if (value.startsWith(SAMPLE)) {
    const index = Number(value.slice(SAMPLE.length));
    return Number.isInteger(index) && index >= 0 ? { kind: 'sample', index } : undefined;
  }
  if (value === 'file' || !value.startsWith(photoPrefix) || value.length === photoPrefix.length) return undefined;
  return { kind: 'photo', id: value.slice(photoPrefix.length) };
}
