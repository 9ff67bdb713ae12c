/**
 * Elastic Path promotion codes: uniqueness, list filter and sort, and the fields that do not go
 * together on one code: rules a schema cannot say.
 */
import { randomUUID } from 'node:crypto';
import { responsesRule, successStatuses, type Check, type CheckContext, type Exchange } from '../../src/contracts/index.js';
import { bodyOf, contract, createCodes, expectAnswer, documentedErrorProblem, listAllCodes, rule, violation, withWorkspace, type PromotionCode } from './api.js';
import { CODES_TYPE, type DocumentedError } from '../../src/vendors/elasticpath/facts.js';
import { sampleValue } from '../../src/contracts/values.js';
import { getByPointer, isObject } from '../../src/openapi/load.js';
import { specReader } from '../../src/openapi/reader.js';

/** The case-flipped text: `CC1A2` -> `cc1a2`; answers undefined for a text without letters. */
function otherCase(code: string): string | undefined {
  const flipped = [...code].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
  return flipped === code ? undefined : flipped;
}

/**
 * Another promotion of the target, if one is known: on the mock, a seeded one (else one added
 * through its admin API); elsewhere the run knows only its own promotion.
 */
async function secondPromotion(ctx: CheckContext, first: string): Promise<string | undefined> {
  if (!ctx.target.isMock) return undefined;
  const other = ctx.target.mockOwners.map((o) => o.id).find((id) => id !== first);
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

      // One new code twice in one request: a duplicate like one already stored, and nothing of the request is created.
      const twice = `${ctx.unique()}x`;
      const repeated = await createCodes(ctx, promotion, [twice, twice], `code_duplicates: ${twice} twice in one request`);
      const repeatedStatus = repeated.response?.status;
      if (repeatedStatus !== undefined && repeatedStatus >= 200 && repeatedStatus < 300) ws.code(promotion, twice);
      if (c.codes.duplicateInRequest.value === 'reject') {
        const inRequest = documentedErrorProblem(repeated, c.problems.duplicateCode);
        if (inRequest) {
          throw violation({
            summary: `creating ${JSON.stringify(twice)} twice in one request: ${inRequest}`,
            rule: rule(ctx, c.codes.duplicateInRequest.pointer, `duplicateInRequest: reject: a code repeated in one request is a ${c.problems.duplicateCode.status} "${c.problems.duplicateCode.title}", like one the promotion has`),
            exchange: repeated,
          });
        }
        const after = await listAllCodes(ctx, promotion, 'code_duplicates: the codes after the refused repeat');
        const kept = after.codes.filter((x) => x.code.toLowerCase() === twice.toLowerCase());
        if (kept.length > 0) {
          throw violation({
            summary: `the request naming ${JSON.stringify(twice)} twice was refused, yet the promotion lists it ${kept.length} time(s)`,
            rule: rule(ctx, `${c.createCodes.pointer}/x-rules/atomic`, 'a refused request creates nothing (all or nothing)'),
            exchange: after.exchange,
          });
        }
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
      const description = (warning as { description?: unknown }).description;
      if (description !== c.codes.crossPromotionWarningDescription.value) {
        throw violation({
          summary: `the "${c.codes.crossPromotionWarningTitle.value}" warning has the description ${JSON.stringify(description)}, expected ${JSON.stringify(c.codes.crossPromotionWarningDescription.value)}`,
          rule: rule(ctx, c.codes.crossPromotionWarningDescription.pointer, `crossPromotionWarningDescription: the warning's description is "${c.codes.crossPromotionWarningDescription.value}"`),
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

/**
 * Deleting by text: `caseInsensitive` (a code named in another case is deleted), `missingCodes:
 * ignore` (a code the promotion does not have changes nothing, still 204), and nothing but the
 * named codes goes.
 */
export const codeDelete: Check = {
  name: 'code_delete',
  description: 'deleting codes by their text matches them as x-rules caseInsensitive says, ignores codes the promotion does not have (still the documented 204) and deletes no other code',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const promotion = ctx.requireOwner();
    const c = contract(ctx);
    const op = c.deleteCodes;
    await withWorkspace(ctx, async (ws) => {
      const named = `${ctx.unique()}x`;
      const other = `${ctx.unique()}x`;
      const made = await createCodes(ctx, promotion, [named, other], 'code_delete: two codes');
      expectAnswer(made, successStatuses(c.createCodes), responsesRule(ctx.spec, c.createCodes), `creating ${named} and ${other}`);
      ws.code(promotion, named, other);
      const sent = otherCase(named) as string;
      const absent = `${ctx.unique()}x`;
      const deleted = await ctx.call(op, { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes: [{ code: sent }, { code: absent }] } } }, { note: `code_delete: ${sent} and ${absent}` });
      expectAnswer(
        deleted,
        successStatuses(op),
        rule(ctx, c.deletion.missingCodes.pointer, `missingCodes: ${JSON.stringify(c.deletion.missingCodes.value)}: codes the promotion does not have are ignored, the request still answers ${successStatuses(op).join(' or ')}`),
        `deleting ${sent} (${named} in another case) and ${absent}, which the promotion does not have`,
      );
      const { codes, exchange: listed } = await listAllCodes(ctx, promotion, 'code_delete: the codes afterwards');
      const texts = new Set(codes.map((x) => x.code));
      const insensitive = c.deletion.caseInsensitive.value;
      if (texts.has(named) === insensitive) {
        throw violation({
          summary: `after deleting ${JSON.stringify(sent)}, ${JSON.stringify(named)} is ${insensitive ? 'still listed' : 'gone'}`,
          rule: rule(ctx, c.deletion.caseInsensitive.pointer, `caseInsensitive: ${insensitive}: ${insensitive ? 'a code named in another case is deleted' : 'only a code named exactly is deleted'}`),
          exchange: listed,
        });
      }
      if (!texts.has(other)) {
        throw violation({ summary: `${JSON.stringify(other)}, which the delete did not name, is gone`, rule: rule(ctx, `${op.pointer}/description`, 'deletes the listed codes, and only those'), exchange: listed });
      }
    });
  },
};

type ListedCodes = { codes: PromotionCode[]; total: number | undefined; exchange: Exchange };

async function listCodesWith(ctx: CheckContext, promotion: string, query: Record<string, string | number>, note: string): Promise<ListedCodes> {
  const c = contract(ctx);
  const exchange = await ctx.call('listPromotionCodes', { params: { promotionID: promotion }, query }, { note });
  expectAnswer(exchange, 200, responsesRule(ctx.spec, c.listCodes), note);
  const body = bodyOf(exchange) as { data?: unknown; meta?: { results?: { total?: unknown } } } | undefined;
  const codes = Array.isArray(body?.data) ? (body.data as PromotionCode[]).filter((code) => code && typeof code.code === 'string') : [];
  const total = typeof body?.meta?.results?.total === 'number' ? body.meta.results.total : undefined;
  return { codes, total, exchange };
}

const texts = (codes: readonly PromotionCode[]) => codes.map((code) => JSON.stringify(code.code)).join(', ') || '(none)';

export const codeFilterSort: Check = {
  name: 'code_filter_sort',
  description:
    'listPromotionCodes honours filter (eq and gt on code, case-insensitively) and sort (code, -code): eq finds one code in another case and nothing for a code the promotion lacks; gt with sort=code lists the codes after a text in order',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const promotion = ctx.requireOwner();
    const c = contract(ctx);
    const filterRule = rule(ctx, c.codes.filterOperators.pointer, `filter selects codes by ${c.codes.filterOperators.value.join(' or ')} on code, case-insensitively`);
    const sortRule = rule(ctx, `${c.listCodes.pointer}/description`, 'sort=code or sort=-code orders by the code, case-insensitively');
    await withWorkspace(ctx, async (ws) => {
      // Every code of this check starts with `base`; no other code does, so the codes after `base` start with ours.
      const base = `${ctx.unique()}-sort`.toLowerCase();
      const made = [`${base}-b`, `${base}-A`, `${base}-c`];
      const created = await createCodes(ctx, promotion, made, 'code_filter_sort: three codes');
      expectAnswer(created, 201, responsesRule(ctx.spec, c.createCodes), `creating ${made.join(', ')}`);
      ws.code(promotion, ...made);

      const wanted = made[1] as string;
      const exact = await listCodesWith(ctx, promotion, { filter: `eq(code,${wanted.toLowerCase()})` }, `code_filter_sort: eq(code,${wanted.toLowerCase()})`);
      if (exact.codes.length !== 1 || exact.codes[0]?.code.toLowerCase() !== wanted.toLowerCase()) {
        throw violation({ summary: `filter=eq(code,${wanted.toLowerCase()}) listed ${exact.codes.length} code(s) (${texts(exact.codes.slice(0, 5))}), expected only ${JSON.stringify(wanted)}`, rule: filterRule, exchange: exact.exchange });
      }
      const missing = await listCodesWith(ctx, promotion, { filter: `eq(code,${base}-none)` }, `code_filter_sort: eq(code,${base}-none)`);
      if (missing.codes.length !== 0 || (missing.total !== undefined && missing.total !== 0)) {
        throw violation({ summary: `filter=eq(code,${base}-none), a code the promotion does not have, listed ${texts(missing.codes.slice(0, 5))} (meta.results.total ${missing.total ?? '?'})`, rule: filterRule, exchange: missing.exchange });
      }
      const expected = [...made].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
      const after = await listCodesWith(ctx, promotion, { filter: `gt(code,${base})`, sort: 'code', 'page[limit]': made.length }, `code_filter_sort: gt(code,${base}) sorted by code`);
      const got = after.codes.map((code) => code.code);
      if (got.join('\n') !== expected.join('\n')) {
        const sorted = got.every((text, i) => i === 0 || (got[i - 1] as string).toLowerCase() <= text.toLowerCase());
        throw violation({
          summary: `filter=gt(code,${base})&sort=code&page[limit]=${made.length} listed ${texts(after.codes)}, expected ${expected.map((t) => JSON.stringify(t)).join(', ')}`,
          rule: sorted ? filterRule : sortRule,
          exchange: after.exchange,
        });
      }
      const descending = await listCodesWith(ctx, promotion, { filter: `gt(code,${base})`, sort: '-code' }, `code_filter_sort: gt(code,${base}) sorted by -code`);
      const down = descending.codes.map((code) => code.code.toLowerCase());
      if (!down.every((text, i) => i === 0 || (down[i - 1] as string) >= text)) {
        throw violation({ summary: `sort=-code listed ${texts(descending.codes.slice(0, 10))}, not in decreasing order of code`, rule: sortRule, exchange: descending.exchange });
      }
    });
  },
};

/**
 * The refusals the vendor documents for fields that do not go together on one code: a first-time
 * shopper code with each field of newShopperCodeRestrictions, includes_guests without max_uses,
 * and max_uses_per_shopper with each consume unit perShopperLimitConsumeUnits leaves out.
 */
function combinationCases(ctx: CheckContext): Array<{ name: string; codes: Array<Record<string, unknown>>; documented: DocumentedError; compareDetail: boolean }> {
  const c = contract(ctx);
  const sample = fieldSample(ctx);
  const newShopper = c.codes.newShopperRestrictions.value.map((field) => {
    const code = ctx.unique();
    // The detail names the code: newShopperCodeDetail with {code} filled in.
    return {
      name: `is_for_new_shopper with ${field}`,
      codes: [{ code, is_for_new_shopper: true, [field]: sample(field) }],
      documented: { ...c.problems.newShopperLimited, detail: c.codes.newShopperDetail.value.replace('{code}', code) },
      compareDetail: true,
    };
  });
  const unsupported = c.codes.consumeUnits.value.filter((unit) => !c.codes.perShopperLimitConsumeUnits.value.includes(unit));
  const perShopper = unsupported.map((unit) => ({
    name: `max_uses_per_shopper with ${unit}`,
    codes: [{ code: ctx.unique(), consume_unit: unit, max_uses_per_shopper: sample('max_uses_per_shopper') }],
    documented: c.problems.unsupportedConsumeUnit,
    compareDetail: true,
  }));
  return [
    ...newShopper,
    { name: 'includes_guests without max_uses', codes: [{ code: ctx.unique(), max_uses_per_shopper: { includes_guests: true } }], documented: c.problems.missingMaxUses, compareDetail: true },
    ...perShopper,
  ];
}

/**
 * A valid value of a field of a code to create, from its schema; an object with every property
 * it has (a `max_uses_per_shopper` that sets a limit, not an empty one).
 */
function fieldSample(ctx: CheckContext): (field: string) => unknown {
  const read = specReader(ctx.spec, 'the Elastic Path contract checks');
  const input = read.walk(read.requestSchema(contract(ctx).createCodes), 'data', 'codes', '[]');
  const resolve = (ref: string) => getByPointer(ctx.spec.document, ref);
  return (field) => {
    const schema = read.walk(input, field);
    const properties = schema.node.properties;
    if (!isObject(properties)) return sampleValue(schema.node, { resolve });
    return Object.fromEntries(Object.keys(properties).map((name) => [name, sampleValue(read.walk(schema, name).node, { resolve })]));
  };
}

export const codeCombinations: Check = {
  name: 'code_combinations',
  description:
    'a first-time shopper code with any field of newShopperCodeRestrictions is a 400 Invalid Code, includes_guests without max_uses a 400 missing_dependency, max_uses_per_shopper with a consume unit perShopperLimitConsumeUnits leaves out a 422 Unsupported consume unit (the documented bodies), and none of them creates the code',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const promotion = ctx.requireOwner();
    await withWorkspace(ctx, async (ws) => {
      for (const { name, codes, documented, compareDetail } of combinationCases(ctx)) {
        const texts = codes.map((code) => String(code.code));
        const exchange = await ctx.call('createPromotionCodes', { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes } } }, { note: `code_combinations: ${name}` });
        const status = exchange.response?.status;
        if (status !== undefined && status >= 200 && status < 300) ws.code(promotion, ...texts);
        const problem = documentedErrorProblem(exchange, compareDetail ? documented : { status: documented.status, title: documented.title });
        if (problem) {
          throw violation({ summary: `creating a code with ${name}: ${problem}`, rule: rule(ctx, documented.pointer, `${documented.status} "${documented.title}"`), exchange });
        }
      }
    });
  },
};
