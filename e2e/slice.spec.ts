import { expect, test } from './fixtures';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the canvas shows the Input and Dense nodes', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__pane')).toBeVisible();
  await expect(page.getByTestId('rf__node-input_1')).toContainText('InputLayer');
  await expect(page.getByTestId('rf__node-dense_1')).toContainText('Dense');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('host-kind')).toHaveAttribute('data-host', 'browser');
  // Shapes and parameter counts on the nodes and in the summary come from the engine.
  await expect(page.getByTestId('rf__node-input_1').getByTestId('node-shape')).toHaveText('4');
  await expect(page.getByTestId('rf__node-dense_1').getByTestId('node-shape')).toHaveText('1');
  await expect(page.getByTestId('rf__node-dense_1').getByTestId('node-params')).toHaveText('5');
  await expect(page.getByTestId('summary-shape-dense_1')).toHaveText('(None, 1)');
  await expect(page.getByTestId('total-params')).toHaveText('5');
});

test('a saved project downloads, and a corrupt one is refused without touching the graph', async ({ page }) => {
  await page.goto('/');
  const download = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  const saved = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(saved)).toMatchObject({ format: 'cnn-studio-project', version: 2, runs: [], trained: null, graph: { nodes: [{ id: 'input_1' }, { id: 'dense_1' }] } });

  const dir = await mkdtemp(join(tmpdir(), 'cnn-e2e-'));
  const corrupt = join(dir, 'corrupt.cnnstudio.json');
  await writeFile(corrupt, saved.slice(0, saved.length / 2));
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(corrupt);
  await expect(page.getByTestId('notice-text')).toContainText('corrupt.cnnstudio.json is not valid JSON');
  await expect(page.getByTestId('notice-text')).toContainText('Nothing was changed');
  await expect(page.getByTestId('rf__node-dense_1')).toBeVisible();
  await expect(page.getByTestId('file-name')).toContainText('Untitled.cnnstudio.json');
});
