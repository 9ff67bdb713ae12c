/**
 * Semantic checks of single codes: the life of one code across create, list, get, lookup and
 * delete; and a code created twice.
 */
import { ContractViolation, expectStatus, specRule, successStatuses, ViolationList, type Check, type CheckContext, type Exchange, type SpecRule } from '../../src/contracts/index.js';
import type { OperationInfo } from '../../src/openapi/load.js';
import { batchCreate, codeOf, createOne, deleteOne, getOne, listAll, lookup, OwnCodes } from './api.js';
import { expectRejected, expectSuccess, ruleAt } from './judge.js';
import { specReader } from '../../src/openapi/reader.js';
import { factsOf, OP, rejectStatus, type DiscountCode, type Located } from '../../src/vendors/shoplazza/facts.js';

/** The fields a code keeps for its whole life (no operation changes them). */
const STABLE: ReadonlyArray<keyof DiscountCode> = ['id', 'code', 'price_rule_id', 'created_at', 'use_with_other'];

/** The stable fields in which `seen` differs from `expected`, as `field: got (expected)`. */
function differences(expected: DiscountCode, seen: DiscountCode | undefined): string[] {
  if (!seen) return ['no code in the answer'];
  return STABLE.filter((field) => seen[field] !== expected[field]).map((field) => `${field} ${JSON.stringify(seen[field])} (created as ${JSON.stringify(expected[field])})`);
}

function operationRule(ctx: CheckContext, op: OperationInfo, says: string): SpecRule {
  return specRule(ctx.spec, `${op.pointer}/description`, says);
}

/** The rule of a 404 the operation documents, in the spec's words. */
function notFoundRule(ctx: CheckContext, op: OperationInfo): SpecRule {
  return ruleAt(ctx.spec, specReader(ctx.spec, 'the Shoplazza contract checks').at(`${op.pointer}/responses/404`).pointer);
}

// ---------------------------------------------------------------------------------------------

/**
 * One code through its life: created, then list, get and lookup by code show the same code; once
 * deleted, get and lookup are 404, the list no longer shows it, and its text may be created again.
 */
export const codeLifecycle: Check = {
  name: 'code_lifecycle',
  description: 'a created code reads the same through list, get and lookup; once deleted, get and lookup are 404, list omits it, and its text can be created again',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const ops = {
      create: ctx.spec.operation(OP.create),
      list: ctx.spec.operation(OP.list),
      get: ctx.spec.operation(OP.get),
      remove: ctx.spec.operation(OP.remove),
      lookup: ctx.spec.operation(OP.lookup),
    };
    const text = own.fresh();
    const created = await createOne(ctx, priceRule, { code: text }, 'code_lifecycle: create the code');
    expectSuccess(ctx, created, ops.create, `creating ${text}`);
    const code = codeOf(created) as DiscountCode;
    const violations = new ViolationList();
    if (code.code !== text || code.price_rule_id !== priceRule) {
      violations.add(
        new ContractViolation({
          summary: `created ${text} in ${priceRule}; the answer says code ${JSON.stringify(code.code)} in ${JSON.stringify(code.price_rule_id)}`,
          rule: ruleAt(ctx.spec, `${ops.create.pointer}/responses/${successStatuses(ops.create)[0] ?? 200}`, `the created code: the code sent, in the price rule of the path`),
          exchange: created,
        }),
      );
    }

    // Alive: get, lookup and list agree with what create answered.
    const agree = (exchange: Exchange, seen: DiscountCode | undefined, how: string, rule: SpecRule) => {
      const diff = differences(code, seen);
      if (diff.length > 0) violations.add(new ContractViolation({ summary: `${how} ${text} (${code.id}) disagrees with create: ${diff.join('; ')}`, rule, exchange }));
    };
    const [got, found] = await Promise.all([getOne(ctx, priceRule, code.id, 'code_lifecycle: get the new code'), lookup(ctx, text, 'code_lifecycle: look up the new code')]);
    await violations.attempt(() => {
      expectSuccess(ctx, got, ops.get, `getting ${text} (${code.id}) after creating it`);
      agree(got, codeOf(got), 'get of', operationRule(ctx, ops.get, 'getDiscountCode returns the discount code of that id, as create answered it'));
    });
    await violations.attempt(() => {
      expectSuccess(ctx, found, ops.lookup, `looking up ${text} after creating it`);
      agree(found, codeOf(found), 'lookup of', operationRule(ctx, ops.lookup, 'lookupDiscountCode finds the discount code with that exact text, as create answered it'));
    });
    const listRule = operationRule(ctx, ops.list, 'listDiscountCodes lists every code of the price rule, each as create answered it');
    const before = await listAll(ctx, priceRule, 'code_lifecycle: list with the new code');
    const listed = before.withText(text);
    if (listed.length !== 1) {
      violations.add(new ContractViolation({ summary: `after creating ${text} (${code.id}) it is listed ${listed.length} times, not once`, rule: listRule, exchange: before.evidence(listed[1]?.code.id) }));
    } else {
      agree(listed[0]?.page as Exchange, listed[0]?.code, 'the list entry of', listRule);
    }

    // Deleted.
    const deleted = await deleteOne(ctx, priceRule, code.id, 'code_lifecycle: delete the code');
    expectSuccess(ctx, deleted, ops.remove, `deleting ${text} (${code.id})`);
    const [gone, lost] = await Promise.all([getOne(ctx, priceRule, code.id, 'code_lifecycle: get the deleted code'), lookup(ctx, text, 'code_lifecycle: look up the deleted code')]);
    await violations.attempt(() => expectStatus(gone, 404, notFoundRule(ctx, ops.get), `getting ${text} (${code.id}) after deleting it`));
    await violations.attempt(() => expectStatus(lost, 404, notFoundRule(ctx, ops.lookup), `looking up ${text} after deleting it`));
    const after = await listAll(ctx, priceRule, 'code_lifecycle: list without the deleted code');
    const still = after.withText(text);
    if (still.length > 0) {
      violations.add(
        new ContractViolation({
          summary: `after deleting ${text} (${code.id}) it is still listed (${still.map((s) => s.code.id).join(', ')})`,
          rule: operationRule(ctx, ops.remove, 'deleteDiscountCode deletes the code: the list no longer shows it'),
          exchange: still[0]?.page,
          details: [`the delete: ${deleted.request.method} ${deleted.request.url} -> ${deleted.response?.status}`],
        }),
      );
    }

    // Its text is free again.
    const again = await createOne(ctx, priceRule, { code: text }, 'code_lifecycle: create the deleted text again');
    await violations.attempt(() =>
      expectStatus(again, successStatuses(ops.create), operationRule(ctx, ops.remove, 'Deletes the discount code; its text may then be used again in the price rule'), `creating ${text} again after deleting it`),
    );
    violations.throwIfAny((n) => `${n} violations in the life of one code`);
  },
};

