/**
 * --base-url: a target that serves a vendor somewhere other than origin + the spec's base path
 * (plain `prism mock` serves at /, a gateway may add its own prefix) is still verifiable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadPlugins } from '../../src/vendors/index.js';
import { verify } from './support/cli.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ plugins: await loadPlugins(['bigcommerce', 'shoplazza']), port: 0 });
});
afterAll(() => mock?.close());

const run = (...more: string[]) =>
  verify(['--target', mock.url, '--vendor', 'bigcommerce', '--token', 'tok-1234', '--promotion', 'bigcommerce=1', '--checks', 'auth', ...more]);

describe('coupon-contracts verify --base-url', { timeout: 60_000 }, () => {
  it('sends requests to the base URL given instead of origin + spec base path', async () => {
    const given = await run('--base-url', `${mock.url}/stores/otherstore/v3`);
    expect(given.code, given.stdout + given.stderr).toBe(0);
    const elsewhere = await run('--base-url', `bigcommerce=${mock.url}/not-the-api`);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout + elsewhere.stderr).toContain(`${mock.url}/not-the-api/promotions/1/codes`);
  });

  it('refuses a base URL that is not http(s), or one without a vendor when several are run', async () => {
    const bad = await run('--base-url', 'ftp://x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url ftp://x: expected an http(s) URL');
    const ambiguous = await verify(['--target', mock.url, '--vendor', 'bigcommerce,shoplazza', '--base-url', `${mock.url}/x`]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('write --base-url VENDOR=URL');
  });
});
