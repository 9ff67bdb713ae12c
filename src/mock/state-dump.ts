import type { Store } from '../store/types.js';
import type { MockResponse } from './types.js';

/** Codes read from the store at a time while a dump streams: what one dump holds in memory. */
const STATE_PAGE_SIZE = 1000;

export interface StateLimits {
  /** More codes than this in the store and `GET /__mock/state` answers 413, pointing to the pages by scope. */
  maxCodes: number;
  /**
   * More documents than this (promotions, price rules, jobs; every BigCommerce store hash a client
   * names is a world with its own) and it answers 413 too, pointing to the documents by kind.
   */
  maxDocs: number;
}

export const DEFAULT_STATE_LIMITS: StateLimits = { maxCodes: 100_000, maxDocs: 20_000 };

/**
 * `GET /__mock/state`: everything, streamed. The store is read a page of codes at a time and each
 * page written out before the next is read, so a dump holds one page of codes, not all of them,
 * and leaves nothing behind; the documents are weighed before they are read. Past `maxCodes` or
 * `maxDocs` the answer is a 413 that lists the scopes and kinds, to be read a scope (in pages,
 * `?scope=…&after=…`) or a kind (`?kind=…`) at a time.
 */
export async function stateDump(store: Store, limits: StateLimits): Promise<MockResponse> {
  const scopes = await store.codeScopes();
  let total = 0;
  const counts: Record<string, number> = {};
  for (const scope of scopes) {
    counts[scope] = await store.countCodes(scope);
    total += counts[scope];
  }
  const docs = await store.docCounts();
  const totalDocs = Object.values(docs).reduce((sum, n) => sum + n, 0);
  if (total > limits.maxCodes || totalDocs > limits.maxDocs) {
    return {
      status: 413,
      body: {
        error:
          `The state holds ${total} codes and ${totalDocs} documents, more than one answer carries (${limits.maxCodes} codes, ${limits.maxDocs} documents); ` +
          'read the codes a scope at a time, GET /__mock/state?scope=<scope>, and the documents a kind at a time, GET /__mock/state?kind=<kind>',
        codes: counts,
        docs,
      },
    };
  }
  const meta = (await store.dump({ codes: false })) as Record<string, unknown>;
  return { status: 200, contentType: 'application/json', stream: dumpChunks(store, meta, scopes) };
}

/** The dump's own shape and key order (see StoreDump), with `codes` written a page at a time. */
async function* dumpChunks(store: Store, meta: Record<string, unknown>, scopes: readonly string[]): AsyncIterable<string> {
  let separator = '{';
  for (const [key, value] of Object.entries(meta)) {
    yield `${separator}${JSON.stringify(key)}:`;
    separator = ',';
    if (key === 'codes') yield* codeChunks(store, scopes);
    else yield JSON.stringify(value);
  }
  yield '}';
}

async function* codeChunks(store: Store, scopes: readonly string[]): AsyncIterable<string> {
  let separator = '{';
  for (const scope of scopes) {
    yield `${separator}${JSON.stringify(scope)}:[`;
    separator = ',';
    let afterSeq: number | undefined;
    let comma = '';
    for (;;) {
      const page = await store.listCodes(scope, { afterSeq, limit: STATE_PAGE_SIZE });
      if (page.length === 0) break;
      yield comma + page.map((code) => JSON.stringify(code)).join(',');
      comma = ',';
      afterSeq = (page[page.length - 1] as { seq: number }).seq;
      if (page.length < STATE_PAGE_SIZE) break;
    }
    yield ']';
  }
  yield separator === '{' ? '{}' : '}';
}

/** `GET /__mock/state?scope=…&after=…&limit=…`: one page of one scope's codes, with the link to the next. */
export async function stateCodePage(store: Store, query: URLSearchParams): Promise<MockResponse> {
  const scope = query.get('scope') ?? '';
  const after = query.get('after');
  const afterSeq = after === null ? undefined : Number(after);
  const limit = query.get('limit') === null ? STATE_PAGE_SIZE : Number(query.get('limit'));
  if ((afterSeq !== undefined && !Number.isSafeInteger(afterSeq)) || !Number.isSafeInteger(limit) || limit < 1 || limit > STATE_PAGE_SIZE) {
    return { status: 400, body: { error: `after must be a whole number and limit 1..${STATE_PAGE_SIZE}` } };
  }
  const codes = await store.listCodes(scope, { afterSeq, limit });
  const last = codes[codes.length - 1];
  const next =
    codes.length === limit && last
      ? `/__mock/state?${new URLSearchParams({ scope, after: String(last.seq), limit: String(limit) }).toString()}`
      : null;
  return { status: 200, body: { scope, codes, next } };
}

/** `GET /__mock/state?kind=…`: the documents of one kind (413 past `maxDocs`, which one answer never passes). */
export async function stateDocs(store: Store, kind: string, limits: StateLimits): Promise<MockResponse> {
  const count = (await store.docCounts())[kind] ?? 0;
  if (count > limits.maxDocs) return { status: 413, body: { error: `${kind} holds ${count} documents, more than one answer carries (${limits.maxDocs})`, docs: { [kind]: count } } };
  return { status: 200, body: { kind, docs: await store.listDocs(kind) } };
}
