/**
 * `coupon-contracts verify` runs that cannot happen: exit 2 with one line, before any suite runs,
 * so in process (runVerify). Runs of the suites: test/contracts/cli.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '../contracts/support/cli.js';
import { freePort } from '../support/free-port.js';
import { httpTargets } from '../support/http-targets.js';

const TOKEN = 'tok-SECRET-c41e77a0';
const targets = httpTargets();
afterEach(() => targets.closeAll());

/** A target that answers 404 to everything, `GET /__mock/` included. */
const notTheMock = () => targets.start((_req, res) => res.writeHead(404).end());

const bigcommerce = (target: string, ...more: string[]) => ['--target', target, '--vendor', 'bigcommerce', '--token', TOKEN, '--promotion', 'bigcommerce=1', ...more];

describe('coupon-contracts verify: runs that cannot happen exit 2 with one line', { timeout: 60_000 }, () => {
  it('a target that refuses connections', async () => {
    const target = `http://127.0.0.1:${await freePort()}`;
    const run = await verify(bigcommerce(target));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`coupon-contracts verify: cannot reach ${target}: connection refused`);
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--vendor', 'bigcommerce'], '--target URL is required'],
    [['--target', 'http://127.0.0.1:1', '--reporter', 'xml'], "--reporter: unknown reporter 'xml'"],
    [['--target', 'http://127.0.0.1:1', '--vendor', 'magento'], "unknown vendor 'magento'"],
    [['--target', 'http://127.0.0.1:1', '--checks', 'no_such_check'], '--checks: unknown check no_such_check'],
    [['--target', 'http://127.0.0.1:1', '--timeout', '0'], "--timeout must be a positive integer, not '0'"],
    [['--target', 'http://127.0.0.1:1', '--out', 'x.json'], '--out x.json: no json, junit or html reporter left to write it'],
    [['--target', 'ftp://example.com'], '--target must be http or https'],
    [['--target', 'http://127.0.0.1:1', '--bogus'], "Unknown option '--bogus'"],
  ])('bad arguments %j', async (args, text) => {
    const run = await verify(args);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(text);
  });

  it('a target that is not the mock, without --vendor or --token', async () => {
    const target = await notTheMock();
    expect((await verify(['--target', target])).stderr).toContain('--vendor is required');
    const run = await verify(['--target', target, '--vendor', 'shoplazza']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`coupon-contracts verify: --token is required for shoplazza: ${target} is not the coupon-contracts mock`);
  });
});
