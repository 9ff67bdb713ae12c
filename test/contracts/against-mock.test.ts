import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { VENDORS } from '../../src/openapi/load.js';
import { loadPlugins } from '../../src/vendors/index.js';
import { verify } from './support/cli.js';

interface JsonReport {
  testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }> }>;
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ plugins: await loadPlugins([...VENDORS]), port: 0 });
});
afterAll(() => mock?.close());

describe('verify against our own mock', () => {
  it('the full suite, generic and vendor checks, passes for every vendor', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contracts-mock-'));
    const report = join(dir, 'report.json');
    const run = await verify(
      ['--target', mock.url, '--reporter', 'pretty,json', '--out', report],
      170_000,
    );
    const json = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    const failed = json.testResults
      .flatMap((file) => file.assertionResults)
      .filter((t) => t.status === 'failed')
      .map((t) => [...t.ancestorTitles, t.title].join(' > '));
    expect(failed, run.stdout + run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    for (const vendor of VENDORS) expect(run.stdout).toMatch(new RegExp(`(PASS|FAIL) ${vendor}\\s+\\d+ passed, \\d+ failed, 0 skipped\\s+\\d+ requests in`));

    // The cleanup left no code of the run behind (jobs stay: no API deletes them).
    const prefix = /run prefix (CC[A-Z0-9]+)/.exec(run.stdout)?.[1] as string;
    expect(prefix).toMatch(/^CC[A-Z0-9]{1,6}$/);
    const left: string[] = [];
    for (const vendor of mock.vendors) {
      for (const owner of vendor.owners) {
        const path = {
          bigcommerce: `/promotions/${owner.id}/codes?limit=250`,
          shoplazza: `/price_rules/${owner.id}/discount_codes?limit=250`,
          elasticpath: `/v2/rule-promotions/${owner.id}/codes?page[limit]=100`,
        }[vendor.vendor];
        const headers = { 'X-Auth-Token': 'x', 'access-token': 'x', authorization: 'Bearer x' };
        const response = await fetch(`${vendor.baseUrl}${path}`, { headers });
        if (response.status !== 200) continue;
        const body = (await response.json()) as { data: unknown };
        const data = vendor.vendor === 'shoplazza' ? (body.data as { discount_codes: unknown[] }).discount_codes : (body.data as unknown[]);
        for (const code of data as Array<{ code: string }>) if (code.code.toUpperCase().startsWith(prefix)) left.push(`${vendor.vendor} ${owner.id}: ${code.code}`);
      }
    }
    expect(left).toEqual([]);
  });
});