/** How far apart in time the codes of list_order are made: `created_at` is written in whole seconds. */
const CREATED_APART_MS = 1000;

/**
 * The list's order, `x-rules orderBy` / `orderDirection`: codes made one after another (a second
 * apart on the target's clock, so their `created_at` differ) are listed in that order, and the
 * whole listing keeps it.
 */
export const listOrder: Check = {
  name: 'list_order',
  description: 'listDiscountCodes lists the codes in the order x-rules orderBy and orderDirection say (created_at, oldest first): codes made one after another come in that order',
  mutates: true,
  scope: 'operation',
  appliesTo: (op) => op.id === OP.list,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const { orderBy, orderDirection } = factsOf(ctx.spec).rules.list;
    const field = orderBy.value;
    const ascending = orderDirection.value === 'asc';
    const rule = specRule(ctx.spec, `${op.pointer}/x-rules`, `orderBy: ${field}, orderDirection: ${orderDirection.value}: the list is sorted by ${field}, ${ascending ? 'oldest' : 'newest'} first`);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await ctx.clock.wait(CREATED_APART_MS);
      const text = own.fresh();
      expectSuccess(ctx, await createOne(ctx, priceRule, { code: text }, `list_order: code ${i + 1} of 3`), ctx.spec.operation(OP.create), `creating ${text}`);
      made.push(text);
    }
    const listing = await listAll(ctx, priceRule, 'list_order: the codes in the list');
    const positions = made.map((text) => listing.codes.findIndex((code) => code.code === text));
    const expected = ascending ? [...positions].sort((a, b) => a - b) : [...positions].sort((a, b) => b - a);
    if (positions.some((p) => p < 0) || positions.some((p, i) => p !== expected[i])) {
      throw new ContractViolation({
        summary: `codes made in the order ${made.join(', ')} are listed at positions ${positions.join(', ')}${positions.some((p) => p < 0) ? ' (-1: not listed)' : ''}`,
        rule,
        exchange: listing.evidence(),
      });
    }
    const values = listing.codes.map((code) => String(code[field] ?? ''));
    const out = values.findIndex((value, i) => i > 0 && (ascending ? value < (values[i - 1] as string) : value > (values[i - 1] as string)));
    if (out > 0) {
      throw new ContractViolation({ summary: `the listing is not sorted by ${String(field)}: ${values[out - 1]} comes before ${values[out]}`, rule, exchange: listing.evidence(listing.codes[out]?.id) });
    }
  },
};

