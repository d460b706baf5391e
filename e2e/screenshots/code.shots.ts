/** The Code tab: the Fashion-MNIST CNN as PyTorch, its second convolution selected. */
import { test } from '../fixtures';

test('the Code tab', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-fashion-mnist').click();
  await page.getByTestId('rf__node-conv2d_1').click();
  await page.getByTestId('tab-code').click();
  await page.getByTestId('code-view').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/code-tab.png' });
});
