/**
 * Rules of single codes and bulk deletes a schema cannot say: a created code can be found and is
 * gone once deleted, duplicates are refused, delete-by-code deletes, and the id list of a bulk
 * delete is limited and obeyed.
 */
import {
  expectSchema,
  expectStatus,
  responsesRule,
  successStatuses,
  ViolationList,
  type Check,
  type CheckContext,
  type Exchange,
  type SpecRule,
} from '../../src/contracts/index.js';
import {
  contract,
  createCode,
  dataOf,
  generate,
  generatedOf,
  getByCode,
  isCode,
  listAll,
  listPage,
  plural,
  ruleAt,
  rowsOf,
  some,
  violation,
  withWorkspace,
  type CouponCode,
  type Workspace,
} from './api.js';

const only = (operationId: string) => ({ scope: 'operation' as const, appliesTo: (op: { id: string }) => op.id === operationId });

/** How far `created` may be from the checker's clock (clock skew and latency). */
const RECENT_MS = 10 * 60_000;

/** Creates a code that must be created (201), and records it for cleanup. */
async function mustCreate(ctx: CheckContext, ws: Workspace, promotion: string, code: string, why: string): Promise<{ exchange: Exchange; row: CouponCode }> {
  const c = contract(ctx);
  const exchange = await createCode(ctx, promotion, { code }, why);
  expectStatus(exchange, successStatuses(c.create), responsesRule(ctx.spec, c.create), why);
  const row = dataOf(exchange);
  if (!isCode(row)) throw violation({ summary: `${why}: the 201 body has no data with an integer id and a code`, rule: responsesRule(ctx.spec, c.create), exchange });
  ws.created(promotion, code, row.id);
  return { exchange, row };
}

/** The promotion's codes with exactly this text, through the list's `code` filter. */
async function listed(ctx: CheckContext, promotion: string, code: string, why: string): Promise<{ exchange: Exchange; rows: CouponCode[] }> {
  const c = contract(ctx);
  const exchange = await listPage(ctx, promotion, { [c.listParams.code.value]: code }, why);
  expectStatus(exchange, 200, responsesRule(ctx.spec, c.list), why);
  return { exchange, rows: rowsOf(ctx, exchange, why) };
}

async function found(ctx: CheckContext, code: string, why: string): Promise<{ exchange: Exchange; rows: CouponCode[] }> {
  const c = contract(ctx);
  const exchange = await getByCode(ctx, code, why);
  expectStatus(exchange, 200, responsesRule(ctx.spec, c.getByCode), why);
  return { exchange, rows: rowsOf(ctx, exchange, why) };
}

/** Rows whose text is not exactly `code` (a filter or lookup by exact text must not return them). */
function otherTexts(rows: readonly CouponCode[], code: string): string[] {
  return rows.filter((r) => r.code !== code).map((r) => r.code);
}

function filterRule(ctx: CheckContext): SpecRule {
  return ruleAt(ctx.spec, contract(ctx).listParams.code, 'code: only codes with exactly this text');
}

function lookupRule(ctx: CheckContext): SpecRule {
  return ruleAt(ctx.spec, `${contract(ctx).getByCode.pointer}/description`, 'looks a code up by its exact text (case-sensitive) across the store; data: [] when nothing matches');
}

