/**
 * Semantic checks of `batchCreateDiscountCodes`: what a batch answers, all or nothing, the batch
 * size limit, and uniqueness when batches run at the same time.
 */
import {
  ContractViolation,
  expectSchema,
  expectStatus,
  specRule,
  successStatuses,
  ViolationList,
  type Check,
  type CheckContext,
  type Exchange,
  type SpecRule,
} from '../../src/contracts/index.js';
import type { OperationInfo } from '../../src/openapi/load.js';
import { batchCreate, codesOf, getOne, is2xx, listAll, lookup, oneLine, OwnCodes, type Listing } from './api.js';
import { expectRejected, ruleAt } from './judge.js';
import { codeProperty, errorWord, factsOf, OP, rejectStatus, successCodes, type DiscountCode, type DiscountCodeInput } from '../../src/vendors/shoplazza/facts.js';

const forBatch = (op: OperationInfo) => op.id === OP.batch;

/** `x-rules.atomic` of the batch: what a rejected batch leaves behind (nothing). */
export function atomicRule(ctx: CheckContext, op: OperationInfo): SpecRule {
  const status = rejectStatus(op);
  const word = errorWord(ctx.spec, op, status).word ?? '';
  const atomic = factsOf(ctx.spec).rules.batch.atomic;
  return specRule(
    ctx.spec,
    atomic.pointer,
    `x-rules.atomic: ${JSON.stringify(atomic.value)}: a code repeated in the request or already in the price rule fails the whole batch with ${status} ${word}; nothing of the batch is created`,
  );
}

/**
 * Fails for each of `texts` that exists after a batch that should have created none of them:
 * listed in the price rule, or found by lookup (each lookup must be the documented 404).
 */
