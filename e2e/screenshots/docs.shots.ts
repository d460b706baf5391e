import { test, type Page } from '../fixtures';

async function template(page: Page, slug: string) {
  await page.getByTestId('action-templates').click();
  await page.getByTestId(`template-${slug}`).click();
  await page.waitForTimeout(400); // the fit-view animation
}

/** The MNIST homework CNN trained 2 epochs on 6,000 images. */
async function trainHomework(page: Page, testImages: string) {
  await template(page, 'mnist-homework');
  await page.getByTestId('tab-train').click();
  await page.getByTestId('dataset-select').selectOption('mnist');
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train-limit').fill('6000');
  await page.getByTestId('test-limit').fill(testImages);
  await page.getByTestId('train-start').click();
  await page.getByTestId('training-status').and(page.locator('[data-status="done"]')).waitFor({ timeout: 120_000 });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`editor, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await template(page, 'fashion-mnist');
    await page.getByTestId('summary-row-conv2d_1').click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: `docs/editor-${scheme}.png` });
  });
}

test('a skip-connection template', async ({ page }) => {
  await page.goto('/');
  await template(page, 'resnet-small');
  await page.getByTestId('summary-row-add_1').click();
  await page.screenshot({ path: 'docs/editor-resnet.png' });
});

test('an error pinned to its layer', async ({ page }) => {
  await page.goto('/');
  await template(page, 'homework');
  await page.getByTestId('summary-row-conv2d_1').click();
  await page.getByTestId('param-kernel_size').fill('9');
  await page.waitForTimeout(200);
  await page.screenshot({ path: 'docs/editor-error.png' });
});

test('a finished training run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await trainHomework(page, '1000');
  await page.getByTestId('confusion-cell-4-9').click();
  await page.screenshot({ path: 'docs/training.png' });
});

test('look inside: the Sobel feature map and its receptive field', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1100 });
  await page.goto('/');
  await template(page, 'sobel');
  await page.getByTestId('tab-inside').click();
  const map = page.getByTestId('feature-maps-conv2d').locator('canvas[data-testid="feature-map"]').first();
  await map.waitFor();
  await map.scrollIntoViewIfNeeded();
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.3);
  await page.waitForTimeout(200);
  await page.screenshot({ path: 'docs/inside-sobel.png' });
});

test('look inside: feature maps and filters after training', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.goto('/');
  await trainHomework(page, '500');
  await page.getByTestId('tab-inside').click();
  await page.getByTestId('viz-input').selectOption('sample:0');
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('filters-conv2d').waitFor();
  const map = page.getByTestId('feature-maps-conv2d').locator('canvas[data-testid="feature-map"]').nth(3);
  const box = (await map.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4);
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/inside-trained.png' });
});

test('the Filter Lab: Sobel stacked four times on the cameraman', async ({ page }) => {
  await page.setViewportSize({ width: 1500, height: 1000 });
  await page.goto('/');
  await page.getByTestId('view-lab').click();
  await page.getByTestId('lab-repeat').fill('4');
  await page.getByTestId('lab-size').selectOption('128');
  await page.getByTestId('lab-output').waitFor();
  const out = page.getByTestId('lab-output');
  const box = (await out.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.screenshot({ path: 'docs/filter-lab.png' });
});

for (const [n, name, act] of [
  [
    1,
    'lesson-1-cross-correlation',
    async (page: Page) => {
      await page.getByTestId('lesson-step').click();
      await page.getByTestId('lesson-step').click();
    },
  ],
  [
    4,
    'lesson-4-learn-a-kernel',
    async (page: Page) => {
      await page.getByTestId('lesson-train').click();
      await page.getByTestId('lesson-result').filter({ hasText: 'OK. Learned' }).waitFor({ timeout: 100_000 });
    },
  ],
  [
    8,
    'lesson-8-receptive-field',
    async (page: Page) => {
      await page.getByTestId('lesson-page-8').waitFor();
    },
  ],
] as const) {
  test(`lesson ${n}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto('/');
    await page.getByTestId('view-lessons').click();
    await page.getByTestId(`lesson-${n}`).click();
    await act(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `docs/${name}.png` });
  });
}
