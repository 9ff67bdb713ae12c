/**
 * Elastic Path promotion codes: uniqueness rules a schema cannot say.
 */
import { randomUUID } from 'node:crypto';
import { responsesRule, type Check, type CheckContext } from '../../src/contracts/index.js';
import { bodyOf, contract, createCodes, expectAnswer, documentedErrorProblem, listAllCodes, rule, violation, withWorkspace } from './api.js';

/** The case-flipped text: `CC1A2` -> `cc1a2`; answers undefined for a text without letters. */
function otherCase(code: string): string | undefined {
  const flipped = [...code].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
  return flipped === code ? undefined : flipped;
}

interface MockIndex {
  vendors?: Array<{ vendor?: string; owners?: Array<{ id?: unknown }> }>;
}

/**
 * Another promotion of the target, if one is known: on the mock, a seeded one (else one added
 * through its admin API); elsewhere the run knows only its own promotion.
 */
async function secondPromotion(ctx: CheckContext, first: string): Promise<string | undefined> {
  if (!ctx.target.isMock) return undefined;
  const index = await fetch(`${ctx.target.origin}/__mock/`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(ctx.options.timeoutMs) });
  const body = (await index.json().catch(() => undefined)) as MockIndex | undefined;
  const owners = body?.vendors?.find((v) => v.vendor === ctx.vendor)?.owners ?? [];
  const other = owners.map((o) => o.id).find((id): id is string => typeof id === 'string' && id !== first);
  if (other) return other;
  const id = randomUUID();
  const added = await fetch(`${ctx.target.origin}/__mock/${ctx.vendor}/promotions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ id, name: `${ctx.target.runPrefix} code_duplicates` }),
    signal: AbortSignal.timeout(ctx.options.timeoutMs),
  });
  return added.status === 201 ? id : undefined;
}

export const codeDuplicates: Check = {
  name: 'code_duplicates',
  description:
    'a code that differs only in case from one the promotion has is a 422 Duplicate code (the documented body) and is not stored; the same code in another promotion (when one is known) is a 201 with the Duplicate code names warning',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const promotion = ctx.requireOwner();
    const c = contract(ctx);
    const created = responsesRule(ctx.spec, c.createCodes);
    await withWorkspace(ctx, async (ws) => {
      let code = ctx.unique();
      let variant = otherCase(code);
      if (variant === undefined) {
        code = `${code}x`;
        variant = otherCase(code) as string;
      }
      const first = await createCodes(ctx, promotion, [code], 'code_duplicates: a new code');
      expectAnswer(first, 201, created, `creating ${code}`);
      ws.code(promotion, code);

      const duplicate = await createCodes(ctx, promotion, [variant], `code_duplicates: ${variant}, which differs from ${code} only in case`);
      const status = duplicate.response?.status;
      if (status !== undefined && status >= 200 && status < 300) ws.code(promotion, variant);
      const problem = documentedErrorProblem(duplicate, c.problems.duplicateCode);
      if (problem) {
        const wrongStatus = status !== c.problems.duplicateCode.status;
        throw violation({
          summary: `creating ${JSON.stringify(variant)} in a promotion that has ${JSON.stringify(code)}: ${problem}`,
          rule: wrongStatus
            ? rule(ctx, c.codes.caseInsensitive.pointer, `codes are unique within the promotion, case-insensitively: a code it already has is a ${c.problems.duplicateCode.status} "${c.problems.duplicateCode.title}"`)
            : rule(ctx, c.problems.duplicateCode.pointer, `${c.problems.duplicateCode.status} {"errors": [{"status": "${c.problems.duplicateCode.status}", "title": "${c.problems.duplicateCode.title}", "detail": "${c.problems.duplicateCode.detail ?? ''}"}]}`),
          exchange: duplicate,
        });
      }
      const { codes, exchange: listed } = await listAllCodes(ctx, promotion, 'code_duplicates: the codes after the refused duplicate');
      const same = codes.filter((x) => x.code.toLowerCase() === code.toLowerCase());
      if (same.length !== 1) {
        throw violation({
          summary: `after the refused duplicate the promotion lists ${same.length} codes equal to ${JSON.stringify(code)} ignoring case (${same.map((x) => JSON.stringify(x.code)).join(', ')}), expected 1`,
          rule: rule(ctx, `${c.createCodes.pointer}/x-rules/atomic`, 'a refused request creates nothing (all or nothing)'),
          exchange: listed,
        });
      }

      const other = await secondPromotion(ctx, promotion);
      if (other === undefined) return;
      const warningRule = rule(
        ctx,
        `${c.createCodes.pointer}/x-rules/crossPromotionDuplicates`,
        `the same code in another promotion is allowed: 201 with a messages entry titled "${c.codes.crossPromotionWarningTitle.value}" (crossPromotionWarningTitle)`,
      );
      const cross = await createCodes(ctx, other, [code], `code_duplicates: ${code} in a second promotion`);
      expectAnswer(cross, 201, warningRule, `creating ${code} in promotion ${other}, which does not have it`);
      ws.code(other, code);
      const messages = (bodyOf(cross) as { messages?: unknown } | undefined)?.messages;
      const warning = Array.isArray(messages)
        ? (messages as Array<{ title?: unknown; source?: { codes?: unknown } }>).find((m) => m?.title === c.codes.crossPromotionWarningTitle.value)
        : undefined;
      if (!warning) {
        throw violation({
          summary: `creating ${JSON.stringify(code)} in promotion ${other} while promotion ${promotion} has it: 201 without a messages entry titled "${c.codes.crossPromotionWarningTitle.value}"`,
          rule: warningRule,
          exchange: cross,
        });
      }
      const named = warning.source?.codes;
      if (Array.isArray(named) && !named.some((x) => typeof x === 'string' && x.toLowerCase() === code.toLowerCase())) {
        throw violation({ summary: `the "${c.codes.crossPromotionWarningTitle.value}" warning does not name ${JSON.stringify(code)} in source.codes`, rule: warningRule, exchange: cross });
      }
    });
  },
};
