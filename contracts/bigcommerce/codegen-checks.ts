/**
 * Rules of generateCouponCodes a schema cannot say: the batch (count, uniqueness, layout,
 * defaults), the total length limit, BULK promotions only, and uniqueness under concurrent
 * requests.
 */
import { randomInt } from 'node:crypto';
import {
  ContractViolation,
  expectSchema,
  expectStatus,
  fillPath,
  responsesRule,
  successStatuses,
  ViolationList,
  type Check,
  type CheckContext,
  type Exchange,
  type MockOwner,
} from '../../src/contracts/index.js';
import {
  contract,
  createCode,
  dataOf,
  generate,
  generatedOf,
  listAll,
  plural,
  ruleAt,
  some,
  tally,
  violation,
  withWorkspace,
  type Generated,
} from './api.js';
import { allowedOf, filler, headAndTail, layoutViolations, shapeOf } from './judge.js';
import type { BigCommerceFacts } from '../../src/vendors/bigcommerce/facts.js';

const forCodegen = { scope: 'operation' as const, appliesTo: (op: { id: string }) => op.id === 'generateCouponCodes' };

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** The rule "codes has batch_size entries". */
function batchRule(ctx: CheckContext, c: BigCommerceFacts) {
  return ruleAt(ctx.spec, c.codegenBody.batchSize, `batch_size (${c.codegenBody.batchSize.value.minimum}..${c.codegenBody.batchSize.value.maximum}): how many codes are generated; the 201 answer's codes has batch_size entries`);
}

function uniqueRule(ctx: CheckContext, c: BigCommerceFacts) {
  return ruleAt(ctx.spec, c.codegenRules.uniqueWithin, `uniqueWithin: ${c.codegenRules.uniqueWithin.value}: generated codes are unique within the promotion, among themselves and with the codes it already has`);
}

/**
 * The answer to one codegen request against what was asked: 201, `batch_size` codes (and
 * `data.batch_size`), the uses sent or their defaults, no code twice, every code in the layout.
 */
function inspectAnswer(ctx: CheckContext, found: ViolationList, label: string, body: Record<string, unknown>, exchange: Exchange): Generated | undefined {
  const c = contract(ctx);
  let generated: Generated | undefined;
  try {
    expectStatus(exchange, successStatuses(c.codegen), responsesRule(ctx.spec, c.codegen), label);
    generated = generatedOf(ctx, exchange, label);
  } catch (error) {
    if (!(error instanceof ContractViolation)) throw error;
    found.add(error);
    return undefined;
  }
  const asked = body.batch_size as number;
  if (generated.codes.length !== asked || generated.batch_size !== asked) {
    found.add(
      violation({
        summary: `${label}: asked for batch_size ${asked}, got ${plural(generated.codes.length, 'code')} (data.batch_size ${JSON.stringify(generated.batch_size)})`,
        rule: batchRule(ctx, c),
        exchange,
      }),
    );
  }
  for (const [field, located] of [
    ['max_uses', c.codegenBody.maxUses],
    ['max_uses_per_customer', c.codegenBody.maxUsesPerCustomer],
  ] as const) {
    const sent = body[field];
    const expected = sent === undefined ? located.value.default : sent;
    const got = (generated as unknown as Record<string, unknown>)[field];
    if (got !== expected) {
      found.add(
        violation({
          summary: `${label}: data.${field} is ${JSON.stringify(got)}, expected ${expected} (${sent === undefined ? 'left out: the default' : 'as sent'})`,
          rule: sent === undefined ? ruleAt(ctx.spec, `${located.pointer}/default`, `${field} defaults to ${located.value.default}`) : ruleAt(ctx.spec, c.generatedUses, `data.${field}: the ${field} of each generated code`),
          exchange,
        }),
      );
    }
  }
  const twice = [...tally(generated.codes)].filter(([, n]) => n > 1).map(([code, n]) => `${code} (${n} times)`);
  if (twice.length > 0) {
    found.add(violation({ summary: `${label}: ${plural(twice.length, 'code')} ${twice.length === 1 ? 'appears' : 'appear'} more than once in one answer: ${some(twice)}`, rule: uniqueRule(ctx, c), exchange }));
  }
  for (const v of layoutViolations(ctx, c, label, exchange, shapeOf(c, body), generated.codes)) found.add(v);
  return generated;
}

