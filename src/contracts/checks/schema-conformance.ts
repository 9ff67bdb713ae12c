import { documentedResponse, expectSchema, SkipCheck, ViolationList } from '../check.js';
import type { Check } from '../types.js';
import { validCall } from './valid-call.js';

/**
 * Every answer recorded for an operation during the run (error bodies included) has the
 * documented Content-Type and a body that validates against the schema of its status (formats
 * on). Exchanges without a documented status are left to status_conformance. Runs last per operation.
 */
export const schemaConformance: Check = {
  name: 'schema_conformance',
  description: 'every answer of the operation has the documented content type and a body that validates against the schema of its status',
  mutates: false,
  scope: 'operation',
  last: true,
  async run(ctx, op) {
    if (!op) return;
    let skipped: string | undefined;
    try {
      await validCall(ctx, op);
    } catch (error) {
      if (!(error instanceof SkipCheck)) throw error;
      skipped = error.message;
    }
    const observed = ctx.observe.forOperation(op.id);
    const violations = new ViolationList();
    for (const exchange of observed) {
      if (exchange.response && !documentedResponse(op, exchange.response.status)) continue;
      await violations.attempt(() => expectSchema(ctx, exchange, op));
    }
    if (observed.length === 0 && skipped) ctx.skip(skipped);
    violations.throwIfAny((n) => `${n} of ${observed.length} answers of ${op.id} break the documented content type or schema`);
  },
};
