import { expect, test, type Page } from './fixtures';

async function setUp(page: Page, epochs: number, trainImages: number) {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-mnist-homework').click();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('dataset-select').selectOption('mnist');
  await page.getByTestId('train-epochs').fill(String(epochs));
  await page.getByTestId('train-limit').fill(String(trainImages));
  await page.getByTestId('test-limit').fill('500');
}

/** The little of the DOM the in-page timing uses (e2e is type-checked without DOM types). */
interface PageGlobals {
  document: { querySelector(selector: string): { click(): void } | null };
  requestAnimationFrame(callback: () => void): void;
}

/** Time from a click on another panel's tab to that panel on screen, measured inside the page. */
function clickLatency(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals;
        const start = performance.now();
        const check = () => (document.querySelector('[data-testid="inspector"]') ? resolve(performance.now() - start) : requestAnimationFrame(check));
        document.querySelector('[data-testid="tab-design"]')!.click();
        check();
      }),
  );
}

test('train a small CNN on 2,000 MNIST images: progress, charts, accuracy, confusion matrix, gallery', async ({ page }) => {
  test.setTimeout(180_000);
  await setUp(page, 1, 2000);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-lock-banner')).toBeVisible();
  await expect(page.getByTestId('train-progress')).not.toHaveAttribute('aria-valuenow', '0', { timeout: 60_000 });
  await expect(page.getByTestId('loss-chart').locator('polyline').first()).toBeVisible();
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—');
  await expect(page.getByTestId('metric-accuracy')).toContainText('%');
  await expect(page.getByTestId('train-epoch')).toHaveText('epoch 1 / 1');

  // The UI stays responsive while the worker trains.
  expect(await clickLatency(page)).toBeLessThan(200);
  await page.getByTestId('tab-train').click();

  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('metric-val-accuracy')).toContainText('%');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expect(page.getByTestId('prediction-gallery').getByTestId('gallery-item')).toHaveCount(24);
  const accuracy = Number((await page.getByTestId('training-results').locator('h3').first().textContent())!.match(/([\d.]+) % accuracy/)![1]);
  expect(accuracy).toBeGreaterThan(60); // one epoch on 2,000 images
  // Clicking a confusion cell shows only those images.
  await page.getByTestId('confusion-cell-7-7').click();
  const items = page.getByTestId('prediction-gallery').getByTestId('gallery-item');
  await expect(items.first()).toContainText('true: 7');
  await page.screenshot({ path: 'test-results/training-done.png', fullPage: true });

  // The trained network leaves as TensorFlow.js files.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByTestId('train-export').click();
  await expect(page.getByTestId('notice-text')).toContainText('tf.loadLayersModel reads them back');
  await expect.poll(() => downloads.sort()).toEqual(['Homework_MNIST_CNN.json', 'Homework_MNIST_CNN.weights.bin']);
});

test('Stop ends a run mid-epoch, keeps the weights and still evaluates', async ({ page }) => {
  test.setTimeout(180_000);
  await setUp(page, 3, 2000);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—', { timeout: 60_000 });
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  await expect(page.getByTestId('training-status')).toContainText('the weights are kept');
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  await expect(page.getByTestId('training-lock-banner')).toHaveCount(0);
  await expect(page.getByTestId('run-1')).toContainText('stopped');

  // The run and its trained weights are saved with the project; reopening restores the trained network.
  const accuracy = await page.getByTestId('run-1-test-accuracy').textContent();
  const saved = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  const file = test.info().outputPath('trained.cnnstudio.json');
  await (await saved).saveAs(file);
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-blank').click();
  await expect(page.getByTestId('run-history')).toHaveCount(0);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(file);
  await expect(page.getByTestId('run-1-test-accuracy')).toHaveText(accuracy!);
  await expect(page.getByTestId('trained-weights')).toContainText('Trained weights of run 1 are saved with the project');
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByTestId('train-export').click();
  await expect(page.getByTestId('notice-text')).toContainText('tf.loadLayersModel reads them back');
  await expect.poll(() => downloads.length).toBe(2);
});

test('a network that cannot fit the data is refused with the reason', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click(); // ends in 16 values, not 10 classes
  await page.getByTestId('tab-train').click();
  await page.getByTestId('dataset-select').selectOption('mnist');
  await page.getByTestId('train-limit').fill('100');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-error')).toContainText('The network outputs 16 values but MNIST has 10 classes');
  // The data does not match the Input either: the panel says how it will be converted, and offers the fix.
  await expect(page.getByTestId('data-fit')).toContainText('MNIST images are 28×28×1; the Input is 32×32×3. They will be converted 28×28×1 → 32×32×3');
  await page.getByTestId('fix-input').click();
  await expect(page.getByTestId('data-fit')).toHaveCount(0);
  await expect(page.getByTestId('rf__node-input_layer').getByTestId('node-shape')).toHaveText('28 × 28 × 1');
});

test('Workers: in the browser page the option is shown, set to 1 and disabled, with the reason', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-train').click();
  const workers = page.getByTestId('train-workers');
  await expect(workers).toHaveValue('1');
  await expect(workers).toBeDisabled();
  await expect(page.getByText(/^Workers \(≤ 1\)$/)).toBeVisible();
  // The reason is the option's hover title.
  await page.getByText(/^Workers \(≤ 1\)$/).hover();
  await expect(
    page.getByTitle('Data-parallel training needs the desktop app: this page cannot share memory between workers (it is not cross-origin isolated).'),
  ).toBeVisible();
});