export const codegenBatch: Check = {
  name: 'codegen_batch',
  description:
    'generated codes: exactly batch_size, all distinct and distinct from existing codes, random part of code_length from randomAlphabet without exclude_characters, prefix/delimiter/suffix in place, defaults applied, all listed afterwards',
  mutates: true,
  ...forCodegen,
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const prefix = ctx.target.runPrefix;
    const alphabet = c.codegenRules.alphabet.value;
    const b = c.codegenBody;
    // Every second character excluded (at most what the spec allows): a server that ignores the list
    // draws some of them among hundreds of characters.
    const excluded = [...alphabet].filter((_, i) => i % 2 === 0).slice(0, b.exclude.value.maxItems);
    const allowed = allowedOf(c, excluded);
    const [first, ...others] = b.delimiters.value as [string, ...string[]];
    const last = others[others.length - 1] ?? first;
    // A suffix of excluded characters: the exclusion applies to the random part only.
    const suffix = excluded.filter((ch) => b.suffix.value.pattern.test(ch)).slice(0, Math.min(2, b.suffix.value.maxLength)).join('');
    const small = typeof b.minimal.batch_size === 'number' ? b.minimal.batch_size : b.batchSize.value.minimum;
    const requests: Array<{ label: string; body: Record<string, unknown> }> = [
      {
        label: 'every option',
        body: {
          batch_size: b.batchSize.value.maximum,
          max_uses: b.maxUses.value.maximum,
          max_uses_per_customer: b.maxUsesPerCustomer.value.minimum,
          prefix,
          suffix,
          delimiter: first,
          exclude_characters: excluded,
          code_length: b.codeLength.value.minimum,
        },
      },
      { label: 'options left out (defaults)', body: { ...b.minimal, prefix } },
      { label: 'empty prefix, suffix and delimiter', body: { batch_size: small, prefix: '', suffix: prefix, delimiter: last } },
      // delimiterRequiresAffix on one side only: after the prefix, not after the random part.
      { label: 'a prefix, a delimiter and no suffix', body: { batch_size: small, prefix, delimiter: last } },
      // delimiterRequiresAffix with no affix at all: the delimiter goes on neither side.
      { label: 'a delimiter and neither prefix nor suffix', body: { batch_size: small, delimiter: first } },
    ];
    const full = requests[0]?.body as Record<string, unknown>;

    await withWorkspace(ctx, async (ws) => {
      const found = new ViolationList();
      // A code made by hand in the shape the first request asks for: generated codes must differ from it.
      const { head, tail } = headAndTail(c, shapeOf(c, full));
      const hand = `${head}${randomFrom(allowed, full.code_length as number)}${tail}`;
      const made = await createCode(ctx, promotion, { code: hand }, 'codegen_batch: a hand-made code shaped like the generated ones');
      expectStatus(made, successStatuses(c.create), responsesRule(ctx.spec, c.create), 'creating a hand-made code before generating');
      const handId = (dataOf(made) as { id?: unknown } | undefined)?.id;
      ws.created(promotion, hand, typeof handId === 'number' ? handId : undefined);

      const answers: Array<{ label: string; exchange: Exchange; generated: Generated }> = [];
      for (const { label, body } of requests) {
        const exchange = await generate(ctx, promotion, body, `codegen_batch: ${label}`);
        const generated = inspectAnswer(ctx, found, label, body, exchange);
        if (!generated) continue;
        for (const code of generated.codes) ws.created(promotion, code);
        answers.push({ label, exchange, generated });
      }

      // Across answers, and against the hand-made code.
      const seen = new Map<string, string>();
      for (const { label, exchange, generated } of answers) {
        const clashes: string[] = [];
        for (const code of new Set(generated.codes)) {
          if (code === hand) clashes.push(`${code} (the hand-made code that was already in the promotion)`);
          else if (seen.has(code)) clashes.push(`${code} (also in the answer to "${seen.get(code)}")`);
          else seen.set(code, label);
        }
        if (clashes.length > 0) {
          found.add(violation({ summary: `${label}: ${plural(clashes.length, 'generated code')} the promotion already had: ${some(clashes)}`, rule: uniqueRule(ctx, c), exchange }));
        }
      }

      // Afterwards the promotion lists the hand-made code and every generated one, once each, with the answer's uses.
      const rows = await listAll(ctx, promotion, 'codegen_batch: the codes afterwards');
      ws.learn(promotion, rows);
      const counts = tally(rows.map((r) => r.code));
      const listedRule = ruleAt(ctx.spec, `${c.codegen.pointer}/responses/201`, 'a 201 answer: the codes were generated (from then on codes of the promotion), unique within it');
      const lastList = ctx.observe.forOperation(c.list.id).at(-1);
      if ((counts.get(hand) ?? 0) !== 1) {
        found.add(
          violation({
            summary: `the hand-made code ${hand} is listed ${plural(counts.get(hand) ?? 0, 'time')} after generating (expected once: generating keeps the codes a promotion has)`,
            rule: uniqueRule(ctx, c),
            exchange: lastList,
          }),
        );
      }
      for (const { label, exchange, generated } of answers) {
        // A generated code equal to the hand-made one is reported above.
        const own = [...new Set(generated.codes)].filter((code) => code !== hand);
        const wrong = own.filter((code) => counts.get(code) !== 1).map((code) => `${code} (listed ${plural(counts.get(code) ?? 0, 'time')})`);
        if (wrong.length > 0) {
          found.add(violation({ summary: `${label}: ${plural(wrong.length, 'generated code')} not listed exactly once afterwards: ${some(wrong)}`, rule: listedRule, exchange }));
        }
        const texts = new Set(own);
        const uses = rows
          .filter((r) => texts.has(r.code))
          .filter((r) => r.max_uses !== generated.max_uses || r.max_uses_per_customer !== generated.max_uses_per_customer || r.current_uses !== 0)
          .map((r) => `${r.code}: max_uses ${JSON.stringify(r.max_uses)}, max_uses_per_customer ${JSON.stringify(r.max_uses_per_customer)}, current_uses ${JSON.stringify(r.current_uses)}`);
        if (uses.length > 0) {
          found.add(
            violation({
              summary: `${label}: ${plural(uses.length, 'generated code')} listed without the answer's max_uses ${JSON.stringify(generated.max_uses)} / max_uses_per_customer ${JSON.stringify(generated.max_uses_per_customer)} and current_uses 0: ${some(uses, 3)}`,
              rule: ruleAt(ctx.spec, c.generatedUses, 'data.max_uses / max_uses_per_customer: the uses of each generated code'),
              exchange: lastList,
            }),
          );
        }
      }
      found.throwIfAny((n) => `${n} codegen rules broken over ${requests.length} requests`);
    });
  },
};

