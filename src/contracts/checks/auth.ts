import type { OperationInfo, Spec } from '../../openapi/load.js';
import { expectSchema, expectStatus, specRule, ViolationList } from '../check.js';
import type { Check, CheckContext } from '../types.js';
import type { Exchange } from '../http.js';

/** Whether a token holding only the schemes' read-only scopes is granted the operation. */
export function grantsReadOnly(spec: Spec, op: OperationInfo): boolean {
  return op.security.some((alternative) =>
    alternative.every((requirement) => {
      const scheme = spec.securitySchemes[requirement.scheme];
      return scheme !== undefined && requirement.scopes.every((scope) => scheme.readOnlyScopes.includes(scope));
    }),
  );
}

function securityRule(ctx: CheckContext, op: OperationInfo, status: number, says: string) {
  const pointer = op.responses[String(status)] ? `${op.pointer}/responses/${status}` : `${op.pointer}/security`;
  return specRule(ctx.spec, pointer, says);
}

/**
 * A request without credentials is answered 401 in the documented shape; a read-only token on a
 * write is answered 403 in the documented shape (and accepted on a read).
 */
export const auth: Check = {
  name: 'auth',
  description: 'no credentials: 401 in the documented shape; a read-only token: 403 on writes, accepted on reads',
  mutates: false,
  scope: 'operation',
  appliesTo: (op) => op.security.some((alternative) => alternative.length > 0),
  async run(ctx, op) {
    if (!op) return;
    const prepared = await ctx.prepare(op);
    const violations = new ViolationList();
    const undo = (exchange: Exchange) => ctx.undo(op, exchange);

    const anonymous = await ctx.call(op, prepared, { token: 'none', note: 'no credentials' });
    await undo(anonymous);
    await violations.attempt(() => {
      expectStatus(anonymous, 401, securityRule(ctx, op, 401, `${op.id} requires credentials: without them it is answered 401`), 'no credentials');
      expectSchema(ctx, anonymous, op, 'no credentials');
    });

    const readOnlyGranted = grantsReadOnly(ctx.spec, op);
    if (!ctx.target.tokens.readonly) {
      violations.throwIfAny((n) => `${n} answers of ${op.id} break its security rules`);
      ctx.skip(`the 401 case conforms; the read-only case needs --readonly-token`);
    }
    const readonly = await ctx.call(op, prepared, { token: 'readonly', note: 'a read-only token' });
    await undo(readonly);
    if (readOnlyGranted) {
      const valid = ctx.validStatuses(op);
      await violations.attempt(() =>
        expectStatus(readonly, valid, securityRule(ctx, op, valid[0] ?? 200, `a read-only scope grants ${op.id}: answered ${valid.join(' or ')}`), 'a read-only token'),
      );
    } else {
      await violations.attempt(() => {
        expectStatus(readonly, 403, securityRule(ctx, op, 403, `${op.id} needs a write scope: a read-only token is answered 403`), 'a read-only token');
        expectSchema(ctx, readonly, op, 'a read-only token');
      });
    }
    violations.throwIfAny((n) => `${n} answers of ${op.id} break its security rules`);
  },
};