export const codeLifecycle: Check = {
  name: 'code_lifecycle',
  description: 'a created code has an integer id, current_uses 0, a recent created time and the default uses; list and get-by-code find it; after delete-by-id neither does',
  mutates: true,
  scope: 'vendor',
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const code = ctx.unique();
    await withWorkspace(ctx, async (ws) => {
      const problems = new ViolationList();
      const sentAt = Date.now();
      const { exchange: made, row } = await mustCreate(ctx, ws, promotion, code, 'code_lifecycle: create');
      const fields: Array<[string, unknown, unknown, SpecRule]> = [
        ['code', row.code, code, ruleAt(ctx.spec, `${c.create.pointer}/responses/201`, 'the created code, as sent')],
        ['current_uses', row.current_uses, 0, ruleAt(ctx.spec, c.createRules.currentUses, 'current_uses: 0 on create')],
        ['max_uses', row.max_uses, c.createRules.maxUsesDefault.value, ruleAt(ctx.spec, c.createRules.maxUsesDefault, `max_uses defaults to ${c.createRules.maxUsesDefault.value}`)],
        [
          'max_uses_per_customer',
          row.max_uses_per_customer,
          c.createRules.maxUsesPerCustomerDefault.value,
          ruleAt(ctx.spec, c.createRules.maxUsesPerCustomerDefault, `max_uses_per_customer defaults to ${c.createRules.maxUsesPerCustomerDefault.value}`),
        ],
      ];
      for (const [name, got, expected, rule] of fields) {
        if (got !== expected) problems.add(violation({ summary: `created code: ${name} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`, rule, exchange: made }));
      }
      if (!Number.isInteger(row.id) || row.id < 1) {
        problems.add(violation({ summary: `created code: id ${row.id} is not a positive integer`, rule: responsesRule(ctx.spec, c.create), exchange: made }));
      }
      const created = typeof row.created === 'string' ? Date.parse(row.created) : NaN;
      if (!Number.isFinite(created) || Math.abs(created - sentAt) > RECENT_MS) {
        problems.add(
          violation({
            summary: `created code: created ${JSON.stringify(row.created)} is not within ${RECENT_MS / 60_000} minutes of the request (${new Date(sentAt).toISOString()})`,
            rule: ruleAt(ctx.spec, `${c.create.pointer}/responses/201`, 'created: when the code was created'),
            exchange: made,
          }),
        );
      }

      const check = (what: string, exchange: Exchange, rows: CouponCode[], present: boolean, rule: SpecRule) => {
        const mine = rows.filter((r) => r.id === row.id);
        const wrongText = otherTexts(rows, code);
        if (present && (mine.length !== 1 || mine[0]?.code !== code)) {
          problems.add(violation({ summary: `${what}: expected the created code (id ${row.id}, ${code}) once, got ${plural(mine.length, 'row')} with that id among ${plural(rows.length, 'row')}`, rule, exchange }));
        }
        if (!present && mine.length > 0) {
          problems.add(violation({ summary: `${what}: the deleted code (id ${row.id}, ${code}) is still there`, rule: ruleAt(ctx.spec, `${c.deleteOne.pointer}/description`, 'deletes one code of the promotion by id'), exchange }));
        }
        if (wrongText.length > 0) problems.add(violation({ summary: `${what}: ${plural(wrongText.length, 'row')} with another text: ${some(wrongText)}`, rule, exchange }));
      };

      const byList = await listed(ctx, promotion, code, 'code_lifecycle: list with the code filter');
      check(`list ?code=${code}`, byList.exchange, byList.rows, true, filterRule(ctx));
      const byCode = await found(ctx, code, 'code_lifecycle: get by code');
      check(`get by code ${code}`, byCode.exchange, byCode.rows, true, lookupRule(ctx));

      const deleted = await ctx.call(c.deleteOne, { params: { promotion_id: promotion, code_id: String(row.id) } }, { note: 'code_lifecycle: delete by id' });
      await problems.attempt(() => expectStatus(deleted, successStatuses(c.deleteOne), responsesRule(ctx.spec, c.deleteOne), 'delete by id'));

      const gone = await found(ctx, code, 'code_lifecycle: get by code after the delete');
      check(`get by code ${code} after the delete`, gone.exchange, gone.rows, false, lookupRule(ctx));
      const goneFromList = await listed(ctx, promotion, code, 'code_lifecycle: list with the code filter after the delete');
      check(`list ?code=${code} after the delete`, goneFromList.exchange, goneFromList.rows, false, filterRule(ctx));
      if (!gone.rows.some((r) => r.id === row.id) && !goneFromList.rows.some((r) => r.id === row.id)) ws.deleted(promotion, [code]);
      problems.throwIfAny((n) => `${n} violations over the life of code ${code}`);
    });
  },
};

