/**
 * `npm start`: the mock from dist/, compiled by `npm run build` (which `prepare` runs on install),
 * because compiling TypeScript on the fly (tsx) cost about a third of the start-up. When dist/ is
 * missing or older than a file of src/ (an edit not built yet) it says so and starts from the
 * sources with tsx instead, so what runs is never stale. Plain JavaScript: nothing to compile.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtIsFresh } from './dist-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'src', 'cli.js');

const fresh = builtIsFresh(built, [join(root, 'src')]);
process.argv.splice(2, 0, 'mock');
if (fresh) {
  await import(pathToFileURL(built).href);
} else {
  console.error('npm start: dist/ is missing or older than src/ (npm run build); starting from the TypeScript sources with tsx, slower to start');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli.ts')).href);
}
