/** The main window's size and position between runs (Electron-free: bounds in, bounds out). */
import { z } from 'zod';
import { JsonDocument } from './user-data-store';

export const windowStateSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_WINDOW: WindowState = { width: 1400, height: 900, maximized: false };
const MIN = { width: 900, height: 600 };

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A saved state made safe for the screens attached now: at least the minimum size, no larger than
 * the work area, and placed on a screen (a window saved on a monitor since unplugged is re-centred).
 */
export function fitToScreens(state: WindowState, workAreas: Area[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1920, height: 1080 };
  const width = Math.min(Math.max(state.width, MIN.width), primary.width);
  const height = Math.min(Math.max(state.height, MIN.height), primary.height);
  const visible =
    state.x !== undefined &&
    state.y !== undefined &&
    workAreas.some((a) => state.x! + 100 > a.x && state.x! < a.x + a.width - 100 && state.y! >= a.y && state.y! < a.y + a.height - 50);
  return visible ? { ...state, width, height } : { width, height, maximized: state.maximized };
}

export function windowStateDocument(directory: string): JsonDocument<WindowState> {
  return new JsonDocument(directory, 'window-state.json', windowStateSchema);
}
