import type { OperationInfo } from '../../openapi/load.js';
import type { CheckContext } from '../types.js';
import type { Exchange } from '../http.js';

/**
 * One valid call of the operation through its fixture, made once per run and shared by the
 * checks that need one (status and schema conformance); undone at once through the fixture.
 */
export function validCall(ctx: CheckContext, op: OperationInfo): Promise<Exchange> {
  const key = `valid-call:${op.id}`;
  let call = ctx.state.get(key) as Promise<Exchange> | undefined;
  if (!call) {
    call = (async () => {
      const prepared = await ctx.prepare(op);
      const exchange = await ctx.call(op, prepared, { note: 'a valid request (fixture)' });
      await ctx.undo(op, exchange);
      return exchange;
    })();
    ctx.state.set(key, call);
  }
  return call;
}
