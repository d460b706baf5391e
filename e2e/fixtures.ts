/**
 * The `test` every spec uses: a fresh page that has already seen the first-start welcome, so specs
 * about other things start on the editor. Specs about the welcome opt in with `test.use({ welcome: true })`.
 */
import { test as base, type Page as PwPage } from '@playwright/test';

export const WELCOMED_KEY = 'cnn-studio.welcomed';

export const test = base.extend<{ welcome: boolean }>({
  welcome: [false, { option: true }],
  page: async ({ page, welcome }, use) => {
    if (!welcome) await page.addInitScript(`localStorage.setItem(${JSON.stringify(WELCOMED_KEY)}, '1')`);
    await use(page);
  },
});

export { expect, type Locator, type Page } from '@playwright/test';

/**
 * Runs a toolbar command as a person does: its button when the toolbar shows it, else from the
 * "More" menu it moved to at this width.
 */
export async function toolbarCommand(page: PwPage, id: string): Promise<void> {
  const button = page.getByTestId(`action-${id}`);
  if (await button.isVisible()) return button.click();
  await page.getByTestId('action-more').click();
  await page.getByTestId(`overflow-${id}`).click();
}

/** Chooses an item of one of the toolbar's menus (`export`, `homework` …), from "More" when the menu moved there. */
export async function menuCommand(page: PwPage, menuId: string, id: string): Promise<void> {
  const menu = page.getByTestId(`action-${menuId}`);
  if (await menu.isVisible()) await menu.click();
  else await page.getByTestId('action-more').click();
  // In the open menu: a panel may show a button of the same command (and test id) too.
  await page.getByRole('menu').getByTestId(id).click();
}

/** Chooses an item of the toolbar's Export menu (`export-pytorch`, `export-keras` …). */
export const exportCommand = (page: PwPage, id: string): Promise<void> => menuCommand(page, 'export', id);

/** Chooses an item of the toolbar's Homework menu (`homework-make`, `exercise-new` …). */
export const homeworkCommand = (page: PwPage, id: string): Promise<void> => menuCommand(page, 'homework', id);

/** Clicks the middle of a connection's drawn line (what a person aims at), by the edge's id. */
export async function clickEdge(page: PwPage, edgeId: string): Promise<void> {
  const box = await page.locator(`.react-flow__edge[data-id="${edgeId}"] path.react-flow__edge-path`).boundingBox();
  if (!box) throw new Error(`edge ${edgeId} is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * A box once it has stopped moving: right after a load the canvas still fits its view (a frame or
 * two later, longer on a busy machine), and a drop aimed at the old place would miss.
 */
export async function settledBox(locator: import('@playwright/test').Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await locator.page().locator('[data-testid="graph-canvas"][data-view="fitted"]').waitFor();
  let previous = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await locator.page().waitForTimeout(100);
    const next = await locator.boundingBox();
    if (previous && next && previous.x === next.x && previous.y === next.y && previous.width === next.width) return next;
    previous = next;
  }
  throw new Error('the element kept moving for 5 s');
}
