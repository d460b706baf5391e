import { expect, test, type Page } from './fixtures';
import { readFileSync } from 'node:fs';

/** The final output's values, as the lab saves them (CSV, one line per row). */
async function outputValues(page: Page): Promise<number[][]> {
  const download = page.waitForEvent('download');
  await page.getByTestId('lab-export-values').click();
  const path = await (await download).path();
  return readFileSync(path!, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

/** The lab's input pixels (its own canvas holds the exact 8-bit gray values of the photo). */
function inputPixels(page: Page): Promise<{ height: number; width: number; values: number[] }> {
  return page.getByTestId('lab-input').evaluate((canvas) => {
    const c = canvas as unknown as {
      width: number;
      height: number;
      getContext(k: string): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return { height: c.height, width: c.width, values: Array.from({ length: c.width * c.height }, (_, i) => data[i * 4]! / 255) };
  });
}

/** Plain-JS 'valid' cross-correlation, applied `times` times. */
function reference(image: { height: number; width: number; values: number[] }, kernel: number[][], times: number) {
  let { height, width, values } = image;
  for (let t = 0; t < times; t++) {
    const out: number[] = [];
    const h = height - kernel.length + 1;
    const w = width - kernel[0]!.length + 1;
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) {
        let sum = 0;
        kernel.forEach((row, i) => row.forEach((k, j) => (sum += values[(r + i) * width + c + j]! * k)));
        out.push(sum);
      }
    [height, width, values] = [h, w, out];
  }
  return { height, width, values };
}

const worst = (app: number[][], ref: { width: number; values: number[] }) =>
  Math.max(...app.map((row, r) => Math.max(...row.map((v, c) => Math.abs(v - ref.values[r * ref.width + c]!)))));

test('Filter Lab: Sobel on the 512×512 cameraman — 510 valid, 512 same, 504 after four passes, equal to plain JS', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByTestId('view-lab').click();
  await expect(page.getByTestId('lab-image')).toHaveValue('camera');
  await expect(page.getByTestId('lab-kernel-preset')).toHaveValue('sobel-h');
  const output = page.getByTestId('lab-output');
  await expect(output).toHaveAttribute('data-height', '510');
  await expect(output).toHaveAttribute('data-width', '510');
  const sobel = [0, 1, 2].map((r) => [0, 1, 2].map((c) => 0 * r * c));
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) sobel[r]![c] = Number(await page.getByTestId(`lab-kernel-cell-${r}-${c}`).inputValue());
  expect(sobel).toEqual([
    [1, 0, -1],
    [2, 0, -2],
    [1, 0, -1],
  ]);
  const image = await inputPixels(page);
  expect([image.height, image.width]).toEqual([512, 512]);
  expect(worst(await outputValues(page), reference(image, sobel, 1))).toBeLessThan(1e-4);

  await page.getByTestId('lab-padding').selectOption('same');
  await expect(output).toHaveAttribute('data-height', '512');
  await expect(page.getByTestId('lab-trace')).toContainText('⌈512/1⌉ = 512');

  await page.getByTestId('lab-padding').selectOption('valid');
  await page.getByTestId('lab-repeat').fill('4');
  await expect(output).toHaveAttribute('data-height', '504');
  await expect(page.getByTestId('lab-panel-stage-1')).toContainText('pass 1: 512×512 → 510×510');
  await expect(page.getByTestId('lab-panel-stage-3')).toContainText('pass 3: 508×508 → 506×506');
  await expect(page.getByTestId('lab-panel-output')).toContainText('pass 4: 506×506 → 504×504');
  expect(worst(await outputValues(page), reference(image, sobel, 4))).toBeLessThan(1e-4);
});

test('Filter Lab: a typed kernel, stride and dilation, and Send to network makes a Conv2D with that kernel', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-sobel').click();
  await page.getByTestId('view-lab').click();
  await page.getByTestId('lab-kernel-preset').selectOption('gaussian');
  await expect(page.getByTestId('lab-kernel-cell-6-6')).toBeVisible();
  await page.getByTestId('lab-kernel-rows').fill('2');
  await page.getByTestId('lab-kernel-cols').fill('2');
  for (const [cell, v] of [
    ['0-0', '1'],
    ['0-1', '-1'],
    ['1-0', '1'],
    ['1-1', '-1'],
  ] as const)
    await page.getByTestId(`lab-kernel-cell-${cell}`).fill(v);
  await expect(page.getByTestId('lab-kernel-preset')).toHaveValue('custom');
  await page.getByTestId('lab-stride').fill('2');
  await page.getByTestId('lab-dilation').fill('1');
  await expect(page.getByTestId('lab-output')).toHaveAttribute('data-height', '256'); // ⌊(512 − 2)/2⌋ + 1
  await page.getByTestId('lab-dilation').fill('3');
  await page.getByTestId('lab-stride').fill('1');
  await expect(page.getByTestId('lab-output')).toHaveAttribute('data-height', '509'); // dk = 4: 512 − 4 + 1
  await expect(page.getByTestId('lab-trace')).toContainText('dk = (2 − 1)·3 + 1 = 4');

  await page.getByTestId('lab-send-to-network').click();
  await expect(page.getByTestId('notice-text')).toContainText("a Conv2D whose kernel is fixed to the lab's (1 × 2×2 × 1 channel)");
  const node = page.getByTestId('rf__node-conv2d_1');
  await expect(node.getByTestId('node-shape')).toHaveText('507 × 507 × 1');
  // The editor and the lab agree: "Look inside" shows the very kernel.
  await page.getByTestId('tab-inside').click();
  await expect(page.getByTestId('filters-conv2d_1').getByTestId('filter-values').locator('td')).toHaveText(['1.000', '-1.000', '1.000', '-1.000']);
});

test('Filter Lab: a test image of the dataset as input', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('view-lab').click();
  await expect(page.locator('[data-testid="lab-image"] option[value="sample:0"]')).toHaveCount(1);
  await page.getByTestId('lab-image').selectOption('sample:0');
  await expect(page.getByTestId('lab-input')).toHaveAttribute('data-height', '28');
  await expect(page.getByTestId('lab-output')).toHaveAttribute('data-height', '26');
});
