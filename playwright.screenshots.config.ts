import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npm run screenshots`: regenerates the PNGs under docs/ from the real UI (not part of `npm test`). */
export default defineConfig({
  ...base,
  testDir: 'e2e/screenshots',
  testMatch: '*.shots.ts',
  reporter: 'list',
});
