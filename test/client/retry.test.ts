import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createShoplazzaClient, serverDelayMs, type RetryOptions } from '../../src/client/index.js';

const ORIGIN = 'http://shop.test';
const BASE = '/openapi/2025-06';
const CODES = `${BASE}/price_rules/pr_1/discount_codes`;
const CREATED = { code: '200', message: 'Success', data: { discount_code: { id: 'dc_1', price_rule_id: 'pr_1', code: 'SUMMER20' } } };
const TOO_MANY = { code: 'TooManyRequests', message: 'Too many requests' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function client(retry: RetryOptions) {
  return createShoplazzaClient({ baseUrl: ORIGIN + BASE, token: 'shop-token', retry });
}

function create(retry: RetryOptions) {
  return client(retry).POST('/price_rules/{price_rule_id}/discount_codes', {
    params: { path: { price_rule_id: 'pr_1' } },
    body: { discount_code: { code: 'SUMMER20', use_with_other: 1 } },
  });
}

/** Records when each request arrived and what it carried, answering from `answers` in turn. */
function recordPosts(answers: Array<[number, object, Record<string, string>?]>) {
  const seen: Array<{ at: number; clock: number; body: string; token: string | undefined }> = [];
  nock(ORIGIN)
    .post(CODES)
    .times(answers.length)
    .reply(function (_uri, body) {
      seen.push({ at: performance.now(), clock: Date.now(), body: typeof body === 'string' ? body : JSON.stringify(body), token: this.req.headers['access-token'] });
      return answers[seen.length - 1]!;
    });
  return seen;
}

describe('retry on 429', () => {
  it('waits X-Rate-Limit-Time-Reset-Ms before re-sending', async () => {
    const seen = recordPosts([
      [429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '20' }],
      [429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '30' }],
      [200, CREATED],
    ]);
    const { data, error, response } = await create({ attempts: 3 });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.data?.discount_code?.id).toBe('dc_1');
    expect(seen).toHaveLength(3);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(19);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(29);
  });

  // Whole seconds are the least these headers say, so these two run on vitest's fake timers:
  // not a millisecond early, and re-sent once the time has come.
  describe('on a fake clock', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      vi.setSystemTime(new Date('2026-06-01T00:00:00.250Z'));
    });
    afterEach(() => vi.useRealTimers());

    /** Event-loop turns (not faked) until `done`, at most `turns`: time for requests in flight to arrive. */
    async function turns(count: number, done: () => boolean = () => false) {
      for (let i = 0; i < count && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
    }

    /** Sends, then moves the clock to 1 ms before `waitMs` and to it: the retry must come exactly then. */
    async function expectRetryAfter(waitMs: number, header: Record<string, string>) {
      const seen = recordPosts([[429, TOO_MANY, header], [200, CREATED]]);
      const sent = create({ attempts: 2 });
      // Until the 429 has come back and the client sleeps on a (fake) timer.
      await turns(1000, () => vi.getTimerCount() > 0);
      expect(seen).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(waitMs - 1);
      await turns(50);
      expect(seen, 're-sent before the time the 429 named').toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await turns(1000, () => seen.length === 2);
      expect(seen, 'not re-sent once the time the 429 named had come').toHaveLength(2);
      expect((await sent).response.status).toBe(200);
      expect(seen[1]!.clock - seen[0]!.clock).toBe(waitMs);
    }

    it('waits Retry-After seconds before re-sending', async () => {
      await expectRetryAfter(1000, { 'Retry-After': '1' });
    });

    it('waits until a Retry-After HTTP date', async () => {
      // 2026-06-01T00:00:02Z is 1,750 ms after the fake clock's start.
      await expectRetryAfter(1750, { 'Retry-After': new Date('2026-06-01T00:00:02Z').toUTCString() });
    });
  });

  it('backs off exponentially when the 429 says nothing', async () => {
    const seen = recordPosts([[429, TOO_MANY], [429, TOO_MANY], [200, CREATED]]);
    const { response } = await create({ attempts: 3, baseDelayMs: 20 });
    expect(response.status).toBe(200);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(19);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(39);
  });

  it('gives up after the limit and returns the last 429, typed as an error', async () => {
    const seen = recordPosts(Array.from({ length: 3 }, (_, i) => [429, { ...TOO_MANY, message: `try ${i + 1}` }, { 'X-Rate-Limit-Time-Reset-Ms': '1' }] as [number, object, Record<string, string>]));
    const { data, error, response } = await create({ attempts: 3 });
    expect(seen).toHaveLength(3);
    expect(nock.isDone()).toBe(true);
    expect(data).toBeUndefined();
    expect(response.status).toBe(429);
    expect(error).toEqual({ ...TOO_MANY, message: 'try 3' });
  });

  it('re-sends the same body, byte for byte, and the auth header on every attempt', async () => {
    const seen = recordPosts([
      [429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '1' }],
      [429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '1' }],
      [200, CREATED],
    ]);
    // nock hands reply functions the parsed JSON; the bytes are read where they leave the client.
    const sent: string[] = [];
    const shop = createShoplazzaClient({
      baseUrl: ORIGIN + BASE,
      token: 'shop-token',
      retry: { attempts: 3 },
      fetch: async (request) => {
        sent.push(await request.clone().text());
        return fetch(request);
      },
    });
    const body = { discount_code: { code: 'ÉTÉ-2025', use_with_other: 0 as const, usage_limit: 5 } };
    const { response } = await shop.POST('/price_rules/{price_rule_id}/discount_codes', { params: { path: { price_rule_id: 'pr_1' } }, body });
    expect(response.status).toBe(200);
    expect(sent).toEqual(Array(3).fill(JSON.stringify(body)));
    expect(seen.map((s) => JSON.parse(s.body))).toEqual(Array(3).fill(body));
    expect(seen.map((s) => s.token)).toEqual(['shop-token', 'shop-token', 'shop-token']);
  });

  it('re-sends a GET with its query', async () => {
    let calls = 0;
    nock(ORIGIN)
      .get(CODES)
      .query({ page: '2' })
      .times(2)
      .reply(() => (++calls === 1 ? [429, TOO_MANY, { 'Retry-After': '0' }] : [200, { code: '200', message: 'Success', data: { discount_codes: [] } }]));
    const { response } = await client({ attempts: 2 }).GET('/price_rules/{price_rule_id}/discount_codes', {
      params: { path: { price_rule_id: 'pr_1' }, query: { page: 2 } },
    });
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it('does not wait longer than maxDelayMs: the 429 is returned at once', async () => {
    const seen = recordPosts([[429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '60000' }]]);
    const started = performance.now();
    const { response } = await create({ attempts: 3, maxDelayMs: 1000 });
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not retry when retry is not asked for', async () => {
    const seen = recordPosts([[429, TOO_MANY, { 'X-Rate-Limit-Time-Reset-Ms': '1' }]]);
    const { response } = await createShoplazzaClient({ baseUrl: ORIGIN + BASE, token: 'shop-token' }).POST('/price_rules/{price_rule_id}/discount_codes', {
      params: { path: { price_rule_id: 'pr_1' } },
      body: { discount_code: { code: 'SUMMER20', use_with_other: 1 } },
    });
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(1);
  });

  it('stops waiting when the request is aborted', async () => {
    recordPosts([[429, TOO_MANY, { 'Retry-After': '30' }]]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 20);
    const call = client({ attempts: 2 }).POST('/price_rules/{price_rule_id}/discount_codes', {
      params: { path: { price_rule_id: 'pr_1' } },
      body: { discount_code: { code: 'SUMMER20', use_with_other: 1 } },
      signal: controller.signal,
    });
    await expect(call).rejects.toThrow('stop');
  });

  it('rejects options it cannot honour', () => {
    expect(() => client({ attempts: 0 })).toThrow(RangeError);
    expect(() => client({ attempts: 1.5 })).toThrow(RangeError);
    expect(() => client({ attempts: 2, maxDelayMs: -1 })).toThrow(RangeError);
  });
});

describe('serverDelayMs', () => {
  const headers = (init: Record<string, string>) => new Headers(init);
  const now = Date.parse('2025-06-01T00:00:00Z');

  it('reads X-Rate-Limit-Time-Reset-Ms before Retry-After', () => {
    expect(serverDelayMs(headers({ 'X-Rate-Limit-Time-Reset-Ms': '1500', 'Retry-After': '9' }), now)).toBe(1500);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(serverDelayMs(headers({ 'Retry-After': '2' }), now)).toBe(2000);
    expect(serverDelayMs(headers({ 'Retry-After': 'Sun, 01 Jun 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(serverDelayMs(headers({ 'Retry-After': 'Sat, 31 May 2025 23:59:00 GMT' }), now)).toBe(0);
  });
  it('is undefined when no header says, or says nonsense', () => {
    expect(serverDelayMs(headers({}), now)).toBeUndefined();
    expect(serverDelayMs(headers({ 'Retry-After': 'soon', 'X-Rate-Limit-Time-Reset-Ms': '-5' }), now)).toBeUndefined();
  });
});
