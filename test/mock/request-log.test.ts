/**
 * What the request log records and how the page hears of it: entries with ids, redacted headers,
 * bodies and the broken rule located in the vendor's spec; the `/__mock/events` stream; the
 * latency setting. Real server, real Prism, real specs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getByPointer, loadSpec } from '../../src/openapi/load.js';
import { REDACTED } from '../../src/redact.js';
import { JsonText, RequestLog, type LoggedRequest } from '../../src/mock/request-log.js';
import { locateRule } from '../../src/mock/rule-pointer.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadPlugins } from '../../src/vendors/index.js';

const entry = (over: Partial<LoggedRequest> = {}): Omit<LoggedRequest, 'id'> => ({
  at: new Date().toISOString(),
  vendor: 'bigcommerce',
  method: 'GET',
  path: '/x',
  query: '',
  status: 200,
  durationMs: 1,
  requestHeaders: {},
  violations: [],
  ...over,
});

describe('RequestLog', () => {
  it('numbers entries, keeps the last N, lists newest first with filters, and tells subscribers', () => {
    const log = new RequestLog(3);
    const heard: number[] = [];
    const stop = log.subscribe((e) => heard.push(e.id));
    log.add(entry({ status: 200, operationId: 'a' }));
    log.add(entry({ status: 422, operationId: 'b', vendor: 'elasticpath' }));
    log.add(entry({ status: 404 }));
    stop();
    log.add(entry({ status: 201, operationId: 'a' }));
    expect(heard).toEqual([1, 2, 3]);
    expect(log.latest(10).map((e) => e.id)).toEqual([2, 3, 4]);
    expect(log.list({ limit: 10 }).map((e) => e.id)).toEqual([4, 3, 2]);
    expect(log.list({ limit: 10, statusClass: '4xx' }).map((e) => e.id)).toEqual([3, 2]);
    expect(log.list({ limit: 10, vendor: 'elasticpath' }).map((e) => e.id)).toEqual([2]);
    expect(log.list({ limit: 10, operationId: 'a' }).map((e) => e.id)).toEqual([4]);
    expect(log.list({ limit: 10, beforeId: 4 }).map((e) => e.id)).toEqual([3, 2]);
    expect(log.list({ limit: 1 })[0]).not.toHaveProperty('requestHeaders');
    expect(log.operations()).toEqual({ bigcommerce: ['a'], elasticpath: ['b'] });
    log.clear();
    log.add(entry());
    expect(log.latest(10).map((e) => e.id)).toEqual([5]);
  });

  it('shows bodies with credential fields redacted (an OAuth token request and its answer)', () => {
    const log = new RequestLog(1);
    const { id } = log.add(entry({ requestBody: 'grant_type=client_credentials&client_secret=s3cr3t-value', responseBody: { access_token: 'tok-123456', expires: 3600 } }));
    const shown = log.get(id) as LoggedRequest;
    expect(JSON.stringify(shown)).not.toMatch(/s3cr3t-value|tok-123456/);
    expect(shown.responseBody).toEqual({ access_token: '[redacted]', expires: 3600 });
    expect(JSON.stringify(log.latest(1))).not.toMatch(/s3cr3t-value|tok-123456/);
  });

  it('redacts an answer kept as the JSON text it was sent as (how stages/log.ts logs answers)', () => {
    const log = new RequestLog(1);
    const { id } = log.add(entry({ responseBody: new JsonText('{"access_token":"tok-123456","expires":3600}') }));
    expect((log.get(id) as LoggedRequest).responseBody).toEqual({ access_token: REDACTED, expires: 3600 });
    expect(log.latest(1)[0]?.responseBody).toEqual({ access_token: REDACTED, expires: 3600 });
    expect(JSON.stringify(log.latest(1))).not.toContain('tok-123456');
  });

  it('keeps a large body as a truncated text', () => {
    const log = new RequestLog(1);
    const { id } = log.add(entry({ requestBody: { big: 'x'.repeat(20_000) }, responseBody: { small: true } }));
    const stored = log.get(id) as LoggedRequest;
    expect(typeof stored.requestBody).toBe('string');
    expect(stored.requestBody as string).toMatch(/… \(\d+ characters\)$/);
    expect(stored.responseBody).toEqual({ small: true });
  });
});

describe('locateRule', () => {
  const bigcommerce = loadSpec('bigcommerce');
  const shoplazza = loadSpec('shoplazza');
  const elasticpath = loadSpec('elasticpath');

  it('points at the schema keyword a body field broke, through $refs', () => {
    const operation = bigcommerce.operation('createCouponCode');
    const located = locateRule(bigcommerce, operation, 422, { message: 'm', rule: 'minimum', field: 'max_uses', location: 'body' });
    expect(located.pointer).toMatch(/\/properties\/max_uses\/minimum$/);
    expect(getByPointer(bigcommerce.document, located.pointer as string)).toBe(0);
  });

  it('points at the object holding `required` for a missing member, and into arrays and nested objects', () => {
    const operation = elasticpath.operation('createPromotionJob');
    const missing = locateRule(elasticpath, operation, 400, { message: 'm', rule: 'required', field: 'data.job_type', location: 'body' });
    expect(missing.pointer).toMatch(/\/required$/);
    expect(getByPointer(elasticpath.document, missing.pointer as string)).toContain('job_type');
    const codes = elasticpath.operation('createPromotionCodes');
    const nested = locateRule(elasticpath, codes, 422, { message: 'm', rule: 'maxLength', field: 'data.codes.0.code', location: 'body' });
    expect(nested.pointer).toMatch(/\/maxLength$/);
    expect(typeof getByPointer(elasticpath.document, nested.pointer as string)).toBe('number');
  });

  it('points at a query parameter keyword, the security requirement of a 401/403, and an x-rules entry', () => {
    const list = shoplazza.operation('listDiscountCodes');
    const limit = locateRule(shoplazza, list, 422, { message: 'm', rule: 'maximum', field: 'limit', location: 'query' });
    expect(getByPointer(shoplazza.document, limit.pointer as string)).toBe(250);
    const forbidden = locateRule(bigcommerce, bigcommerce.operation('createCouponCode'), 403, { message: 'm' });
    expect(forbidden.pointer).toMatch(/security$/);
    expect(Array.isArray(getByPointer(bigcommerce.document, forbidden.pointer as string))).toBe(true);
    const job = elasticpath.operation('createPromotionJob');
    const rule = Object.keys(job.rules)[0] as string;
    expect(locateRule(elasticpath, job, 422, { message: 'm', rule }).pointer).toBe(`${job.pointer}/x-rules/${rule}`);
  });

  it('leaves the pointer out when the rule is nowhere in the spec', () => {
    const operation = bigcommerce.operation('createCouponCode');
    const located = locateRule(bigcommerce, operation, 422, { message: 'm', rule: 'duplicate', field: 'no_such_field', location: 'body' });
    expect(located).toEqual({ message: 'm', rule: 'duplicate', field: 'no_such_field', location: 'body' });
    expect(locateRule(bigcommerce, undefined, 404, { message: 'gone' })).toEqual({ message: 'gone' });
  });
});

describe('the request log and event stream over HTTP', () => {
  let server: MockServer;
  let codes: string;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    server = await startMockServer({ plugins: await loadPlugins(['bigcommerce']), port: 0 });
    codes = `${server.vendors[0]?.baseUrl}/promotions/${server.vendors[0]?.owners[0]?.id}/codes`;
  });
  afterAll(() => server.close());

  it('records headers redacted, both bodies, and the broken rule with its pointer', async () => {
    await fetch(codes, { method: 'POST', headers: { ...json, 'x-auth-token': 'sekrit-token-1' }, body: JSON.stringify({ code: 'A', max_uses: -1 }) });
    const listed: any = await (await fetch(`${server.url}/__mock/ui/api/requests`)).json();
    const summary = listed.requests[0];
    expect(summary).toMatchObject({ status: 422, operationId: 'createCouponCode', tenant: 'abc123' });
    const detail: any = await (await fetch(`${server.url}/__mock/ui/api/requests/${summary.id}`)).json();
    expect(detail.requestHeaders['x-auth-token']).toBe('[redacted]');
    expect(detail.requestBody).toEqual({ code: 'A', max_uses: -1 });
    expect(detail.responseBody).toMatchObject({ errors: [{ status: 422, title: expect.stringContaining('max_uses') }] });
    expect(detail.violations).toEqual([expect.objectContaining({ rule: 'minimum', field: 'max_uses', pointer: expect.stringMatching(/max_uses\/minimum$/) })]);
    expect(JSON.stringify(detail)).not.toContain('sekrit-token-1');
    expect((await fetch(`${server.url}/__mock/ui/api/requests/999999`)).status).toBe(404);
  });

  it('streams a request event for each logged request and a state event after a write', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/__mock/events`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await until(/event: hello/);
    await fetch(codes, { method: 'POST', headers: { ...json, 'x-auth-token': 't' }, body: JSON.stringify({ code: 'STREAMED', max_uses: 1 }) });
    await until(/event: request\ndata: .*"operationId":"createCouponCode"/);
    await until(/event: state\ndata: \{"vendors":\["bigcommerce"\]\}/);
    expect(text).not.toContain('requestHeaders');
    controller.abort();
  });

  it('sets latency through /__mock/latency and refuses nonsense', async () => {
    const set = await fetch(`${server.url}/__mock/latency`, { method: 'POST', headers: json, body: JSON.stringify({ minMs: 30, maxMs: 30 }) });
    expect(await set.json()).toEqual({ minMs: 30, maxMs: 30 });
    const started = performance.now();
    await fetch(codes, { headers: { 'x-auth-token': 't' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    for (const bad of [{ minMs: 5, maxMs: 1 }, { minMs: -1, maxMs: 3 }, { minMs: 1.5, maxMs: 3 }, {}]) {
      const refused = await fetch(`${server.url}/__mock/latency`, { method: 'POST', headers: json, body: JSON.stringify(bad) });
      expect(refused.status).toBe(400);
    }
    await fetch(`${server.url}/__mock/latency`, { method: 'POST', headers: json, body: JSON.stringify({ minMs: 0, maxMs: 0 }) });
    expect(await (await fetch(`${server.url}/__mock/latency`)).json()).toEqual({ minMs: 0, maxMs: 0 });
  });

  it('serves the page and its libraries from this origin with a strict CSP', async () => {
    const page = await fetch(`${server.url}/__mock/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const hooks = await (await fetch(`${server.url}/__mock/ui/lib/hooks.mjs`)).text();
    expect(hooks).toContain('from"./preact.mjs"');
    for (const asset of ['app.js', 'style.css', 'lib/preact.mjs', 'lib/htm.mjs']) {
      const response = await fetch(`${server.url}/__mock/ui/${asset}`);
      expect(response.status, asset).toBe(200);
      expect(await response.text(), asset).not.toMatch(/(src|href|url)\s*[=(]\s*["']?https?:/);
    }
  });
});
