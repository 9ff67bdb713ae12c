/**
 * Calls the BigCommerce semantic checks share: create and generate codes, list a promotion's codes
 * (every page, by cursor), delete by id; and a Workspace that deletes every code a check made
 * (at the end of the check, and again in the run's cleanup if that failed), so that one check
 * never fills the promotion for the next.
 */
import {
  ContractViolation,
  expectStatus,
  responsesRule,
  specRule,
  type CheckContext,
  type Exchange,
  type SendRequest,
  type SpecRule,
  type ViolationInit,
} from '../../src/contracts/index.js';
import { factsOf, type BigCommerceFacts } from '../../src/vendors/bigcommerce/facts.js';

export interface CouponCode {
  id: number;
  code: string;
  current_uses?: unknown;
  max_uses?: unknown;
  max_uses_per_customer?: unknown;
  created?: unknown;
}

export interface Generated {
  created?: unknown;
  max_uses?: unknown;
  max_uses_per_customer?: unknown;
  batch_size?: unknown;
  codes: string[];
}

/** The spec's facts the checks read (src/vendors/bigcommerce/facts.ts, shared with the mock). */
export function contract(ctx: CheckContext): BigCommerceFacts {
  return factsOf(ctx.spec);
}

/** `spec/bigcommerce.yaml#<pointer>` with what it says. */
export function ruleAt(spec: CheckContext['spec'], located: { pointer: string } | string, says: string): SpecRule {
  return specRule(spec, typeof located === 'string' ? located : located.pointer, says);
}

/** A violation named after the operation of its exchange. */
export function violation(init: ViolationInit): ContractViolation {
  return new ContractViolation({ operationId: init.exchange?.operationId, ...init });
}

export function dataOf(exchange: Exchange): unknown {
  const body = exchange.response?.body;
  return body !== null && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
}

export function metaOf(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.response?.body;
  const meta = body !== null && typeof body === 'object' ? (body as { meta?: unknown }).meta : undefined;
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : undefined;
}

export function isCode(value: unknown): value is CouponCode {
  return value !== null && typeof value === 'object' && typeof (value as CouponCode).id === 'number' && typeof (value as CouponCode).code === 'string';
}

/** `data` of a list or get-by-code answer, as codes; a violation when it is not an array of codes. */
export function rowsOf(ctx: CheckContext, exchange: Exchange, what: string): CouponCode[] {
  const data = dataOf(exchange);
  if (!Array.isArray(data) || !data.every(isCode)) {
    const op = exchange.operationId ? ctx.spec.operation(exchange.operationId) : contract(ctx).list;
    throw violation({ summary: `${what}: the 200 body has no data array of codes with an integer id and a code`, rule: responsesRule(ctx.spec, op), exchange });
  }
  return data;
}

/** `data` of a 201 codegen answer; a violation when there is no `codes` list of texts. */
export function generatedOf(ctx: CheckContext, exchange: Exchange, what: string): Generated {
  const data = dataOf(exchange) as Partial<Generated> | undefined;
  const codes = data?.codes as unknown;
  if (!data || !Array.isArray(codes) || !codes.every((c) => c !== null && typeof c === 'object' && typeof (c as { code?: unknown }).code === 'string')) {
    throw violation({ summary: `${what}: the 201 body has no data.codes list of {code}`, rule: responsesRule(ctx.spec, contract(ctx).codegen), exchange });
  }
  return { ...data, codes: (codes as Array<{ code: string }>).map((c) => c.code) };
}

export function createCode(ctx: CheckContext, promotion: string, body: Record<string, unknown>, note: string): Promise<Exchange> {
  return ctx.call(contract(ctx).create, { params: { promotion_id: promotion }, body }, { note });
}

export function generate(ctx: CheckContext, promotion: string, body: Record<string, unknown>, note: string): Promise<Exchange> {
  return ctx.call(contract(ctx).codegen, { params: { promotion_id: promotion }, body }, { note });
}

export function listPage(
  ctx: CheckContext,
  promotion: string,
  query: SendRequest['query'],
  note: string,
): Promise<Exchange> {
  return ctx.call(contract(ctx).list, { params: { promotion_id: promotion } }, { query, note });
}

export function getByCode(ctx: CheckContext, code: string, note: string): Promise<Exchange> {
  return ctx.call(contract(ctx).getByCode, { params: {} }, { query: { code }, note });
}

/** Most pages `listAll` reads before it gives up (at the largest page size). */
const MAX_PAGES = 400;

/**
 * Every code of the promotion, at the largest page size, following `end_cursor` with `after`
 * (the documented way to page). A page that is not 200 is a violation of the list.
 */
