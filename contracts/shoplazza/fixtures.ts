/**
 * How to call each Shoplazza operation validly and undo it, in one price rule. Every code carries
 * the run prefix, and the sweep deletes them all.
 */
import { answerOf, defineFixtures, type CheckContext } from '../../src/contracts/index.js';
import type { DiscountCode } from '../../src/vendors/shoplazza/facts.js';
import { codeOf, codesOf, createOne, deleteIds, listAll, listPage } from './api.js';

/** A code of the price rule: its id, and its text as sent. */
type CodeRef = Pick<DiscountCode, 'id' | 'code'>;

async function createCode(ctx: CheckContext): Promise<CodeRef> {
  if (ctx.options.readOnly) ctx.skip('needs a discount code to exist; --read-only creates none');
  const code = ctx.unique();
  const exchange = await createOne(ctx, ctx.requireOwner(), { code }, 'fixture: a code to work on');
  const created = codeOf(exchange);
  if (exchange.response?.status !== 200 || typeof created?.id !== 'string') {
    ctx.skip(`the fixture could not create a code: createDiscountCode answered ${answerOf(exchange)}`);
  }
  return { id: created.id, code };
}

/** An existing code of the price rule (under --read-only: the first one listed). */
async function someCode(ctx: CheckContext): Promise<CodeRef> {
  if (!ctx.options.readOnly) return createCode(ctx);
  const first = (await listPage(ctx, ctx.requireOwner(), 1, 'fixture: a code to read')).codes[0];
  if (!first) ctx.skip('the price rule has no discount code to read, and --read-only creates none');
  return first;
}

/** The ids of the codes an answer holds. */
function idsOf(codes: ReadonlyArray<Partial<DiscountCode>>): string[] {
  return codes.map((c) => c.id).filter((id): id is string => typeof id === 'string');
}

export const fixtures = defineFixtures('shoplazza', {
  ownerParam: 'price_rule_id',
  operations: {
    createDiscountCode: {
      request: async (ctx) => ({ params: { price_rule_id: ctx.requireOwner() }, body: { discount_code: { code: ctx.unique() } } }),
      cleanup: async (ctx, exchange) => deleteIds(ctx, ctx.requireOwner(), idsOf([codeOf(exchange) ?? {}]), 'cleanup: delete the code'),
    },
    batchCreateDiscountCodes: {
      request: async (ctx) => ({ params: { price_rule_id: ctx.requireOwner() }, body: { discount_codes: [{ code: ctx.unique() }] } }),
      cleanup: async (ctx, exchange) => deleteIds(ctx, ctx.requireOwner(), idsOf(codesOf(exchange) ?? []), 'cleanup: delete the codes'),
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
    const ours = (await listAll(ctx, ctx.target.ownerId, 'sweep: the codes of this run')).codes.filter((c) => c.code.startsWith(ctx.target.runPrefix));
    await deleteIds(ctx, ctx.target.ownerId, idsOf(ours), 'sweep: delete the codes of this run');
  },
});
