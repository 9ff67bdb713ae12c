import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadSpec } from '../../src/openapi/load.js';
import { verify, type CliRun } from './support/cli.js';
import { launchChromium, type LaunchedBrowser } from '../../scripts/chromium.js';
import { startFakeTarget, type FakeTarget } from './support/fake-target.js';

const TOKEN = 'tok-SECRET-html-5e1c';
const READONLY = 'readonly-SECRET-html-77aa';

let fake: FakeTarget;
let chromium: LaunchedBrowser;
let page: Page;
let run: CliRun;
let html: string;
const requested: string[] = [];

/**
 * A Shoplazza target with two faults, both in createDiscountCode: its 401 answers carry a body
 * the schema does not allow, and it lets the read-only token create codes (200 where the spec
 * says 403).
 */
beforeAll(async () => {
  fake = await startFakeTarget('shoplazza', (request, answer) => {
    if (typeof answer !== 'object' || request.op?.id !== 'createDiscountCode') return undefined;
    if (answer.status === 401) return { status: 401, body: { unexpected: 'field' } };
    if (answer.status === 403) return { status: 200, body: { code: 'Success', data: { discount_code: { code: 'X' } } } };
    return undefined;
  });
  const file = join(mkdtempSync(join(tmpdir(), 'contracts-html-')), 'report.html');
  run = await verify([
    '--target', fake.url, '--vendor', 'shoplazza', '--token', TOKEN, '--readonly-token', READONLY, '--promotion', 'pr_1',
    '--checks', 'auth,status_conformance,schema_conformance', '--reporter', 'pretty,html', '--out', file,
  ]);
  html = readFileSync(file, 'utf8');
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(pathToFileURL(file).href);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await fake?.close();
});

const visibleFailures = () => page.locator('article.failure:visible');

describe('the HTML report, opened in chromium', () => {
  it('comes of a failing run (exit 1), as one file that fetches nothing and holds no token', () => {
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(requested.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(READONLY);
    expect(html).toContain('[redacted]');
  });

  it('shows the vendor summary and the coverage matrix', async () => {
    expect(await page.title()).toBe(`Contract run: ${fake.url}`);
    const row = page.locator('table.summary tr[data-vendor="shoplazza"]');
    await expect.poll(() => row.locator('td').first().textContent()).toBe('FAIL');
    const coverage = page.locator('table.coverage[data-vendor="shoplazza"]');
    expect(await coverage.isVisible()).toBe(true);
    const create = coverage.locator('tr[data-operation="createDiscountCode"]');
    expect(await create.locator('th').textContent()).toContain('POST /price_rules/{price_rule_id}/discount_codes');
    // Its 401 answers were seen and none was as documented; its 500 cannot be caused.
    expect(await create.locator('td[data-status="401"]').getAttribute('class')).toBe('bad');
    expect(await create.locator('td[data-status="401"]').textContent()).toMatch(/^✗ 0\/\d+$/);
    expect(await create.locator('td.apart').count()).toBeGreaterThan(0);
  });

  it('shows each failure with its rule, what was sent and what came back', async () => {
    const count = Number(await page.locator('#failure-count').textContent());
    expect(count).toBe(2);
    expect(await visibleFailures().count()).toBe(count);
    const readOnlyWrite = page.locator('article.failure[data-check="auth"][data-operation="createDiscountCode"] .item', { hasText: 'expected 403, got 200' });
    const text = (await readOnlyWrite.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/Rule: spec\/shoplazza\.yaml#\/paths\/~1price_rules~1\{price_rule_id\}~1discount_codes\/post/);
    const sent = await readOnlyWrite.locator('pre.sent').innerText();
    expect(sent.split('\n')[0]).toBe(`POST ${fake.url}${loadSpec('shoplazza').basePath}/price_rules/pr_1/discount_codes`);
    expect(sent).toContain('access-token: [redacted]');
    expect(await readOnlyWrite.locator('pre.got').innerText()).toMatch(/^200 in \d+ ms/);
  });

  it('filters by check and by operation', async () => {
    const all = await visibleFailures().count();
    await page.selectOption('#filter-check', 'schema_conformance');
    const schema = await visibleFailures().count();
    expect(schema).toBeGreaterThan(0);
    expect(schema).toBeLessThan(all);
    for (const check of await visibleFailures().evaluateAll((els) => els.map((e) => e.getAttribute('data-check')))) expect(check).toBe('schema_conformance');
    expect(await page.locator('#failure-count').textContent()).toBe(String(schema));

    await page.selectOption('#filter-check', '');
    await page.selectOption('#filter-operation', 'createDiscountCode');
    const operations = await visibleFailures().evaluateAll((els) => els.map((e) => e.getAttribute('data-operation')));
    expect(operations.length).toBeGreaterThan(0);
    expect(new Set(operations)).toEqual(new Set(['createDiscountCode']));
    expect(await page.locator('table.coverage tbody tr:visible').count()).toBe(1);

    await page.selectOption('#filter-operation', 'listDiscountCodes');
    expect(await visibleFailures().count()).toBe(0);
    expect(await page.locator('#no-failures').isVisible()).toBe(true);
  });
});
