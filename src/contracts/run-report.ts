/**
 * A run's findings as data: what each vendor's suite hands to the reporters in the main process
 * (through vitest's task meta, so JSON-safe) and what the JSON and HTML reports carry.
 */
import type { ContractViolation } from './check.js';
import type { VendorCoverage } from './coverage.js';
import type { Exchange } from './http.js';
import type { SpecRule } from './types.js';

/** One rule broken: what the spec says, and the exchange that showed it. */
export interface FindingItem {
  summary: string;
  rule: SpecRule;
  details: string[];
  exchange?: Exchange;
}

/** A failed check: a violation (one item, or the several it gathers), or a stop or error (no item). */
export interface FailureRecord {
  vendor: string;
  check: string;
  operationId?: string;
  summary: string;
  /** The whole text report, as the terminal shows it. */
  message: string;
  items: FindingItem[];
}

export interface VendorSummary {
  vendor: string;
  passed: number;
  failed: number;
  skipped: number;
  stopped: number;
  requests: number;
  wallMs: number;
}

/** Everything a report shows of a run. */
export interface RunReport {
  target: string;
  /** ISO time the run started. */
  startedAt: string;
  vendors: VendorSummary[];
  coverage: VendorCoverage[];
  failures: FailureRecord[];
  /** Errors outside checks (a suite that could not load, a cleanup that failed). */
  errors: string[];
}

function itemOf(violation: ContractViolation): FindingItem {
  return { summary: violation.summary, rule: violation.rule, details: violation.details, ...(violation.exchange ? { exchange: violation.exchange } : {}) };
}

/** The record of a violation, for the reports (a combined violation keeps each it lists). */
export function failureOf(vendor: string, violation: ContractViolation): FailureRecord {
  const items = violation.violations.length > 0 ? violation.violations.map(itemOf) : [itemOf(violation)];
  return {
    vendor,
    check: violation.check ?? 'contract',
    ...(violation.operationId ? { operationId: violation.operationId } : {}),
    summary: violation.summary,
    message: violation.message,
    items,
  };
}
