import { expect, test, type Page } from '@playwright/test';

async function openLesson(page: Page, n: number) {
  await page.goto('/');
  await page.getByTestId('view-lessons').click();
  await page.getByTestId(`lesson-${n}`).click();
}

test('lesson 3: the manual Sobel loop and the Conv2D layer agree (valid 510×510, same 512×512 whose centre is the valid result)', async ({ page }) => {
  await openLesson(page, 3);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('valid: manual 510×510, layer 510×510', { timeout: 30_000 });
  await expect(result).toContainText('same: manual 512×512, layer 512×512');
  await expect(result).toContainText('(agree)');
  await expect(result).not.toContainText('DIFFER');
  await expect(result).toContainText('same[1:-1, 1:-1] = valid');
  await expect(result).toContainText('(equal)');
});

test('lesson 4: a Conv2D trained on Sobel responses learns the Sobel kernel (rounded to 0.1); the 1×2 edge kernel in 10 steps', async ({ page }) => {
  test.setTimeout(120_000);
  await openLesson(page, 4);
  const result = page.getByTestId('lesson-result');
  await expect(result).toContainText('batch 10, loss');
  await expect(result).toContainText('learned 1×2 kernel = [[0.98');
  await page.getByTestId('lesson-train').click();
  await expect(result).toContainText('OK. Learned and original Sobel filters are the same!', { timeout: 100_000 });
  await expect(result).toContainText('learned kernel (rounded to 0.1) = [[1,0,-1],[2,0,-2],[1,0,-1]]');
  const epochs = Number((await result.textContent())!.match(/after (\d+) epochs/)![1]);
  expect(epochs).toBeLessThanOrEqual(300);
});
