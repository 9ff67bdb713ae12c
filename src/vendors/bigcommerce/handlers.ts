import type { MockRequest, MockResponse, VendorApp } from '../../mock/types.js';
import type { CodePage, StoredCode } from '../../store/types.js';
import { generateCodes, layoutOf } from './codegen.js';
import { NO_BULK_WORK, unprocessable } from './errors.js';
import { decodeCursor, encodeCursor, queryString } from './pagination.js';
import { normalizeId } from './promotions.js';
import type { BigCommerceRules } from './facts.js';
import { worldOf, type BigCommerceStores } from './stores.js';

type Query = MockRequest['query'];
type Body = Record<string, unknown>;

function isRecord(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The vendor writes times as `2024-06-01T10:15:30+00:00`. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A query parameter given once, or the 422 for one given several times. */
function single(query: Query, name: string): { value?: string } | { error: MockResponse } {
  const value = query[name];
  if (Array.isArray(value)) return { error: unprocessable(`${name}: must be given once, not ${value.length} times`) };
  return { value };
}

/** A non-negative integer field of a body, its default when absent; Prism has checked its range. */
function countField(body: Body, name: string, fallback: number): number | MockResponse {
  const value = body[name];
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return unprocessable(`${name}: must be a non-negative integer`);
}

function stringField(body: Body, name: string, fallback: string): string | MockResponse {
  const value = body[name];
  if (value === undefined) return fallback;
  return typeof value === 'string' ? value : unprocessable(`${name}: must be a string`);
}

const isResponse = (value: unknown): value is MockResponse => isRecord(value) && typeof value.status === 'number';

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** A stored code as the API shows it; generated codes get their sequence number as id too. */
function couponCode(stored: StoredCode) {
  const { data } = stored;
  return {
    id: stored.seq,
    code: stored.code,
    current_uses: numberOr(data.current_uses, 0),
    max_uses: numberOr(data.max_uses, 0),
    max_uses_per_customer: numberOr(data.max_uses_per_customer, 0),
    created: typeof data.created === 'string' ? data.created : formatTime(new Date(0)),
  };
}

/** A source of rows to page through: a promotion's codes, or the few that match a `code` filter. */
interface RowSource {
  page(page: CodePage): Promise<StoredCode[]>;
  count(): Promise<number>;
}

function filteredSource(rows: readonly StoredCode[]): RowSource {
  return {
    async page({ afterSeq, beforeSeq, offset = 0, limit }) {
      const inside = rows.filter((r) => (afterSeq === undefined || r.seq > afterSeq) && (beforeSeq === undefined || r.seq < beforeSeq));
      if (limit <= 0) return [];
      if (beforeSeq !== undefined) return inside.slice(0, Math.max(0, inside.length - offset)).slice(-limit);
      return inside.slice(offset, offset + limit);
    },
    async count() {
      return rows.length;
    },
  };
}

export function registerHandlers(app: VendorApp, rules: BigCommerceRules, stores: BigCommerceStores): void {
  const { store } = app;
  /** The store hash a request is in (one world per store hash, stores.ts). */
  const storeHashOf = (request: MockRequest) => request.tenant ?? stores.defaultStoreHash;
  const promotionOf = (request: MockRequest) => stores.loadPromotion(storeHashOf(request), request.params.promotion_id);
  const scopeOf = (request: MockRequest, promotionId: string) => worldOf(storeHashOf(request)).scopeOf(promotionId);
  /** Uniqueness key: upper-cased for a case-insensitive rule, so generated (upper-case) codes need no separate key. */
  const keyOf = (code: string) => (rules.create.caseInsensitive ? code.toUpperCase() : code);

  const notFound = (promotionId: string | undefined): MockResponse =>
    app.error(404, {
      title: 'Not Found',
      detail: `The requested promotion was not found.${promotionId ? ` No promotion has id ${promotionId}.` : ''}`,
      field: 'promotion_id',
      location: 'path',
    });

  /** The codes of one store with exactly this text, one per promotion that has it, by id. */
  async function codesWithText(storeHash: string, text: string): Promise<Array<{ scope: string; code: StoredCode }>> {
    const world = worldOf(storeHash);
    const found: Array<{ scope: string; code: StoredCode }> = [];
    for (const promotion of await stores.listPromotions(storeHash)) {
      const scope = world.scopeOf(promotion.id);
      const code = await store.findCode(scope, keyOf(text));
      if (code && code.code === text) found.push({ scope, code });
    }
    return found.sort((a, b) => a.code.seq - b.code.seq);
  }

  async function idsWithText(scope: string, ids: readonly number[], text: string): Promise<number[]> {
    const codes = await Promise.all(ids.map((id) => store.getCode(scope, id)));
    return ids.filter((_, i) => codes[i]?.code === text);
  }

  app.handle('createCouponCode', async (request) => {
    const promotion = await promotionOf(request);
    if (!promotion) return notFound(request.params.promotion_id);
    const body = request.body;
    if (!isRecord(body)) return unprocessable('body: must be a JSON object');
    const code = body.code;
    if (typeof code !== 'string' || code === '') return unprocessable('code: this field is required');
    if (promotion.redemption_type !== 'COUPON') {
      return unprocessable(
        `promotion_id: promotion ${promotion.id} has redemption_type ${promotion.redemption_type}; coupon codes can only be added to a promotion with redemption_type COUPON`,
      );
    }
    const maxUses = countField(body, 'max_uses', rules.create.defaults.max_uses);
    if (isResponse(maxUses)) return maxUses;
    const maxUsesPerCustomer = countField(body, 'max_uses_per_customer', rules.create.defaults.max_uses_per_customer);
    if (isResponse(maxUsesPerCustomer)) return maxUsesPerCustomer;

    const data = { created: formatTime(app.now()), max_uses: maxUses, max_uses_per_customer: maxUsesPerCustomer, current_uses: 0 };
    const key = keyOf(code);
    const result = await store.insertCodes(scopeOf(request, promotion.id), [key === code ? { code, data } : { code, key, data }], 'all-or-nothing');
    const stored = result.inserted[0];
    if (!stored) {
      return unprocessable(
        `code: Coupon code '${code}' already exists for this promotion (codes are unique within a promotion${rules.create.caseInsensitive ? ', ignoring case' : ''})`,
      );
    }
    return { status: 201, body: { data: couponCode(stored), meta: {} } };
  });

  app.handle('generateCouponCodes', async (request) => {
    const promotion = await promotionOf(request);
    if (!promotion) return notFound(request.params.promotion_id);
    const required = rules.codegen.requiresPromotionType;
    if (promotion.redemption_type !== 'COUPON' || promotion.coupon_type !== required) {
      const actual = promotion.redemption_type === 'COUPON' ? `a ${promotion.coupon_type ?? 'SINGLE'} coupon promotion` : `an ${promotion.redemption_type} promotion`;
      return app.error(405, {
        title: 'Method Not Allowed',
        detail: `Bulk code generation is only supported for promotions with redemption_type of 'COUPON' and coupon_type of '${required}'; promotion ${promotion.id} is ${actual}.`,
      });
    }
    const body = request.body;
    if (!isRecord(body)) return unprocessable('body: must be a JSON object');
    const batchSize = body.batch_size;
    if (typeof batchSize !== 'number' || !Number.isSafeInteger(batchSize) || batchSize < 1) {
      return unprocessable('batch_size: this field is required and must be a positive integer');
    }
    const defaults = rules.codegen.defaults;
    const fields = {
      maxUses: countField(body, 'max_uses', defaults.max_uses),
      maxUsesPerCustomer: countField(body, 'max_uses_per_customer', defaults.max_uses_per_customer),
      codeLength: countField(body, 'code_length', defaults.code_length),
      prefix: stringField(body, 'prefix', ''),
      suffix: stringField(body, 'suffix', ''),
      delimiter: stringField(body, 'delimiter', ''),
    };
    for (const value of Object.values(fields)) if (isResponse(value)) return value;
    const { maxUses, maxUsesPerCustomer, codeLength, prefix, suffix, delimiter } = fields as {
      [K in keyof typeof fields]: Exclude<(typeof fields)[K], MockResponse>;
    };
    const exclude = body.exclude_characters ?? defaults.exclude_characters;
    if (!Array.isArray(exclude) || !exclude.every((c): c is string => typeof c === 'string')) {
      return unprocessable('exclude_characters: must be an array of single characters');
    }

    const shaped = layoutOf({ prefix, suffix, delimiter, excludeCharacters: exclude, codeLength }, rules.codegen);
    if (!shaped.ok) return unprocessable(shaped.title);

    const created = formatTime(app.now());
    // One data object for the whole batch: the store keeps it shared (memory per code stays small).
    const data = { created, max_uses: maxUses, max_uses_per_customer: maxUsesPerCustomer, current_uses: 0 };
    const generated = await generateCodes({
      store,
      scope: scopeOf(request, promotion.id),
      random: app.random,
      layout: shaped.layout,
      count: batchSize,
      data,
      keyOf,
    });
    if (!generated.ok) return unprocessable(generated.title);
    return {
      status: 201,
      body: {
        data: {
          created,
          max_uses: maxUses,
          max_uses_per_customer: maxUsesPerCustomer,
          batch_size: generated.codes.length,
          codes: generated.codes.map((c) => ({ code: c.code })),
        },
        meta: {},
      },
    };
  });

  app.handle('listCouponCodes', async (request) => {
    const promotion = await promotionOf(request);
    if (!promotion) return notFound(request.params.promotion_id);
    const names = rules.list;
    const read = {
      before: single(request.query, names.before),
      after: single(request.query, names.after),
      page: single(request.query, names.page),
      limit: single(request.query, 'limit'),
      code: single(request.query, 'code'),
    };
    for (const r of Object.values(read)) if ('error' in r) return r.error;
    const value = (r: { value?: string } | { error: MockResponse }) => ('value' in r ? r.value : undefined);
    const [before, after, pageText, limitText, code] = [read.before, read.after, read.page, read.limit, read.code].map(value);

    if (before !== undefined && after !== undefined) {
      return unprocessable(`${names.before}, ${names.after}: The '${names.before}' and '${names.after}' query parameters cannot be used together.`);
    }
    if (pageText !== undefined && (before !== undefined || after !== undefined)) {
      return unprocessable(`${names.page}: The '${names.page}' query parameter cannot be used with the '${names.before}' or '${names.after}' cursor.`);
    }
    const { minimum, maximum } = names.limit;
    const limit = limitText === undefined ? names.limit.default : Number(limitText);
    if (!Number.isSafeInteger(limit) || limit < minimum || limit > maximum) {
      return unprocessable(`limit: must be an integer between ${minimum} and ${maximum}`);
    }
    const page = pageText === undefined ? 1 : Number(pageText);
    if (!Number.isInteger(page) || page < 1) return unprocessable(`${names.page}: must be an integer of at least 1`);
    const cursorName = before !== undefined ? names.before : names.after;
    const cursorText = before ?? after;
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    if (cursorText !== undefined && cursor === undefined) {
      return unprocessable(`${cursorName}: '${cursorText}' is not a cursor this API issued (use a start_cursor or end_cursor of a previous answer)`);
    }

    const scope = scopeOf(request, promotion.id);
    let source: RowSource = { page: (p) => store.listCodes(scope, p), count: () => store.countCodes(scope) };
    if (code !== undefined) {
      const match = await store.findCode(scope, keyOf(code));
      source = filteredSource(match && match.code === code ? [match] : []);
    }

    const mode = cursorText !== undefined ? 'cursor' : pageText !== undefined ? 'page' : 'both';
    const offset = (page - 1) * limit;
    const rows = !Number.isSafeInteger(offset)
      ? []
      : await source.page({
          afterSeq: after === undefined ? undefined : cursor,
          beforeSeq: before === undefined ? undefined : cursor,
          offset: mode === 'page' ? offset : 0,
          limit,
        });

    const meta: Record<string, unknown> = {};
    if (mode !== 'page') {
      const first = rows[0];
      const last = rows[rows.length - 1];
      const links: Record<string, string> = {};
      if (first && last) {
        // The vendor links a next page from every non-empty page (it may be empty), and a
        // previous page only when there are codes before this one.
        links.next = queryString({ limit, [names.after]: encodeCursor(last.seq), code });
        const earlier = await source.page({ beforeSeq: first.seq, limit: 1 });
        if (earlier.length > 0) links.previous = queryString({ limit, [names.before]: encodeCursor(first.seq), code });
      }
      meta.cursor_pagination = {
        count: rows.length,
        per_page: limit,
        ...(first && last ? { start_cursor: encodeCursor(first.seq), end_cursor: encodeCursor(last.seq) } : {}),
        links,
      };
    }
    if (mode !== 'cursor') {
      const total = await source.count();
      const totalPages = Math.ceil(total / limit);
      const links: Record<string, string> = { current: queryString({ [names.page]: page, limit, code }) };
      if (page > 1) links.previous = queryString({ [names.page]: page - 1, limit, code });
      if (page < totalPages) links.next = queryString({ [names.page]: page + 1, limit, code });
      meta.pagination = { total, count: rows.length, per_page: limit, current_page: page, total_pages: totalPages, links };
    }
    return { status: 200, body: { data: rows.map(couponCode), meta } };
  });

  app.handle('deleteCouponCodes', async (request) => {
    const promotion = await promotionOf(request);
    if (!promotion) return notFound(request.params.promotion_id);
    const name = rules.deleteMany.parameter;
    const raw = request.query[name];
    if (raw === undefined || raw === '') return unprocessable(`Parameter ${name} is required`, NO_BULK_WORK);
    const parts = (Array.isArray(raw) ? raw.join(',') : raw).split(',');
    const ids = parts.map((p) => (/^\d+$/.test(p.trim()) ? Number(p.trim()) : NaN));
    if (ids.some((id) => !Number.isSafeInteger(id) || id < 1) || ids.length > rules.deleteMany.maxItems) {
      return unprocessable(`Parameter ${name} must be a comma-separated list of at most ${rules.deleteMany.maxItems} integers`, NO_BULK_WORK);
    }
    const code = request.query.code;
    if (Array.isArray(code)) return unprocessable(`code: must be given once, not ${code.length} times`, NO_BULK_WORK);
    const scope = scopeOf(request, promotion.id);
    // `code` narrows the ids to the codes with exactly that text; ids that are not codes of this
    // promotion are skipped (spec Decision 16).
    const targets = code === undefined ? ids : await idsWithText(scope, ids, code);
    await store.deleteCodes(scope, targets);
    return { status: 204 };
  });

  app.handle('deleteCouponCode', async (request) => {
    // 204 whether or not the promotion or the code exists (spec Decision 14).
    const { promotion_id: promotionId = '', code_id: codeId = '' } = request.params;
    if (/^\d+$/.test(promotionId) && /^\d+$/.test(codeId)) {
      const seq = Number(codeId);
      if (Number.isSafeInteger(seq)) await store.deleteCodes(scopeOf(request, normalizeId(promotionId)), [seq]);
    }
    return { status: 204 };
  });

  app.handle('getCouponCodeByCode', async (request) => {
    const read = single(request.query, 'code');
    if ('error' in read) return read.error;
    if (!read.value) return unprocessable('Parameter code is required');
    const perPage = rules.list.limit.default;
    const found = await codesWithText(storeHashOf(request), read.value);
    const rows = found.slice(0, perPage).map((f) => f.code);
    const first = rows[0];
    const last = rows[rows.length - 1];
    return {
      status: 200,
      body: {
        data: rows.map(couponCode),
        meta: {
          cursor_pagination: {
            count: rows.length,
            per_page: perPage,
            ...(first && last ? { start_cursor: encodeCursor(first.seq), end_cursor: encodeCursor(last.seq) } : {}),
            links: {},
          },
          pagination: {
            total: found.length,
            count: rows.length,
            per_page: perPage,
            current_page: 1,
            total_pages: Math.ceil(found.length / perPage),
            links: { current: queryString({ page: 1, limit: perPage }) },
          },
        },
      },
    };
  });

  app.handle('deleteCouponCodeByCode', async (request) => {
    const read = single(request.query, 'code');
    if ('error' in read) return read.error;
    if (!read.value) return unprocessable('Parameter code is required');
    // Every code with exactly this text, in whatever promotion (spec Decision 15); 204 also when none.
    for (const { scope, code } of await codesWithText(storeHashOf(request), read.value)) await store.deleteCodes(scope, [code.seq]);
    return { status: 204 };
  });
}
