/**
 * Against our mock a wait moves its clock; deadlines are counted in the mock's time. A mock that
 * earlier runs moved is ahead of real time from the start: the run must begin from there, or the
 * first answer of the clock looks like a jump past every deadline set before it (a job that is
 * merely young is then reported stuck, as the fifth `verify` against one `npm start` was).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../contracts/elasticpath/fixtures.js';
import { jobGenerate } from '../../contracts/elasticpath/index.js';
import { mockClockOffset } from '../../src/contracts/clock.js';
import { createCheckContext, defaultRunOptions } from '../../src/contracts/index.js';
import { runCheck } from '../../src/contracts/run-check.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';
import { freePort } from '../support/free-port.js';

/** Further than any job deadline of the checks. */
const EARLIER_RUNS_MS = 120_000;

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ plugins: [elasticpathPlugin], port: 0, store: createMemoryStore() });
  const moved = await fetch(`${server.url}/__mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: EARLIER_RUNS_MS }) });
  expect(moved.status).toBe(200);
});
afterAll(() => server?.close());

function contextAt(mockClockOffsetMs: number) {
  const run = defaultRunOptions({
    target: server.url,
    isMock: true,
    mockClockOffsetMs,
    vendors: ['elasticpath'],
    tokens: { elasticpath: 'contracts-token' },
    readonlyTokens: { elasticpath: 'readonly-contracts-token' },
    mockOwners: { elasticpath: server.vendors[0]?.owners ?? [] },
  });
  return createCheckContext('elasticpath', run, fixtures);
}

describe("the mock's clock, already moved by earlier runs", () => {
  it('is read at the start: the offset is how far the mock is ahead', async () => {
    const offset = await mockClockOffset(server.url, 3000);
    expect(offset).toBeGreaterThanOrEqual(EARLIER_RUNS_MS - 1000);
    expect(await mockClockOffset(`http://127.0.0.1:${await freePort()}`, 500)).toBeUndefined(); // nothing listens there
  });

  it('job_generate follows its job to the end when the run starts from the mock\'s time', async () => {
    const ctx = contextAt((await mockClockOffset(server.url, 3000)) as number);
    expect(ctx.clock.now() - Date.now()).toBeGreaterThanOrEqual(EARLIER_RUNS_MS - 1000);
    const result = await runCheck(ctx, jobGenerate);
    await ctx.runCleanups();
    expect(result, result.status === 'failed' ? result.violation.message : '').toMatchObject({ status: 'passed' });
  });

  it('taken for a clock at real time, the same job looks stuck (what the offset prevents)', async () => {
    const ctx = contextAt(0);
    const result = await runCheck(ctx, jobGenerate);
    await ctx.runCleanups();
    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.violation.message).toMatch(/did not get to an end .* within \d+\.\d s; statuses seen: pending/);
  });
});
