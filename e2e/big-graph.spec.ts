import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoLayout } from '../src/shared/editing/layout';
import { sequentialGraph, type LayerDef } from '../src/shared/graph/build';
import { serializeProject } from '../src/shared/project/project-file';
import { expect, test } from './fixtures';

/** A 400-layer chain (Conv2D 'same' / BatchNormalization / ReLU after a 32×32×3 Input), as a project file. */
function bigProject(): { file: string; lastId: string; count: number } {
  const kinds: LayerDef[] = [
    { type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3], padding: 'same' } },
    { type: 'BatchNormalization' },
    { type: 'Activation', params: { activation: 'relu' } },
  ];
  const graph = autoLayout(
    sequentialGraph(
      [32, 32, 3],
      Array.from({ length: 399 }, (_, i) => kinds[i % 3]!),
    ),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'cnn-e2e-')), 'chain-400.cnnstudio.json');
  writeFileSync(file, serializeProject(graph));
  return { file, lastId: graph.nodes.at(-1)!.id, count: graph.nodes.length };
}

test('a 400-layer network opens at its top, readable; the summary reaches its last row by scrolling, and clicking it shows that layer', async ({ page }) => {
  const { file, lastId, count } = bigProject();
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('action-open').click();
  await (await chooser).setFiles(file);
  await expect(page.locator('[data-testid="graph-canvas"][data-view="fitted"]')).toHaveCount(1);
  // The top of the network is on screen, the end is not rendered.
  await expect(page.getByTestId('rf__node-input_layer')).toBeInViewport();
  await expect(page.getByTestId(`rf__node-${lastId}`)).toHaveCount(0);
  // Only the summary's first block is rendered until the sidebar is scrolled.
  await expect(page.getByTestId(`summary-row-${lastId}`)).toHaveCount(0);
  const sidebar = (await page.getByTestId('sidebar').boundingBox())!;
  await page.mouse.move(sidebar.x + sidebar.width / 2, sidebar.y + sidebar.height / 2);
  const lastRow = page.getByTestId(`summary-row-${lastId}`);
  const onScreen = async () => {
    const box = (await lastRow.count()) ? await lastRow.boundingBox() : null;
    return !!box && box.y >= sidebar.y && box.y + box.height <= sidebar.y + sidebar.height;
  };
  for (let i = 0; i < 200 && !(await onScreen()); i++) await page.mouse.wheel(0, 600);
  await expect(lastRow).toBeInViewport();
  await lastRow.click();
  await expect(lastRow).toHaveClass(/selected/);
  await expect(page.getByTestId('inspector')).toContainText('Activation → 32 × 32 × 8');
  // The layer picked off screen is brought into view, its shape computed like every other.
  await expect(page.getByTestId(`rf__node-${lastId}`)).toBeInViewport();
  await expect(page.getByTestId(`rf__node-${lastId}`).getByTestId('node-shape')).toHaveText('32 × 32 × 8');
  expect(count).toBe(400);
});
