import { ContractViolation, documentedResponse, expectStatus, responsesRule, SkipCheck, specRule, ViolationList } from '../check.js';
import type { Check } from '../types.js';
import type { Exchange } from '../http.js';
import { validCall } from './valid-call.js';

/**
 * Every exchange recorded for an operation during the run got a status the operation documents,
 * and a valid request (the fixture's) got a documented 2xx. Runs last per operation.
 */
export const statusConformance: Check = {
  name: 'status_conformance',
  description: 'every answer of the operation has a status it documents; a valid request gets a documented 2xx',
  mutates: false,
  scope: 'operation',
  last: true,
  async run(ctx, op) {
    if (!op) return;
    let own: Exchange | undefined;
    let skipped: string | undefined;
    try {
      own = await validCall(ctx, op);
    } catch (error) {
      if (!(error instanceof SkipCheck)) throw error;
      skipped = error.message;
    }
    const violations = new ViolationList();
    if (own) {
      const valid = ctx.validStatuses(op);
      const rule = specRule(ctx.spec, `${op.pointer}/responses`, `a valid request of ${op.id} is answered ${valid.join(' or ')}`);
      await violations.attempt(() => expectStatus(own, valid, rule, 'a valid request'));
    }
    const observed = ctx.observe.forOperation(op.id);
    for (const exchange of observed) {
      if (exchange === own) continue;
      if (!exchange.response) {
        violations.add(
          new ContractViolation({ summary: `no response: ${exchange.error ?? 'error'}${exchange.errorDetail ? ` (${exchange.errorDetail})` : ''}`, rule: responsesRule(ctx.spec, op), exchange }),
        );
      } else if (!documentedResponse(op, exchange.response.status)) {
        violations.add(new ContractViolation({ summary: `status ${exchange.response.status} is not documented`, rule: responsesRule(ctx.spec, op), exchange }));
      }
    }
    if (observed.length === 0 && skipped) ctx.skip(skipped);
    violations.throwIfAny((n) => `${n} of ${observed.length} exchanges of ${op.id} got a status the spec does not allow`);
  },
};
