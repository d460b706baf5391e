import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const camera = readFileSync(join(__dirname, '../resources/images/camera.png')).toString('base64');
const SOBEL_H = [
  [1, 0, -1],
  [2, 0, -2],
  [1, 0, -1],
];

/**
 * The reference: the photo decoded in the page without colour management, pixels / 255, and a plain
 * JS cross-correlation with zero padding `pad` on every side (0 = 'valid', 1 = 'same' for 3×3).
 */
function reference(page: Page, pad: number): Promise<{ height: number; width: number; values: number[] }> {
  return page.evaluate(
    async ({ png, kernel, pad }) => {
      // e2e is type-checked without DOM types: the few browser globals used here, by hand.
      const g = globalThis as unknown as {
        createImageBitmap(b: unknown, o: unknown): Promise<{ width: number; height: number }>;
        OffscreenCanvas: new (
          w: number,
          h: number,
        ) => {
          getContext(k: string): {
            drawImage(b: unknown, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          };
        };
        Blob: new (parts: unknown[]) => unknown;
        atob(s: string): string;
      };
      const bytes = Uint8Array.from(g.atob(png), (c) => c.charCodeAt(0));
      const bitmap = await g.createImageBitmap(new g.Blob([bytes]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
      const { width, height } = bitmap;
      const context = new g.OffscreenCanvas(width, height).getContext('2d');
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, width, height).data;
      const x = (r: number, c: number) => (r < 0 || c < 0 || r >= height || c >= width ? 0 : rgba[(r * width + c) * 4]! / 255);
      const outH = height + 2 * pad - 2;
      const outW = width + 2 * pad - 2;
      const values: number[] = [];
      for (let r = 0; r < outH; r++) {
        for (let c = 0; c < outW; c++) {
          let sum = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += x(r - pad + i, c - pad + j) * kernel[i]![j]!;
          values.push(sum);
        }
      }
      return { height: outH, width: outW, values };
    },
    { png: camera, kernel: SOBEL_H, pad },
  );
}

/** The enlarged map's values, as the app saves them (CSV, one line per row). */
async function savedValues(page: Page): Promise<number[][]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('viz-export-values').click();
  const path = await (await download).path();
  return readFileSync(path!, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

async function expectMatches(page: Page, pad: number, size: number) {
  const maps = page.getByTestId('feature-maps-conv2d').locator('canvas[data-testid="feature-map"]');
  await expect(maps).toHaveCount(1);
  await expect(maps.first()).toHaveAttribute('data-height', String(size), { timeout: 20_000 });
  await expect(maps.first()).toHaveAttribute('data-width', String(size));
  await maps.first().click();
  const app = await savedValues(page);
  await page.getByTestId('viz-enlarged-close').click();
  const ref = await reference(page, pad);
  expect([app.length, app[0]!.length]).toEqual([ref.height, ref.width]);
  let worst = 0;
  app.forEach((row, r) => row.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - ref.values[r * ref.width + c]!)))));
  expect(worst).toBeLessThan(1e-4);
}

test('Sobel template: the feature map equals a plain-JS cross-correlation of the photo (valid 510×510, same 512×512)', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-sobel').click();
  await page.getByTestId('tab-inside').click();
  await expect(page.getByTestId('viz-input')).toHaveValue('photo:camera');
  await expect(page.getByTestId('viz-status')).toContainText("the layers' fixed kernels");
  await expectMatches(page, 0, 510);
  // The filter is the Sobel kernel, number for number.
  await expect(page.getByTestId('filters-conv2d').locator('canvas[data-testid="filter"]')).toHaveCount(1);
  await expect(page.getByTestId('filter-values').locator('td')).toHaveText([
    '1.000',
    '0.000',
    '-1.000',
    '2.000',
    '0.000',
    '-2.000',
    '1.000',
    '0.000',
    '-1.000',
  ]);

  // Hover: the value, its position, and its 3×3 receptive field on the input.
  const map = page.getByTestId('feature-maps-conv2d').locator('canvas[data-testid="feature-map"]').first();
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('viz-hover-value')).toContainText(/conv2d \(row \d+, col \d+, channel 0\) = /);
  const [top, left, bottom, right] = (await page.getByTestId('receptive-field').getAttribute('data-box'))!.split(',').map(Number);
  expect([bottom! - top!, right! - left!]).toEqual([2, 2]);

  await page.getByTestId('tab-design').click();
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('param-padding').fill('same');
  await expect(page.getByTestId('rf__node-conv2d').getByTestId('node-shape')).toHaveText('512 × 512 × 1');
  await page.getByTestId('tab-inside').click();
  await expectMatches(page, 1, 512);
});

