/**
 * The SQLite store across kill -9 of the process that writes (a real child process, so the process
 * tier): what insertCodes acknowledged is on disk. The store's other behaviour, in process:
 * sqlite.test.ts; the whole CLI killed under load: test/integration/durability.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store', () => {
  it('an acknowledged write survives kill -9 of the writing process', async () => {
    const path = join(dir, 'state.db');
    const writer = fileURLToPath(new URL('./support/sqlite-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The writer prints each code after insertCodes has resolved, then keeps writing until killed.
    const acknowledged = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const lines = out.split('\n').filter(Boolean);
        if (lines.length >= 20) {
          child.kill('SIGKILL');
          resolve(lines);
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));

    const store = openSqliteStore(path);
    for (const code of acknowledged) expect(await store.findCode('bigcommerce:1', code)).toBeDefined();
    await store.close();
  });
});
