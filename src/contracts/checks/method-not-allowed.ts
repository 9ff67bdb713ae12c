import { pointerOf } from '../../openapi/load.js';
import { ContractViolation, expectStatus, specRule, ViolationList } from '../check.js';
import type { Check } from '../types.js';
import { fillPath, routeParams } from '../fixtures.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Methods a server may list in Allow beyond the documented ones (HTTP gives them to every GET resource). */
const IMPLICIT = new Set(['HEAD', 'OPTIONS']);

/**
 * For every path of the spec, each of GET/POST/PUT/PATCH/DELETE it does not define is answered
 * 405 with an `Allow` header naming exactly the documented methods (HEAD and OPTIONS tolerated).
 */
export const methodNotAllowed: Check = {
  name: 'method_not_allowed',
  description: 'a method a path does not define is answered 405 with an Allow header naming exactly the documented methods',
  mutates: false,
  scope: 'vendor',
  async run(ctx) {
    const paths = [...new Set(ctx.spec.operations.map((o) => o.path))];
    const violations = new ViolationList();
    let sent = 0;
    await Promise.all(
      paths.map(async (template) => {
        const ops = ctx.spec.operations.filter((o) => o.path === template);
        const documented = ops.map((o) => o.method.toUpperCase());
        const path = fillPath(template, routeParams(ctx, ops[0] as (typeof ops)[number]));
        const rule = specRule(ctx.spec, pointerOf('paths', template), `${template} defines ${documented.join(', ')}; other methods are answered 405 with Allow: ${documented.join(', ')}`);
        await Promise.all(
          METHODS.filter((m) => !documented.includes(m)).map(async (method) => {
            sent++;
            const exchange = await ctx.http.send({
              method,
              path,
              body: method === 'GET' || method === 'DELETE' ? undefined : {},
              note: `${method} is not defined on ${template}`,
            });
            await violations.attempt(() => {
              const response = expectStatus(exchange, 405, rule, `${method} ${template}`);
              const allow = response.headers.allow;
              if (allow === undefined) throw new ContractViolation({ summary: `${method} ${template}: 405 without an Allow header`, rule, exchange });
              const listed = allow.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
              const missing = documented.filter((m) => !listed.includes(m));
              const extra = listed.filter((m) => !documented.includes(m) && !IMPLICIT.has(m));
              if (missing.length > 0 || extra.length > 0) {
                const parts = [missing.length > 0 ? `lacks ${missing.join(', ')}` : '', extra.length > 0 ? `names undocumented ${extra.join(', ')}` : ''].filter(Boolean);
                throw new ContractViolation({ summary: `${method} ${template}: Allow: ${allow} ${parts.join(' and ')}`, rule, exchange });
              }
            });
          }),
        );
      }),
    );
    if (sent === 0) ctx.skip('every path defines GET, POST, PUT, PATCH and DELETE');
    violations.throwIfAny((n) => `${n} of ${sent} undefined methods were not answered 405 with the documented Allow`);
  },
};
