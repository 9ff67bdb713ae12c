import { describe, expect, it, type TestContext } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';
import { verify } from './support/cli.js';
import { startFakeTarget, type FakeTarget } from './support/fake-target.js';
import { startVendorFront, type VendorFront } from './support/vendor-front.js';

/** What starting `verify` itself may add to a run's budget (the budget counts from inside it). */
const START_UP_MS = 6_000;

/** Closes `server` when the test ends (each test its own: the two run at once). */
function closedAfter<T extends MockServer | FakeTarget | VendorFront>(server: T, { onTestFinished }: TestContext): T {
  onTestFinished(() => server.close());
  return server;
}

// Both runs wait out real time on targets that never answer (a budget, a job deadline), and
// neither shares anything with the other: they wait side by side.
describe.concurrent('a run ends within --max-time on a faulty target', () => {
  it('a target that never answers: the checks stop at the budget, the run ends in time with exit 1', { timeout: 60_000 }, async (context) => {
    const hanging = closedAfter(await startFakeTarget('shoplazza', () => 'hang'), context);
    const run = await verify(['--target', hanging.url, '--vendor', 'shoplazza', '--token', 'tok', '--promotion', 'pr_1', '--timeout', '1000', '--max-time', '10s'], 60_000);
    const output = run.stdout + run.stderr;
    expect(run.code, output).toBe(1);
    expect(run.ms).toBeLessThan(10_000 + START_UP_MS);
    expect(output).toMatch(/stopped: .*the run's budget ran out.*\(--max-time 10 s\)/);
    expect(output).toMatch(/not run: the run's budget \(--max-time 10 s\) ran out/);
    expect(run.stdout).toMatch(/checks stopped or not run: the run's budget \(--max-time\) ran out/);
  });

  it('Elastic Path jobs that never end: the first check that waits names the stuck job, later ones fail at once', { timeout: 120_000 }, async (context) => {
    // Jobs that take eleven days: pending for the whole run. The front hides the mock's admin API
    // (and its clock), as a vendor's service would.
    const mock = closedAfter(await startMockServer({ plugins: [elasticpathPlugin], port: 0, store: createMemoryStore(), settings: { jobDurationMs: 1e9 } }), context);
    const front = closedAfter(await startVendorFront(mock.url), context);
    const promotion = mock.vendors[0]?.owners[0]?.id as string;
    const run = await verify(
      ['--target', front.url, '--vendor', 'elasticpath', '--token', 'tok', '--readonly-token', 'readonly-tok', '--promotion', `elasticpath=${promotion}`, '--timeout', '1000', '--job-timeout', '5s', '--max-time', '60s'],
      100_000,
    );
    const output = run.stdout + run.stderr;
    expect(run.code, output).toBe(1);
    // One wait of the job deadline (--job-timeout 5 s), not one per check that needs the promotion
    // free (five of them would wait 25 s).
    expect(run.ms).toBeLessThan(10_000 + START_UP_MS);
    expect(output).toMatch(/\[job_generate\] listPromotionJobs: job \S+ did not get to an end .* within 5\.\d s; statuses seen: pending/);
    expect(output).toMatch(/\[one_active_job\]: this check needs the promotion without an active job, but promotion \S+ was seen stuck by job_generate/);
    expect(output).toMatch(/\[boundaries\] createPromotionJob: a valid job request needs the promotion without an active job, but .* was seen stuck by job_generate/);
    expect(output).not.toMatch(/the run's budget ran out/);
  });
});
