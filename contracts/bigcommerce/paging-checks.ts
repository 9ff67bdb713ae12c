/**
 * Cursor pagination of listCouponCodes: forwards by `links.next` to the end and back by
 * `links.previous`, with no row lost or repeated, `count` / `per_page` consistent, and the
 * `after` / `before` cursors giving the neighbouring pages.
 */
import {
  expectStatus,
  responsesRule,
  successStatuses,
  ViolationList,
  type Check,
  type Exchange,
  type SpecRule,
} from '../../src/contracts/index.js';
import { contract, generate, generatedOf, listPage, metaOf, plural, rowsOf, ruleAt, violation, withWorkspace, type CouponCode } from './api.js';

/** The page size walked with (within the spec's limits), kept small so that a few codes make several pages. */
const PAGE = 5;
/** A walk longer than this (each way) is not attempted: the check skips on a promotion that full. */
const MAX_WALK = 40;

interface Cursor {
  count?: unknown;
  per_page?: unknown;
  start_cursor?: unknown;
  end_cursor?: unknown;
  links?: { previous?: unknown; next?: unknown };
}

interface Page {
  number: number;
  exchange: Exchange;
  rows: CouponCode[];
  cursor: Cursor;
}

/** A `links.next` / `links.previous` query string as request query pairs; undefined if it is not one. */
function linkQuery(link: unknown): Array<[string, string]> | undefined {
  if (typeof link !== 'string') return undefined;
  const at = link.indexOf('?');
  if (at === -1) return undefined;
  return [...new URLSearchParams(link.slice(at + 1))];
}

const ids = (rows: readonly CouponCode[]) => rows.map((r) => r.id);
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);
const list = (values: readonly number[]) => `[${values.join(', ')}]`;

