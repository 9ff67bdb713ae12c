/**
 * What a fresh process loads (the test process has loaded everything already): the package's
 * main entry (the clients, safe for a browser bundle) and `mock`, `verify` and `drift --help` load
 * no Prism module; `coupon-contracts/mock` does, which shows the probe sees Prism when it is there.
 * One process for all of it: each start costs tsx and, at the end, Prism.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const source = (path: string) => JSON.stringify(resolve(ROOT, path));

describe('what a fresh process loads', () => {
  it('the main entry and mock, verify and drift --help load no Prism module; importing coupon-contracts/mock does', { timeout: 60_000 }, () => {
    const probe = `
      import { createRequire } from 'node:module';
      import { Writable } from 'node:stream';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('@stoplight/prism')).length;
      const report = {};
      await import(${source('src/index.ts')});
      report.afterEntry = loaded();
      // The commands as the binary runs them (src/cli/main.ts), their output collected.
      const { runCli } = await import(${source('src/cli/main.ts')});
      for (const command of ['mock', 'verify', 'drift']) {
        let out = '';
        const stdout = new Writable({ write(chunk, _encoding, done) { out += chunk; done(); } });
        const io = { stdout, stderr: process.stderr, cwd: process.cwd(), env: {}, untilStopped: () => new Promise(() => {}) };
        const code = await runCli([command, '--help'], io);
        report[command] = { code, usage: out.startsWith('usage: coupon-contracts ' + command), prism: loaded() };
      }
      await import(${source('src/mock/index.ts')});
      report.afterMock = loaded();
      console.log(JSON.stringify(report));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as Record<string, unknown>;
    const helped = { code: 0, usage: true, prism: 0 };
    expect(report).toEqual({ afterEntry: 0, mock: helped, verify: helped, drift: helped, afterMock: expect.any(Number) });
    expect(report.afterMock).toBeGreaterThan(0);
  });
});
