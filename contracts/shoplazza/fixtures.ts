/**
 * How to call each Shoplazza operation validly and undo it, in one price rule. Every code carries
 * the run prefix, and the sweep deletes them all.
 */
import { answerOf, defineFixtures, queryLimit, type CheckContext, type Exchange } from '../../src/contracts/index.js';

interface DiscountCode {
  id: string;
  code: string;
}

function dataOf(exchange: Exchange): Record<string, unknown> | undefined {
  return (exchange.response?.body as { data?: Record<string, unknown> } | undefined)?.data;
}

async function createCode(ctx: CheckContext): Promise<DiscountCode> {
  if (ctx.options.readOnly) ctx.skip('needs a discount code to exist; --read-only creates none');
  const priceRule = ctx.requireOwner();
  const code = ctx.unique();
  const exchange = await ctx.call(
    'createDiscountCode',
    { params: { price_rule_id: priceRule }, body: { discount_code: { code } } },
    { note: 'fixture: a code to work on' },
  );
  const created = dataOf(exchange)?.discount_code as Partial<DiscountCode> | undefined;
  if (exchange.response?.status !== 200 || typeof created?.id !== 'string') {
    ctx.skip(`the fixture could not create a code: createDiscountCode answered ${answerOf(exchange)}`);
  }
  return { id: created.id, code };
}

/** An existing code of the price rule (under --read-only: the first one listed). */
async function someCode(ctx: CheckContext): Promise<DiscountCode> {
  if (!ctx.options.readOnly) return createCode(ctx);
  const codes = await listCodes(ctx, ctx.requireOwner(), 1);
  const first = codes[0];
  if (!first) ctx.skip('the price rule has no discount code to read, and --read-only creates none');
  return first;
}

async function listCodes(ctx: CheckContext, priceRule: string, pages = 400): Promise<DiscountCode[]> {
  const all: DiscountCode[] = [];
  const limit = queryLimit(ctx.spec, 'listDiscountCodes', 'limit', 'maximum');
  for (let page = 1; page <= pages; page++) {
    const exchange = await ctx.call('listDiscountCodes', { params: { price_rule_id: priceRule }, query: { limit, page } }, { note: 'list codes' });
    const codes = dataOf(exchange)?.discount_codes;
    if (exchange.response?.status !== 200 || !Array.isArray(codes)) throw new Error(`listDiscountCodes answered ${answerOf(exchange)}`);
    all.push(...(codes as DiscountCode[]));
    if (codes.length < limit) break;
  }
  return all;
}

async function deleteCodes(ctx: CheckContext, priceRule: string, ids: string[]): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const exchange = await ctx.call('deleteDiscountCode', { params: { price_rule_id: priceRule, discount_code_id: id } }, { note: 'cleanup: delete a code' });
      const status = exchange.response?.status;
      if (status !== 200 && status !== 404) throw new Error(`deleteDiscountCode answered ${status ?? exchange.error}`);
    }),
  );
}

export const fixtures = defineFixtures('shoplazza', {
  ownerParam: 'price_rule_id',
  operations: {
    createDiscountCode: {
      request: async (ctx) => ({ params: { price_rule_id: ctx.requireOwner() }, body: { discount_code: { code: ctx.unique() } } }),
      cleanup: async (ctx, exchange) => {
        const id = (dataOf(exchange)?.discount_code as Partial<DiscountCode> | undefined)?.id;
        if (typeof id === 'string') await deleteCodes(ctx, ctx.requireOwner(), [id]);
      },
    },
    batchCreateDiscountCodes: {
      request: async (ctx) => ({ params: { price_rule_id: ctx.requireOwner() }, body: { discount_codes: [{ code: ctx.unique() }] } }),
      cleanup: async (ctx, exchange) => {
        const codes = (dataOf(exchange)?.discount_codes as Array<Partial<DiscountCode>> | undefined) ?? [];
        await deleteCodes(ctx, ctx.requireOwner(), codes.map((c) => c.id).filter((id): id is string => typeof id === 'string'));
      },
    },
    getDiscountCode: {
      request: async (ctx) => {
        const code = await someCode(ctx);
        return { params: { price_rule_id: ctx.requireOwner(), discount_code_id: code.id } };
      },
    },
    deleteDiscountCode: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: { price_rule_id: ctx.requireOwner(), discount_code_id: code.id } };
      },
    },
    lookupDiscountCode: {
      request: async (ctx) => {
        const code = await someCode(ctx);
        return { params: {}, query: { code: code.code } };
      },
      // A valid code text that no code has (every boundary value) is answered 404.
      validStatuses: [404],
    },
  },
  async sweep(ctx) {
    if (ctx.target.ownerId === undefined || ctx.options.readOnly) return;
    const ours = (await listCodes(ctx, ctx.target.ownerId)).filter((c) => c.code.startsWith(ctx.target.runPrefix));
    await deleteCodes(ctx, ctx.target.ownerId, ours.map((c) => c.id));
  },
});
