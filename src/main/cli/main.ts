/**
 * `cnn-studio` under Node: runs the CLI with the real file system and process streams, and exits with
 * its code. Built to `out/main/cli.js`; `bin/cnn-studio.cjs` runs it (or this file through tsx).
 */
import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, contents) => writeFile(path, contents),
  listDir: (path) => readdir(path),
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cnn-studio: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
