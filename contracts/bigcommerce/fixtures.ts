/**
 * How to call each BigCommerce operation validly and undo it. Works on the BULK coupon promotion
 * (codegen needs one); every code carries the run prefix, and the sweep deletes them all.
 */
import { answerOf, defineFixtures, queryLimit, type CheckContext, type Exchange } from '../../src/contracts/index.js';

interface Code {
  id: number;
  code: string;
}

function dataOf(exchange: Exchange): unknown {
  return (exchange.response?.body as { data?: unknown } | undefined)?.data;
}

/** Creates a code to look up or delete (not under --read-only). */
async function createCode(ctx: CheckContext): Promise<Code> {
  if (ctx.options.readOnly) ctx.skip('needs a code to exist; --read-only creates none');
  const promotion = ctx.requireOwner();
  const code = ctx.unique();
  const exchange = await ctx.call('createCouponCode', { params: { promotion_id: promotion }, body: { code } }, { note: 'fixture: a code to work on' });
  const data = dataOf(exchange) as Partial<Code> | undefined;
  if (exchange.response?.status !== 201 || typeof data?.id !== 'number') {
    ctx.skip(`the fixture could not create a code: createCouponCode answered ${answerOf(exchange)}`);
  }
  return { id: data.id, code };
}

/** Every code of the promotion (by page). */
async function listCodes(ctx: CheckContext, promotion: string): Promise<Code[]> {
  const all: Code[] = [];
  const limit = queryLimit(ctx.spec, 'listCouponCodes', 'limit', 'maximum');
  for (let page = 1; page <= 200; page++) {
    const exchange = await ctx.call('listCouponCodes', { params: { promotion_id: promotion }, query: { limit, page } }, { note: 'cleanup: list codes' });
    const data = dataOf(exchange);
    if (exchange.response?.status !== 200 || !Array.isArray(data)) throw new Error(`listCouponCodes answered ${answerOf(exchange)}`);
    all.push(...(data as Code[]));
    if (data.length < limit) break;
  }
  return all;
}

async function deleteIds(ctx: CheckContext, promotion: string, ids: number[]): Promise<void> {
  const most = queryLimit(ctx.spec, 'deleteCouponCodes', 'id:in', 'maxItems');
  for (let i = 0; i < ids.length; i += most) {
    const exchange = await ctx.call(
      'deleteCouponCodes',
      { params: { promotion_id: promotion }, query: { 'id:in': ids.slice(i, i + most) } },
      { note: 'cleanup: delete codes' },
    );
    if (exchange.response?.status !== 204) throw new Error(`deleteCouponCodes answered ${answerOf(exchange)}`);
  }
}

async function deleteCodesNamed(ctx: CheckContext, promotion: string, names: (code: string) => boolean): Promise<void> {
  const ids = (await listCodes(ctx, promotion)).filter((c) => names(c.code)).map((c) => c.id);
  if (ids.length > 0) await deleteIds(ctx, promotion, ids);
}

export const fixtures = defineFixtures('bigcommerce', {
  ownerParam: 'promotion_id',
  pickOwner: (owners) => owners.find((o) => /bulk/i.test(o.kind))?.id,
  operations: {
    createCouponCode: {
      request: async (ctx) => ({ params: { promotion_id: ctx.requireOwner() }, body: { code: ctx.unique() } }),
      cleanup: async (ctx, exchange) => {
        const id = (dataOf(exchange) as Partial<Code> | undefined)?.id;
        if (typeof id === 'number') await deleteIds(ctx, ctx.requireOwner(), [id]);
      },
    },
    generateCouponCodes: {
      // One code per request; the prefix makes every generated code carry the run prefix.
      request: async (ctx) => ({ params: { promotion_id: ctx.requireOwner() }, body: { batch_size: 1, prefix: ctx.target.runPrefix } }),
      cleanup: async (ctx, exchange) => {
        const codes = (dataOf(exchange) as { codes?: Array<{ code?: string }> } | undefined)?.codes ?? [];
        const generated = new Set(codes.map((c) => c.code));
        if (generated.size > 0) await deleteCodesNamed(ctx, ctx.requireOwner(), (code) => generated.has(code));
      },
    },
    deleteCouponCodes: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: { promotion_id: ctx.requireOwner() }, query: { 'id:in': [code.id] } };
      },
      // `id:in=1` (the minimum) would delete whatever code has id 1.
      skipValidBoundaries: ['query.id:in[0]'],
    },
    getCouponCodeByCode: {
      request: async (ctx) => {
        if (ctx.options.readOnly) return { params: {}, query: { code: `${ctx.target.runPrefix}0` } };
        const code = await createCode(ctx);
        return { params: {}, query: { code: code.code } };
      },
    },
    deleteCouponCodeByCode: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: {}, query: { code: code.code } };
      },
    },
    deleteCouponCode: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: { promotion_id: ctx.requireOwner(), code_id: String(code.id) } };
      },
    },
  },
  async sweep(ctx) {
    if (ctx.target.ownerId === undefined || ctx.options.readOnly) return;
    await deleteCodesNamed(ctx, ctx.target.ownerId, (code) => code.startsWith(ctx.target.runPrefix));
  },
});