export const duplicateCode: Check = {
  name: 'duplicate_code',
  description: 'creating a code the promotion already has is answered 422 in the documented shape and the first stays, once; codes differing only in case follow x-rules.caseInsensitive',
  mutates: true,
  ...only('createCouponCode'),
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const base = ctx.unique();
    const code = `${base}x`;
    const variant = `${base}X`;
    const unique = c.createRules.uniqueWithin;
    const uniqueRule = ruleAt(ctx.spec, unique, `uniqueWithin: ${unique.value}: a code the promotion already has is answered 422 (vendor-facts Decision)`);
    await withWorkspace(ctx, async (ws) => {
      const problems = new ViolationList();
      const { row } = await mustCreate(ctx, ws, promotion, code, 'duplicate_code: the first code');
      const again = await createCode(ctx, promotion, { code }, 'duplicate_code: the same code again');
      const copy = dataOf(again);
      if (isCode(copy)) ws.created(promotion, `${code}#copy`, copy.id);
      await problems.attempt(() => {
        expectStatus(again, 422, uniqueRule, `creating ${code} a second time`);
        expectSchema(ctx, again, c.create, 'the 422 for a duplicate code');
      });

      const after = await listed(ctx, promotion, code, 'duplicate_code: the code afterwards');
      const rows = after.rows.filter((r) => r.code === code);
      if (rows.length !== 1 || rows[0]?.id !== row.id) {
        problems.add(
          violation({
            summary: `after the duplicate, ${code} is listed ${plural(rows.length, 'time')} (ids ${rows.map((r) => r.id).join(', ') || 'none'}); expected once, as the first (id ${row.id})`,
            rule: uniqueRule,
            exchange: after.exchange,
          }),
        );
      }

      const insensitive = c.createRules.caseInsensitive;
      const caseRule = ruleAt(
        ctx.spec,
        insensitive,
        `caseInsensitive: ${insensitive.value}: ${insensitive.value ? 'codes differing only in case are the same code (422)' : 'codes differing only in case are different codes (both created)'}`,
      );
      const cased = await createCode(ctx, promotion, { code: variant }, `duplicate_code: ${variant}, differing from ${code} only in case`);
      const casedRow = dataOf(cased);
      if (isCode(casedRow)) ws.created(promotion, variant, casedRow.id);
      await problems.attempt(() => {
        if (insensitive.value) {
          expectStatus(cased, 422, caseRule, `creating ${variant} while ${code} exists`);
          expectSchema(ctx, cased, c.create, 'the 422 for a code differing only in case');
        } else {
          expectStatus(cased, successStatuses(c.create), caseRule, `creating ${variant} while ${code} exists`);
        }
      });
      problems.throwIfAny((n) => `${n} violations of code uniqueness`);
    });
  },
};

export const deleteByCode: Check = {
  name: 'delete_by_code',
  description: 'delete-by-code deletes the code with that exact text (get by code and the list no longer find it) and answers 204, also when no code has that text',
  mutates: true,
  ...only('deleteCouponCodeByCode'),
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const code = ctx.unique();
    const rule = ruleAt(ctx.spec, `${c.deleteByCode.pointer}/description`, 'deletes every code with the given exact text; 204, also when no code has that text');
    await withWorkspace(ctx, async (ws) => {
      const problems = new ViolationList();
      const { row } = await mustCreate(ctx, ws, promotion, code, 'delete_by_code: a code to delete');
      const send = (why: string) => ctx.call(c.deleteByCode, { params: {} }, { query: { code }, note: why });
      const first = await send('delete_by_code: delete it by its text');
      await problems.attempt(() => expectStatus(first, successStatuses(c.deleteByCode), rule, `deleting ${code} by its text`));

      const lookup = await found(ctx, code, 'delete_by_code: get by code afterwards');
      const byList = await listed(ctx, promotion, code, 'delete_by_code: list with the code filter afterwards');
      for (const [what, result] of [
        ['get by code', lookup],
        ['list ?code=', byList],
      ] as const) {
        if (result.rows.some((r) => r.id === row.id)) {
          problems.add(violation({ summary: `${what} ${code} after deleting it by its text still finds it (id ${row.id})`, rule, exchange: result.exchange }));
        }
      }
      if (!lookup.rows.some((r) => r.id === row.id) && !byList.rows.some((r) => r.id === row.id)) ws.deleted(promotion, [code]);

      const again = await send('delete_by_code: delete it again (no code has that text now)');
      await problems.attempt(() => expectStatus(again, successStatuses(c.deleteByCode), rule, `deleting ${code} by its text when no code has it`));
      problems.throwIfAny((n) => `${n} violations of delete by code`);
    });
  },
};

