/**
 * The `test` every spec uses: a fresh page that has already seen the first-start welcome, so specs
 * about other things start on the editor. Specs about the welcome opt in with `test.use({ welcome: true })`.
 */
import { test as base } from '@playwright/test';

export const WELCOMED_KEY = 'cnn-studio.welcomed';

export const test = base.extend<{ welcome: boolean }>({
  welcome: [false, { option: true }],
  page: async ({ page, welcome }, use) => {
    if (!welcome) await page.addInitScript(`localStorage.setItem(${JSON.stringify(WELCOMED_KEY)}, '1')`);
    await use(page);
  },
});

export { expect, type Locator, type Page } from '@playwright/test';
