// The browser trainer's Web Worker dying mid-run: the page says what happened, keeps the network and the
// last trained weights, and the next Train works (in a new worker).
import { exportCommand, expect, test, type Page } from './fixtures';

const status = (page: Page) => page.getByTestId('training-status');

test('a trainer worker that dies mid-run is reported, the network and last weights stay, and Train works again', async ({ page }) => {
  test.setTimeout(180_000);
  // Test input: the trainer's second `train` command kills its worker once the run is under way, and
  // the browser reports the failure as it does for a worker that dies of an uncaught error.
  await page.addInitScript(() => {
    type Command = { type?: string };
    const Native = (
      globalThis as unknown as {
        Worker: new (url: string | URL, options?: { name?: string }) => EventTarget & { postMessage(c: unknown): void; terminate(): void };
      }
    ).Worker;
    let trains = 0;
    class Dying extends Native {
      constructor(url: string | URL, options?: { name?: string }) {
        super(url, options);
        if (options?.name !== 'trainer') return;
        const post = this.postMessage.bind(this);
        this.postMessage = (command: unknown) => {
          post(command);
          if ((command as Command).type === 'train' && ++trains === 2) {
            setTimeout(() => {
              this.terminate();
              // Fault injection, not a user action: the worker "crashes" as a real out-of-memory wasm worker reports it.
              this.dispatchEvent(
                new (globalThis as unknown as { ErrorEvent: new (type: string, init: { message: string }) => Event }).ErrorEvent('error', {
                  message: 'Uncaught RangeError: WebAssembly.Memory(): could not allocate memory',
                }),
              );
            }, 1500);
          }
        };
      }
    }
    (globalThis as unknown as { Worker: unknown }).Worker = Dying;
  });
  await page.goto('/');
  const params = await page.getByTestId('total-params').textContent();
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-limit').fill('2000');
  await page.getByTestId('test-limit').fill('200');
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-1')).toBeVisible();

  await page.getByTestId('train-epochs').fill('20');
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('notice-text')).toHaveText(
    'Training failed: The training worker crashed: Uncaught RangeError: WebAssembly.Memory(): could not allocate memory The network and the last trained weights are kept: press Train to start again.',
  );
  await expect(page.getByTestId('run-1')).toBeVisible();
  // The network is kept and editable again (the lock is off); the next run trains in a fresh worker.
  await expect(page.getByTestId('training-lock-banner')).toHaveCount(0);
  await page.getByTestId('tab-design').click();
  await expect(page.getByTestId('total-params')).toHaveText(params!);
  await page.getByTestId('rf__node-conv2d').click();
  await expect(page.getByTestId('param-filters')).toBeEditable();
  // The first run's trained network is rebuilt in the new worker from the kept weights: it exports.
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await exportCommand(page, 'export-tfjs');
  await expect(page.getByTestId('notice-text')).toHaveText('Saved Untitled.json and its weights: tf.loadLayersModel reads them back.');
  // The download events can arrive after the notice: poll for both.
  await expect.poll(() => downloads.sort()).toEqual(['Untitled.json', 'Untitled.weights.bin']);
  await page.getByTestId('tab-train').click();
  await page.getByTestId('train-epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('run-2')).toBeVisible();
});
