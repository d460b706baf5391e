// The Code tab and the Export menu, with the real pointer and keyboard.
import { readFile } from 'node:fs/promises';
import { expect, exportCommand, test, type Page } from './fixtures';

const node = (page: Page, id: string) => page.getByTestId(`rf__node-${id}`);

async function openFashion(page: Page) {
  await page.goto('/');
  await page.getByTestId('action-templates').click();
  await page.getByTestId('template-fashion-mnist').click();
}

test('the Code tab shows the Fashion-MNIST CNN as PyTorch and Keras, follows an edit and marks the selected layer', async ({ page }) => {
  await openFashion(page);
  await node(page, 'conv2d').click();
  await page.getByTestId('tab-code').click();
  const view = page.getByTestId('code-view');
  await expect(view).toContainText('class Net(nn.Module)');
  await expect(view).toContainText('def build_model()');
  await expect(view).toContainText('self.conv2d =');
  // The selected layer's lines are marked.
  const marked = view.locator('[data-marked="true"]');
  await expect(marked.filter({ hasText: 'self.conv2d =' })).toHaveCount(1);
  await expect(marked.filter({ hasText: 'self.conv2d_1 =' })).toHaveCount(0);

  // An edit in the Design tab shows up in the code at once.
  await page.getByTestId('tab-design').click();
  await page.getByTestId('param-filters').fill('48');
  await page.getByTestId('param-filters').press('Tab');
  await page.getByTestId('tab-code').click();
  await expect(marked.filter({ hasText: 'self.conv2d =' })).toContainText('48');

  await page.getByTestId('code-target-keras').click();
  await expect(view).toContainText('keras.layers.Conv2D(');
  await expect(marked.filter({ hasText: 'keras.layers.Conv2D(' })).toContainText('filters=48');
});

test('a network with an error shows the error, not stale code', async ({ page }) => {
  // The default network's first conv is 'valid': a 29×29 kernel does not fit a 28×28 image.
  await page.goto('/');
  await node(page, 'conv2d').click();
  await page.getByTestId('param-kernel_size').fill('29');
  await page.getByTestId('param-kernel_size').press('Tab');
  await page.getByTestId('tab-code').click();
  await expect(page.getByTestId('code-error')).toContainText('No code for this network');
  await expect(page.getByTestId('code-view')).toHaveCount(0);
});

test('Save writes the script; the Export menu writes a notebook and Keras code', async ({ page }) => {
  await openFashion(page);
  await page.getByTestId('tab-code').click();
  const saved = page.waitForEvent('download');
  await page.getByTestId('code-save').click();
  const script = await saved;
  expect(script.suggestedFilename()).toBe('Fashion-MNIST_CNN.py');
  expect(await readFile(await script.path(), 'utf8')).toContain('def build_model()');

  const notebook = page.waitForEvent('download');
  await exportCommand(page, 'export-notebook-pytorch');
  const ipynb = JSON.parse(await readFile(await (await notebook).path(), 'utf8'));
  expect(ipynb.nbformat).toBe(4);
  expect(ipynb.cells.some((c: { cell_type: string }) => c.cell_type === 'markdown')).toBe(true);

  const keras = page.waitForEvent('download');
  await exportCommand(page, 'export-keras-code');
  expect(await readFile(await (await keras).path(), 'utf8')).toContain('keras.layers.Conv2D(');
  await expect(page.getByTestId('notice-text')).toContainText('Exported');
});