export const bulkDeleteLimits: Check = {
  name: 'bulk_delete_limits',
  description: 'delete-many with more ids than maxItems, or without the id list, is answered 422 with meta and deletes nothing; a valid list deletes exactly those codes',
  mutates: true,
  ...only('deleteCouponCodes'),
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const { name, maxItems } = c.deleteManyRules.ids.value;
    const idsRule = ruleAt(ctx.spec, c.deleteManyRules.ids, `${name}: 1..${maxItems} ids; missing, malformed or more is answered 422 with {errors, meta: {total, success, failed}}`);
    const deletesRule = ruleAt(ctx.spec, `${c.deleteMany.pointer}/description`, `deletes the codes of the promotion named in ${name}, and only those`);
    const refusedRule = ruleAt(ctx.spec, c.deleteManyRules.error, `422: ${name} is missing or malformed or holds more than ${maxItems} ids (nothing is deleted)`);
    const batchMax = c.codegenBody.batchSize.value.maximum;

    await withWorkspace(ctx, async (ws) => {
      const problems = new ViolationList();
      // maxItems + 1 codes of our own, so that a target that ignores the limit deletes only those.
      const texts = new Set<string>();
      for (let left = maxItems + 1; left > 0; left -= batchMax) {
        const size = Math.min(left, batchMax);
        const exchange = await generate(ctx, promotion, { batch_size: size, prefix: ctx.target.runPrefix }, `bulk_delete_limits: ${size} codes to name`);
        expectStatus(exchange, successStatuses(c.codegen), responsesRule(ctx.spec, c.codegen), 'generating codes to delete');
        for (const code of generatedOf(ctx, exchange, 'generating codes to delete').codes) {
          texts.add(code);
          ws.created(promotion, code);
        }
      }
      const ours = async (why: string) => {
        const rows = (await listAll(ctx, promotion, why)).filter((r) => texts.has(r.code));
        ws.learn(promotion, rows);
        return rows;
      };
      const mine = await ours('bulk_delete_limits: the ids of the generated codes');
      if (mine.length < maxItems + 1) {
        throw violation({
          summary: `only ${mine.length} of ${maxItems + 1} generated codes are listed; cannot name ${maxItems + 1} ids`,
          rule: ruleAt(ctx.spec, `${c.codegen.pointer}/responses/201`, 'a 201 answer: the codes were generated (from then on codes of the promotion)'),
          exchange: ctx.observe.forOperation(c.list.id).at(-1),
        });
      }
      const ids = mine.map((r) => r.id);

      const refused = async (query: Record<string, number[]>, what: string) => {
        const exchange = await ctx.call(c.deleteMany, { params: { promotion_id: promotion } }, { query, note: `bulk_delete_limits: ${what}` });
        await problems.attempt(() => {
          expectStatus(exchange, 422, idsRule, what);
          expectSchema(ctx, exchange, c.deleteMany, `the 422 for ${what}`);
        });
        return exchange;
      };
      const overExchange = await refused({ [name]: ids.slice(0, maxItems + 1) }, `${maxItems + 1} ids (maxItems ${maxItems})`);
      const missingExchange = await refused({}, `no ${name}`);

      const still = new Set((await ours('bulk_delete_limits: the codes after the refused deletes')).map((r) => r.id));
      const lost = ids.filter((id) => !still.has(id));
      if (lost.length > 0) {
        const overStatus = overExchange.response?.status;
        problems.add(
          violation({
            summary: `${plural(lost.length, 'code')} of ${ids.length} disappeared after delete requests that must be refused (${maxItems + 1} ids: ${overStatus ?? overExchange.error}; no ${name}: ${missingExchange.response?.status ?? missingExchange.error})`,
            rule: refusedRule,
            exchange: overStatus === 204 || overStatus === 422 ? overExchange : missingExchange,
          }),
        );
      }

      // A valid list: the first, a middle and the last of the remaining codes.
      const left = ids.filter((id) => still.has(id));
      const chosen = [...new Set([left[0], left[Math.floor(left.length / 2)], left[left.length - 1]])].filter((id): id is number => id !== undefined);
      if (chosen.length > 0) {
        const valid = await ctx.call(c.deleteMany, { params: { promotion_id: promotion } }, { query: { [name]: chosen }, note: `bulk_delete_limits: ${plural(chosen.length, 'id')}` });
        await problems.attempt(() => expectStatus(valid, successStatuses(c.deleteMany), responsesRule(ctx.spec, c.deleteMany), `deleting ${plural(chosen.length, 'id')}`));
        const after = await ours('bulk_delete_limits: the codes after a valid delete');
        const remaining = new Set(after.map((r) => r.id));
        const kept = chosen.filter((id) => remaining.has(id));
        const extra = left.filter((id) => !chosen.includes(id) && !remaining.has(id));
        if (kept.length > 0 || extra.length > 0) {
          problems.add(
            violation({
              summary: `${name}=${chosen.join(',')}: ${[kept.length > 0 ? `ids ${kept.join(', ')} are still listed` : '', extra.length > 0 ? `${plural(extra.length, 'code')} not named disappeared (ids ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''})` : ''].filter(Boolean).join('; ')}`,
              rule: deletesRule,
              exchange: valid,
            }),
          );
        }
        const gone = mine.filter((r) => !remaining.has(r.id)).map((r) => r.code);
        ws.deleted(promotion, gone);
      }
      problems.throwIfAny((n) => `${n} violations of delete-many`);
    });
  },
};

