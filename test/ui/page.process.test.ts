/**
 * The mock's page in a real browser: Debian's chromium driven by playwright-core, against a real
 * mock on a real port. Traffic goes through the vendor APIs (as an app's would); the page must
 * show each thing within a second, by its event stream. Without chromium the tests skip with a
 * message, except under CI=true, where they fail (.ci/run installs chromium).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadPlugins } from '../../src/vendors/index.js';
import { browserTestsRunnable, openBrowserPage, type BrowserPage } from '../support/chromium.js';

// Functions given to page.evaluate / waitForFunction run in the page, where `document` exists.
declare const document: any;

/** What traffic through the vendor APIs must take to appear on an open page (issue 11). */
const SHOWN_WITHIN_MS = 1000;
/** The page's own round trips after a click (not the live path); generous on a loaded machine. */
const ANSWERED_WITHIN_MS = 5000;

interface Sent {
  status: number;
  body: any;
}

describe.runIf(browserTestsRunnable('page browser tests'))('the mock page in chromium', { timeout: 30_000 }, () => {
  let server: MockServer;
  let launched: BrowserPage;
  let page: Page;
  const vendor = (name: string) => {
    const found = server.vendors.find((v) => v.vendor === name);
    if (!found) throw new Error(`${name} not mounted`);
    return found;
  };
  const send = async (url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Sent> => {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const bcCodes = () => `${vendor('bigcommerce').baseUrl}/promotions/${vendor('bigcommerce').owners[0]?.id}/codes`;
  const epJobs = () => `${vendor('elasticpath').baseUrl}/v2/rule-promotions/${vendor('elasticpath').owners[0]?.id}/jobs`;
  const bcToken = { 'x-auth-token': 'write-token' };
  const epToken = { authorization: 'Bearer write-token' };

  /** Opens a view and waits until its event stream is connected, so later traffic must arrive live. */
  const open = async (view: string) => {
    // A fresh load each time: going to the same page with another #view would keep what earlier tests typed.
    await page.goto('about:blank');
    await page.goto(`${server.url}/__mock/ui#${view}`);
    await page.locator('.live-live').waitFor({ timeout: 5000 });
  };

  beforeAll(async () => {
    server = await startMockServer({
      plugins: await loadPlugins(['bigcommerce', 'shoplazza', 'elasticpath']),
      port: 0,
      // Long enough that a job is seen pending, short enough to see it finish.
      settings: { jobDurationMs: 600 },
    });
    launched = await openBrowserPage();
    page = launched.page;
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    await server?.close();
  });

  beforeEach(async () => {
    await send(`${server.url}/__mock/reset`, 'POST', { 'content-type': 'application/json' }, {});
  });

  it('shows a rejected request live, newest first, and its detail names the broken rule and its spec pointer', async () => {
    await open('requests');
    await send(bcCodes(), 'GET', bcToken);
    const rejected = await send(bcCodes(), 'POST', bcToken, { code: 'FINE', max_uses: -1 });
    expect(rejected.status).toBe(422);
    const first = page.locator('.request').first();
    await first.filter({ hasText: '422' }).waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await first.textContent()).toContain('client error');
    expect(await page.locator('.request').nth(1).textContent()).toContain('listCouponCodes');
    await first.click();
    const violations = page.locator('.violations');
    await violations.waitFor({ timeout: ANSWERED_WITHIN_MS });
    expect(await violations.locator('.rule').first().textContent()).toBe('minimum');
    expect(await violations.locator('.pointer').first().textContent()).toMatch(/^bigcommerce\.yaml#\/.*\/max_uses\/minimum$/);
    const detail = await page.locator('.detail').textContent();
    expect(detail).toContain('"max_uses": -1');
    expect(detail).toContain('x-auth-token: [redacted]');
    expect(detail).not.toContain('write-token');
  });

  it('names the security requirement for a read-only token that tries to write (403)', async () => {
    await open('requests');
    expect((await send(bcCodes(), 'POST', { 'x-auth-token': 'readonly-abc' }, { code: 'NOPE' })).status).toBe(403);
    await page.locator('.request', { hasText: '403' }).first().click({ timeout: SHOWN_WITHIN_MS });
    await page.locator('.violations .pointer').waitFor({ timeout: ANSWERED_WITHIN_MS });
    expect(await page.locator('.violations .rule').count()).toBe(0);
    expect(await page.locator('.violations .pointer').textContent()).toMatch(/security$/);
  });

  it('filters the log by vendor, status class and operation', async () => {
    await open('requests');
    await send(bcCodes(), 'GET', bcToken);
    await send(bcCodes(), 'POST', bcToken, { code: 'x', max_uses: -1 });
    await send(epJobs(), 'GET', epToken);
    await page.locator('.request').nth(2).waitFor({ timeout: SHOWN_WITHIN_MS });
    // Each filter is judged by the one row it must leave, named by what is in it: a count alone
    // can be met by the previous filter's answer before the new one arrives.
    const onlyRowContains = (text: string) =>
      page.waitForFunction(
        (wanted) => {
          const rows = document.querySelectorAll('.request');
          return rows.length === 1 && (rows[0]?.textContent ?? '').includes(wanted);
        },
        text,
        { timeout: ANSWERED_WITHIN_MS },
      );
    const atLeastRows = (n: number) => page.waitForFunction((wanted) => document.querySelectorAll('.request').length >= wanted, n, { timeout: ANSWERED_WITHIN_MS });
    await page.getByLabel('Status').selectOption('4xx');
    await onlyRowContains('422');
    await page.getByLabel('Status').selectOption('');
    await atLeastRows(3);
    await page.getByLabel('Vendor').selectOption('elasticpath');
    await onlyRowContains('listPromotionJobs');
    await page.getByLabel('Vendor').selectOption('');
    await atLeastRows(3);
    await page.getByLabel('Operation').selectOption('listCouponCodes');
    await onlyRowContains('listCouponCodes');
    expect(await page.locator('.request').textContent()).toContain('200');
  });

  it('shows codes created through the API within a second, with uses and limits, searchable', async () => {
    await open('state');
    await page.locator('.owner').first().waitFor();
    await send(bcCodes(), 'POST', bcToken, { code: 'SUMMER-25', max_uses: 7 });
    await send(bcCodes(), 'POST', bcToken, { code: 'WINTER-10', max_uses: 3 });
    const owner = page.locator(`.owner[data-owner="${vendor('bigcommerce').owners[0]?.id}"]`);
    await owner.locator('.code-count', { hasText: '2' }).waitFor({ timeout: SHOWN_WITHIN_MS });
    const row = owner.locator('tbody tr', { hasText: 'SUMMER-25' });
    await row.waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await row.locator('td[data-label="max uses"]').textContent()).toBe('7');
    expect(await row.locator('td[data-label="uses"]').textContent()).toBe('0');
    await owner.getByLabel('Search codes').fill('wint');
    await page.waitForFunction(
      (id) => {
        const rows = document.querySelectorAll(`.owner[data-owner="${id}"] tbody tr`);
        return rows.length === 1 && rows[0]?.textContent?.includes('WINTER-10');
      },
      vendor('bigcommerce').owners[0]?.id,
      { timeout: ANSWERED_WITHIN_MS },
    );
  });

  it('shows each BigCommerce store hash as its own world', async () => {
    const otherStore = bcCodes().replace(`/stores/${vendor('bigcommerce').baseUrl.split('/stores/')[1]?.split('/')[0]}/`, '/stores/otherstore1/');
    expect((await send(otherStore, 'POST', bcToken, { code: 'ONLY-IN-OTHER', max_uses: 2 })).status).toBe(201);
    await open('state');
    await page.getByLabel('store_hash', { exact: true }).selectOption('otherstore1', { timeout: ANSWERED_WITHIN_MS });
    const owner = page.locator(`.owner[data-owner="${vendor('bigcommerce').owners[0]?.id}"]`);
    await owner.locator('tbody tr', { hasText: 'ONLY-IN-OTHER' }).waitFor({ timeout: ANSWERED_WITHIN_MS });
    await page.getByLabel('store_hash', { exact: true }).selectOption('abc123');
    await owner.locator('.code-count', { hasText: /^0$/ }).waitFor({ timeout: ANSWERED_WITHIN_MS });
  });

  it('shows an Elastic Path job within a second and its status moving to completed, with its export file', async () => {
    await open('state');
    await page.getByRole('button', { name: 'elasticpath' }).click();
    await page.locator('.jobs').first().waitFor();
    const created = await send(epJobs(), 'POST', epToken, {
      data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 5, consume_unit: 'per_application' } },
    });
    expect(created.status).toBe(201);
    const job = page.locator(`tr[data-job="${created.body.data.id}"]`);
    await job.waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await job.locator('td[data-label="status"]').textContent()).toMatch(/pending|processing/);
    await job.locator('td[data-label="status"]', { hasText: 'completed' }).waitFor({ timeout: 600 + SHOWN_WITHIN_MS });
    const codes = await send(epJobs().replace(/jobs$/, 'codes'), 'GET', epToken);
    const exported = await send(epJobs(), 'POST', epToken, { data: { type: 'promotion_job', job_type: 'code_export' } });
    const exportRow = page.locator(`tr[data-job="${exported.body.data.id}"]`);
    const button = exportRow.getByRole('button', { name: 'Download CSV' });
    await button.waitFor({ timeout: 600 + SHOWN_WITHIN_MS });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: ANSWERED_WITHIN_MS }), button.click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(1 + 5);
    expect(csv).toContain(codes.body.data[0].code);
  });

  it('empties the log and the state when reset is pressed', async () => {
    await send(bcCodes(), 'POST', bcToken, { code: 'GONE-SOON', max_uses: 1 });
    await open('actions');
    await page.getByRole('button', { name: 'Reset the mock' }).click();
    await page.getByText('The mock was reset.').waitFor({ timeout: ANSWERED_WITHIN_MS });
    await page.locator('nav').getByRole('link', { name: 'Requests' }).click();
    await page.getByText('No requests yet').waitFor({ timeout: ANSWERED_WITHIN_MS });
    await page.locator('nav').getByRole('link', { name: 'State' }).click();
    await page.locator('.owner .code-count').first().waitFor();
    expect(await page.locator('.owner .code-count').allTextContents()).toEqual(vendor('bigcommerce').owners.map(() => '0'));
  });

  it('adds a promotion in the fixtures format and sets the latency', async () => {
    await open('actions');
    await page.getByLabel('Vendor').selectOption('shoplazza');
    const entry = page.getByLabel('One entry in the fixtures format (JSON)');
    // The form offers the vendor's example first; edit it only once it is there.
    await page.waitForFunction(() => document.querySelector('textarea')?.value.includes('"title"'), undefined, { timeout: ANSWERED_WITHIN_MS });
    await entry.fill('{"id": "pr_4242", "title": "From the test"}');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Added price rule pr_4242.').waitFor({ timeout: ANSWERED_WITHIN_MS });
    expect(vendor('shoplazza').owners.map((o) => o.id)).toContain('pr_4242');
    await page.getByLabel('min ms').fill('5');
    await page.getByLabel('max ms').fill('9');
    await page.getByRole('button', { name: 'Set latency' }).click();
    await page.getByText('now waits 5–9 ms').waitFor({ timeout: ANSWERED_WITHIN_MS });
    expect((await send(`${server.url}/__mock/latency`, 'GET', {})).body).toEqual({ minMs: 5, maxMs: 9 });
    await send(`${server.url}/__mock/latency`, 'POST', { 'content-type': 'application/json' }, { minMs: 0, maxMs: 0 });
  });

  it('advances the mock clock from the Actions view', async () => {
    const clock = await send(`${server.url}/__mock/clock`, 'GET', {});
    expect(clock.status).toBe(200);
    await open('actions');
    await page.locator('.clock-now').waitFor({ timeout: ANSWERED_WITHIN_MS });
    await page.getByLabel('Advance by').selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Advance the clock' }).click();
    await page.getByText('The clock moved 3600000 ms forward').waitFor({ timeout: ANSWERED_WITHIN_MS });
    const after = await send(`${server.url}/__mock/clock`, 'GET', {});
    expect(after.body.offsetMs - clock.body.offsetMs).toBe(3_600_000);
  });

  it('lists each vendor with its base URL, tokens and one curl per spec operation that works as printed', async () => {
    await open('vendors');
    const card = page.locator('.vendor[data-vendor="bigcommerce"]');
    await card.waitFor();
    expect(await card.textContent()).toContain(vendor('bigcommerce').baseUrl);
    expect(await card.textContent()).toContain('readonly-mock-token');
    const curls = await card.locator('.curl pre').allTextContents();
    expect(curls).toHaveLength(7);
    const create = curls.find((c) => c.includes('-X POST') && c.includes('/codes'));
    expect(create).toContain("-H 'X-Auth-Token: mock-token'");
    // Run the printed command's URL, header and body the way curl would.
    const url = /'(http[^']+)'/.exec(create as string)?.[1] as string;
    const body = /-d '([^']+)'/.exec(create as string)?.[1] as string;
    const answered = await send(url, 'POST', { 'x-auth-token': 'mock-token' }, JSON.parse(body));
    expect(answered.status).toBe(201);
  });

  it('is usable from the keyboard: Tab reaches a logged request and Enter opens its detail', async () => {
    await open('requests');
    await send(bcCodes(), 'POST', bcToken, { code: 'x', max_uses: -1 });
    await page.locator('.request').first().waitFor({ timeout: SHOWN_WITHIN_MS });
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('request'))) break;
    }
    expect(await page.evaluate(() => document.activeElement?.classList.contains('request'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.violations').waitFor({ timeout: ANSWERED_WITHIN_MS });
  });

  it('fits 390 px without sideways scrolling in every view', async () => {
    await send(bcCodes(), 'POST', bcToken, { code: 'NARROW-1', max_uses: 2 });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const view of ['requests', 'state', 'vendors', 'actions']) {
        await open(view);
        await page.waitForTimeout(150);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, view).toBeLessThanOrEqual(390);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('reconnects its event stream after the mock restarts on the same port', async () => {
    const plugins = await loadPlugins(['bigcommerce', 'shoplazza', 'elasticpath']);
    const port = server.port;
    await open('requests');
    await server.close();
    await page.locator('.live-reconnecting').waitFor({ timeout: 5000 });
    server = await startMockServer({ plugins, port, settings: { jobDurationMs: 600 } });
    await page.locator('.live-live').waitFor({ timeout: 5000 });
    await send(bcCodes(), 'POST', bcToken, { code: 'x', max_uses: -1 });
    await page.locator('.request', { hasText: '422' }).first().waitFor({ timeout: SHOWN_WITHIN_MS });
  });
});