/**
 * A prefix, suffix and code_length whose whole code (with both delimiters) is `total`
 * characters, the prefix starting with the run prefix; undefined when the schema's limits cannot
 * make it.
 */
function planLength(c: BigCommerceFacts, runPrefix: string, total: number, delimiter: string): { prefix: string; suffix: string; codeLength: number } | undefined {
  const b = c.codegenBody;
  const fill = [...c.codegenRules.alphabet.value].filter((ch) => b.prefix.value.pattern.test(ch) && b.suffix.value.pattern.test(ch)).join('');
  if (fill === '') return undefined;
  for (let codeLength = b.codeLength.value.maximum; codeLength >= b.codeLength.value.minimum; codeLength--) {
    const affixes = total - codeLength - 2 * delimiter.length;
    const prefixLength = Math.min(b.prefix.value.maxLength, affixes - 1);
    const suffixLength = affixes - prefixLength;
    if (prefixLength < runPrefix.length || suffixLength < 1 || suffixLength > b.suffix.value.maxLength) continue;
    return { prefix: runPrefix + filler(fill, prefixLength - runPrefix.length), suffix: filler(fill, suffixLength, 7), codeLength };
  }
  return undefined;
}

export const codegenLimits: Check = {
  name: 'codegen_limits',
  description: 'a request whose prefix, suffix, delimiters and code_length make codes longer than maxCodeLength is answered 422 in the documented shape; exactly maxCodeLength is generated',
  mutates: true,
  ...forCodegen,
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const max = c.codegenRules.maxCodeLength.value;
    const delimiter = c.codegenBody.delimiters.value[0] as string;
    const over = planLength(c, ctx.target.runPrefix, max + 1, delimiter);
    const exact = planLength(c, ctx.target.runPrefix, max, delimiter);
    if (!over && !exact) ctx.skip(`the schema's limits of prefix, suffix and code_length cannot make a code of ${max} characters`);
    const lengthRule = ruleAt(ctx.spec, c.codegenRules.maxCodeLength, `maxCodeLength: ${max}: code_length + prefix and its delimiter + suffix and its delimiter over ${max} is answered 422`);

    await withWorkspace(ctx, async (ws) => {
      const found = new ViolationList();
      const track = (exchange: Exchange) => {
        const codes = (dataOf(exchange) as { codes?: Array<{ code?: unknown }> } | undefined)?.codes;
        if (Array.isArray(codes)) for (const entry of codes) if (typeof entry?.code === 'string') ws.created(promotion, entry.code);
      };
      if (over) {
        const body = { batch_size: 1, prefix: over.prefix, suffix: over.suffix, delimiter, code_length: over.codeLength };
        const exchange = await generate(ctx, promotion, body, `codegen_limits: codes of ${max + 1} characters`);
        track(exchange);
        await found.attempt(() => {
          expectStatus(exchange, 422, lengthRule, `prefix ${over.prefix.length} + 2 delimiters + code_length ${over.codeLength} + suffix ${over.suffix.length} = ${max + 1} characters`);
          expectSchema(ctx, exchange, c.codegen, `the 422 for codes over ${max} characters`);
        });
      }
      if (exact) {
        const body = { batch_size: 1, prefix: exact.prefix, suffix: exact.suffix, delimiter, code_length: exact.codeLength };
        const label = `codes of exactly ${max} characters`;
        const exchange = await generate(ctx, promotion, body, `codegen_limits: ${label}`);
        track(exchange);
        const generated = inspectAnswer(ctx, found, label, body, exchange);
        const wrong = generated?.codes.filter((code) => code.length !== max) ?? [];
        if (wrong.length > 0) found.add(violation({ summary: `${label}: got ${some(wrong)} (${wrong.map((w) => w.length).join(', ')} characters)`, rule: lengthRule, exchange }));
      }
      found.throwIfAny((n) => `${n} violations of the total length rule`);
    });
  },
};

