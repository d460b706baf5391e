// Stop, the evaluation step, and planning a run (dataset, estimate, images limit), with the real
// pointer and keyboard on what is visible.
import { expect, test, type Page } from './fixtures';

const status = (page: Page) => page.getByTestId('training-status');
const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

async function openTrain(page: Page, template?: string) {
  await page.goto('/');
  if (template) {
    await page.getByTestId('action-templates').click();
    await page.getByTestId(`template-${template}`).click();
  }
  await page.getByTestId('tab-train').click();
}

/** The graph is editable again: the lock banner is gone and a layer's field takes a new value. */
async function expectUnlocked(page: Page) {
  await expect(page.getByTestId('training-lock-banner')).toHaveCount(0);
  await page.getByTestId('tab-design').click();
  await node(page, 'conv2d').click();
  await expect(page.getByTestId('param-filters')).toBeEditable();
}

test('Stop during training ends it within 5 s, unlocks the graph and keeps the weights', async ({ page }) => {
  test.setTimeout(120_000);
  await openTrain(page);
  await page.getByTestId('train-epochs').fill('3');
  await page.getByTestId('train-limit').fill('20000');
  await page.getByTestId('test-limit').fill('1000');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—', { timeout: 60_000 });
  await expect(status(page)).toHaveAttribute('data-status', 'running');
  await page.getByTestId('train-stop').click();
  const stopped = Date.now();
  // Said at once, over within a batch: then the test set (1,000 images) is evaluated as its own step.
  await expect(status(page)).not.toHaveAttribute('data-status', 'running', { timeout: 1000 });
  await expect(status(page)).toHaveAttribute('data-status', /^(evaluating|stopped)$/, { timeout: 5000 });
  await expect(status(page)).toHaveAttribute('data-status', 'stopped', { timeout: 15_000 });
  await expect(status(page)).toContainText('the weights are kept');
  expect(Date.now() - stopped).toBeLessThan(15_000);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expect(page.getByTestId('train-eta')).toHaveText('—');
  await expect(page.getByTestId('run-1')).toContainText('stopped');
  await expectUnlocked(page);
});

test('Stop while paused stops, not stays paused', async ({ page }) => {
  test.setTimeout(120_000);
  await openTrain(page);
  await page.getByTestId('train-limit').fill('20000');
  await page.getByTestId('test-limit').fill('500');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—', { timeout: 60_000 });
  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-status', 'paused');
  await page.getByTestId('train-stop').click();
  await expect(status(page)).toHaveAttribute('data-status', 'stopped', { timeout: 5000 });
  await expectUnlocked(page);
});

test('the test-set evaluation shows its progress and can be skipped; the graph is unlocked meanwhile', async ({ page }) => {
  test.setTimeout(180_000);
  // The course's Fashion-MNIST CNN on its own dataset: two batches, then 4,000 test images.
  await openTrain(page, 'fashion-mnist');
  await expect(page.getByTestId('dataset-select')).toHaveValue('fashion-mnist');
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill('128');
  await page.getByTestId('test-limit').fill('4000');
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-status', 'evaluating', { timeout: 90_000 });
  await expect(page.getByTestId('eval-count')).toContainText('/ 4,000');
  await expect(page.getByTestId('eval-progress')).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(page.getByTestId('training-lock-banner')).toHaveCount(0);
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await page.getByTestId('eval-skip').click();
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 10_000 });
  await expect(status(page)).toContainText('test set skipped');
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  // The weights are kept: they can leave as a TensorFlow.js model.
  await expect(page.getByTestId('train-export')).toBeVisible();
  await expect(page.getByTestId('train-start')).toBeEnabled();
});

test('the Train tab picks the dataset that fits and estimates the run before it starts', async ({ page }) => {
  test.setTimeout(120_000);
  await openTrain(page, 'fashion-mnist');
  await expect(page.getByTestId('dataset-select')).toHaveValue('fashion-mnist');
  await expect(page.getByTestId('train-loss').locator('option:checked')).toHaveText('sparse_categorical_crossentropy');

  // The default network on MNIST: an estimate from a warm-up on this machine, short enough to need no limit.
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-mnist-cnn').click();
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('dataset-select')).toHaveValue('mnist');
  const estimate = page.getByTestId('train-estimate');
  await expect(estimate).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('train-estimate-epoch')).toHaveText(/^≈ .+ per epoch$/);
  await expect(estimate).toContainText('timed on this machine');

  // A 96×96×3 Input makes an epoch of 60,000 converted images long: the limit is offered.
  await page.getByTestId('tab-design').click();
  await node(page, 'input_layer').click();
  await page.getByTestId('param-height').fill('96');
  await page.getByTestId('param-width').fill('96');
  await page.getByTestId('param-channels').fill('3');
  await expect(node(page, 'input_layer').getByTestId('node-shape')).toHaveText('96 × 96 × 3');
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('data-fit')).toContainText('converted');
  await expect(estimate).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const offer = page.getByTestId('train-limit-offer');
  await expect(offer).toBeVisible();
  const limit = (await offer.textContent())!.match(/[\d,]+/)![0].replace(/,/g, '');
  await offer.click();
  await expect(page.getByTestId('train-limit')).toHaveValue(limit);
  await expect(estimate).toContainText(`on ${Number(limit).toLocaleString('en-US')} images`);
});

test('the charts have labelled axes and fill their width as the run grows', async ({ page }) => {
  test.setTimeout(120_000);
  await openTrain(page);
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train-limit').fill('12000');
  await page.getByTestId('test-limit').fill('500');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('loss-chart-x-axis')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('loss-chart')).toContainText('Loss · sparse_categorical_crossentropy');
  await expect(page.getByTestId('loss-chart-x-axis')).toContainText('batch');
  await expect(page.getByTestId('loss-chart-y-axis').locator('span')).toHaveCount(3);
  // The line spans the chart while the first epoch runs (the axis ends at the latest batch).
  await expect(page.getByTestId('loss-chart-x-end')).toContainText('epoch 1');
  const line = await page.getByTestId('loss-chart').locator('polyline.series-train').boundingBox();
  const chart = await page.getByTestId('loss-chart').locator('svg').boundingBox();
  expect(line!.width).toBeGreaterThan(chart!.width * 0.8);
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('loss-chart-x-end')).toContainText('epoch 2');
});
