/**
 * Whether a built file in dist/ is at least as new as every TypeScript source it is built from:
 * `npm start` and `npm run bench -- verify` run dist/ only then, so what runs is never stale.
 * Plain JavaScript, so that scripts/start.mjs needs nothing compiled to read it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function builtIsFresh(built, sourceDirs) {
  return existsSync(built) && statSync(built).mtimeMs >= Math.max(...sourceDirs.map(newestSource));
}