/** Promotions of the mock (from `GET /__mock/`) that are not of the coupon type codegen requires. */
function otherPromotions(ctx: CheckContext, required: string): MockOwner[] {
  return ctx.target.mockOwners.filter((o) => o.id !== ctx.target.ownerId && !o.kind.toUpperCase().split(/\s+/).includes(required.toUpperCase()));
}

/** How many promotions of other types are tried. */
const MAX_OTHERS = 3;

export const codegenBulkOnly: Check = {
  name: 'codegen_bulk_only',
  description: 'codegen on a promotion that is not a BULK coupon promotion is answered 405 in the documented shape',
  mutates: true,
  ...forCodegen,
  async run(ctx) {
    const c = contract(ctx);
    const required = c.codegenRules.requiresPromotionType.value;
    if (!ctx.target.isMock) {
      ctx.skip(`needs a promotion whose coupon type is not ${required}; only the coupon-contracts mock names one (GET /__mock/), and --promotion names the ${required} one`);
    }
    const others = otherPromotions(ctx, required).slice(0, MAX_OTHERS);
    if (others.length === 0) ctx.skip(`the mock lists no promotion whose coupon type is not ${required}`);
    const rule = ruleAt(ctx.spec, c.codegenRules.requiresPromotionType, `requiresPromotionType: ${required}: codegen on a promotion that is not a coupon promotion of coupon type ${required} is answered 405`);

    await withWorkspace(ctx, async (ws) => {
      const found = new ViolationList();
      for (const other of others) {
        const body = { ...c.codegenBody.minimal, batch_size: 1, prefix: ctx.target.runPrefix };
        const exchange = await generate(ctx, other.id, body, `codegen_bulk_only: promotion ${other.id} (${other.kind})`);
        const codes = (dataOf(exchange) as { codes?: Array<{ code?: unknown }> } | undefined)?.codes;
        if (Array.isArray(codes)) for (const entry of codes) if (typeof entry?.code === 'string') ws.created(other.id, entry.code);
        await found.attempt(() => {
          expectStatus(exchange, 405, rule, `codegen on promotion ${other.id} (${other.kind})`);
          expectSchema(ctx, exchange, c.codegen, `the 405 for promotion ${other.id}`);
        });
      }
      found.throwIfAny((n) => `${n} of ${plural(others.length, 'promotion')} that are not ${required} were not answered 405 as documented`);
    });
  },
};

