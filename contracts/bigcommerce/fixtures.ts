/**
 * How to call each BigCommerce operation validly and undo it. Works on the BULK coupon promotion
 * (codegen needs one); every code carries the run prefix, and the sweep deletes them all.
 */
import { answerOf, defineFixtures, type CheckContext } from '../../src/contracts/index.js';
import { dataOf, deleteIds, listAll, type CouponCode } from './api.js';

/** Creates a code to look up or delete (not under --read-only). */
async function createCode(ctx: CheckContext): Promise<CouponCode> {
  if (ctx.options.readOnly) ctx.skip('needs a code to exist; --read-only creates none');
  const promotion = ctx.requireOwner();
  const code = ctx.unique();
  const exchange = await ctx.call('createCouponCode', { params: { promotion_id: promotion }, body: { code } }, { note: 'fixture: a code to work on' });
  const data = dataOf(exchange) as Partial<CouponCode> | undefined;
  if (exchange.response?.status !== 201 || typeof data?.id !== 'number') {
    ctx.skip(`the fixture could not create a code: createCouponCode answered ${answerOf(exchange)}`);
  }
  return { id: data.id, code };
}

async function deleteCodesNamed(ctx: CheckContext, promotion: string, names: (code: string) => boolean): Promise<void> {
  const ids = (await listAll(ctx, promotion, 'cleanup')).filter((c) => names(c.code)).map((c) => c.id);
  if (ids.length > 0) await deleteIds(ctx, promotion, ids, 'cleanup: delete codes');
}

export const fixtures = defineFixtures('bigcommerce', {
  ownerParam: 'promotion_id',
  pickOwner: (owners) => owners.find((o) => /bulk/i.test(o.kind))?.id,
  operations: {
    createCouponCode: {
      request: async (ctx) => ({ params: { promotion_id: ctx.requireOwner() }, body: { code: ctx.unique() } }),
      cleanup: async (ctx, exchange) => {
        const id = (dataOf(exchange) as Partial<CouponCode> | undefined)?.id;
        if (typeof id === 'number') await deleteIds(ctx, ctx.requireOwner(), [id], 'cleanup: delete the code');
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