export const bulkDeleteCodeFilter: Check = {
  name: 'bulk_delete_code_filter',
  description: 'delete-many with code deletes only the codes of id:in whose text is exactly code; the others named stay',
  mutates: true,
  ...only('deleteCouponCodes'),
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const { name } = c.deleteManyRules.ids.value;
    const filter = c.deleteManyRules.code.value;
    const rule = ruleAt(ctx.spec, c.deleteManyRules.code, `${filter}: only the codes of ${name} with exactly this text are deleted; the others named are left alone`);
    const [kept, dropped] = [ctx.unique(), ctx.unique()];
    await withWorkspace(ctx, async (ws) => {
      const keep = await mustCreate(ctx, ws, promotion, kept, 'bulk_delete_code_filter: a code named but not matching');
      const drop = await mustCreate(ctx, ws, promotion, dropped, 'bulk_delete_code_filter: the code matching');
      const ids = [keep.row.id, drop.row.id];
      const what = `${name}=${ids.join(',')}&${filter}=${dropped}`;
      const exchange = await ctx.call(c.deleteMany, { params: { promotion_id: promotion } }, { query: { [name]: ids, [filter]: dropped }, note: `bulk_delete_code_filter: ${what}` });
      expectStatus(exchange, successStatuses(c.deleteMany), responsesRule(ctx.spec, c.deleteMany), `deleting ${what}`);
      const after = await listAll(ctx, promotion, 'bulk_delete_code_filter: the codes afterwards');
      const left = new Set(after.map((r) => r.id));
      if (!left.has(drop.row.id)) ws.deleted(promotion, [dropped]);
      if (!left.has(keep.row.id)) ws.deleted(promotion, [kept]);
      const wrong = [
        left.has(drop.row.id) ? `${dropped} (id ${drop.row.id}), the code named by ${filter}, is still listed` : '',
        left.has(keep.row.id) ? '' : `${kept} (id ${keep.row.id}), whose text is not ${dropped}, was deleted too`,
      ].filter(Boolean);
      if (wrong.length > 0) throw violation({ summary: `${what}: ${wrong.join('; ')}`, rule, exchange });
    });
  },
};

export const codeChecks: readonly Check[] = [codeLifecycle, duplicateCode, deleteByCode, bulkDeleteLimits, bulkDeleteCodeFilter];
