/**
 * What Look inside's layer sections share: whether a section is on screen, the value it last showed on
 * screen (a live refresh leaves layers scrolled away alone), and a painted atlas as an ImageBitmap.
 */
import { useEffect, useState } from 'react';
import type { Atlas } from '../../../../shared/viz/atlas';

/** Whether the element is (partly) in view, with a 200 px margin; layers scrolled away are not painted. */
export function useOnScreen(ref: React.RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return setOnScreen(true);
    const observer = new IntersectionObserver(([entry]) => setOnScreen(!!entry?.isIntersecting), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}

/**
 * `value` while on screen; off screen, the value last shown there (its first value if never), so a
 * memoized section below re-renders only for what can be seen.
 */
export function useShownValue<T>(value: T, onScreen: boolean): T {
  const [shown, setShown] = useState(value);
  if (onScreen && shown !== value) setShown(value);
  return onScreen ? value : shown;
}

/** The atlas as an ImageBitmap (decoded off the UI thread's paint path); null until ready. */
export function useBitmap(atlas: Atlas | null): ImageBitmap | null {
  const [bitmap, setBitmap] = useState<{ atlas: object; bitmap: ImageBitmap } | null>(null);
  useEffect(() => {
    if (!atlas) return;
    let live = true;
    void createImageBitmap(new ImageData(atlas.pixels as Uint8ClampedArray<ArrayBuffer>, atlas.width, atlas.height)).then((made) => {
      if (live) setBitmap((old) => (old?.bitmap.close(), { atlas, bitmap: made }));
      else made.close();
    });
    return () => {
      live = false;
    };
  }, [atlas]);
  return bitmap && bitmap.atlas === atlas ? bitmap.bitmap : null;
}
