/** The renderer as a plain web page (browser host): `npm run web` (dev) and `npm run web:preview` (built). */
import { defineConfig } from 'vite';
import { rendererConfig } from './config/renderer.config.mts';

export default defineConfig({
  ...rendererConfig(import.meta.dirname),
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
});
