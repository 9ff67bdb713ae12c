/**
 * docs/contract-report.png: the HTML report of a run against a Shoplazza target with two faults
 * (the test's fake target), opened in Debian's chromium. `npx tsx scripts/report-screenshot.ts`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { processIO } from '../src/cli/io.js';
import { runVerify } from '../src/cli/verify.js';
import { PACKAGE_ROOT } from '../src/openapi/load.js';
import { launchChromium } from './chromium.js';
import { startFakeTarget } from '../test/contracts/support/fake-target.js';

const fake = await startFakeTarget('shoplazza', (request, answer) => {
  if (typeof answer !== 'object' || request.op?.id !== 'createDiscountCode') return undefined;
  if (answer.status === 401) return { status: 401, body: { unexpected: 'field' } };
  if (answer.status === 403) return { status: 200, body: { code: 'Success', data: { discount_code: { code: 'X' } } } };
  return undefined;
});
const file = join(mkdtempSync(join(tmpdir(), 'contracts-report-')), 'report.html');
try {
  await runVerify([
    '--target', fake.url, '--vendor', 'shoplazza', '--token', 'a-token', '--readonly-token', 'readonly-token', '--promotion', 'pr_1',
    '--checks', 'auth,status_conformance,schema_conformance', '--reporter', 'html', '--out', file,
  ], processIO());
} finally {
  await fake.close();
}
const chromium = await launchChromium();
try {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.goto(pathToFileURL(file).href);
  await page.selectOption('#filter-check', 'auth');
  const out = resolve(PACKAGE_ROOT, 'docs/contract-report.png');
  await page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
} finally {
  await chromium.close();
}
