/**
 * The mock core, vendor-agnostic: driven over HTTP on a real port, with real Prism in front of
 * the real Shoplazza spec, and a small test plugin behind it so each core behaviour is seen on
 * its own (the vendor plugins have their own tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { FixtureError, type VendorPlugin } from '../../src/mock/types.js';

interface Call {
  status: number;
  headers: Headers;
  body: any;
  ms: number;
}

const errorBody = (status: number, problem: { detail: string; field?: string; rule?: string }) => ({
  code: `E${status}`,
  message: problem.detail,
  field: problem.field,
  rule: problem.rule,
});

function testPlugin(overrides: Partial<VendorPlugin> = {}): VendorPlugin {
  return {
    vendor: 'shoplazza',
    errorBody,
    // Its 429 headers are the ones browsers may read (besides Allow and Retry-After).
    rateLimitHeaders: ({ retryAfterMs }) => ({ 'X-Rate-Limit-Time-Reset-Ms': String(retryAfterMs) }),
    register(app) {
      app.handle('listDiscountCodes', async (request) => ({
        status: 200,
        body: { code: '200', message: 'Success', data: { discount_codes: [], params: request.params } },
      }));
      app.handle('getDiscountCode', async (request) => {
        if (request.params.discount_code_id === 'dc_boom') throw new Error('handler bug');
        if (request.params.discount_code_id === 'dc_gone') {
          throw Object.assign(new Error('redis is gone'), { name: 'StoreUnavailableError' });
        }
        return app.error(404, { title: 'Not Found', detail: 'no such code' });
      });
      // A raw route fails as a handler does: whatever it throws is answered in the vendor's shape.
      app.handleRaw('GET', /^\/exports\/(boom|gone)$/, async (match) => {
        if (match[1] === 'gone') throw Object.assign(new Error('redis is gone'), { name: 'StoreUnavailableError' });
        throw new Error('raw route bug');
      });
      app.handle('batchCreateDiscountCodes', async () => ({ status: 200, body: { code: '200', message: 'Success', data: { discount_codes: [] } } }));
    },
    seed: async (_app, fixtures) => {
      const rules = (fixtures as { price_rules?: Array<{ id: string }> } | undefined)?.price_rules ?? [{ id: 'pr_1' }];
      return rules.map((r) => ({ id: r.id, kind: 'price rule' }));
    },
    addOwner: async (_app, input) => {
      const id = (input as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') throw new FixtureError('a price rule needs a string id');
      return { id, kind: 'price rule' };
    },
    ...overrides,
  };
}

async function call(url: string, init: RequestInit = {}): Promise<Call> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: response.status, headers: response.headers, body, ms: performance.now() - started };
}

describe('mock core', () => {
  let server: MockServer;
  let base: string;
  const auth = { 'access-token': 'full-token' };

  beforeAll(async () => {
    server = await startMockServer({ plugins: [testPlugin()], port: 0 });
    base = `${server.url}/openapi/2025-06`;
  });
  afterAll(() => server.close());

  it('mounts the vendor at the path of its spec server URL and passes path and server variables', async () => {
    const r = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.body.data.params).toEqual({ subdomain: 'your-store', price_rule_id: 'pr_1' });
  });

  it('answers a CORS preflight and exposes the rate-limit headers to browsers', async () => {
    const r = await call(`${base}/price_rules/pr_1/discount_codes`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'access-token, content-type' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(r.headers.get('access-control-allow-headers')).toBe('access-token, content-type');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
    const simple = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { ...auth, origin: 'http://localhost:5173' } });
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(simple.headers.get('access-control-expose-headers')).toContain('X-Rate-Limit-Time-Reset-Ms');
  });

  it('answers 405 with an Allow header naming the documented methods, in the vendor shape', async () => {
    const r = await call(`${base}/price_rules/pr_1/discount_codes`, { method: 'PUT', headers: auth });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, POST');
    expect(r.body.code).toBe('E405');
  });

  it('answers 404 in the vendor shape for a path the spec does not have, and plain JSON outside any vendor', async () => {
    const inside = await call(`${base}/price_rules/pr_1/nothing-here`, { headers: auth });
    expect(inside.status).toBe(404);
    expect(inside.body.code).toBe('E404');
    const outside = await call(`${server.url}/no/vendor/here`);
    expect(outside.status).toBe(404);
    expect(outside.body.title).toBe('Not Found');
  });

  it('rejects missing credentials with 401 and a read-only token on a write with 403', async () => {
    const none = await call(`${base}/price_rules/pr_1/discount_codes`);
    expect(none.status).toBe(401);
    expect(none.body.message).toContain('access-token');
    const readOnly = await call(`${base}/price_rules/pr_1/discount_codes/batch`, {
      method: 'POST',
      headers: { 'access-token': 'readonly-abc', 'content-type': 'application/json' },
      body: JSON.stringify({ discount_codes: [{ code: 'A1' }] }),
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.message).toContain('write_price_rules');
    const readOnlyRead = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { 'access-token': 'readonly-abc' } });
    expect(readOnlyRead.status).toBe(200);
  });

  it('answers a request that breaks the schema with the x-validation-status, naming the field and rule', async () => {
    const r = await call(`${base}/price_rules/pr_1/discount_codes?limit=999`, { headers: auth });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'E422', field: 'limit', rule: 'maximum' });
    expect(r.body.message).toContain('limit');
    const missing = await call(`${base}/price_rules/pr_1/discount_codes/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ field: 'discount_codes', rule: 'required' });
  });

  it('answers malformed JSON with 400, a wrong content type with 415, an unacceptable Accept with 406', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      call(`${base}/price_rules/pr_1/discount_codes/batch`, { method: 'POST', headers: { ...auth, ...headers }, body });
    const malformed = await post({ 'content-type': 'application/json' }, '{"discount_codes": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not valid JSON/);
    const text = await post({ 'content-type': 'text/plain' }, 'codes please');
    expect(text.status).toBe(415);
    const html = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { ...auth, accept: 'text/html' } });
    expect(html.status).toBe(406);
    const wildcard = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { ...auth, accept: 'application/*' } });
    expect(wildcard.status).toBe(200);
  });

  it('answers a body over 1 MB with 413 in the vendor shape', async () => {
    const huge = JSON.stringify({ discount_codes: [{ code: 'X'.repeat(1024 * 1024 + 10) }] });
    const r = await call(`${base}/price_rules/pr_1/discount_codes/batch`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: huge,
    });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('E413');
  });

  it("lets a frontend force a documented response with Prism's Prefer header", async () => {
    const forced = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { ...auth, prefer: 'code=404' } });
    expect(forced.status).toBe(404);
    expect(forced.body.code).toBe('NotFound'); // the spec's own example, not our handler
  });

  it('ignores a Prefer it cannot honour (RFC 7240): an undocumented status or an unknown example answers as without it', async () => {
    const plain = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: auth });
    expect(plain.status).toBe(200);
    for (const prefer of ['code=418', 'example=no-such-example', 'code=404, example=no-such-example', 'code=200;example=nope']) {
      const ignored = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: { ...auth, prefer } });
      expect({ prefer, status: ignored.status, body: ignored.body }).toEqual({ prefer, status: plain.status, body: plain.body });
    }
  });

  it('answers 500 in the vendor shape when a handler has a bug, 503 when the store is unreachable, and keeps serving', async () => {
    const bug = await call(`${base}/price_rules/pr_1/discount_codes/dc_boom`, { headers: auth });
    expect(bug.status).toBe(500);
    expect(bug.body.code).toBe('E500');
    const gone = await call(`${base}/price_rules/pr_1/discount_codes/dc_gone`, { headers: auth });
    expect(gone.status).toBe(503);
    expect(gone.body.code).toBe('E503');
    const rawBug = await call(`${server.url}/exports/boom`);
    expect({ status: rawBug.status, code: rawBug.body.code }).toEqual({ status: 500, code: 'E500' });
    const rawGone = await call(`${server.url}/exports/gone`);
    expect({ status: rawGone.status, code: rawGone.body.code }).toEqual({ status: 503, code: 'E503' });
    const after = await call(`${base}/price_rules/pr_1/discount_codes`, { headers: auth });
    expect(after.status).toBe(200);
  });

  it('survives malformed URLs and percent-encoding', async () => {
    const r = await call(`${base}/price_rules/%E0%A4%A/discount_codes`, { headers: auth });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  describe('admin endpoints', () => {
    it('lists vendors, base URLs and seeded owners', async () => {
      const r = await call(`${server.url}/__mock/`);
      expect(r.status).toBe(200);
      expect(r.body.vendors[0]).toMatchObject({ vendor: 'shoplazza', baseUrl: `${server.url}/openapi/2025-06`, owners: [{ id: 'pr_1' }] });
    });

    it('records the last requests with their validation errors and no token', async () => {
      await call(`${base}/price_rules/pr_1/discount_codes?limit=0`, { headers: { 'access-token': 'secret-token-123' } });
      const r = await call(`${server.url}/__mock/requests?limit=5`);
      const last = r.body.requests.at(-1);
      expect(last).toMatchObject({ vendor: 'shoplazza', operationId: 'listDiscountCodes', status: 422, query: '?limit=0' });
      expect(last.violations.map((v: { message: string }) => v.message).join(' ')).toContain('limit');
      expect(last.violations[0]).toMatchObject({ location: 'query', field: 'limit' });
      expect(JSON.stringify(r.body)).not.toContain('secret-token-123');
    });

    it('adds a promotion, rejects a bad one with 400, and resets to the seed', async () => {
      const added = await call(`${server.url}/__mock/shoplazza/promotions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'pr_added' }),
      });
      expect(added.status).toBe(201);
      expect((await call(`${server.url}/__mock/`)).body.vendors[0].owners.map((o: { id: string }) => o.id)).toContain('pr_added');
      const bad = await call(`${server.url}/__mock/shoplazza/promotions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toContain('string id');
      const unknownVendor = await call(`${server.url}/__mock/nosuch/promotions`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(unknownVendor.status).toBe(404);
      await server.store.putDoc('test:doc', 'x', { here: true });
      const reset = await call(`${server.url}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(reset.status).toBe(200);
      expect(reset.body.vendors[0].owners.map((o: { id: string }) => o.id)).toEqual(['pr_1']);
      expect(await server.store.getDoc('test:doc', 'x')).toBeUndefined();
      expect((await call(`${server.url}/__mock/requests`)).body.requests).toEqual([]);
    });

    it('dumps state as JSON', async () => {
      await server.store.putDoc('test:doc', 'y', { n: 1 });
      const r = await call(`${server.url}/__mock/state`);
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).toContain('"n":1');
    });
  });
});

describe('mock core options', () => {
  it('accepts only the tokens of a tokens table, with their scopes', async () => {
    const server = await startMockServer({
      plugins: [testPlugin()],
      port: 0,
      tokens: { shoplazza: { 'reader-1': ['read_price_rules'], 'writer-1': ['write_price_rules', 'read_price_rules'] } },
    });
    try {
      const url = `${server.url}/openapi/2025-06/price_rules/pr_1/discount_codes`;
      expect((await call(url, { headers: { 'access-token': 'anything' } })).status).toBe(401);
      expect((await call(url, { headers: { 'access-token': 'reader-1' } })).status).toBe(200);
      const write = (token: string) =>
        call(`${url}/batch`, {
          method: 'POST',
          headers: { 'access-token': token, 'content-type': 'application/json' },
          body: JSON.stringify({ discount_codes: [{ code: 'A1' }] }),
        });
      expect((await write('reader-1')).status).toBe(403);
      expect((await write('writer-1')).status).toBe(200);
      // The readonly prefix means nothing when a table is given: only the table decides.
      expect((await call(url, { headers: { 'access-token': 'readonly-x' } })).status).toBe(401);
      expect(server.vendors[0]?.credentials).toContain('<a token from --tokens>');
    } finally {
      await server.close();
    }
  });

  it('leaves a vendor the tokens table does not name open to any token, and says so', async () => {
    const server = await startMockServer({ plugins: [testPlugin()], port: 0, tokens: { bigcommerce: { 'bc-only': ['store_v2_marketing'] } } });
    try {
      const r = await call(`${server.url}/openapi/2025-06/price_rules/pr_1/discount_codes`, { headers: { 'access-token': 'anything' } });
      expect(r.status).toBe(200);
      expect(server.vendors[0]?.credentials).toContain('<any token>');
    } finally {
      await server.close();
    }
  });

  it('delays answers by the configured latency', async () => {
    const server = await startMockServer({ plugins: [testPlugin()], port: 0, latency: { minMs: 150, maxMs: 200 } });
    try {
      const r = await call(`${server.url}/openapi/2025-06/price_rules/pr_1/discount_codes`, { headers: { 'access-token': 't' } });
      expect(r.status).toBe(200);
      expect(r.ms).toBeGreaterThanOrEqual(145);
    } finally {
      await server.close();
    }
  });

  it('seeds from a fixtures section instead of the defaults', async () => {
    const server = await startMockServer({ plugins: [testPlugin()], port: 0, fixtures: { shoplazza: { price_rules: [{ id: 'pr_9' }, { id: 'pr_10' }] } } });
    try {
      expect(server.vendors[0]?.owners.map((o) => o.id)).toEqual(['pr_9', 'pr_10']);
    } finally {
      await server.close();
    }
  });

  it('refuses a plugin that registers an operation the spec does not have', async () => {
    const broken = testPlugin({
      register(app) {
        app.handle('noSuchOperation', async () => ({ status: 200 }));
      },
    });
    await expect(startMockServer({ plugins: [broken], port: 0 })).rejects.toThrow(/noSuchOperation/);
  });
});

describe('mock core with a vendor that documents concurrency limits', () => {
  it('spends --latency inside the concurrency slot, so overlapping requests past the limit get 429', async () => {
    const { bigcommercePlugin } = await import('../../src/vendors/bigcommerce/plugin.js');
    const { loadSpec } = await import('../../src/openapi/load.js');
    const limit = loadSpec('bigcommerce').operation('generateCouponCodes').concurrencyLimit as number;
    const overflow = 8;
    // Latency is spent on the mock's clock: an hour no request outlives in real time, so the first
    // requests hold their slots, however loaded the machine, until the test moves the clock.
    const hour = 3_600_000;
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0, latency: { minMs: hour, maxMs: hour } });
    try {
      const url = `${server.url}/stores/abc123/v3/promotions/1/codegen`;
      const calls = Array.from({ length: limit + overflow }, () =>
        call(url, {
          method: 'POST',
          headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
          body: JSON.stringify({ batch_size: 5 }),
        }),
      );
      // Barrier: every request is spending its latency (those past the limit after their 429).
      while (server.clock.sleeping < limit + overflow) await new Promise((resolve) => setTimeout(resolve, 10));
      // A request sent now, without latency, finds every slot held by a request spending its latency.
      const set = await call(`${server.url}/__mock/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ minMs: 0, maxMs: 0 }) });
      expect(set.status).toBe(200);
      const probe = await call(url, { method: 'POST', headers: { 'x-auth-token': 't', 'content-type': 'application/json' }, body: JSON.stringify({ batch_size: 5 }) });
      expect(probe.status).toBe(429);
      expect(probe.headers.get('x-rate-limit-requests-left')).toBe('0');
      expect(probe.headers.get('x-rate-limit-time-reset-ms')).toMatch(/^\d+$/);
      await server.clock.advance(hour);
      const answered = await Promise.all(calls);
      const statuses = answered.map((c) => c.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(limit);
      expect(statuses.filter((s) => s === 429)).toHaveLength(overflow);
      const limited = answered.find((c) => c.status === 429) as Call;
      expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
      expect(limited.headers.get('x-rate-limit-time-reset-ms')).toMatch(/^\d+$/);
    } finally {
      await server.close();
    }
  });
});

describe('mock core and the shared spec', () => {
  it('leaves the parsed spec untouched: Prism dereferences its own copy', async () => {
    const { loadSpec } = await import('../../src/openapi/load.js');
    const before = JSON.stringify(loadSpec('shoplazza').document);
    const server = await startMockServer({ plugins: [testPlugin()], port: 0 });
    await server.close();
    expect(JSON.stringify(loadSpec('shoplazza').document)).toBe(before);
  });
});

describe('mock core routing', () => {
  it('matches a concrete path before a templated one: any method but POST on .../batch is 405 Allow: POST', async () => {
    const server = await startMockServer({ plugins: [testPlugin()], port: 0 });
    try {
      const batch = `${server.url}/openapi/2025-06/price_rules/pr_1/discount_codes/batch`;
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        const r = await call(batch, { method, headers: { 'access-token': 't' } });
        expect(r.status, method).toBe(405);
        expect(r.headers.get('allow'), method).toBe('POST');
      }
      // The templated sibling still answers for its own ids.
      const other = await call(`${server.url}/openapi/2025-06/price_rules/pr_1/discount_codes/dc_1`, { method: 'PUT', headers: { 'access-token': 't' } });
      expect(other.headers.get('allow')).toBe('GET, DELETE');
    } finally {
      await server.close();
    }
  });
});

describe('validation messages', () => {
  it('reports what the client got wrong in a oneOf body, not the failures of the branches it never meant', async () => {
    const { relevantViolations } = await import('../../src/mock/stages/validate.js');
    const v = (field: string, rule: string) => ({ location: 'body', field, rule, message: `${field} ${rule}` });
    const prism = [v('data.parameters.number_of_codes', 'maximum'), v('data', 'additionalProperties'), v('data.job_type', 'const'), v('data', 'oneOf')];
    expect(relevantViolations(prism)).toEqual([v('data.parameters.number_of_codes', 'maximum')]);
    const unknownType = [v('data.job_type', 'const'), v('data.job_type', 'const'), v('data', 'oneOf')];
    expect(relevantViolations(unknownType)).toEqual(unknownType);
    const plain = [v('limit', 'maximum'), v('code', 'additionalProperties')];
    expect(relevantViolations(plain)).toEqual(plain);
  });

  it('names the one broken field of an Elastic Path job over HTTP', async () => {
    const { elasticpathPlugin } = await import('../../src/vendors/elasticpath/plugin.js');
    const server = await startMockServer({ plugins: [elasticpathPlugin], port: 0 });
    try {
      const promotion = server.vendors[0]?.owners[0]?.id as string;
      const r = await call(`${server.url}/v2/rule-promotions/${promotion}/jobs`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 1001 } } }),
      });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].detail).toBe('Request body property data.parameters.number_of_codes must be <= 1000');
    } finally {
      await server.close();
    }
  });
});

describe('mock core after a store outage', () => {
  it('answers 503 while the store is away, and seeds again when it comes back empty', async () => {
    const { createMemoryStore } = await import('../../src/store/memory.js');
    const { StoreUnavailableError } = await import('../../src/store/errors.js');
    const { shoplazzaPlugin } = await import('../../src/vendors/shoplazza/plugin.js');
    // A store that can go away and come back empty, as a Redis restarted without persistence.
    let inner = createMemoryStore();
    let down = false;
    const store = new Proxy(inner, {
      get(_target, property) {
        const value = (inner as unknown as Record<PropertyKey, unknown>)[property];
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (down && property !== 'close') return Promise.reject(new StoreUnavailableError('store is away'));
          return (value as (...a: unknown[]) => unknown).apply(inner, args);
        };
      },
    });
    const server = await startMockServer({ plugins: [shoplazzaPlugin], port: 0, store });
    try {
      const list = () => call(`${server.url}/openapi/2025-06/price_rules/pr_1001/discount_codes`, { headers: { 'access-token': 't' } });
      expect((await list()).status).toBe(200);
      down = true;
      const away = await list();
      expect(away.status).toBe(503);
      expect(away.body.code).toBeTypeOf('string'); // Shoplazza's error shape
      inner = createMemoryStore(); // back, and empty
      down = false;
      const [first, second] = await Promise.all([list(), list()]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(await inner.getDoc('shoplazza:price_rule', 'pr_1001')).toBeDefined();
    } finally {
      await server.close();
    }
  });
});
