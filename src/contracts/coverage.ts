/**
 * What a run covered: for each operation, each status it documents, whether the run saw the
 * target answer it and whether those answers were as documented. Built from the exchanges a
 * vendor's run recorded; statuses no request of the run can cause are set apart with the reason.
 */
import type { OperationInfo } from '../openapi/load.js';
import { ContractViolation, documentedResponse, expectSchema } from './check.js';
import type { Exchange } from './http.js';
import type { CheckContext } from './types.js';

export interface StatusCoverage {
  /** As the spec writes it: `201`, `4XX`, `default`. */
  status: string;
  /** Answers of this status (or range) the run saw. */
  observed: number;
  /** Of those, answers with the documented content type and a body that follows the schema. */
  conformed: number;
  /** Why no request of the run can cause it; such a status never counts as uncovered. */
  apart?: string;
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  statuses: StatusCoverage[];
  /** Statuses the target answered that the operation does not document. */
  undocumented: Array<{ status: number; observed: number }>;
}

export interface VendorCoverage {
  vendor: string;
  operations: OperationCoverage[];
}

/** A documented status never observed (and not set apart). */
export interface Uncovered {
  vendor: string;
  operationId: string;
  status: string;
}

/**
 * Why the run cannot cause a status: it sends valid requests and ones a conforming target must
 * refuse, and never loads a target to its limits on purpose.
 */
export function apartReason(status: string): string | undefined {
  if (/^5/.test(status)) return 'a server fault: no request of the run should cause it';
  if (status === '429') return 'rate limiting: comes of the target\'s quotas and load, which the run does not force';
  if (status === 'default') return 'any other status: nothing to cause';
  return undefined;
}

function conforms(ctx: Pick<CheckContext, 'spec' | 'validator'>, exchange: Exchange, op: OperationInfo): boolean {
  try {
    expectSchema(ctx, exchange, op);
    return true;
  } catch (error) {
    if (error instanceof ContractViolation) return false;
    throw error;
  }
}

/** The coverage of one vendor's run, from what it recorded (`ctx.observe`). */
export function coverageOf(ctx: Pick<CheckContext, 'vendor' | 'spec' | 'validator' | 'observe'>): VendorCoverage {
  const operations = ctx.spec.operations.map((op): OperationCoverage => {
    const statuses = new Map<string, StatusCoverage>();
    for (const status of Object.keys(op.responses)) {
      const apart = apartReason(status);
      statuses.set(status, { status, observed: 0, conformed: 0, ...(apart ? { apart } : {}) });
    }
    const undocumented = new Map<number, number>();
    for (const exchange of ctx.observe.seenFor(op.id)) {
      const answered = exchange.response?.status;
      if (answered === undefined) continue;
      const documented = documentedResponse(op, answered);
      const entry = documented ? statuses.get(documented.status) : undefined;
      if (!entry) {
        undocumented.set(answered, (undocumented.get(answered) ?? 0) + 1);
        continue;
      }
      entry.observed++;
      if (conforms(ctx, exchange, op)) entry.conformed++;
    }
    return {
      operationId: op.id,
      method: op.method.toUpperCase(),
      path: op.path,
      statuses: [...statuses.values()].sort((a, b) => a.status.localeCompare(b.status)),
      undocumented: [...undocumented].map(([status, observed]) => ({ status, observed })).sort((a, b) => a.status - b.status),
    };
  });
  return { vendor: ctx.vendor, operations };
}

/** Documented statuses the run never saw, those set apart left out. */
export function uncoveredOf(vendors: readonly VendorCoverage[]): Uncovered[] {
  return vendors.flatMap((v) =>
    v.operations.flatMap((op) => op.statuses.filter((s) => s.observed === 0 && !s.apart).map((s) => ({ vendor: v.vendor, operationId: op.operationId, status: s.status }))),
  );
}

/** Per vendor, one line: `shoplazza: createDiscountCode 400 415; getDiscountCode 403`. */
export function describeUncovered(uncovered: readonly Uncovered[]): string[] {
  const byVendor = new Map<string, Map<string, string[]>>();
  for (const u of uncovered) {
    let ops = byVendor.get(u.vendor);
    if (!ops) byVendor.set(u.vendor, (ops = new Map()));
    let statuses = ops.get(u.operationId);
    if (!statuses) ops.set(u.operationId, (statuses = []));
    statuses.push(u.status);
  }
  return [...byVendor].map(([vendor, ops]) => `${vendor}: ${[...ops].map(([op, statuses]) => `${op} ${statuses.join(' ')}`).join('; ')}`);
}

/** A cell of the table: `✓ 4` all as documented, `✗ 1/3` some not, `·` never seen, `–` set apart. */
export function cellOf(s: StatusCoverage): string {
  if (s.observed === 0) return s.apart ? '–' : '·';
  return s.conformed === s.observed ? `✓ ${s.observed}` : `✗ ${s.conformed}/${s.observed}`;
}

/** The coverage table of the pretty output: one row per operation, one cell per documented status. */
export function coverageTable(vendors: readonly VendorCoverage[]): string[] {
  const lines = ['', 'Coverage: each documented status, seen as documented (✓ n), seen otherwise (✗ as documented/seen), never seen (·), not causable (–)'];
  for (const vendor of vendors) {
    lines.push(`  ${vendor.vendor}`);
    const width = Math.max(...vendor.operations.map((o) => o.operationId.length));
    for (const op of vendor.operations) {
      const cells = op.statuses.map((s) => `${s.status} ${cellOf(s)}`.padEnd(10));
      const extra = op.undocumented.map((u) => `${u.status} undocumented ×${u.observed}`);
      lines.push(`    ${op.operationId.padEnd(width)}  ${op.method.padEnd(6)} ${[...cells, ...extra].join(' ').trimEnd()}`);
    }
  }
  const uncovered = uncoveredOf(vendors);
  if (uncovered.length === 0) lines.push('Every documented status that a run can cause was seen.');
  else lines.push(`Never seen: ${uncovered.length} documented status${uncovered.length === 1 ? '' : 'es'}:`, ...describeUncovered(uncovered).map((l) => `  ${l}`));
  const apart = [...new Set(vendors.flatMap((v) => v.operations.flatMap((o) => o.statuses.filter((s) => s.apart && s.observed === 0).map((s) => `${s.status}: ${s.apart}`))))];
  if (apart.length > 0) lines.push(`Not causable by a run (not counted): ${apart.join('; ')}`);
  return lines;
}
