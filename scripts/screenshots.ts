/**
 * `npm run screenshots`: a screenshot of each view of the mock's page (docs/ui-<view>-<width>.png)
 * at 1280 and 390 px wide, from a mock started here and given some traffic through the vendor
 * APIs (codes, jobs, a rejected request), so the pictures show what a developer would see.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/openapi/load.js';
import { startMockServer, type MockServer } from '../src/mock/server.js';
import { loadPlugins } from '../src/vendors/index.js';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium } from './chromium.js';

const WIDTHS = [1280, 390];
const VIEWS = ['requests', 'state', 'vendors', 'actions'] as const;
const DOCS = resolve(PACKAGE_ROOT, 'docs');

/** Vendor traffic for the pictures: what a frontend under development would have sent. */
export async function sampleTraffic(server: MockServer): Promise<void> {
  const [bigcommerce, shoplazza, elasticpath] = ['bigcommerce', 'shoplazza', 'elasticpath'].map((name) => {
    const vendor = server.vendors.find((v) => v.vendor === name);
    if (!vendor) throw new Error(`${name} is not mounted`);
    return vendor;
  }) as [MockServer['vendors'][number], MockServer['vendors'][number], MockServer['vendors'][number]];
  const send = async (url: string, method: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.text();
    return response.status;
  };
  const bc = { 'x-auth-token': 'mock-token' };
  const bcPromotion = `${bigcommerce.baseUrl}/promotions/${bigcommerce.owners[0]?.id}`;
  await send(`${bcPromotion}/codes`, 'POST', bc, { code: 'WELCOME10', max_uses: 100 });
  await send(`${bcPromotion}/codes`, 'POST', bc, { code: 'SPRING-SALE', max_uses: 5, max_uses_per_customer: 1 });
  await send(`${bcPromotion}/codegen`, 'POST', bc, { batch_size: 40, max_uses: 1 });
  await send(`${bcPromotion}/codes?limit=10`, 'GET', bc);
  await send(`${bcPromotion}/codes`, 'POST', bc, { code: 'x'.repeat(60), max_uses: -1 });
  await send(`${bcPromotion}/codes`, 'POST', { 'x-auth-token': 'readonly-mock-token' }, { code: 'NOPE' });
  const sl = { 'access-token': 'mock-token' };
  await send(`${shoplazza.baseUrl}/price_rules/${shoplazza.owners[0]?.id}/discount_codes`, 'POST', sl, { discount_code: { code: 'SHOP5' } });
  const ep = { authorization: 'Bearer mock-token' };
  const epJobs = `${elasticpath.baseUrl}/v2/rule-promotions/${elasticpath.owners[0]?.id}/jobs`;
  await send(epJobs, 'POST', ep, {
    data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 12, consume_unit: 'per_application' } },
  });
  await new Promise((done) => setTimeout(done, 600));
  await send(epJobs, 'POST', ep, { data: { type: 'promotion_job', job_type: 'code_export', name: 'Export for the newsletter' } });
  await send(epJobs, 'POST', ep, { data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 0 } } });
  await new Promise((done) => setTimeout(done, 600));
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    console.error(`screenshots: no chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(DOCS, { recursive: true });
  const server = await startMockServer({
    plugins: await loadPlugins(['bigcommerce', 'shoplazza', 'elasticpath']),
    port: 0,
    seed: 'screenshots',
    settings: { jobDurationMs: 400 },
  });
  const launched = await launchChromium();
  try {
    await sampleTraffic(server);
    const page = await launched.context.newPage();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      for (const view of VIEWS) {
        await page.goto(`${server.url}/__mock/ui#${view}`);
        await page.locator('.live-live').waitFor();
        if (view === 'requests') {
          const rejected = page.locator('.request', { hasText: '422' }).first();
          await rejected.waitFor();
          await rejected.click();
          await page.locator('.violations').waitFor();
        }
        if (view === 'state') await page.locator('.owner').first().waitFor();
        if (view === 'vendors') await page.locator('.vendor').first().waitFor();
        if (view === 'actions') await page.locator('.card').first().waitFor();
        await page.waitForTimeout(200);
        const path = resolve(DOCS, `ui-${view}-${width}.png`);
        await page.screenshot({ path, fullPage: view !== 'vendors' });
        console.log(`screenshots: ${path}`);
      }
      // The Elastic Path tab of the state view: jobs, their status, the export file.
      await page.goto(`${server.url}/__mock/ui#state`);
      await page.getByRole('button', { name: 'elasticpath' }).click();
      await page.locator('.jobs tbody tr').first().waitFor();
      await page.waitForTimeout(200);
      const path = resolve(DOCS, `ui-state-jobs-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      console.log(`screenshots: ${path}`);
    }
  } finally {
    await launched.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
