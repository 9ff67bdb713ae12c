/**
 * The mock's page under `--admin-token`, in Debian's chromium: the browser gives the token once
 * (the form, or `/__mock/ui?token=`), then the page's own fetches and its EventSource (which
 * cannot send headers) work by the cookie; a page of another origin cannot use that cookie.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import { browserTestsRunnable, openBrowserPage, type BrowserPage } from '../support/chromium.js';

declare const document: any;

const ADMIN_TOKEN = 'browser-admin-token-7';
const SHOWN_WITHIN_MS = 5000;

describe.runIf(browserTestsRunnable('admin-token browser tests'))('the page under --admin-token in chromium', { timeout: 30_000 }, () => {
  let mock: MockServer;
  let elsewhere: Server;
  let elsewhereUrl: string;
  let launched: BrowserPage;
  let page: Page;

  beforeAll(async () => {
    mock = await startMockServer({ plugins: [bigcommercePlugin], port: 0, adminToken: ADMIN_TOKEN });
    // Another origin on the same machine (another port): a page there may try the mock's admin API.
    elsewhere = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    launched = await openBrowserPage();
    page = launched.page;
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    await mock?.close();
    await new Promise((resolve) => elsewhere?.close(resolve));
  });

  it('asks for the token once; then the page loads its data and its live log shows traffic', async () => {
    const first = await page.goto(`${mock.url}/__mock/ui`);
    expect(first?.status()).toBe(401);
    await page.locator('input[name="token"]').fill(ADMIN_TOKEN);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${mock.url}/__mock/ui`);
    // Connected means the EventSource was let in by the cookie alone.
    await page.locator('.live-live').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: the page's script cannot read it
    await page.goto(`${mock.url}/__mock/ui#requests`);
    await page.locator('.live-live').waitFor({ timeout: SHOWN_WITHIN_MS });
    const owner = mock.vendors[0]?.owners[0]?.id as string;
    const created = await fetch(`${mock.vendors[0]?.baseUrl}/promotions/${owner}/codes`, {
      method: 'POST',
      headers: { 'x-auth-token': 'write-token', 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'COOKIE-LIVE-1', max_uses: 3 }),
    });
    expect(created.status).toBe(201);
    await page.locator('.request', { hasText: 'createCouponCode' }).first().waitFor({ timeout: SHOWN_WITHIN_MS });
  });

  it('a page of another origin cannot reset or read the mock, though the browser holds the cookie', async () => {
    await page.goto(`${mock.url}/__mock/ui?token=${ADMIN_TOKEN}`);
    await page.waitForURL(`${mock.url}/__mock/ui`);
    await mock.store.putDoc('test:marker', 'm', { kept: true });
    const [held] = await launched.context.cookies(`${mock.url}/__mock/`);
    expect(held).toMatchObject({ name: 'coupon_mock_admin', path: '/__mock', httpOnly: true, sameSite: 'Strict' });
    await page.goto(elsewhereUrl);
    const attempts = await page.evaluate(async (mockUrl: string) => {
      const outcome = async (request: Promise<Response>) => {
        try {
          return String((await request).status);
        } catch {
          return 'blocked';
        }
      };
      return {
        // A simple request: no preflight, the cookie goes along (same site: only the port differs).
        reset: await outcome(fetch(`${mockUrl}/__mock/reset`, { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{}' })),
        read: await outcome(fetch(`${mockUrl}/__mock/state`, { credentials: 'include' })),
        opaque: await outcome(fetch(`${mockUrl}/__mock/state`, { credentials: 'include', mode: 'no-cors' })),
      };
    }, mock.url);
    // No CORS for another origin: the page reads nothing (an opaque answer shows status 0).
    expect(attempts).toEqual({ reset: 'blocked', read: 'blocked', opaque: '0' });
    // That the mock refuses such a request by its Origin even with the cookie: hardening.test.ts.
    expect(await mock.store.getDoc('test:marker', 'm')).toEqual({ kept: true });
  });
});
