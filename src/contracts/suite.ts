import { afterAll, describe, inject, test, type TestContext } from 'vitest';
import type { OperationInfo } from '../openapi/load.js';
import { budgetTimer } from './budget.js';
import { createCheckContext } from './context.js';
import { coverageOf, type VendorCoverage } from './coverage.js';
import type { RunOptions } from './options.js';
import { checksOf, selectChecks } from './registry.js';
import { runCheck, type CheckResult } from './run-check.js';
import { progressReporter } from './progress.js';
import { failureOf, type FailureRecord } from './run-report.js';
import type { Check, CheckContext, ContractVendor } from './types.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The run's options, from `coupon-contracts verify` (its `provide`). Tokens inside: never print. */
    contractRun: RunOptions;
    /** On a terminal: the local socket verify's progress line listens on (src/contracts/progress.ts). */
    contractProgress?: string;
  }
  interface TaskMeta {
    /** Requests a test (or, on the vendor suite, the whole vendor run with its cleanup) sent. */
    requests?: number;
    /** Set on the vendor suite. */
    contractVendor?: string;
    /** Wall time of the vendor run, on the vendor suite. */
    wallMs?: number;
    /** On a test the run's budget stopped (or never let begin): where it ran out. */
    stopped?: string;
    /** On a failed test: what broke, for the JSON and HTML reports. */
    failure?: FailureRecord;
    /** On the vendor suite: what the run covered of each operation's documented statuses. */
    coverage?: VendorCoverage;
  }
}

const READS = new Set(['get', 'head']);
/** How often a running check tells the progress line its request count. */
const PROGRESS_EVERY_MS = 200;

/** The options `coupon-contracts verify` provided to this run. */
function runOptions(): RunOptions {
  const options = inject('contractRun');
  if (!options || typeof options.target !== 'string') {
    throw new Error('no contract run options: contract suites are run by `coupon-contracts verify --target URL`, not by vitest directly');
  }
  return options;
}

/**
 * Builds `describe(vendor) > describe(operationId) > test(check)` from the generic checks and the
 * vendor's definition (vendor-scoped checks directly under the vendor), with the run's options
 * as verify provided them. Each `contracts/<vendor>/<vendor>.contract.ts` calls it once.
 */
export function defineContractSuite(definition: ContractVendor): void {
  const vendor = definition.vendor;
  describe(vendor, () => {
    const options = runOptions();
    const ctx = createCheckContext(vendor, options, definition.fixtures);
    definition.facts(ctx.spec);
    const { selected, excluded } = selectChecks(checksOf(definition), { only: options.checks, skip: options.skip, readOnly: options.readOnly });
    const started = performance.now();

    afterAll(async ({}, suite) => {
      const budget = budgetTimer(ctx.budget.end, `the cleanup after the ${vendor} run stopped at the run's budget (--max-time ${ctx.budget.label}); what the run created may remain (codes starting ${ctx.target.runPrefix})`);
      try {
        await Promise.race([ctx.runCleanups(), budget.expired]);
      } finally {
        budget.cancel();
        suite.meta.requests = ctx.http.count;
        suite.meta.contractVendor = vendor;
        suite.meta.wallMs = Math.round(performance.now() - started);
        suite.meta.coverage = coverageOf(ctx);
      }
    });

    const runner = runnerOf(ctx, progressReporter(inject('contractProgress')));
    for (const check of selected.filter((c) => c.scope === 'vendor')) test(check.name, runner(check));
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
            test(check.name, runner(check, op));
          }
        }
        for (const { check, reason } of skipped) test(check.name, (t) => t.skip(reason));
      });
    }
  });
}

/**
 * The test body of each check. Once the run's budget has stopped one check (a failure that says
 * so), the checks after it are skipped with that reason instead of failing one by one.
 */
function runnerOf(ctx: CheckContext, progress: ReturnType<typeof progressReporter>) {
  let spent: string | undefined;
  return (check: Check, op?: OperationInfo) => async (t: TestContext) => {
    if (spent) {
      t.task.meta.stopped = spent;
      t.skip(`not run: ${spent}`);
    }
    const report = () => progress.report({ vendor: ctx.vendor, check: op ? `${op.id} ${check.name}` : check.name, requests: ctx.http.count });
    report();
    const ticker = setInterval(report, PROGRESS_EVERY_MS);
    ticker.unref();
    let result: CheckResult;
    try {
      result = await runCheck(ctx, check, op);
    } catch (error) {
      clearInterval(ticker);
      // A bug in the check (or the engine), not a finding about the target.
      const message = error instanceof Error ? error.message : String(error);
      const wrapped = new Error(`[${check.name}]${op ? ` ${op.id}` : ''}: the check itself failed: ${message}`);
      t.task.meta.failure = { vendor: ctx.vendor, check: check.name, operationId: op?.id, summary: `the check itself failed: ${message.split('\n')[0]}`, message: wrapped.message, items: [] };
      if (error instanceof Error && error.stack) wrapped.stack = `${wrapped.message}\n${error.stack.split('\n').slice(1).join('\n')}`;
      throw wrapped;
    }
    clearInterval(ticker);
    report();
    t.task.meta.requests = result.requests;
    if (result.status === 'stopped') {
      spent = `the run's budget (--max-time ${ctx.budget.label}) ran out`;
      t.task.meta.stopped = result.reason;
      const error = new Error(`[${check.name}]${op ? ` ${op.id}` : ''}: stopped: ${result.reason} (--max-time ${ctx.budget.label})`);
      error.name = 'BudgetExhausted';
      error.stack = `${error.name}: ${error.message}`;
      t.task.meta.failure = { vendor: ctx.vendor, check: check.name, operationId: op?.id, summary: `stopped: ${result.reason}`, message: error.message, items: [] };
      throw error;
    }
    if (result.status === 'skipped') t.skip(result.reason);
    if (result.status === 'failed') {
      t.task.meta.failure = failureOf(ctx.vendor, result.violation);
      throw result.violation;
    }
  };
}
