// Issue #16 in the app: asymmetric padding typed into the inspector, and the Train tab naming, before a
// run, a layer TensorFlow.js cannot train.
import { expect, test, type Page } from './fixtures';

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);
const shape = (page: Page, id: string) => node(page, id).getByTestId('node-shape');

async function dropLayer(page: Page, type: string, x: number, y: number) {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

async function wire(page: Page, source: string, target: string) {
  await page.locator(`.react-flow__handle.source[data-nodeid="${source}"]`).dragTo(page.locator(`.react-flow__handle.target[data-nodeid="${target}"]`));
}

test('((top, bottom), (left, right)) padding typed into the inspector reaches the shape; the Train tab names a layer tfjs cannot train', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-new').click();
  await dropLayer(page, 'ZeroPadding2D', 620, 140);
  await wire(page, 'input_layer', 'zero_padding2d');
  await expect(shape(page, 'zero_padding2d')).toHaveText('30 × 30 × 1');

  await node(page, 'zero_padding2d').click();
  const field = page.getByTestId('param-padding');
  await expect(page.getByTestId('param-padding-hint')).toContainText('(top, bottom), (left, right)');
  await field.fill('0, 1, 2, 3');
  await expect(shape(page, 'zero_padding2d')).toHaveText('29 × 33 × 1');
  await field.press('Tab');
  await expect(field).toHaveValue('(0, 1), (2, 3)');
  await field.fill('1, 2, 3');
  await expect(page.getByTestId('param-padding-error')).toContainText('Must be an integer, 2 integers (rows, columns) or (top, bottom), (left, right)');
  await expect(shape(page, 'zero_padding2d')).toHaveText('29 × 33 × 1');

  // Dropped while zero_padding2d is selected, it is connected after it.
  await dropLayer(page, 'SpatialDropout2D', 620, 300);
  await expect(shape(page, 'spatial_dropout2d')).toHaveText('29 × 33 × 1');
  await page.getByTestId('tab-train').click();
  await expect(page.getByTestId('train-layer-problems')).toBeVisible();
  await expect(page.getByTestId('train-layer-problem-spatial_dropout2d')).toHaveText(
    '"spatial_dropout2d" is a SpatialDropout2D layer, which TensorFlow.js cannot train. Remove it for training (it stays valid for export).',
  );
  await page.screenshot({ path: 'test-results/new-layers-train-tab.png' });
});
