import { test } from './fixtures';
for (const [w, h] of [[1400, 900], [1280, 720], [1024, 768], [800, 700]] as const) {
  test(`probe ${w}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/shots/tb-${w}.png` });
    if (w === 1024) {
      await page.getByTestId('action-more').click();
      await page.screenshot({ path: `/tmp/shots/more-${w}.png` });
      await page.keyboard.press('Escape');
      await page.getByTestId('action-templates').click();
      await page.screenshot({ path: `/tmp/shots/tpl-${w}.png` });
    }
  });
}
test.describe('welcome', () => {
  test.use({ welcome: true });
  test('probe welcome', async ({ page }) => {
    await page.goto('/');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/tmp/shots/welcome.png` });
  });
});
