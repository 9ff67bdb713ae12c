/**
 * What importing the package's entries loads, in a fresh process (the test process has loaded
 * everything already): the main entry (the clients, safe for a browser bundle) no Prism module.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('package entry points (fresh process)', () => {
  it('importing the main entry loads no Prism module; importing coupon-contracts/mock does', { timeout: 60_000 }, () => {
    // A fresh process: this test file itself has already loaded the mock.
    const probe = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@stoplight/prism')).length;
      await import(${JSON.stringify(resolve(ROOT, 'src/index.ts'))});
      const afterEntry = loaded();
      await import(${JSON.stringify(resolve(ROOT, 'src/mock/index.ts'))});
      console.log(JSON.stringify({ afterEntry, afterMock: loaded() }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    const counts = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as { afterEntry: number; afterMock: number };
    expect(counts.afterEntry).toBe(0);
    expect(counts.afterMock).toBeGreaterThan(0);
  });

});
