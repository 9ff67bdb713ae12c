import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBigCommerceClient, createElasticPathClient, createShoplazzaClient, elasticPathAuth } from '../../src/client/index.js';

const TOKEN = 'SeCrEtToKeN0123456789';
const BASE = 'http://127.0.0.1:4010/stores/abc/v3';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.restoreAllMocks();
});

/** Everything an error says: message, stack, own properties, causes and aggregated errors. */
function textOf(error: unknown, depth = 0): string {
  if (depth > 5 || error === null || typeof error !== 'object') return String(error);
  const parts = [String(error)];
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[key];
    parts.push(key === 'cause' || key === 'errors' ? textOf(value, depth + 1) : safeString(value));
  }
  if (Array.isArray(error)) parts.push(...error.map((e) => textOf(e, depth + 1)));
  return parts.join('\n');
}
const safeString = (value: unknown) => (typeof value === 'string' ? value : (() => { try { return JSON.stringify(value); } catch { return String(value); } })());

async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the token appears in no error', () => {
  it.each([
    ['a line break', `${TOKEN}\r\nX-Injected: 1`],
    ['a space', `${TOKEN} x`],
    ['a character Headers cannot carry', `${TOKEN}\u4e00`],
  ])('a token with %s is refused without being quoted', async (_, token) => {
    for (const create of [
      () => createBigCommerceClient({ baseUrl: BASE, token }),
      () => createShoplazzaClient({ subdomain: 'shop', token }),
      () => createElasticPathClient({ token }),
      () => elasticPathAuth(token),
    ]) {
      const error = await thrown(create);
      expect(error).toBeInstanceOf(TypeError);
      expect(textOf(error)).toMatch(/token must be/);
      expect(textOf(error)).not.toContain(TOKEN);
    }
  });

  it('nor an empty or missing one', () => {
    expect(() => createBigCommerceClient({ baseUrl: BASE, token: '' })).toThrow(/token must be/);
    expect(() => createBigCommerceClient({ baseUrl: BASE } as never)).toThrow(/token must be/);
  });

  it('a refused connection', async () => {
    const bc = createBigCommerceClient({ baseUrl: BASE, token: TOKEN });
    const error = await thrown(() => bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } } }));
    expect(textOf(error)).toContain('127.0.0.1');
    expect(textOf(error)).not.toContain(TOKEN);
  });

  it('a connection that fails while retrying', async () => {
    nock('http://127.0.0.1:4010').post('/stores/abc/v3/promotions/1/codes').reply(429, {}, { 'X-Rate-Limit-Time-Reset-Ms': '1' });
    nock('http://127.0.0.1:4010').post('/stores/abc/v3/promotions/1/codes').replyWithError('socket hang up');
    const bc = createBigCommerceClient({ baseUrl: BASE, token: TOKEN, retry: { attempts: 3 } });
    const error = await thrown(() => bc.POST('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } }, body: { code: 'A', max_uses: 0, max_uses_per_customer: 0 } }));
    expect(textOf(error)).toContain('socket hang up');
    expect(textOf(error)).not.toContain(TOKEN);
  });

  it('an abort during the wait for a retry', async () => {
    nock('http://127.0.0.1:4010').get('/stores/abc/v3/promotions/1/codes').reply(429, {}, { 'Retry-After': '30' });
    const bc = createBigCommerceClient({ baseUrl: BASE, token: TOKEN, retry: { attempts: 2 } });
    const signal = AbortSignal.timeout(20);
    const error = await thrown(() => bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } }, signal }));
    expect((error as Error).name).toBe('TimeoutError');
    expect(textOf(error)).not.toContain(TOKEN);
  });
});

describe('nothing is logged', () => {
  const spies: Array<ReturnType<typeof vi.spyOn>> = [];
  beforeEach(() => {
    spies.length = 0;
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) spies.push(vi.spyOn(console, method).mockImplementation(() => {}));
  });

  it('across a request, its retries and the 429 given up on', async () => {
    nock('http://127.0.0.1:4010').get('/stores/abc/v3/promotions/1/codes').times(2).reply(429, { title: 'Too many' }, { 'X-Rate-Limit-Time-Reset-Ms': '1' });
    const bc = createBigCommerceClient({ baseUrl: BASE, token: TOKEN, retry: { attempts: 2 } });
    const { response } = await bc.GET('/promotions/{promotion_id}/codes', { params: { path: { promotion_id: '1' } } });
    expect(response.status).toBe(429);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
