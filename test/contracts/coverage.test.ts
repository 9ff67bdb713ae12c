import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auth, statusConformance } from '../../src/contracts/checks/index.js';
import { coverageOf, uncoveredOf, type VendorCoverage } from '../../src/contracts/coverage.js';
import { runCheck } from '../../src/contracts/run-check.js';
import { loadSpec } from '../../src/openapi/load.js';
import { verify } from './support/cli.js';
import { contextFor, TOKEN } from './support/context.js';
import { startFakeTarget, type FakeAnswer, type FakeRequest, type FakeTarget } from './support/fake-target.js';

let fake: FakeTarget | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const OPERATION = 'createDiscountCode';

/** The coverage of createDiscountCode after the auth and status checks ran against `override`'s server. */
async function coverageAgainst(override?: (request: FakeRequest, answer: FakeAnswer) => FakeAnswer | undefined): Promise<VendorCoverage> {
  fake = await startFakeTarget('shoplazza', override);
  const ctx = contextFor('shoplazza', fake.url);
  for (const check of [auth, statusConformance]) await runCheck(ctx, check, OPERATION);
  return coverageOf(ctx);
}

const statusesOf = (coverage: VendorCoverage) =>
  Object.fromEntries((coverage.operations.find((o) => o.operationId === OPERATION)?.statuses ?? []).map((s) => [s.status, s.observed === 0 ? (s.apart ? 'apart' : 'never') : s.conformed === s.observed ? 'ok' : 'not as documented']));

describe('coverage: each documented status of each operation, seen or not, as documented or not', () => {
  it('a server that never answers 403 (it lets a read-only token write): 403 is the one status that goes uncovered', async () => {
    const conforming = statusesOf(await coverageAgainst());
    await fake?.close();
    const success = Object.values(loadSpec('shoplazza').operation(OPERATION).responses['200']?.examples ?? {})[0];
    const never403 = await coverageAgainst((request, answer) => (typeof answer === 'object' && answer.status === 403 ? { status: 200, body: success } : undefined));
    const without = statusesOf(never403);
    expect(conforming).toMatchObject({ '200': 'ok', '401': 'ok', '403': 'ok', '429': 'apart', '500': 'apart' });
    expect(without['403']).toBe('never');
    // Nothing else moved: the read-only token's 200 is one more documented success.
    expect(Object.entries(without).filter(([status, state]) => conforming[status] !== state).map(([status]) => status)).toEqual(['403']);
    expect(uncoveredOf([never403]).filter((u) => u.operationId === OPERATION).map((u) => u.status)).toContain('403');
    expect(uncoveredOf([await coverageAgainst()]).some((u) => u.operationId === OPERATION && u.status === '403')).toBe(false);
  });

  it('an answer that breaks the schema is seen but not as documented', async () => {
    const coverage = await coverageAgainst((request, answer) => (typeof answer === 'object' && answer.status === 401 ? { status: 401, body: { unexpected: true } } : undefined));
    expect(statusesOf(coverage)['401']).toBe('not as documented');
  });

  it('verify prints the table, adds a coverage section to the JSON report, and --fail-on-uncovered exits 1 naming what was never seen', { timeout: 120_000 }, async () => {
    fake = await startFakeTarget('shoplazza');
    const dir = mkdtempSync(join(tmpdir(), 'contracts-coverage-'));
    const report = join(dir, 'report.json');
    const args = ['--target', fake.url, '--vendor', 'shoplazza', '--token', TOKEN, '--readonly-token', 'readonly-x', '--promotion', 'pr_1', '--checks', 'auth,status_conformance'];
    const lenient = await verify([...args, '--reporter', 'pretty,json', '--out', report]);
    expect(lenient.code, lenient.stdout + lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/Coverage: each documented status/);
    expect(lenient.stdout).toMatch(/createDiscountCode\s+POST\s+200 ✓ \d+\s+.*401 ✓ \d+\s+403 ✓ \d+\s+.*429 –\s+500 –/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as { coverage: { vendors: VendorCoverage[]; uncovered: Array<{ vendor: string; operationId: string; status: string }> } };
    const create = json.coverage.vendors[0]?.operations.find((o) => o.operationId === OPERATION);
    expect(create?.statuses.find((s) => s.status === '403')).toMatchObject({ observed: 1, conformed: 1 });
    expect(create?.statuses.find((s) => s.status === '500')).toMatchObject({ observed: 0, apart: 'a server fault: no request of the run should cause it' });
    // The fake answers no 404 to a create: documented, never seen.
    expect(json.coverage.uncovered).toContainEqual({ vendor: 'shoplazza', operationId: OPERATION, status: '404' });
    expect(json.coverage.uncovered.some((u) => u.status === '500' || u.status === '429')).toBe(false);

    const strict = await verify([...args, '--fail-on-uncovered']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/--fail-on-uncovered: \d+ documented statuses were never seen/);
    expect(strict.stderr).toMatch(new RegExp(`shoplazza: .*${OPERATION} [^;]*404`));
  });
});
