import { expect, test } from './fixtures';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the canvas shows the default network: a small CNN for 28×28×1', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.react-flow__pane')).toBeVisible();
  await expect(page.getByTestId('rf__node-input_layer')).toContainText('InputLayer');
  await expect(page.getByTestId('rf__node-dense')).toContainText('Dense');
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);
  await expect(page.getByTestId('host-kind')).toHaveAttribute('data-host', 'browser');
  // Shapes and parameter counts on the nodes and in the summary come from the engine.
  await expect(page.getByTestId('rf__node-input_layer').getByTestId('node-shape')).toHaveText('28 × 28 × 1');
  await expect(page.getByTestId('rf__node-conv2d').getByTestId('node-params')).toHaveText('160');
  await expect(page.getByTestId('rf__node-dense').getByTestId('node-shape')).toHaveText('10');
  await expect(page.getByTestId('summary-shape-dense')).toHaveText('(None, 10)');
  await expect(page.getByTestId('total-params')).toHaveText('12,810');
});

test('a saved project downloads, and a corrupt one is refused without touching the graph', async ({ page }) => {
  await page.goto('/');
  const download = page.waitForEvent('download');
  await page.getByTestId('action-save').click();
  const saved = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(saved)).toMatchObject({
    format: 'cnn-studio-project',
    version: 2,
    runs: [],
    trained: null,
    graph: {
      nodes: [
        { id: 'input_layer' },
        { id: 'conv2d' },
        { id: 'max_pooling2d' },
        { id: 'conv2d_1' },
        { id: 'max_pooling2d_1' },
        { id: 'flatten' },
        { id: 'dense' },
      ],
    },
  });

  const dir = await mkdtemp(join(tmpdir(), 'cnn-e2e-'));
  const corrupt = join(dir, 'corrupt.cnnstudio.json');
  await writeFile(corrupt, saved.slice(0, saved.length / 2));
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(corrupt);
  await expect(page.getByTestId('notice-text')).toContainText('corrupt.cnnstudio.json is not valid JSON');
  await expect(page.getByTestId('notice-text')).toContainText('Nothing was changed');
  await expect(page.getByTestId('rf__node-dense')).toBeVisible();
  await expect(page.getByTestId('file-name')).toContainText('Untitled.cnnstudio.json');
});