/** The longest wait for one 429, and how many are waited out per request. */
const MAX_WAIT_MS = 5000;
const MAX_RETRIES = 3;
/** The code space is made at least this many times the number of codes asked for. */
const SPACE_FACTOR = 100;

export const parallelUniqueness: Check = {
  name: 'parallel_uniqueness',
  description:
    'x-concurrency-limit concurrent codegen requests on one promotion give only distinct codes, each listed once afterwards; a 429 carries the documented X-Rate-Limit headers, never a 5xx',
  mutates: true,
  ...forCodegen,
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const limit = c.codegenRules.concurrency;
    if (!limit) return ctx.skip(`${c.codegen.id} documents no x-concurrency-limit`);
    const n = limit.value;
    const b = c.codegenBody;
    const batch = b.batchSize.value.maximum;
    const length = b.codeLength.value.minimum;
    const alphabet = c.codegenRules.alphabet.value;
    // A small code space (still SPACE_FACTOR times what is asked), so that answers that are not
    // made unique across concurrent requests would clash.
    let keep = 1;
    while (keep < alphabet.length && keep ** length < SPACE_FACTOR * n * batch) keep++;
    keep = Math.max(keep, alphabet.length - b.exclude.value.maxItems);
    const excluded = [...alphabet].slice(keep);
    const delimiter = b.delimiters.value[0] as string;
    const body = { batch_size: batch, prefix: ctx.target.runPrefix, delimiter, code_length: length, exclude_characters: excluded };
    const headersRule = ruleAt(ctx.spec, c.rateLimit, `a 429 carries ${c.rateLimit.value.join(', ')}`);
    const statusRule = responsesRule(ctx.spec, c.codegen);

    const path = fillPath(c.codegen.path, { promotion_id: promotion });

    await withWorkspace(ctx, async (ws) => {
      const found = new ViolationList();
      const answers: Array<{ index: number; exchange: Exchange; codes: string[] }> = [];
      let limited = 0;
      // All n requests go out together, past --concurrency; the ones answered 429 go out together
      // again once the longest asked wait is over, at most MAX_RETRIES times.
      let pending = Array.from({ length: n }, (_, index) => index);
      for (let attempt = 0; attempt <= MAX_RETRIES && pending.length > 0; attempt++) {
        const exchanges = await ctx.http.sendTogether(
          pending.map((index) => {
            const note = `parallel_uniqueness: request ${index + 1} of ${n} sent at once`;
            // maxRetries 0: no 429 is waited out behind the check's back, so every one is seen here.
            return { operationId: c.codegen.id, method: c.codegen.method, path, body, maxRetries: 0, note: attempt > 0 ? `${note}, retry ${attempt}` : note };
          }),
        );
        const again: number[] = [];
        let wait = 0;
        for (const [k, exchange] of exchanges.entries()) {
          const index = pending[k] as number;
          const response = exchange.response;
          if (!response) {
            found.add(violation({ summary: `request ${index + 1}: no response (${exchange.error ?? 'error'})`, rule: statusRule, exchange }));
            continue;
          }
          if (response.status >= 500) {
            found.add(violation({ summary: `request ${index + 1} of ${n} concurrent: ${response.status}, not a documented answer (excess requests get 429)`, rule: statusRule, exchange }));
            continue;
          }
          if (response.status === 429) {
            limited++;
            const missing = c.rateLimit.value.filter((h) => !/^\d+$/.test(response.headers[h.toLowerCase()] ?? ''));
            if (missing.length > 0) {
              found.add(violation({ summary: `request ${index + 1}: 429 without ${missing.join(', ')} (or not a non-negative integer)`, rule: headersRule, exchange }));
              continue;
            }
            again.push(index);
            wait = Math.max(wait, Number(response.headers[(c.rateLimit.value[0] as string).toLowerCase()]));
            continue;
          }
          const ok = await found.attempt(() => {
            expectStatus(exchange, [...successStatuses(c.codegen), 429], statusRule, `request ${index + 1} of ${n} concurrent`);
            return generatedOf(ctx, exchange, `request ${index + 1}`);
          });
          if (ok) {
            for (const code of ok.codes) ws.created(promotion, code);
            answers.push({ index, exchange, codes: ok.codes });
            if (ok.codes.length !== batch) {
              found.add(violation({ summary: `request ${index + 1}: asked for batch_size ${batch}, got ${plural(ok.codes.length, 'code')}`, rule: batchRule(ctx, c), exchange }));
            }
          }
        }
        pending = again;
        if (pending.length > 0 && attempt < MAX_RETRIES) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_WAIT_MS)));
      }
      if (answers.length === 0 && found.size === 0) ctx.skip(`every one of ${n} concurrent codegen requests was still answered 429 after ${MAX_RETRIES} retries`);
      answers.sort((x, y) => x.index - y.index);

      const where = new Map<string, number[]>();
      for (const { index, codes } of answers) for (const code of codes) where.set(code, [...(where.get(code) ?? []), index + 1]);
      const repeated = [...where].filter(([, at]) => at.length > 1).map(([code, at]) => `${code} (answers ${at.join(', ')})`);
      if (repeated.length > 0) {
        const first = answers.find((a) => a.codes.some((code) => (where.get(code)?.length ?? 0) > 1));
        found.add(
          violation({
            summary: `${plural(repeated.length, 'code')} generated more than once across ${n} concurrent requests: ${some(repeated)}`,
            rule: uniqueRule(ctx, c),
            exchange: first?.exchange,
            details: [`${plural(where.size, 'distinct code')} in ${plural(answers.length, '201 answer')}${limited > 0 ? `; ${plural(limited, '429')} waited out` : ''}`],
          }),
        );
      }

      if (answers.length > 0) {
        const rows = await listAll(ctx, promotion, 'parallel_uniqueness: the codes afterwards');
        ws.learn(promotion, rows);
        const counts = tally(rows.map((r) => r.code));
        const wrong = [...where.keys()].filter((code) => counts.get(code) !== 1).map((code) => `${code} (listed ${plural(counts.get(code) ?? 0, 'time')})`);
        if (wrong.length > 0) {
          found.add(
            violation({
              summary: `${plural(wrong.length, 'generated code')} not listed exactly once after ${n} concurrent requests: ${some(wrong)}`,
              rule: uniqueRule(ctx, c),
              exchange: ctx.observe.forOperation(c.list.id).at(-1),
            }),
          );
        }
      }
      found.throwIfAny((count) => `${count} violations under ${n} concurrent codegen requests`);
    });
  },
};

export const codegenChecks: readonly Check[] = [codegenBatch, codegenLimits, codegenBulkOnly, parallelUniqueness];
