import { expect, test, type Page } from './fixtures';

async function openLesson(page: Page, n: number) {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  await page.getByTestId(`lesson-${n}`).click();
}

test('lesson 3: the manual Sobel loop and the Conv2D layer agree (valid 510×510, same 512×512 whose centre is the valid result)', async ({ page }) => {
  await openLesson(page, 3);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('valid: manual 510×510, layer 510×510', { timeout: 30_000 });
  await expect(result).toContainText('same: manual 512×512, layer 512×512');
  await expect(result).toContainText('(agree)');
  await expect(result).not.toContainText('DIFFER');
  await expect(result).toContainText('same[1:-1, 1:-1] = valid');
  await expect(result).toContainText('(equal)');
});

test('lesson 4: a Conv2D trained on Sobel responses learns the Sobel kernel (rounded to 0.1); the 1×2 edge kernel in 10 steps', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(page, 4);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('batch 10, loss');
  await expect(result).toContainText('learned 1×2 kernel = [[0.98');
  await page.getByTestId('lesson-train').click();
  await expect(result).toContainText('OK. Learned and original Sobel filters are the same!', { timeout: 100_000 });
  await expect(result).toContainText('learned kernel (rounded to 0.1) = [[1,0,-1],[2,0,-2],[1,0,-1]]');
  const epochs = Number((await result.textContent())!.match(/after (\d+) epochs/)![1]);
  expect(epochs).toBeLessThanOrEqual(300);
});

test('lesson 9: augmentation previews on a photo and a batch; the matching layers go into the network', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-mnist-homework').click();
  await page.getByTestId('view-lessons').click();
  await page.getByTestId('lesson-9').click();
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('6 augmentations of the cat photo (150×225): flip (horizontal), rotate 15°, zoom ×1.25');
  await expect(result).toContainText('a batch of 8 MNIST images');
  await expect(page.getByTestId('lesson9-batch').locator('canvas')).toHaveCount(8);
  await page.getByTestId('lesson-add-augmentation').click();
  await expect(result).toContainText('Added RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast after input_layer.');
  await page.getByTestId('view-editor').click();
  await expect(page.locator('[data-testid^="rf__node-random_rotation"]')).toHaveCount(1);
  await expect(page.getByTestId('total-params')).toHaveText('33,546'); // as before: augmentation layers have no parameters
});

test('lesson 10: the homework answers stay hidden until revealed, then show the engine numbers', async ({ page }) => {
  await openLesson(page, 10);
  const result = page.getByTestId('lesson-result');
  await expect(result).toHaveText('Work out each layer, then reveal it to check.');
  await expect(page.getByTestId('homework-row-conv2d')).toContainText('?');
  await page.getByTestId('lesson-reveal-conv2d').click();
  await expect(result).toHaveText('conv2d: 16 × 16 × 8, 224 parameters');
  // Each arithmetic line says what it computes.
  await expect(page.getByTestId('homework-trace-conv2d').getByRole('listitem')).toContainText(['H: ⌈32/2⌉ = 16', 'W: ⌈32/2⌉ = 16', /^params: /]);
  await page.getByTestId('lesson-reveal-all').click();
  await expect(result).toContainText('conv2d_1: 8 × 8 × 16, 1,168 parameters');
  await page.getByTestId('lesson-exercise').selectOption('mnist-homework');
  await page.getByTestId('lesson-reveal-all').click();
  await expect(result).toContainText('dense: 10, 10,250 parameters');
});
