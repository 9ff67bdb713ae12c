/**
 * What the Shoplazza checks send: calls of the six operations, a full listing of a price rule,
 * readers of their answers, and the per-check record of the codes a check sent (deleted at the
 * end of the run).
 */
import type { CheckContext, Exchange } from '../../src/contracts/index.js';
import { excerpt } from '../../src/contracts/http.js';
import { isObject } from '../../src/openapi/load.js';
import { expectSuccess } from './judge.js';
import { OP, pageSize, type DiscountCode, type DiscountCodeInput } from '../../src/vendors/shoplazza/facts.js';

// ---------------------------------------------------------------------------------------------
// Responses

function dataOf(exchange: Exchange): Record<string, unknown> | undefined {
  const body = exchange.response?.body;
  return isObject(body) && isObject(body.data) ? body.data : undefined;
}

function asCode(value: unknown): DiscountCode | undefined {
  return isObject(value) ? (value as unknown as DiscountCode) : undefined;
}

/** `data.discount_codes`, or undefined when the body has none. */
export function codesOf(exchange: Exchange): DiscountCode[] | undefined {
  const list = dataOf(exchange)?.discount_codes;
  return Array.isArray(list) ? list.map(asCode).filter((c): c is DiscountCode => c !== undefined) : undefined;
}

/** `data.discount_code`, or undefined. */
export function codeOf(exchange: Exchange): DiscountCode | undefined {
  return asCode(dataOf(exchange)?.discount_code);
}

/** One line about an exchange, for the details of a violation whose evidence is another exchange. */
export function oneLine(exchange: Exchange): string {
  const sent = `${exchange.request.method} ${exchange.request.url}`;
  const body = exchange.request.body === undefined ? '' : ` ${excerpt(JSON.stringify(exchange.request.body) ?? '', 160)}`;
  const got = exchange.response ? `${exchange.response.status} ${excerpt(exchange.response.text, 200)}` : `no response (${exchange.error ?? 'error'})`;
  return `${sent}${body} -> ${got}`;
}

export function is2xx(exchange: Exchange): boolean {
  const status = exchange.response?.status;
  return status !== undefined && status >= 200 && status <= 299;
}

// ---------------------------------------------------------------------------------------------
// Calls

export function batchCreate(ctx: CheckContext, priceRule: string, inputs: readonly DiscountCodeInput[], note: string): Promise<Exchange> {
  return ctx.call(OP.batch, { params: { price_rule_id: priceRule }, body: { discount_codes: inputs } }, { note });
}

export function createOne(ctx: CheckContext, priceRule: string, input: DiscountCodeInput, note: string): Promise<Exchange> {
  return ctx.call(OP.create, { params: { price_rule_id: priceRule }, body: { discount_code: input } }, { note });
}

export function getOne(ctx: CheckContext, priceRule: string, id: string, note: string): Promise<Exchange> {
  return ctx.call(OP.get, { params: { price_rule_id: priceRule, discount_code_id: id } }, { note });
}

export function deleteOne(ctx: CheckContext, priceRule: string, id: string, note: string): Promise<Exchange> {
  return ctx.call(OP.remove, { params: { price_rule_id: priceRule, discount_code_id: id } }, { note });
}

export function lookup(ctx: CheckContext, code: string, note: string): Promise<Exchange> {
  return ctx.call(OP.lookup, { params: {}, query: { code } }, { note });
}

/** Most pages walked: a list that never ends is reported, not followed forever. */
const MAX_PAGES = 400;

export interface Listing {
  codes: DiscountCode[];
  pages: Exchange[];
  /** The codes with this text, each with the page exchange that listed it. */
  withText(code: string): Array<{ code: DiscountCode; page: Exchange }>;
  /** The page that listed an id, or the last page (the evidence for "not listed"). */
  evidence(id?: string): Exchange;
}

/** One page of the price rule's codes, at the documented page size (a documented success, or a violation). */
export async function listPage(ctx: CheckContext, priceRule: string, page: number, note: string): Promise<{ exchange: Exchange; codes: DiscountCode[]; full: boolean }> {
  const op = ctx.spec.operation(OP.list);
  const limit = pageSize(ctx.spec);
  const exchange = await ctx.call(op, { params: { price_rule_id: priceRule }, query: { limit, page } }, { note });
  expectSuccess(ctx, exchange, op, `listing the price rule, page ${page}`);
  const codes = codesOf(exchange) ?? [];
  return { exchange, codes, full: codes.length > 0 && codes.length >= limit };
}

/** Every code of the price rule, walking the pages (each page must be a documented success). */
export async function listAll(ctx: CheckContext, priceRule: string, note: string): Promise<Listing> {
  const entries: Array<{ code: DiscountCode; page: Exchange }> = [];
  const pages: Exchange[] = [];
  for (let page = 1; ; page++) {
    const listed = await listPage(ctx, priceRule, page, `${note} (page ${page})`);
    pages.push(listed.exchange);
    for (const code of listed.codes) entries.push({ code, page: listed.exchange });
    if (!listed.full) break;
    if (page === MAX_PAGES) throw new Error(`listDiscountCodes: still full pages after ${MAX_PAGES} pages; gave up`);
  }
  const last = pages[pages.length - 1] as Exchange;
  return {
    codes: entries.map((e) => e.code),
    pages,
    withText: (code) => entries.filter((e) => e.code.code === code),
    evidence: (id) => entries.find((e) => id !== undefined && e.code.id === id)?.page ?? last,
  };
}

/** Deletes codes by id, one request each (Shoplazza deletes one at a time); a 404 counts as gone, anything else but a 2xx is an error of the cleanup. */
export async function deleteIds(ctx: CheckContext, priceRule: string, ids: readonly string[], note: string): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const exchange = await deleteOne(ctx, priceRule, id, note);
      const status = exchange.response?.status;
      if (status !== 404 && !is2xx(exchange)) throw new Error(`${note}: deleteDiscountCode ${id} answered ${status ?? exchange.error}`);
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The codes a check sends

/**
 * The code texts one check sends: each from `ctx.unique()` (so it carries the run prefix), and
 * at the end of the run every code of the price rule with one of these texts is deleted, whether
 * the check expected it to exist or not (a faulty target may keep what it should have refused).
 */
export class OwnCodes {
  private readonly texts = new Set<string>();
  private registered = false;

  constructor(
    private readonly ctx: CheckContext,
    readonly priceRule: string,
  ) {}

  fresh(): string {
    return this.also(this.ctx.unique());
  }

  /** Another text the check sends, made from a fresh one (e.g. the same code in another case); deleted at the end like it. */
  also(text: string): string {
    this.texts.add(text);
    if (!this.registered) {
      this.registered = true;
      this.ctx.cleanup(() => this.deleteAll());
    }
    return text;
  }

  freshMany(count: number): string[] {
    return Array.from({ length: count }, () => this.fresh());
  }

  private async deleteAll(): Promise<void> {
    const listing = await listAll(this.ctx, this.priceRule, 'cleanup: find the codes this check sent');
    const ids = [...new Set(listing.codes.filter((c) => this.texts.has(c.code) && typeof c.id === 'string').map((c) => c.id))];
    await deleteIds(this.ctx, this.priceRule, ids, 'cleanup: delete a code this check created');
  }
}
