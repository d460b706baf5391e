/** The first hour's screens: the welcome, and the toolbar at three widths (with its overflow menu open where it has one). */
import { test } from '../fixtures';

test.describe('first start', () => {
  test.use({ welcome: true });
  test('the welcome', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto('/');
    await page.getByTestId('welcome').waitFor();
    await page.screenshot({ path: 'docs/welcome.png' });
  });
});

for (const width of [1400, 1024, 800] as const) {
  test(`the toolbar at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 520 });
    await page.goto('/');
    await page.getByTestId('action-templates').waitFor();
    if (await page.getByTestId('action-more').isVisible()) await page.getByTestId('action-more').click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: `docs/toolbar-${width}.png`, clip: { x: 0, y: 0, width, height: 440 } });
  });
}
