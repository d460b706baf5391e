import { expect, test } from './fixtures';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  await page.getByTestId('user-data-files').setInputFiles(file);
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
  await page.getByTestId('user-data-folder').setInputFiles(root);
  await expect(page.getByTestId('user-data-preview')).toContainText('shapes: 12 images of 28×28×1, 2 classes');
  await expect(page.getByTestId('class-counts')).toContainText('bars');
});
