import { expect, test, type Page } from './fixtures';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Clicks a visible picker button and chooses `path` (a file, or a folder for the folder picker) in the file dialog. */
async function pick(page: Page, button: string, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId(button).click();
  await (await chooser).setFiles(path);
}

/** 28×28 gray images: class "left" is bright on the left half, "right" on the right half. */
function halvesCsv(count: number): string {
  const rows = ['label,' + Array.from({ length: 784 }, (_, i) => `p${i}`).join(',')];
  for (let i = 0; i < count; i++) {
    const left = i % 2 === 0;
    const pixels = Array.from({ length: 784 }, (_, p) => (p % 28 < 14 === left ? 200 + (i % 50) : (p * 7 + i) % 40));
    rows.push([left ? 'left' : 'right', ...pixels].join(','));
  }
  return rows.join('\n');
}

test('a CSV of my own images: preview with class counts, then training on it', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'cnn-user-'));
  const file = join(dir, 'halves.csv');
  await writeFile(file, halvesCsv(300));
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-mnist-homework').click();
  // The template ends in 10 classes; the data has 2.
  await page.getByTestId('summary-row-dense').click();
  await page.getByTestId('param-units').fill('2');
  await page.getByTestId('tab-train').click();
  await pick(page, 'user-data-files-button', file);
  await expect(page.getByTestId('user-data-preview')).toContainText('halves: 300 images of 28×28×1, 2 classes; 60 held out as the test set.');
  await expect(page.getByTestId('class-count-0')).toHaveText('150');
  await expect(page.getByTestId('user-data-sample')).toHaveCount(16);
  await expect(page.getByTestId('dataset-select')).toHaveValue('user:halves');
  await page.getByTestId('train-epochs').fill('3');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('confusion-cell-1-1')).toBeVisible();
  await expect(page.getByTestId('training-results').locator('h3').first()).toContainText('60 images');
});

test('an image folder with one sub-folder per class', async ({ page }) => {
  await page.goto('/');
  // Let the browser draw the PNGs: bright squares (class "squares") and bright bars (class "bars").
  const pngs = await page.evaluate(() => {
    interface Canvas {
      width: number;
      height: number;
      getContext(kind: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void } | null;
      toDataURL(type: string): string;
    }
    const { document } = globalThis as unknown as { document: { createElement(tag: 'canvas'): Canvas } };
    const out: { cls: string; data: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 40;
      const g = canvas.getContext('2d')!;
      g.fillStyle = 'black';
      g.fillRect(0, 0, 40, 40);
      g.fillStyle = 'white';
      if (i % 2) g.fillRect(10, 10, 20, 20);
      else g.fillRect(0, 15, 40, 10);
      out.push({ cls: i % 2 ? 'squares' : 'bars', data: canvas.toDataURL('image/png').split(',')[1]! });
    }
    return out;
  });
  const root = join(await mkdtemp(join(tmpdir(), 'cnn-folder-')), 'shapes');
  for (const [i, png] of pngs.entries()) {
    await mkdir(join(root, png.cls), { recursive: true });
    await writeFile(join(root, png.cls, `${i}.png`), Buffer.from(png.data, 'base64'));
  }
  await page.getByTestId('tab-train').click();
  await pick(page, 'user-data-folder-button', root);
  await expect(page.getByTestId('user-data-preview')).toContainText('shapes: 12 images of 28×28×1, 2 classes');
  await expect(page.getByTestId('class-counts')).toContainText('bars');
});

test('a folder with a damaged image: the error names the file, hidden files are ignored, and the network is kept', async ({ page }) => {
  await page.goto('/');
  const png = await page.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { createElement(tag: 'canvas'): { width: number; height: number; toDataURL(t: string): string } };
    };
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 8;
    return canvas.toDataURL('image/png').split(',')[1]!;
  });
  const root = join(await mkdtemp(join(tmpdir(), 'cnn-folder-')), 'broken');
  for (const cls of ['cats', 'dogs']) {
    await mkdir(join(root, cls), { recursive: true });
    for (let i = 0; i < 3; i++) await writeFile(join(root, cls, `${i}.png`), Buffer.from(png, 'base64'));
  }
  // What macOS leaves beside images: never read as images.
  await writeFile(join(root, '.DS_Store'), 'not an image');
  await writeFile(join(root, 'cats', '._0.png'), 'resource fork');
  // A PNG cut off after its header, as an interrupted copy leaves it.
  await writeFile(join(root, 'dogs', 'cut.png'), Buffer.from(png, 'base64').subarray(0, 30));
  const layersBefore = await page.locator('.react-flow__node').count();
  expect(layersBefore).toBeGreaterThan(0);
  await page.getByTestId('tab-train').click();
  await pick(page, 'user-data-folder-button', root);
  await expect(page.getByTestId('user-data-error')).toHaveText(
    'broken/dogs/cut.png could not be decoded as an image: re-save it as PNG or JPEG, or leave it out.',
  );
  await expect(page.getByTestId('user-data-preview')).toHaveCount(0);
  expect(await page.locator('.react-flow__node').count()).toBe(layersBefore);
  // Without the damaged file the same folder loads.
  await rm(join(root, 'dogs', 'cut.png'));
  await pick(page, 'user-data-folder-button', root);
  await expect(page.getByTestId('user-data-preview')).toContainText('broken: 6 images of 28×28×1, 2 classes');
  await expect(page.getByTestId('user-data-error')).toHaveCount(0);
});
