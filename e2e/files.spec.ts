import { expect, test } from './fixtures';
import { join } from 'node:path';

const fixtures = join(__dirname, '../src/shared/interop/fixtures');
const shapeOf = (page: import('@playwright/test').Page, id: string) => page.getByTestId(`rf__node-${id}`).getByTestId('node-shape');

test('Open imports a Keras model JSON as a new, unsaved project', async ({ page }) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(join(fixtures, 'keras3-fashion-mnist-sequential.json'));
  await expect(page.getByTestId('notice-text')).toContainText('Imported a Keras model as a new project.');
  await expect(page.getByTestId('total-params')).toHaveText('1,413,834');
  await expect(page.getByTestId('file-name')).toContainText('keras3-fashion-mnist-sequential.cnnstudio.json');
  await expect(page.getByTestId('unsaved-mark')).toBeVisible();
});

test('an unknown imported layer shows as unsupported, the rest still computes', async ({ page }) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(join(fixtures, 'keras3-unknown-layer.json'));
  await expect(page.locator('[data-testid="node-error"][data-code="unsupported-layer"]')).toHaveCount(1);
});

test('after a crash (reload without saving) the work is offered back', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('param-filters').fill('12');
  await expect(shapeOf(page, 'conv2d')).toHaveText('16 × 16 × 12');
  await page.waitForTimeout(800); // the autosave debounce
  page.on('dialog', (dialog) => void dialog.accept()); // beforeunload: leave anyway
  await page.reload();
  await expect(page.getByTestId('recovery-banner')).toContainText('Homework: dimensions.cnnstudio.json');
  await page.getByTestId('recovery-restore').click();
  await expect(shapeOf(page, 'conv2d')).toHaveText('16 × 16 × 12');
  await expect(page.getByTestId('unsaved-mark')).toBeVisible();
});

test('a saved project appears under Recent and reopens from there', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-lenet5').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  await download;
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('total-params')).toHaveText('0');
  await page.getByTestId('action-recent').click();
  await page.getByTestId('recent-0').click();
  await expect(page.getByTestId('total-params')).toHaveText('61,706');
  await expect(page.getByTestId('file-name')).toHaveText('LeNet-5.cnnstudio.json');
});
