/**
 * Canvas paints spread over frames: a live refresh of a big network redraws hundreds of canvases, and drawn in
 * one task they held the UI thread past a frame. Each canvas has at most one paint waiting (its latest); each
 * frame runs waiting paints, oldest first, until the frame's budget is spent, and leaves the rest to the next.
 */
export interface PaintQueue {
  /** Paint `key`'s canvas with `job` soon, replacing a paint of it still waiting. */
  schedule(key: object, job: () => void): void;
  /** Drops `key`'s waiting paint (its canvas is gone). */
  cancel(key: object): void;
  /** Paints waiting. */
  readonly size: number;
}

export function createPaintQueue({
  budgetMs = 8,
  now = () => performance.now(),
  frame = (run: () => void) => void (globalThis as unknown as { requestAnimationFrame(f: () => void): number }).requestAnimationFrame(run),
}: { budgetMs?: number; now?: () => number; frame?: (run: () => void) => void } = {}): PaintQueue {
  const waiting = new Map<object, () => void>();
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const start = now();
    for (const [key, job] of waiting) {
      waiting.delete(key);
      job();
      if (now() - start >= budgetMs) break;
    }
    if (waiting.size) request();
  };
  const request = () => {
    if (scheduled) return;
    scheduled = true;
    frame(run);
  };
  return {
    schedule(key, job) {
      waiting.delete(key);
      waiting.set(key, job);
      request();
    },
    cancel(key) {
      waiting.delete(key);
    },
    get size() {
      return waiting.size;
    },
  };
}

/** The app's one queue: every feature map and filter canvas paints through it. */
export const paintQueue = createPaintQueue();
