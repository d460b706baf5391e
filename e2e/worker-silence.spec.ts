// Time-driven faults of the browser trainer, with the page's clock moved on by Playwright instead of
// waiting: a Web Worker that dies without an error event (it has no exit event), and a pause held for an
// hour. The trainer itself runs on real time in its worker.
import { expect, test, type Page } from './fixtures';

const status = (page: Page) => page.getByTestId('training-status');

async function openTrain(page: Page) {
  if (page.url() === 'about:blank') await page.goto('/');
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-limit').fill('2000');
  await page.getByTestId('test-limit').fill('200');
}

test('a trainer worker that dies silently is found by the liveness check; the network stays and Train works again', async ({ page }) => {
  test.setTimeout(180_000);
  // Test input: the first trainer worker is ended 1.5 s into its first run without any event, as a worker
  // the browser drops (or one deadlocked in a kernel) looks from the page.
  await page.addInitScript(() => {
    const Native = (
      globalThis as unknown as { Worker: new (url: string | URL, options?: { name?: string }) => { postMessage(c: unknown): void; terminate(): void } }
    ).Worker;
    let workers = 0;
    class Silent extends Native {
      constructor(url: string | URL, options?: { name?: string }) {
        super(url, options);
        if (options?.name !== 'trainer' || ++workers > 1) return;
        const post = this.postMessage.bind(this);
        this.postMessage = (command: unknown) => {
          post(command);
          if ((command as { type?: string }).type === 'train') setTimeout(() => this.terminate(), 1500);
        };
      }
    }
    (globalThis as unknown as { Worker: unknown }).Worker = Silent;
  });
  await page.clock.install();
  await page.goto('/');
  const params = await page.getByTestId('total-params').textContent();
  await openTrain(page);
  await page.getByTestId('train-epochs').fill('20');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—', { timeout: 60_000 });
  await page.waitForTimeout(2500);
  // Two minutes of silence: the page asks the worker whether it is there; two more without an answer: lost.
  await page.clock.fastForward('03:00');
  await page.waitForTimeout(500);
  await expect(status(page)).not.toHaveAttribute('data-status', 'error');
  await page.clock.fastForward('03:00');
  await expect(status(page)).toHaveAttribute('data-status', 'error', { timeout: 15_000 });
  await expect(page.getByTestId('notice-text')).toHaveText(
    /^Training failed: The training worker stopped responding \(nothing for \d+ s, and no answer to a check\): it was stopped\. The network and your settings are kept: press Train to start again\.$/,
  );
  await page.screenshot({ path: 'test-results/worker-silence.png' });
  await expect(page.getByTestId('training-lock-banner')).toHaveCount(0);
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('total-params')).toHaveText(params!);
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-1')).toBeVisible();
});

test('a pause held for an hour: the run stays paused (the worker answers the check), resumes, and finishes', async ({ page }) => {
  test.setTimeout(180_000);
  await page.clock.install();
  await openTrain(page);
  await page.getByTestId('train-epochs').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-pause')).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('metric-loss')).not.toHaveText('—', { timeout: 60_000 });
  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-status', 'paused');
  for (let quarter = 0; quarter < 4; quarter++) {
    await page.clock.fastForward('15:00');
    await page.waitForTimeout(300);
  }
  await expect(status(page)).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('notice-text')).toHaveCount(0);
  await page.getByTestId('train-resume').click();
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-1')).toContainText('completed');
});