/** Every canvas's pixels, to tell whether they changed. */
const pixelsOf = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((canvases) => canvases.map((c) => (c as unknown as { toDataURL(): string }).toDataURL()));

test('a Conv2D 8@3 shows 8 feature maps and 8 filters, and both change after an epoch of training', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-mnist-homework').click();
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('param-filters').fill('8');
  await page.getByTestId('tab-train').click();
  await page.getByTestId('dataset-select').selectOption('mnist');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill('1000');
  await page.getByTestId('test-limit').fill('200');

  await page.getByTestId('tab-inside').click();
  // A test image of the dataset as input; the softmax shows the ten class probabilities.
  await expect(page.locator('[data-testid="viz-input"] option[value="sample:0"]')).toHaveCount(1);
  await page.getByTestId('viz-input').selectOption('sample:0');
  await expect(page.getByTestId('viz-input-label')).toContainText('MNIST test image 1: 7');
  await page.getByTestId('rf__node-conv2d').click();
  const maps = '[data-testid="feature-maps-conv2d"] canvas[data-testid="feature-map"]';
  const filters = '[data-testid="filters-conv2d"] canvas[data-testid="filter"]';
  await expect(page.locator(maps)).toHaveCount(8);
  await expect(page.locator(filters)).toHaveCount(8);
  await expect(page.locator(`${maps}[data-channel="7"]`)).toHaveCount(1);
  await expect(page.getByTestId('viz-softmax').locator('[data-testid^="class-prob-"]')).toHaveCount(10);
  await expect(page.getByTestId('class-prob-7')).toContainText('7');
  // Feature maps are painted once on screen (scrolled to, as a person looks at them).
  await page.locator(maps).first().scrollIntoViewIfNeeded();
  await expect.poll(async () => new Set(await pixelsOf(page, maps)).size).toBeGreaterThan(1);
  const mapsBefore = await pixelsOf(page, maps);
  const filtersBefore = await pixelsOf(page, filters);

  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await page.getByTestId('tab-inside').click();
  await page.getByTestId('rf__node-conv2d').click();
  await expect(page.getByTestId('viz-status')).toContainText('trained network');
  await expect.poll(async () => (await pixelsOf(page, filters)).filter((p, i) => p !== filtersBefore[i]).length).toBe(8);
  await page.locator(maps).first().scrollIntoViewIfNeeded();
  await expect.poll(async () => (await pixelsOf(page, maps)).filter((p, i) => p !== mapsBefore[i]).length).toBeGreaterThan(0);
  // The epoch's snapshot can be replayed.
  await expect(page.getByTestId('viz-epoch-slider')).toBeVisible();
  await page.getByTestId('viz-normalize').selectOption('network');
  await page.getByTestId('viz-all-layers').check();
  await expect(page.getByTestId('feature-maps-conv2d_2').locator('canvas[data-testid="feature-map"]')).toHaveCount(64);
  await page.screenshot({ path: 'test-results/inside-trained.png', fullPage: true });
});

test('a TensorFlow.js model opened with its weight file shows its own filters', async ({ page }) => {
  const fixture = join(__dirname, '../src/shared/interop/fixtures/tfjs-lenet5-model.json');
  const model = JSON.parse(readFileSync(fixture, 'utf8')) as { weightsManifest: { weights: { shape: number[] }[] }[] };
  const count = model.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
  // Every weight 0.25: the first filter's numbers say the file's weights are in use, not a random init.
  const weights = Buffer.from(new Float32Array(count).fill(0.25).buffer);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (
    await chooser
  ).setFiles([
    { name: 'lenet5.json', mimeType: 'application/json', buffer: readFileSync(fixture) },
    { name: 'lenet5.weights.bin', mimeType: 'application/octet-stream', buffer: weights },
  ]);
  await expect(page.getByTestId('notice-text')).toContainText('Imported the trained weights of 5 layers from lenet5.weights.bin.');
  await page.getByTestId('tab-inside').click();
  await expect(page.getByTestId('viz-status')).toContainText('trained network');
  await expect(page.getByTestId('filter-values').locator('td').first()).toHaveText('0.250');
});