export const cursorPaging: Check = {
  name: 'cursor_paging',
  description:
    'paging through the codes with a small limit, by links.next to the end and back by links.previous, loses and repeats no row; count and per_page match each page; after/before cursors give the neighbouring pages',
  mutates: true,
  scope: 'operation',
  appliesTo: (op) => op.id === 'listCouponCodes',
  async run(ctx) {
    const c = contract(ctx);
    const promotion = ctx.requireOwner();
    const { minimum, maximum } = c.listParams.limit.value;
    const cp = c.cursorPagination;
    const rules = {
      count: ruleAt(ctx.spec, cp.count, 'count: the number of items in this page'),
      perPage: ruleAt(ctx.spec, cp.perPage, 'per_page: the page size (limit)'),
      cursors: ruleAt(ctx.spec, cp.startCursor, 'start_cursor / end_cursor: cursors of the first and last item; omitted only when the page is empty'),
      meta: ruleAt(ctx.spec, c.collectionMeta, 'both pagination objects when no pagination parameter is given; only cursor_pagination when before or after is given'),
      next: ruleAt(ctx.spec, cp.next, 'links.next: the query string of the next page (the codes after this one, none repeated or left out)'),
      previous: ruleAt(ctx.spec, cp.previous, 'links.previous: the query string of the previous page; omitted on the first page'),
      after: ruleAt(ctx.spec, c.listParams.after, 'after: an end_cursor; the codes after that position'),
      before: ruleAt(ctx.spec, c.listParams.before, 'before: a start_cursor; the codes before that position'),
    };
    const listRule = responsesRule(ctx.spec, c.list);

    // How many codes the promotion holds already decides the page size (a full promotion is not walked 5 at a time).
    const probe = await listPage(ctx, promotion, { limit: minimum }, 'cursor_paging: how many codes the promotion holds');
    expectStatus(probe, 200, listRule, 'counting the codes');
    const held = (metaOf(probe)?.pagination as { total?: unknown } | undefined)?.total;
    const existing = typeof held === 'number' ? held : 0;
    const limit = Math.min(maximum, Math.max(minimum, PAGE, Math.ceil(existing / (MAX_WALK / 2))));
    const make = 2 * limit + 1;
    if (Math.ceil((existing + make) / limit) > MAX_WALK) {
      ctx.skip(`promotion ${promotion} holds ${existing} codes: walking them ${limit} at a time takes more than ${MAX_WALK} requests each way`);
    }

    await withWorkspace(ctx, async (ws) => {
      const problems = new ViolationList();
      const made = new Set<string>();
      for (let left = make; left > 0; ) {
        const size = Math.min(left, c.codegenBody.batchSize.value.maximum);
        const exchange = await generate(ctx, promotion, { batch_size: size, prefix: ctx.target.runPrefix }, `cursor_paging: ${size} codes to page through`);
        expectStatus(exchange, successStatuses(c.codegen), responsesRule(ctx.spec, c.codegen), 'generating codes to page through');
        for (const code of generatedOf(ctx, exchange, 'generating codes to page through').codes) {
          made.add(code);
          ws.created(promotion, code);
        }
        left -= size;
      }

      /** Reads one page: 200, a cursor_pagination object, count and per_page, cursors, which objects are there. */
      const read = async (query: Array<[string, string]> | Record<string, string | number>, number: number, why: string, cursorGiven: boolean): Promise<Page> => {
        const exchange = await listPage(ctx, promotion, query, `cursor_paging: ${why}`);
        expectStatus(exchange, 200, listRule, why);
        const rows = rowsOf(ctx, exchange, why);
        const meta = metaOf(exchange);
        const cursor = meta?.cursor_pagination as Cursor | undefined;
        if (!cursor || typeof cursor !== 'object') throw violation({ summary: `${why}: no meta.cursor_pagination`, rule: rules.meta, exchange });
        if (cursorGiven && meta?.pagination !== undefined) problems.add(violation({ summary: `${why}: a cursor was given, yet meta also holds pagination`, rule: rules.meta, exchange }));
        if (!cursorGiven && meta?.pagination === undefined) problems.add(violation({ summary: `${why}: no pagination parameter was given, yet meta holds no pagination`, rule: rules.meta, exchange }));
        if (cursor.count !== rows.length) problems.add(violation({ summary: `${why}: count is ${JSON.stringify(cursor.count)}, the page holds ${plural(rows.length, 'row')}`, rule: rules.count, exchange }));
        if (cursor.per_page !== limit) problems.add(violation({ summary: `${why}: per_page is ${JSON.stringify(cursor.per_page)}, the limit is ${limit}`, rule: rules.perPage, exchange }));
        if (rows.length > limit) problems.add(violation({ summary: `${why}: ${plural(rows.length, 'row')} on a page of limit ${limit}`, rule: rules.perPage, exchange }));
        if (rows.length > 0 && (typeof cursor.start_cursor !== 'string' || typeof cursor.end_cursor !== 'string')) {
          problems.add(violation({ summary: `${why}: a page of ${plural(rows.length, 'row')} without start_cursor and end_cursor`, rule: rules.cursors, exchange }));
        }
        return { number, exchange, rows, cursor };
      };

      // Forwards, by links.next, until an empty page or one without a next link.
      const pages: Page[] = [];
      const walk: CouponCode[] = [];
      const seenOn = new Map<number, number>();
      let page = await read({ limit }, 1, `forwards, page 1 (limit ${limit}, no cursor)`, false);
      const total = (metaOf(page.exchange)?.pagination as { total?: unknown } | undefined)?.total;
      for (;;) {
        pages.push(page);
        const repeated = page.rows.filter((r) => seenOn.has(r.id));
        if (repeated.length > 0) {
          problems.add(
            violation({
              summary: `forwards, page ${page.number}: ${plural(repeated.length, 'row')} already seen: ${repeated.map((r) => `id ${r.id} (${r.code}, on page ${seenOn.get(r.id)})`).join(', ')}`,
              rule: rules.next,
              exchange: page.exchange,
            }),
          );
        }
        for (const row of page.rows) {
          if (seenOn.has(row.id)) continue;
          seenOn.set(row.id, page.number);
          walk.push(row);
        }
        // A page of nothing new: following its link again would go round in circles.
        if (page.rows.length > 0 && repeated.length === page.rows.length) break;
        const next = page.cursor.links?.next;
        if (page.rows.length === 0 || next === undefined) break;
        const query = linkQuery(next);
        if (!query) {
          problems.add(violation({ summary: `forwards, page ${page.number}: links.next ${JSON.stringify(next)} is not a query string`, rule: rules.next, exchange: page.exchange }));
          break;
        }
        if (page.number >= MAX_WALK + 2) {
          problems.add(violation({ summary: `forwards: still a next link after ${page.number} pages of ${limit} (the promotion held ${existing + make} codes)`, rule: rules.next, exchange: page.exchange }));
          break;
        }
        page = await read(query, page.number + 1, `forwards, page ${page.number + 1} (links.next of page ${page.number})`, true);
      }
      const ended = pages[pages.length - 1] as Page;

      // Nothing lost: every code made is on the walk, and the walk holds as many rows as the promotion.
      const walked = new Set(walk.map((r) => r.code));
      const missing = [...made].filter((code) => !walked.has(code));
      const endedBy = ended.rows.length === 0 ? 'an empty page' : ended.cursor.links?.next === undefined ? 'no links.next' : 'a page of rows already seen';
      const how = `the walk ended on page ${ended.number} (${endedBy})`;
      if (missing.length > 0) {
        problems.add(violation({ summary: `forwards: ${plural(missing.length, 'code')} of the ${made.size} made never came: ${missing.slice(0, 5).join(', ')}; ${how}`, rule: rules.next, exchange: ended.exchange }));
      } else if (typeof total === 'number' && total !== walk.length) {
        problems.add(violation({ summary: `forwards: ${plural(walk.length, 'distinct row')} walked, page 1 said pagination.total ${total}; ${how}`, rule: rules.next, exchange: ended.exchange }));
      }

      // Backwards from the last non-empty page, by links.previous: each page is the `limit` rows before.
      const lastFull = [...pages].reverse().find((p) => p.rows.length > 0);
      if (lastFull) {
        let current = lastFull;
        let position = walk.findIndex((r) => r.id === lastFull.rows[0]?.id);
        for (let step = 1; position >= 0; step++) {
          const previous = current.cursor.links?.previous;
          const label = step === 1 ? `page ${current.number} (the last)` : `backwards page ${step - 1}`;
          if (position === 0) {
            if (previous !== undefined) problems.add(violation({ summary: `backwards: ${label} starts with the first row, yet has links.previous ${JSON.stringify(previous)}`, rule: rules.previous, exchange: current.exchange }));
            break;
          }
          const query = linkQuery(previous);
          if (!query) {
            problems.add(
              violation({
                summary: `backwards: ${label} has ${previous === undefined ? 'no links.previous' : `links.previous ${JSON.stringify(previous)}, not a query string`}, though ${plural(position, 'row')} come before it`,
                rule: rules.previous,
                exchange: current.exchange,
              }),
            );
            break;
          }
          if (step > MAX_WALK + 2) break;
          const back = await read(query, step, `backwards, page ${step} (links.previous of ${label})`, true);
          const expected = ids(walk.slice(Math.max(0, position - limit), position));
          if (!same(ids(back.rows), expected)) {
            problems.add(violation({ summary: `backwards: links.previous of ${label} gave ids ${list(ids(back.rows))}, expected the ${plural(expected.length, 'row')} before it ${list(expected)}`, rule: rules.previous, exchange: back.exchange }));
            break;
          }
          position -= back.rows.length;
          current = back;
        }
      }

      // The cursors themselves: after page 1's end_cursor is page 2, before page 2's start_cursor is page 1.
      const [one, two] = pages;
      if (one && two && one.rows.length > 0 && two.rows.length > 0) {
        const cursorCheck = async (name: string, value: unknown, expected: Page, rule: SpecRule, from: string) => {
          if (typeof value !== 'string') return;
          const got = await read({ limit, [name]: value }, expected.number, `${name}=${from} of page ${expected.number === 1 ? 2 : 1}`, true);
          if (!same(ids(got.rows), ids(expected.rows))) {
            problems.add(violation({ summary: `${name}=${from} of page ${expected.number === 1 ? 2 : 1} gave ids ${list(ids(got.rows))}, page ${expected.number} holds ${list(ids(expected.rows))}`, rule, exchange: got.exchange }));
          }
        };
        await problems.attempt(() => cursorCheck(c.listParams.after.value, one.cursor.end_cursor, two, rules.after, 'end_cursor'));
        await problems.attempt(() => cursorCheck(c.listParams.before.value, two.cursor.start_cursor, one, rules.before, 'start_cursor'));
      }
      problems.throwIfAny((n) => `${n} violations of cursor pagination over ${plural(pages.length, 'page')} of ${limit}`);
    });
  },
};