/**
 * Codes are unique per price rule only: the same text in two price rules is looked up as the one
 * `x-rules onMultipleMatches` names (the oldest). Needs a second price rule: our mock names its
 * seeded ones; elsewhere the run knows only its own.
 */
export const lookupOldest: Check = {
  name: 'lookup_oldest',
  description: 'the same code in two price rules is looked up as x-rules onMultipleMatches says (the oldest), whichever price rule it is in',
  mutates: true,
  scope: 'operation',
  appliesTo: (op) => op.id === OP.lookup,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const other = ctx.target.mockOwners.map((o) => o.id).find((id) => id !== priceRule);
    if (other === undefined) return ctx.skip('needs a second price rule; only the coupon-contracts mock names one (GET /__mock/)');
    const onMultipleMatches = factsOf(ctx.spec).rules.lookup.onMultipleMatches;
    const preference = onMultipleMatches.value;
    const rule = specRule(ctx.spec, onMultipleMatches.pointer, `onMultipleMatches: ${preference}: of the codes with that text in several price rules, the ${preference} is returned`);
    const text = new OwnCodes(ctx, other).fresh();
    new OwnCodes(ctx, priceRule).also(text);
    // Made a second apart on the target's clock, so that which is older is beyond doubt.
    const made: DiscountCode[] = [];
    for (const [index, where] of [other, priceRule].entries()) {
      if (index > 0) await ctx.clock.wait(CREATED_APART_MS);
      const exchange = await createOne(ctx, where, { code: text }, `lookup_oldest: ${text} in price rule ${where}`);
      expectSuccess(ctx, exchange, ctx.spec.operation(OP.create), `creating ${text} in price rule ${where}`);
      made.push(codeOf(exchange) as DiscountCode);
    }
    const wanted = preference === 'newest' ? made[1] : made[0];
    const found = await lookup(ctx, text, `lookup_oldest: ${text}, in price rules ${other} and ${priceRule}`);
    expectSuccess(ctx, found, op, `looking up ${text}`);
    const got = codeOf(found);
    if (got?.id !== wanted?.id || got?.price_rule_id !== wanted?.price_rule_id) {
      throw new ContractViolation({
        summary: `looking up ${text}, made first in price rule ${other} (${made[0]?.id}) then in ${priceRule} (${made[1]?.id}): got ${got?.id ?? 'no code'} of price rule ${got?.price_rule_id ?? '?'}, expected the ${preference}, ${wanted?.id} of ${wanted?.price_rule_id}`,
        rule,
        exchange: found,
      });
    }
  },
};

// ---------------------------------------------------------------------------------------------

