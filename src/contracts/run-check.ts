import type { OperationInfo } from '../openapi/load.js';
import { BudgetExhausted, budgetTimer } from './budget.js';
import { ContractViolation, SkipCheck } from './check.js';
import type { Check, CheckContext } from './types.js';

export type CheckResult =
  | { status: 'passed'; requests: number }
  | { status: 'skipped'; reason: string; requests: number }
  | { status: 'failed'; violation: ContractViolation; requests: number }
  /** The run's budget ran out before the check ended (or began): `reason` says where. */
  | { status: 'stopped'; reason: string; requests: number };

/**
 * Runs one check, for the suite and for tests outside vitest: a violation gets the check's name
 * and operation; `ctx.skip` becomes a skipped result; the check stops where the run's budget ends
 * (its checks' part). Other errors (a bug in the check) propagate.
 * For testing checks against a small server.
 */
export async function runCheck(ctx: CheckContext, check: Check, op?: OperationInfo | string): Promise<CheckResult> {
  const operation = typeof op === 'string' ? ctx.spec.operation(op) : op;
  const before = ctx.http.count;
  const budget = budgetTimer(ctx.budget.checksEnd, `the run's budget ran out while ${check.name} was running`);
  try {
    if (Date.now() >= ctx.budget.checksEnd) throw new BudgetExhausted(`the run's budget ran out before ${check.name} began`);
    await Promise.race([check.run(ctx, operation), budget.expired]);
    return { status: 'passed', requests: ctx.http.count - before };
  } catch (error) {
    if (error instanceof BudgetExhausted) return { status: 'stopped', reason: error.message, requests: ctx.http.count - before };
    if (error instanceof SkipCheck) return { status: 'skipped', reason: error.message, requests: ctx.http.count - before };
    if (error instanceof ContractViolation) return { status: 'failed', violation: error.bind(check.name, operation?.id), requests: ctx.http.count - before };
    throw error;
  } finally {
    budget.cancel();
  }
}
