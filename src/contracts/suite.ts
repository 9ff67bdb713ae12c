import { afterAll, describe, test, type TestContext } from 'vitest';
import type { OperationInfo, VendorName } from '../spec/load.js';
import type { Check } from './check.js';
import { registerGenericChecks } from './checks/index.js';
import { createCheckContext, type CheckContext } from './context.js';
import { readRunOptions } from './options.js';
import { selectChecks } from './registry.js';
import { runCheck, type CheckResult } from './run-check.js';
import { loadVendorChecks, loadVendorFixtures } from './vendor-modules.js';

declare module 'vitest' {
  interface TaskMeta {
    /** Requests a test (or, on the vendor suite, the whole vendor run with its cleanup) sent. */
    requests?: number;
    /** Set on the vendor suite. */
    contractVendor?: string;
    /** Wall time of the vendor run, on the vendor suite. */
    wallMs?: number;
  }
}

const READS = new Set(['get', 'head']);

/**
 * Builds `describe(vendor) > describe(operationId) > test(check)` from the registry (vendor-scoped
 * checks directly under the vendor), with the run's options from the environment. Each
 * `contracts/<vendor>/<vendor>.contract.ts` calls it once.
 */
export function defineContractSuite(vendor: VendorName): void {
  describe(vendor, async () => {
    const options = readRunOptions();
    registerGenericChecks();
    const fixtures = await loadVendorFixtures(vendor);
    await loadVendorChecks(vendor);
    const ctx = createCheckContext(vendor, options, fixtures);
    const { selected, excluded } = selectChecks({ vendor, only: options.checks, skip: options.skip, readOnly: options.readOnly });
    const started = performance.now();

    afterAll(async ({}, suite) => {
      try {
        await ctx.runCleanups();
      } finally {
        suite.meta.requests = ctx.http.count;
        suite.meta.contractVendor = vendor;
        suite.meta.wallMs = Math.round(performance.now() - started);
      }
    });

    for (const check of selected.filter((c) => c.scope === 'vendor')) test(check.name, runner(ctx, check));
    for (const { check, reason } of excluded.filter((e) => e.check.scope === 'vendor')) test(check.name, (t) => t.skip(reason));

    const operationChecks = [...selected.filter((c) => c.scope === 'operation' && !c.last), ...selected.filter((c) => c.scope === 'operation' && c.last)];
    for (const op of ctx.spec.operations) {
      const applies = (check: Check) => !check.appliesTo || check.appliesTo(op, ctx);
      const tests = operationChecks.filter(applies);
      const skipped = excluded.filter((e) => e.check.scope === 'operation' && applies(e.check));
      if (tests.length === 0 && skipped.length === 0) continue;
      describe(op.id, () => {
        for (const check of tests) {
          if (options.readOnly && !READS.has(op.method)) {
            test(check.name, (t) => t.skip(`${op.method.toUpperCase()} is not sent under --read-only`));
          } else {
            test(check.name, runner(ctx, check, op));
          }
        }
        for (const { check, reason } of skipped) test(check.name, (t) => t.skip(reason));
      });
    }
  });
}

function runner(ctx: CheckContext, check: Check, op?: OperationInfo) {
  return async (t: TestContext) => {
    let result: CheckResult;
    try {
      result = await runCheck(ctx, check, op);
    } catch (error) {
      // A bug in the check (or the engine), not a finding about the target.
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new Error(`[${check.name}]${op ? ` ${op.id}` : ''}: the check itself failed: ${message}`);
      if (error instanceof Error && error.stack) wrapped.stack = `${wrapped.message}\n${error.stack.split('\n').slice(1).join('\n')}`;
      throw wrapped;
    }
    t.task.meta.requests = result.requests;
    if (result.status === 'skipped') t.skip(result.reason);
    if (result.status === 'failed') throw result.violation;
  };
}
