/** Look inside on the default network (small MNIST CNN) after a short training run: MNIST test image 1, the first Conv2D's maps and filters, named class probabilities. */
import { expect, test } from '../fixtures';

test('Look inside, trained default network', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.goto('/');
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill('3000');
  await page.getByTestId('test-limit').fill('300');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await page.getByTestId('tab-inside').click();
  await expect(page.getByTestId('viz-status')).toContainText('trained network');
  await expect(page.getByTestId('viz-input-label')).toContainText('MNIST test image 1');
  await expect(page.getByTestId('viz-softmax')).toBeVisible();
  await page.getByTestId('rf__node-conv2d').click();
  await expect(page.getByTestId('feature-maps-conv2d')).toBeVisible();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/inside-default.png' });
});