async function expectNoneExist(
  ctx: CheckContext,
  violations: ViolationList,
  listing: Listing,
  texts: readonly string[],
  batch: Exchange,
  what: string,
  rule: SpecRule,
  lookups: readonly string[] = texts,
): Promise<void> {
  const listed = texts.flatMap((text) => listing.withText(text));
  if (listed.length > 0) {
    const first = listed[0] as (typeof listed)[number];
    violations.add(
      new ContractViolation({
        summary: `${what} was answered ${batch.response?.status ?? batch.error}, yet ${listed.length} of its ${texts.length} codes ${listed.length === 1 ? 'is' : 'are'} listed in the price rule afterwards: ${listed
          .slice(0, 5)
          .map((l) => `${l.code.code} (${l.code.id})`)
          .join(', ')}${listed.length > 5 ? ', ...' : ''}`,
        rule,
        exchange: first.page,
        details: [`the batch: ${oneLine(batch)}`],
      }),
    );
  }
  const lookupOp = ctx.spec.operation(OP.lookup);
  await Promise.all(
    lookups.map(async (text) => {
      const exchange = await lookup(ctx, text, `${what}: ${text} must not exist`);
      if (exchange.response?.status === 404) return;
      violations.add(
        new ContractViolation({
          summary: `${what} was answered ${batch.response?.status ?? batch.error}, yet looking up its code ${text} is answered ${exchange.response?.status ?? exchange.error}, not 404`,
          rule,
          exchange,
          details: [`the batch: ${oneLine(batch)}`, `lookup: ${ruleAt(ctx.spec, `${lookupOp.pointer}/responses/404`).says}`],
        }),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * A batch answers exactly what was sent: the same codes in request order, each with an id, the
 * price rule of the path, timestamps, `use_with_other` as sent (or its default), `usage_count` 0,
 * in the success envelope; and each returned id reads back as that code.
 */
export const batchExact: Check = {
  name: 'batch_exact',
  description: 'a batch create answers exactly the codes sent, in request order, with ids, the price rule, use_with_other as sent or its default, usage_count 0, in the success envelope',
  mutates: true,
  scope: 'operation',
  appliesTo: forBatch,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const uwo = factsOf(ctx.spec).useWithOther.value;
    // Four codes sent in an order that is neither their text order nor its reverse, so that a
    // server that sorts its answer is caught; use_with_other set to each allowed value and left out.
    const texts = own.freshMany(4);
    const order = [2, 0, 3, 1];
    const options = [uwo.values[uwo.values.length - 1], undefined, uwo.values[0], undefined];
    const sent: DiscountCodeInput[] = order.map((i, k) => {
      const input: DiscountCodeInput = { code: texts[i] as string };
      if (options[k] !== undefined) input.use_with_other = options[k];
      return input;
    });

    const exchange = await batchCreate(ctx, priceRule, sent, `batch_exact: ${sent.length} codes, out of text order, use_with_other given and left out`);
    expectStatus(exchange, successStatuses(op), ruleAt(ctx.spec, `${op.pointer}/responses/${successStatuses(op)[0] ?? 200}`), `a valid batch of ${sent.length} new codes`);

    const violations = new ViolationList();
    const envelopeViolation = checkEnvelope(ctx, op, exchange);
    if (envelopeViolation) violations.add(envelopeViolation);
    else await violations.attempt(() => expectSchema(ctx, exchange, op, 'the batch answer'));

    const got = codesOf(exchange);
    if (!got) violations.throwIfAny((n) => `${n} problems with the answer of a valid batch`);
    const returned = got ?? [];
    const orderRule = ruleAt(ctx.spec, `${op.pointer}/responses/${successStatuses(op)[0] ?? 200}`);
    const sentTexts = sent.map((s) => s.code);
    const gotTexts = returned.map((c) => c.code);
    const fail = (summary: string, rule: SpecRule, details?: string[]) => violations.add(new ContractViolation({ summary, rule, exchange, details }));

    if (JSON.stringify(sentTexts) !== JSON.stringify(gotTexts)) {
      const sameSet = [...sentTexts].sort().join('\n') === [...gotTexts].sort().join('\n');
      if (sameSet) {
        fail(`the codes came back in another order: sent ${sentTexts.join(', ')}; got ${gotTexts.join(', ')}`, orderRule);
      } else {
        const missing = sentTexts.filter((t) => !gotTexts.includes(t));
        const extra = gotTexts.filter((t) => !sentTexts.includes(t));
        fail(
          `the answer does not list the codes sent: sent ${sentTexts.join(', ')}; got ${gotTexts.map((t) => JSON.stringify(t)).join(', ') || 'none'}` +
            `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; not sent ${extra.map((t) => JSON.stringify(t)).join(', ')}` : ''}`,
          orderRule,
        );
      }
    }

    const priceRuleRule = specRule(ctx.spec, codeProperty(ctx.spec, 'price_rule_id'), `price_rule_id: the price rule of the request path (${priceRule})`);
    const uwoRule = specRule(ctx.spec, factsOf(ctx.spec).useWithOther.pointer, `use_with_other is returned as sent, ${uwo.default} when left out (default)`);
    const usageRule = specRule(ctx.spec, codeProperty(ctx.spec, 'usage_count'), 'usage_count: how many times the code has been used; 0 for a code just created');
    const timeRule = specRule(ctx.spec, codeProperty(ctx.spec, 'updated_at'), 'updated_at: when the code was last updated; not before created_at');
    const idRule = specRule(ctx.spec, codeProperty(ctx.spec, 'id'), 'id: each code its own id');

    for (const code of returned) {
      const input = sent.find((s) => s.code === code.code);
      if (!input) continue;
      if (code.price_rule_id !== priceRule) fail(`${code.code}: price_rule_id is ${JSON.stringify(code.price_rule_id)}, the batch was sent to ${priceRule}`, priceRuleRule);
      const expected = input.use_with_other ?? uwo.default;
      if (code.use_with_other !== expected) {
        fail(
          `${code.code}: use_with_other is ${JSON.stringify(code.use_with_other)}, sent ${input.use_with_other === undefined ? `none (default ${expected})` : expected}`,
          uwoRule,
        );
      }
      if (code.usage_count !== 0) fail(`${code.code}: usage_count of a new code is ${JSON.stringify(code.usage_count)}, not 0`, usageRule);
      const created = Date.parse(code.created_at);
      const updated = Date.parse(code.updated_at);
      if (!Number.isNaN(created) && !Number.isNaN(updated) && updated < created) {
        fail(`${code.code}: updated_at ${code.updated_at} is before created_at ${code.created_at}`, timeRule);
      }
    }
    const ids = returned.map((c) => c.id);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length > 0) fail(`ids are not distinct: ${[...new Set(repeated)].join(', ')} given to more than one code`, idRule);

    // Each id the answer gives must name the code it was given with.
    const getOp = ctx.spec.operation(OP.get);
    const readBack = specRule(ctx.spec, `${getOp.pointer}/description`, `getDiscountCode returns the code of that id: the code the batch answered with it`);
    await Promise.all(
      returned
        .filter((c) => typeof c.id === 'string' && !repeated.includes(c.id) && sentTexts.includes(c.code))
        .map(async (code) => {
          const back = await getOne(ctx, priceRule, code.id, `batch_exact: read back ${code.code}`);
          const stored = is2xx(back) ? (back.response?.body as { data?: { discount_code?: DiscountCode } } | undefined)?.data?.discount_code : undefined;
          if (!stored) {
            violations.add(new ContractViolation({ summary: `the batch answered ${code.code} with id ${code.id}, but that id cannot be read back: ${back.response?.status ?? back.error}`, rule: readBack, exchange: back }));
          } else if (stored.code !== code.code || stored.price_rule_id !== code.price_rule_id || stored.use_with_other !== code.use_with_other) {
            violations.add(
              new ContractViolation({
                summary: `the batch answered ${code.code} with id ${code.id}; that id reads back as ${JSON.stringify({ code: stored.code, price_rule_id: stored.price_rule_id, use_with_other: stored.use_with_other })}`,
                rule: readBack,
                exchange: back,
                details: [`the batch answered: ${JSON.stringify(code)}`],
              }),
            );
          }
        }),
    );
    violations.throwIfAny((n) => `${n} differences between the batch sent and its answer`);
  },
};

/** The success envelope: `code` one of SuccessCode's values, `message` a string, `data` an object. */
function checkEnvelope(ctx: CheckContext, op: OperationInfo, exchange: Exchange): ContractViolation | undefined {
  const allowed = successCodes(ctx.spec, op);
  const body = exchange.response?.body as { code?: unknown; message?: unknown; data?: unknown } | undefined;
  const rule = specRule(ctx.spec, allowed.pointer, `the success envelope: code ${allowed.value.map((v) => JSON.stringify(v)).join(' or ')}, a message, data`);
  const problems: string[] = [];
  if (typeof body !== 'object' || body === null) problems.push('the body is not a JSON object');
  else {
    if (typeof body.code !== 'string' || !allowed.value.includes(body.code)) problems.push(`code is ${JSON.stringify(body.code)}`);
    if (typeof body.message !== 'string') problems.push(`message is ${JSON.stringify(body.message) ?? 'missing'}`);
    if (typeof body.data !== 'object' || body.data === null) problems.push(`data is ${JSON.stringify(body.data) ?? 'missing'}`);
  }
  if (problems.length === 0) return undefined;
  return new ContractViolation({ summary: `the success envelope is wrong: ${problems.join('; ')}`, rule, exchange });
}

// ---------------------------------------------------------------------------------------------

/**
 * A batch with a code repeated inside it, and one with a code the price rule already has, are
 * each rejected whole (422 InvalidParameter naming the code) and leave nothing behind.
 */
export const batchAllOrNothing: Check = {
  name: 'batch_all_or_nothing',
  description: 'a batch with a repeated code, or a code the price rule has, is rejected whole (422 InvalidParameter naming it) and creates nothing',
  mutates: true,
  scope: 'operation',
  appliesTo: forBatch,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const rule = atomicRule(ctx, op);
    const violations = new ViolationList();

    // 1. The same code twice in one batch (none of the codes exists yet).
    const [a, b, c] = own.freshMany(3) as [string, string, string];
    const twice = await batchCreate(ctx, priceRule, [{ code: a }, { code: b }, { code: a }, { code: c }], `batch_all_or_nothing: ${a} twice in one batch`);
    await violations.attempt(() => expectRejected(ctx, op, twice, a, `a batch with ${a} twice`, rule));

    // 2. A code the price rule already has, between two new ones.
    const existing = own.fresh();
    const setup = await batchCreate(ctx, priceRule, [{ code: existing }], 'batch_all_or_nothing: a code for the price rule to have');
    await violations.attempt(() => expectStatus(setup, successStatuses(op), ruleAt(ctx.spec, `${op.pointer}/responses/${successStatuses(op)[0] ?? 200}`), `creating ${existing} alone`));
    const existingId = codesOf(setup)?.[0]?.id;
    const [f, g] = own.freshMany(2) as [string, string];
    const clash = existingId === undefined ? undefined : await batchCreate(ctx, priceRule, [{ code: f }, { code: existing }, { code: g }], `batch_all_or_nothing: ${existing} exists already`);
    if (clash) await violations.attempt(() => expectRejected(ctx, op, clash, existing, `a batch with ${existing}, which the price rule has`, rule));

    const listing = await listAll(ctx, priceRule, 'batch_all_or_nothing: what exists after the rejected batches');
    await expectNoneExist(ctx, violations, listing, [a, b, c], twice, `the batch with ${a} twice`, rule);
    if (clash) {
      await expectNoneExist(ctx, violations, listing, [f, g], clash, `the batch with the existing ${existing}`, rule);
      const kept = listing.withText(existing);
      if (kept.length !== 1 || kept[0]?.code.id !== existingId) {
        violations.add(
          new ContractViolation({
            summary: `after the rejected batch, ${existing} should be listed once as ${existingId}; listed ${kept.length === 0 ? 'not at all' : kept.map((k) => k.code.id).join(', ')}`,
            rule,
            exchange: listing.evidence(kept[0]?.code.id),
            details: [`the batch: ${oneLine(clash)}`],
          }),
        );
      }
    }
    violations.throwIfAny((n) => `${n} violations of all-or-nothing batch creation`);
  },
};

// ---------------------------------------------------------------------------------------------

/** maxItems codes in one batch are created; maxItems+1 are rejected whole, nothing created. */
export const batchLimit: Check = {
  name: 'batch_limit',
  description: 'a batch of maxItems codes is created; one of maxItems+1 is rejected whole and creates nothing',
  mutates: true,
  scope: 'operation',
  appliesTo: forBatch,
  async run(ctx, op) {
    if (!op) return;
    const max = factsOf(ctx.spec).batchMaxItems;
    if (!max) return ctx.skip('the spec gives discount_codes no maxItems');
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const status = rejectStatus(op);
    const word = errorWord(ctx.spec, op, status);
    const limitRule = specRule(ctx.spec, max.pointer, `maxItems: ${max.value}: at most ${max.value} codes per batch; more is ${status} ${word.word ?? ''}, and nothing of the batch is created`);
    const violations = new ViolationList();

    const over = own.freshMany(max.value + 1);
    const tooMany = await batchCreate(ctx, priceRule, over.map((code) => ({ code })), `batch_limit: ${over.length} new codes (maxItems+1)`);
    await violations.attempt(() => {
      expectStatus(tooMany, status, limitRule, `a batch of ${over.length} new codes (maxItems+1)`);
      const got = (tooMany.response?.body as { code?: unknown } | undefined)?.code;
      if (word.word !== undefined && got !== word.word) {
        throw new ContractViolation({
          summary: `a batch of ${over.length} codes: the ${status} carries code ${JSON.stringify(got)}, not ${word.word}`,
          rule: specRule(ctx.spec, word.pointer, `a ${status} of ${op.id} carries the error word ${word.word}`),
          exchange: tooMany,
        });
      }
    });

    const full = own.freshMany(max.value);
    const atLimit = await batchCreate(ctx, priceRule, full.map((code) => ({ code })), `batch_limit: ${full.length} new codes (maxItems)`);
    let accepted = false;
    await violations.attempt(() => {
      expectStatus(atLimit, successStatuses(op), limitRule, `a batch of ${full.length} new codes (maxItems)`);
      accepted = true;
      const count = codesOf(atLimit)?.length;
      if (count !== full.length) {
        throw new ContractViolation({ summary: `a batch of ${full.length} codes (maxItems) was accepted with ${count ?? 'no'} codes in the answer`, rule: limitRule, exchange: atLimit });
      }
    });

    const listing = await listAll(ctx, priceRule, 'batch_limit: what exists after both batches');
    const lookups = [over[0], over[over.length - 1]].filter((t): t is string => t !== undefined);
    await expectNoneExist(ctx, violations, listing, over, tooMany, `the batch of ${over.length} codes (maxItems+1)`, limitRule, lookups);
    if (accepted) {
      const notListed = full.filter((text) => listing.withText(text).length !== 1);
      if (notListed.length > 0) {
        violations.add(
          new ContractViolation({
            summary: `the accepted batch of ${full.length} codes: ${notListed.length} of them are not listed exactly once (${notListed.slice(0, 5).join(', ')}${notListed.length > 5 ? ', ...' : ''})`,
            rule: limitRule,
            exchange: listing.evidence(),
            details: [`the batch: ${oneLine(atLimit)}`],
          }),
        );
      }
    }
    violations.throwIfAny((n) => `${n} violations of the batch size limit (maxItems ${max.value})`);
  },
};

// ---------------------------------------------------------------------------------------------

/**
 * How many batches are sent at once. Not a spec limit: enough to overlap on any server, and no
 * more than the engine's default per-vendor request limit for Shoplazza (4), so all are in flight
 * together.
 */
export const PARALLEL = 4;
/** Distinct codes per batch besides the shared one (round 1), and per batch in round 2. */
const OWN_PER_BATCH = 2;
const DISTINCT_PER_BATCH = 3;

/**
 * Uniqueness and atomicity hold under concurrency: of PARALLEL batches sent at once that share
 * one new code, exactly one is created (whole), the others are rejected and create nothing; and
 * PARALLEL batches of distinct codes sent at once all land, each code listed once.
 */
export const parallelUniqueness: Check = {
  name: 'parallel_uniqueness',
  description: `of ${PARALLEL} concurrent batches sharing one new code exactly one is created and the others create nothing; ${PARALLEL} concurrent batches of distinct codes all land, each code listed once`,
  mutates: true,
  scope: 'operation',
  appliesTo: forBatch,
  async run(ctx, op) {
    if (!op) return;
    const priceRule = ctx.requireOwner();
    const own = new OwnCodes(ctx, priceRule);
    const status = rejectStatus(op);
    const { uniqueWithin, atomic } = factsOf(ctx.spec).rules.batch;
    const rule = specRule(
      ctx.spec,
      `${op.pointer}/x-rules`,
      `x-rules uniqueWithin: ${JSON.stringify(uniqueWithin.value)}, atomic: ${JSON.stringify(atomic.value)}, also for batches sent at the same time: one new code is created once, by one whole batch; the others are ${status} and create nothing`,
    );
    const violations = new ViolationList();

    // Round 1: every batch has the shared code between two codes of its own.
    const shared = own.fresh();
    const round1 = Array.from({ length: PARALLEL }, () => {
      const mine = own.freshMany(OWN_PER_BATCH);
      return [...mine.slice(0, 1), shared, ...mine.slice(1)];
    });
    const answers1 = await Promise.all(round1.map((texts, i) => batchCreate(ctx, priceRule, texts.map((code) => ({ code })), `parallel_uniqueness: batch ${i + 1} of ${PARALLEL}, all sharing ${shared}`)));
    const statuses1 = answers1.map((a, i) => `batch ${i + 1}: ${a.response?.status ?? a.error}`).join(', ');
    const winners = answers1.map((a, i) => ({ a, i })).filter(({ a }) => is2xx(a));
    if (winners.length !== 1) {
      violations.add(
        new ContractViolation({
          summary: `${winners.length} of ${PARALLEL} batches sent at once, all containing the new code ${shared}, were accepted; exactly 1 must be (${statuses1})`,
          rule,
          exchange: (winners[1] ?? winners[0])?.a ?? answers1[0],
          details: answers1.map((a, i) => `batch ${i + 1}: ${oneLine(a)}`),
        }),
      );
    }
    for (const [i, answer] of answers1.entries()) {
      if (is2xx(answer)) continue;
      await violations.attempt(() => expectRejected(ctx, op, answer, shared, `batch ${i + 1} of ${PARALLEL} (lost the race for ${shared})`, rule));
    }

    // Round 2: batches of distinct codes only.
    const round2 = Array.from({ length: PARALLEL }, () => own.freshMany(DISTINCT_PER_BATCH));
    const answers2 = await Promise.all(round2.map((texts, i) => batchCreate(ctx, priceRule, texts.map((code) => ({ code })), `parallel_uniqueness: batch ${i + 1} of ${PARALLEL} of distinct codes`)));
    const distinctRule = specRule(ctx.spec, `${op.pointer}/x-rules`, `batches of distinct new codes sent at the same time are all created (${successStatuses(op).join(' or ')}), every code once`);
    for (const [i, answer] of answers2.entries()) {
      await violations.attempt(() => {
        expectStatus(answer, successStatuses(op), distinctRule, `batch ${i + 1} of ${PARALLEL} sent at once, of distinct new codes`);
        const got = codesOf(answer)?.map((c) => c.code) ?? [];
        const sent = round2[i] ?? [];
        if (JSON.stringify(got) !== JSON.stringify(sent)) {
          throw new ContractViolation({ summary: `batch ${i + 1} of ${PARALLEL} sent at once: sent ${sent.join(', ')}, the answer lists ${got.join(', ') || 'none'}`, rule: distinctRule, exchange: answer });
        }
      });
    }

    const listing = await listAll(ctx, priceRule, 'parallel_uniqueness: what exists after both rounds');
    const sharedListed = listing.withText(shared);
    const winner = winners.length === 1 ? winners[0] : undefined;
    const winnerId = winner ? codesOf(winner.a)?.find((c) => c.code === shared)?.id : undefined;
    if (sharedListed.length !== 1 || (winnerId !== undefined && sharedListed[0]?.code.id !== winnerId)) {
      violations.add(
        new ContractViolation({
          summary: `after ${PARALLEL} batches sharing ${shared}, it is listed ${sharedListed.length} times (${sharedListed.map((l) => l.code.id).join(', ') || 'none'})${winnerId ? `; the accepted batch created it as ${winnerId}` : ''}`,
          rule,
          exchange: sharedListed[1]?.page ?? listing.evidence(sharedListed[0]?.code.id),
          details: [statuses1],
        }),
      );
    }
    for (const [i, texts] of round1.entries()) {
      const answer = answers1[i] as Exchange;
      const mine = texts.filter((t) => t !== shared);
      if (is2xx(answer)) {
        const missing = mine.filter((t) => listing.withText(t).length !== 1);
        if (missing.length > 0) {
          violations.add(
            new ContractViolation({
              summary: `batch ${i + 1} of ${PARALLEL} was accepted but its codes ${missing.join(', ')} are not listed exactly once`,
              rule,
              exchange: listing.evidence(),
              details: [`the batch: ${oneLine(answer)}`],
            }),
          );
        }
      } else {
        const left = mine.flatMap((t) => listing.withText(t));
        if (left.length > 0) {
          violations.add(
            new ContractViolation({
              summary: `batch ${i + 1} of ${PARALLEL} was rejected (${answer.response?.status ?? answer.error}), yet its codes ${left.map((l) => `${l.code.code} (${l.code.id})`).join(', ')} exist`,
              rule,
              exchange: left[0]?.page,
              details: [`the batch: ${oneLine(answer)}`],
            }),
          );
        }
      }
    }
    for (const [i, texts] of round2.entries()) {
      const counts = texts.map((t) => ({ t, n: listing.withText(t).length })).filter(({ n }) => n !== 1);
      if (counts.length === 0) continue;
      violations.add(
        new ContractViolation({
          summary: `batch ${i + 1} of ${PARALLEL} of distinct codes sent at once: ${counts.map(({ t, n }) => `${t} listed ${n} times`).join(', ')}; each must be listed once`,
          rule: distinctRule,
          exchange: listing.evidence(),
          details: [`the batch: ${oneLine(answers2[i] as Exchange)}`],
        }),
      );
    }
    const ours = new Set([...round1.flat(), ...round2.flat()]);
    const ids = listing.codes.filter((c) => ours.has(c.code)).map((c) => c.id);
    const sharedIds = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (sharedIds.length > 0) {
      violations.add(
        new ContractViolation({ summary: `codes created at the same time share ids: ${[...new Set(sharedIds)].join(', ')}`, rule: distinctRule, exchange: listing.evidence(sharedIds[0]) }),
      );
    }
    violations.throwIfAny((n) => `${n} violations of code uniqueness under concurrent batches`);
  },
};
