import type { OperationInfo } from '../spec/load.js';
import { ContractViolation, SkipCheck } from './check.js';
import type { Check, CheckContext } from './types.js';

export type CheckResult =
  | { status: 'passed'; requests: number }
  | { status: 'skipped'; reason: string; requests: number }
  | { status: 'failed'; violation: ContractViolation; requests: number };

/**
 * Runs one check outside vitest, the way the suite does: a violation gets the check's name and
 * operation; `ctx.skip` becomes a skipped result. Other errors (a bug in the check) propagate.
 * For testing checks against a small server.
 */
export async function runCheck(ctx: CheckContext, check: Check, op?: OperationInfo | string): Promise<CheckResult> {
  const operation = typeof op === 'string' ? ctx.spec.operation(op) : op;
  const before = ctx.http.count;
  try {
    await check.run(ctx, operation);
    return { status: 'passed', requests: ctx.http.count - before };
  } catch (error) {
    if (error instanceof SkipCheck) return { status: 'skipped', reason: error.message, requests: ctx.http.count - before };
    if (error instanceof ContractViolation) return { status: 'failed', violation: error.bind(check.name, operation?.id), requests: ctx.http.count - before };
    throw error;
  }
}
