import type { Reporter, TestModule, TestSuite } from 'vitest/node';
import { coverageTable, type VendorCoverage } from './coverage.js';
import type { FailureRecord, VendorSummary } from './run-report.js';

export type VendorOutcome = VendorSummary;

export interface RunOutcome {
  vendors: VendorOutcome[];
  /** Tests that failed, in all vendors. */
  failed: number;
  /** Checks the run's budget stopped or left out, in all vendors. */
  stopped: number;
  /** Errors outside tests: a suite that could not load, a failing cleanup hook, an unhandled error. */
  errors: string[];
  /** Per vendor that ran: what it covered. */
  coverage: VendorCoverage[];
  /** Every failed check, with what broke. */
  failures: FailureRecord[];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/**
 * Collects the outcome of a contract run (per vendor: tests, the requests its worker sent, its
 * wall time) and, when `print` is given, writes one summary line per vendor.
 */
export class ContractSummaryReporter implements Reporter {
  private result: RunOutcome = { vendors: [], failed: 0, stopped: 0, errors: [], coverage: [], failures: [] };

  constructor(private readonly print?: (line: string) => void) {}

  outcome(): RunOutcome {
    return this.result;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    const outcome: RunOutcome = { vendors: [], failed: 0, stopped: 0, errors: [], coverage: [], failures: [] };
    for (const module of testModules) {
      for (const error of module.errors()) outcome.errors.push(`${module.relativeModuleId}: ${firstLine(error.message ?? 'error')}`);
      const suites = [...module.children.suites()];
      for (const suite of suites) {
        const vendor = outcomeOf(suite);
        outcome.vendors.push(vendor);
        outcome.failed += vendor.failed;
        outcome.stopped += vendor.stopped;
        const coverage = suite.meta().coverage;
        if (coverage) outcome.coverage.push(coverage);
        for (const test of suite.children.allTests()) {
          const failure = test.meta().failure;
          if (test.result().state === 'failed') outcome.failures.push(failure ?? { vendor: vendor.vendor, check: test.name, summary: firstLine(test.result().errors?.[0]?.message ?? 'failed'), message: test.result().errors?.[0]?.message ?? 'failed', items: [] });
        }
        for (const error of suite.errors()) outcome.errors.push(`${suite.name}: ${firstLine(error.message ?? 'error')}`);
      }
      if (suites.length === 0 && module.errors().length === 0) outcome.errors.push(`${module.relativeModuleId}: defines no contract suite`);
    }
    for (const error of unhandledErrors) outcome.errors.push(firstLine(error.message ?? 'unhandled error'));
    this.result = outcome;
    if (!this.print) return;
    this.print('');
    for (const v of outcome.vendors) {
      const status = v.failed > 0 ? 'FAIL' : 'PASS';
      this.print(
        `${status} ${v.vendor.padEnd(12)} ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped   ${v.requests} requests in ${(v.wallMs / 1000).toFixed(1)} s`,
      );
      if (v.stopped > 0) this.print(`     ${''.padEnd(12)} ${v.stopped} checks stopped or not run: the run's budget (--max-time) ran out`);
    }
    for (const error of outcome.errors) this.print(`ERROR ${error}`);
    if (outcome.coverage.length > 0) for (const line of coverageTable(outcome.coverage)) this.print(line);
  }
}

function outcomeOf(suite: TestSuite): VendorOutcome {
  const meta = suite.meta();
  const outcome: VendorOutcome = {
    vendor: meta.contractVendor ?? suite.name,
    passed: 0,
    failed: 0,
    skipped: 0,
    stopped: 0,
    requests: meta.requests ?? 0,
    wallMs: meta.wallMs ?? 0,
  };
  let fromTests = 0;
  for (const test of suite.children.allTests()) {
    const state = test.result().state;
    if (state === 'passed') outcome.passed++;
    else if (state === 'failed') outcome.failed++;
    else outcome.skipped++;
    if (test.meta().stopped !== undefined) outcome.stopped++;
    fromTests += test.meta().requests ?? 0;
  }
  if (outcome.requests === 0) outcome.requests = fromTests;
  return outcome;
}
