/** The save dialog's file-type filter for an exported file, from the name the app suggests (Electron-free, so it is tested under Node). */

const KINDS: { suffix: string; name: string }[] = [
  { suffix: '.cnnhomework.json', name: 'CNN Studio homework' },
  { suffix: '.answers.json', name: 'Homework answers (JSON)' },
  { suffix: '.answers.csv', name: 'Homework answers (CSV)' },
  { suffix: '.keras.json', name: 'Keras model JSON' },
  { suffix: '.py', name: 'Python script' },
  { suffix: '.ipynb', name: 'Jupyter notebook' },
  { suffix: '.svg', name: 'SVG picture' },
  { suffix: '.png', name: 'PNG picture' },
  { suffix: '.md', name: 'Markdown' },
  { suffix: '.csv', name: 'CSV table' },
  { suffix: '.json', name: 'TensorFlow.js model (model.json + weights)' },
];

/** Electron filters take one extension without its dot: the last one of the name. */
export function exportFileFilter(suggestedName: string): { name: string; extensions: string[] } {
  const lower = suggestedName.toLowerCase();
  const extension = /\.([a-z0-9]+)$/.exec(lower)?.[1];
  const kind = KINDS.find((k) => lower.endsWith(k.suffix));
  if (!extension) return { name: 'All files', extensions: ['*'] };
  return { name: kind ? `${kind.name} (*.${extension})` : `*.${extension}`, extensions: [extension] };
}