export async function listAll(ctx: CheckContext, promotion: string, why: string): Promise<CouponCode[]> {
  const c = contract(ctx);
  const limit = c.listParams.limit.value.maximum;
  const rows: CouponCode[] = [];
  let after: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query: Record<string, string | number> = { limit };
    if (after !== undefined) query[c.listParams.after.value] = after;
    const exchange = await listPage(ctx, promotion, query, `${why}: page ${page} of the promotion's codes`);
    expectStatus(exchange, 200, responsesRule(ctx.spec, c.list), `${why}: listing the promotion's codes`);
    const data = rowsOf(ctx, exchange, `${why}: listing the promotion's codes`);
    rows.push(...data);
    const cursor = metaOf(exchange)?.cursor_pagination as { end_cursor?: unknown } | undefined;
    if (data.length < limit || typeof cursor?.end_cursor !== 'string') return rows;
    after = cursor.end_cursor;
  }
  throw new Error(`${why}: promotion ${promotion} holds more than ${MAX_PAGES * limit} codes; the check does not page through that many`);
}

/** Deletes codes by id, at most the documented number per request; anything but 204 is an error of the cleanup. */
export async function deleteIds(ctx: CheckContext, promotion: string, ids: readonly number[], why: string): Promise<void> {
  const c = contract(ctx);
  const { name, maxItems } = c.deleteManyRules.ids.value;
  for (let i = 0; i < ids.length; i += maxItems) {
    const exchange = await ctx.call(c.deleteMany, { params: { promotion_id: promotion }, query: { [name]: ids.slice(i, i + maxItems) } }, { note: why });
    if (exchange.response?.status !== 204) {
      throw new Error(`${why}: ${c.deleteMany.id} answered ${exchange.response?.status ?? exchange.error} for ${ids.length} ids of promotion ${promotion}`);
    }
  }
}

/** Counts of each text. */
export function tally(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** At most `n` items, quoted, with "and N more". */
export function some(items: readonly string[], n = 5): string {
  const shown = items.slice(0, n).map((i) => JSON.stringify(i));
  return items.length > n ? `${shown.join(', ')} and ${items.length - n} more` : shown.join(', ');
}

/**
 * The codes one check created, by promotion: deleted at the end of the check (`finish`) and, if
 * that did not happen or failed, in the run's cleanup. Codes known only by text (generated ones)
 * are found by listing the promotion once.
 */
export class Workspace {
  private readonly byPromotion = new Map<string, { texts: Set<string>; ids: Map<string, number> }>();

  constructor(private readonly ctx: CheckContext) {
    ctx.cleanup(() => this.flush('cleanup'));
  }

  private entry(promotion: string) {
    let entry = this.byPromotion.get(promotion);
    if (!entry) this.byPromotion.set(promotion, (entry = { texts: new Set(), ids: new Map() }));
    return entry;
  }

  /** A code the check made (its id when the answer gave one). */
  created(promotion: string, code: string, id?: number): void {
    const entry = this.entry(promotion);
    entry.texts.add(code);
    if (id !== undefined) entry.ids.set(code, id);
  }

  /** Ids of made codes, from a listing. */
  learn(promotion: string, rows: readonly CouponCode[]): void {
    const entry = this.byPromotion.get(promotion);
    if (!entry) return;
    for (const row of rows) if (entry.texts.has(row.code)) entry.ids.set(row.code, row.id);
  }

  /** Codes the check deleted itself. */
  deleted(promotion: string, codes: Iterable<string>): void {
    const entry = this.byPromotion.get(promotion);
    if (!entry) return;
    for (const code of codes) {
      entry.texts.delete(code);
      entry.ids.delete(code);
    }
  }

  /** Deletes what is left; throws if a delete fails (what is left stays for the next try). */
  async flush(why = 'cleanup'): Promise<void> {
    for (const [promotion, entry] of this.byPromotion) {
      if (entry.texts.size === 0) continue;
      if ([...entry.texts].some((t) => !entry.ids.has(t))) {
        const rows = await listAll(this.ctx, promotion, why);
        const listed = new Set(rows.map((r) => r.code));
        this.learn(promotion, rows);
        // Not listed and no id: never stored (e.g. an answer that named codes it did not keep).
        for (const text of [...entry.texts]) if (!entry.ids.has(text) && !listed.has(text)) entry.texts.delete(text);
      }
      const ids = [...entry.ids.values()];
      if (ids.length > 0) await deleteIds(this.ctx, promotion, ids, `${why}: delete the codes this check made`);
      entry.texts.clear();
      entry.ids.clear();
    }
  }

  /** At the end of a check: deletes what it made unless --no-cleanup; a failure is left to the run's cleanup. */
  async finish(): Promise<void> {
    if (!this.ctx.options.cleanup) return;
    await this.flush('cleanup after the check').catch(() => undefined);
  }
}

/** Runs `body` with a workspace that is cleaned up afterwards, whatever happens. */
export async function withWorkspace<T>(ctx: CheckContext, body: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = new Workspace(ctx);
  try {
    return await body(ws);
  } finally {
    await ws.finish();
  }
}