/** Creating a code the price rule already has is 422 InvalidParameter naming it; the first stays as it was. */
export const duplicateCode: Check = {
  name: 'duplicate_code',
  description:
    'creating a code the price rule already has is 422 InvalidParameter naming it, and the first code stays as it was (also for lookup); a code differing only in case, by create and by batch, and a lookup of a text differing only in case, follow the x-rules caseInsensitive of each operation',
  mutates: true,
  scope: 'operation',
  appliesTo: (op) => op.id === OP.create,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const facts = factsOf(ctx.spec);
    const uwo = facts.useWithOther.value;
    // Two letters after the run prefix, so that two other texts differ from it only in case.
    const text = own.also(`${own.fresh()}xy`);
    // The first with a use_with_other other than the default, the second without: an upsert shows.
    const firstValue = uwo.values.find((v) => v !== uwo.default) ?? uwo.values[0];
    const firstInput = firstValue === undefined ? { code: text } : { code: text, use_with_other: firstValue };
    const firstExchange = await createOne(ctx, priceRule, firstInput, 'duplicate_code: the first code');
    expectSuccess(ctx, firstExchange, op, `creating ${text}`);
    const first = codeOf(firstExchange) as DiscountCode;

    const status = rejectStatus(op);
    const { uniqueWithin, caseInsensitive } = facts.rules.create;
    const rule = specRule(
      ctx.spec,
      uniqueWithin.pointer,
      `x-rules.uniqueWithin: ${JSON.stringify(uniqueWithin.value)} (caseInsensitive: ${JSON.stringify(caseInsensitive.value)}): a code that already exists in the price rule is ${status}, and nothing changes`,
    );
    const violations = new ViolationList();
    const second = await createOne(ctx, priceRule, { code: text }, `duplicate_code: ${text} again`);
    await violations.attempt(() => expectRejected(ctx, op, second, text, `creating ${text} a second time`, rule));

    // Codes differing from it only in case, by create and by batch: each operation's x-rules
    // caseInsensitive says whether that is the same code (refused) or another one (created).
    const batchOp = ctx.spec.operation(OP.batch);
    const variants: Array<[OperationInfo, Located<boolean>, string]> = [
      [op, caseInsensitive, own.also(`${text.slice(0, -2)}Xy`)],
      [batchOp, facts.rules.batch.caseInsensitive, own.also(`${text.slice(0, -2)}xY`)],
    ];
    for (const [caseOp, caseFact, variant] of variants) {
      const insensitive = caseFact.value;
      const caseRule = specRule(
        ctx.spec,
        caseFact.pointer,
        `x-rules.caseInsensitive: ${JSON.stringify(insensitive)}: ${insensitive ? 'codes differing only in case are the same code, refused' : 'codes differing only in case are different codes, both created'}`,
      );
      const what = `${caseOp.id} ${variant}, differing from ${text} only in case`;
      const exchange = caseOp === op ? await createOne(ctx, priceRule, { code: variant }, `duplicate_code: ${variant}`) : await batchCreate(ctx, priceRule, [{ code: variant }], `duplicate_code: ${variant}`);
      await violations.attempt(() => {
        if (insensitive) expectRejected(ctx, caseOp, exchange, variant, what, caseRule);
        else expectStatus(exchange, successStatuses(caseOp), caseRule, what);
      });
    }

    // Lookup of a text no code has, differing from the first code only in case: lookup's own
    // x-rules caseInsensitive says whether that finds the code (case ignored) or nothing (404).
    const lookupCase = facts.rules.lookup.caseInsensitive;
    const unseen = `${text.slice(0, -2)}XY`;
    const lookupCaseRule = specRule(
      ctx.spec,
      lookupCase.pointer,
      `x-rules.caseInsensitive: ${JSON.stringify(lookupCase.value)}: ${lookupCase.value ? 'lookup ignores case, a text differing only in case finds the code' : 'lookup matches the exact text, a text differing only in case is not found'}`,
    );
    const byVariant = await lookup(ctx, unseen, `duplicate_code: look up ${unseen}`);
    await violations.attempt(() => {
      const what = `lookupDiscountCode ${unseen}, differing from ${text} only in case`;
      if (!lookupCase.value) {
        expectStatus(byVariant, 404, lookupCaseRule, what);
        return;
      }
      expectStatus(byVariant, successStatuses(facts.ops.lookup), lookupCaseRule, what);
      const found = codeOf(byVariant)?.code;
      if (found?.toLowerCase() !== text.toLowerCase()) {
        throw new ContractViolation({ summary: `${what}: found ${JSON.stringify(found)}, not a code equal to ${text} ignoring case`, rule: lookupCaseRule, exchange: byVariant });
      }
    });

    const ops = { get: ctx.spec.operation(OP.get), lookup: ctx.spec.operation(OP.lookup) };
    const detail = `the second create: ${second.request.method} ${second.request.url} -> ${second.response?.status ?? second.error}`;
    const [got, found] = await Promise.all([getOne(ctx, priceRule, first.id, 'duplicate_code: the first code is intact'), lookup(ctx, text, 'duplicate_code: lookup finds the first code')]);
    for (const [exchange, what, readOp] of [
      [got, `getting the first ${text} (${first.id})`, ops.get],
      [found, `looking up ${text}`, ops.lookup],
    ] as const) {
      await violations.attempt(() => {
        expectStatus(exchange, successStatuses(readOp), rule, `${what} after the rejected duplicate`);
        const diff = differences(first, codeOf(exchange));
        if (diff.length > 0) {
          throw new ContractViolation({ summary: `${what} after the rejected duplicate: ${diff.join('; ')}`, rule, exchange, details: [detail] });
        }
      });
    }
    const listing = await listAll(ctx, priceRule, 'duplicate_code: the code is listed once');
    const listed = listing.withText(text);
    if (listed.length !== 1 || listed[0]?.code.id !== first.id) {
      violations.add(
        new ContractViolation({
          summary: `after the rejected duplicate, ${text} should be listed once as ${first.id}; listed ${listed.length === 0 ? 'not at all' : listed.map((l) => l.code.id).join(', ')}`,
          rule,
          exchange: listing.evidence(listed[1]?.code.id ?? listed[0]?.code.id),
          details: [detail],
        }),
      );
    }
    violations.throwIfAny((n) => `${n} violations of code uniqueness on create`);
  },
};
