import { expect, test } from './fixtures';

// The browser host's recovery slot lives in IndexedDB (src/renderer/src/host/browser-storage.ts).
const shapeOf = (page: import('@playwright/test').Page, id: string) => page.getByTestId(`rf__node-${id}`).getByTestId('node-shape');

test('a page killed without unload offers the work back exactly in the next page', async ({ page, context }) => {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-homework').click();
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('param-filters').fill('12');
  await expect(shapeOf(page, 'conv2d')).toHaveText('16 × 16 × 12');
  const params = await page.getByTestId('total-params').textContent();
  await page.waitForTimeout(800); // the autosave debounce
  // No beforeunload, no pagehide handlers get a say: as when the tab's process is killed.
  await page.close({ runBeforeUnload: false });

  const next = await context.newPage();
  await next.goto('/');
  await expect(next.getByTestId('recovery-banner')).toContainText('Homework: dimensions.cnnstudio.json');
  await next.getByTestId('recovery-restore').click();
  await expect(shapeOf(next, 'conv2d')).toHaveText('16 × 16 × 12');
  await expect(next.getByTestId('total-params')).toHaveText(params!);
  await expect(next.getByTestId('unsaved-mark')).toBeVisible();
});

test('when the browser storage is full, autosave says so once, with what was not kept', async ({ page }) => {
  // Test input: every IndexedDB write is refused as over quota, as Chromium does when the disk is full.
  await page.addInitScript(() => {
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: unknown } } }).IDBObjectStore.prototype;
    proto.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await page.getByTestId('rf__node-conv2d').click();
  await page.getByTestId('param-filters').fill('12');
  await expect(page.getByTestId('notice-text')).toHaveText(
    /^Autosave could not keep “Untitled\.cnnstudio\.json” \([\d.]+ KiB\): this browser's storage for the site is full\. Save the project to keep this work; autosave tries again after each change\.$/,
  );
  await page.getByTestId('notice-dismiss').click();
  await page.getByTestId('param-filters').fill('14');
  await page.waitForTimeout(1200); // two debounces: a second failure would have shown by now
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
