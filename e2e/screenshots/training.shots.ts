/** The Train tab: the estimate before a run, and a run stopped mid-way (its evaluation done). */
import { test } from '../fixtures';

test('a stopped run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('/');
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-limit').fill('20000');
  await page.getByTestId('test-limit').fill('1000');
  await page.locator('[data-testid="train-estimate"][data-status="ready"]').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: 'docs/training-estimate.png' });
  await page.getByTestId('train-start').click();
  await page.waitForTimeout(6000);
  await page.getByTestId('train-stop').click();
  await page.locator('[data-testid="training-status"][data-status="stopped"]').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: 'docs/training-stopped.png' });
});
