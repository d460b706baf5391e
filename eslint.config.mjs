// @ts-check
/**
 * Lint, including the architecture's layering rules (see README "Folder map"):
 *   src/shared          pure TypeScript: no React, Electron, DOM, Node, tfjs; never main/renderer/preload
 *   src/shared/training tfjs allowed, still no host APIs; the pure part never imports it
 *   src/renderer        never imports src/main (talks to it only through AppApi)
 *   src/main, preload   never import the renderer; only src/main/index.ts and src/main/app-menu.ts (the glue) and preload import electron
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'util',
  'zlib',
  'events',
  'buffer',
];
const hostApis = [
  {
    group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'zustand', 'zustand/*'],
    message: 'src/shared is UI-free: React belongs in src/renderer.',
  },
  { group: ['electron', 'electron/*'], message: 'src/shared must not import Electron.' },
  { group: ['node:*', ...nodeBuiltins], message: 'src/shared must not use Node APIs: put host code in src/main.' },
  { group: ['**/main/**', '**/main', '**/renderer/**', '**/renderer', '**/preload/**', '**/preload'], message: 'src/shared depends on nothing else in src/.' },
];
const tfjs = {
  group: ['@tensorflow/*', '**/training/**', '**/training', './training/*', '../training/*'],
  message: 'The pure part of src/shared never imports tfjs or src/shared/training.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**', '.scratch/**', '.cache/**'] },
  {
    files: ['src/shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['react', 'react-dom', '@xyflow/*', 'electron'], message: 'Shared tests stay UI- and Electron-free.' }] },
      ],
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    // Tests run under Node and may compare against tfjs; they are not part of the shipped pure core.
    ignores: ['src/shared/training/**', 'src/shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: { 'no-restricted-imports': ['error', { patterns: [...hostApis, tfjs] }] },
  },
  {
    files: ['src/shared/training/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: hostApis }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/main', '**/preload/index', '**/preload/index.ts'],
              message: 'The renderer talks to the main process only through AppApi.',
            },
            { group: ['electron', 'electron/*', 'node:*', ...nodeBuiltins], message: 'The renderer runs sandboxed: no Electron or Node APIs.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**', '**/renderer', 'react', 'react-dom', '@xyflow/*'], message: 'Main and preload never import the renderer.' }] },
      ],
    },
  },
  {
    // Electron-free modules: tests and the worker run them under plain Node, where `electron` cannot load.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/app-menu.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'Only the glue (src/main/index.ts, src/main/app-menu.ts) may import electron; keep services testable under Node.',
            },
            { group: ['**/renderer/**', '**/renderer', 'react', 'react-dom', '@xyflow/*'], message: 'Main and preload never import the renderer.' },
          ],
        },
      ],
    },
  },
);
