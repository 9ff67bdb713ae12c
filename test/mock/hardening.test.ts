/**
 * Issue 9's request-path fixes, over real HTTP against the real vendor plugins: what a hostile
 * page, a foreign Host, a dot-segment path, a broken header or an idle socket can no longer do.
 * Requests sent byte for byte (the fuzzer's sender), because fetch resolves dot segments and joins repeated headers itself.
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSender } from '../../src/fuzz/send.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadSpec } from '../../src/openapi/load.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';

interface Raw {
  status: number;
  /** Lower-case names; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  text: string;
  body: any;
}

/** One request exactly as given (path not normalized, repeated headers kept), through the fuzzer's sender. */
async function raw(server: MockServer, method: string, path: string, headers: Array<[string, string]> = [], body?: string): Promise<Raw> {
  const sender = createSender(server.url, { timeoutMs: 15_000, connections: 1 });
  try {
    const outcome = await sender.send({ target: 'hardening test', method, path, headers, body: body === undefined ? undefined : Buffer.from(body), mutations: [] });
    if (outcome.kind !== 'answered') throw new Error(`${method} ${path}: ${outcome.kind === 'hang' ? 'no answer' : outcome.message}`);
    const { status, headers: answered, text } = outcome.response;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status, headers: answered, text, body: parsed };
  } finally {
    sender.close();
  }
}

const BC = '/stores/abc123/v3';
const JSON_TYPE: [string, string] = ['content-type', 'application/json'];
const BC_TOKEN: [string, string] = ['x-auth-token', 'write-token'];

describe('hardening over HTTP', () => {
  let server: MockServer;
  const marker = async () => server.store.putDoc('test:marker', 'm', { kept: true });
  const markerKept = async () => (await server.store.getDoc('test:marker', 'm')) !== undefined;

  beforeAll(async () => {
    server = await startMockServer({ plugins: [bigcommercePlugin, elasticpathPlugin], port: 0, settings: { jobDurationMs: 3_600_000 } });
  });
  afterAll(() => server.close());

  describe('the admin API is closed to other sites', () => {
    it('a cross-origin page can neither read the state nor reset it', async () => {
      await marker();
      const evil: [string, string] = ['origin', 'http://attacker.example'];
      const read = await raw(server, 'GET', '/__mock/state', [evil]);
      expect(read.status).toBe(403);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      expect(read.text).not.toContain('kept');
      const preflight = await raw(server, 'OPTIONS', '/__mock/reset', [evil, ['access-control-request-method', 'POST'], ['access-control-request-headers', 'content-type']]);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
      // The simple request a page can send without a preflight: text/plain, a JSON-looking body.
      const simple = await raw(server, 'POST', '/__mock/reset', [evil, ['content-type', 'text/plain;charset=UTF-8']], '{}');
      expect(simple.status).toBe(403);
      const noOrigin = await raw(server, 'POST', '/__mock/reset', [['content-type', 'text/plain']], '{}');
      expect(noOrigin.status).toBe(415);
      expect(await markerKept()).toBe(true);
    });

    it('a foreign Host (DNS rebinding) can neither read the state nor reset it', async () => {
      await marker();
      const host: [string, string] = ['host', `rebound.attacker.example:${server.port}`];
      expect((await raw(server, 'GET', '/__mock/state', [host])).status).toBe(403);
      expect((await raw(server, 'POST', '/__mock/reset', [host, JSON_TYPE])).status).toBe(403);
      expect(await markerKept()).toBe(true);
      expect((await raw(server, 'GET', '/__mock/state', [['host', `localhost:${server.port}`]])).status).toBe(200);
    });

    it('a dot-segment path under a vendor neither resets nor reads the state: routed as sent', async () => {
      await marker();
      for (const path of [`${BC}/%2e%2e/%2e%2e/%2e%2e/__mock/reset`, `${BC}/../../../__mock/reset`, `${BC}/promotions/%2E%2E/%2E%2E/%2E%2E/%2E%2E/__mock/reset`]) {
        const answer = await raw(server, 'POST', path, [JSON_TYPE, BC_TOKEN], '{}');
        expect(answer.status, path).toBe(404);
        expect(answer.body?.reset, path).toBeUndefined();
      }
      const read = await raw(server, 'GET', `${BC}/../../../__mock/state`, [BC_TOKEN]);
      expect(read.status).toBe(404);
      expect(read.text).not.toContain('kept');
      expect(await markerKept()).toBe(true);
    });

    it('a same-origin page still works: no Origin on GET, its own Origin on a JSON POST', async () => {
      await marker();
      expect((await raw(server, 'GET', '/__mock/requests?limit=1')).status).toBe(200);
      const own: [string, string] = ['origin', `http://127.0.0.1:${server.port}`];
      expect((await raw(server, 'GET', '/__mock/clock', [own])).status).toBe(200);
      const reset = await raw(server, 'POST', '/__mock/reset', [own, JSON_TYPE]);
      expect(reset.status).toBe(200);
      expect(await markerKept()).toBe(false);
    });

    it('vendor APIs keep CORS for any origin', async () => {
      const answer = await raw(server, 'GET', `${BC}/promotions/1/codes`, [BC_TOKEN, ['origin', 'http://localhost:5173']]);
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(String(answer.headers['access-control-expose-headers'])).toContain('X-Rate-Limit-Requests-Left');
    });
  });

  describe('no client input gives a 5xx', () => {
    it('ignores a Content-Type that is no media type on a request without a body, 415s it on one with a body, and logs both', async () => {
      for (const contentType of ['undefined', 'garbage', ';;', 'application/', '/']) {
        const list = await raw(server, 'GET', `${BC}/promotions/1/codes`, [BC_TOKEN, ['content-type', contentType]]);
        expect(list.status, contentType).toBe(200);
        const create = await raw(server, 'POST', `${BC}/promotions/1/codes`, [BC_TOKEN, ['content-type', contentType]], '{"code":"CT-1"}');
        expect(create.status, contentType).toBe(415);
        expect(create.body, contentType).toHaveProperty('errors');
      }
      const log = await raw(server, 'GET', '/__mock/requests?limit=10');
      const statuses = (log.body.requests as Array<{ status: number; path: string }>).map((r) => r.status);
      expect(statuses.filter((s) => s === 415)).toHaveLength(5);
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    });

    it('refuses a number JSON cannot hold with the validation status instead of storing it', async () => {
      const status = loadSpec('bigcommerce').operation('createCouponCode').validationStatus;
      const answer = await raw(server, 'POST', `${BC}/promotions/1/codes`, [BC_TOKEN, JSON_TYPE], '{"code":"INF-1","max_uses":1e309}');
      expect(answer.status).toBe(status);
      expect(answer.text).toContain('max_uses');
      const list = await raw(server, 'GET', `${BC}/promotions/1/codes`, [BC_TOKEN]);
      expect(list.text).not.toContain('INF-1');
    });
  });

  describe('a request is routed before its body is read', () => {
    it('answers a path the spec does not have with the vendor\'s 404, and a method a path does not take with 405, whatever the body', async () => {
      const bodies: Array<{ headers: Array<[string, string]>; body: string }> = [
        { headers: [JSON_TYPE], body: '{"code":' },
        { headers: [['content-type', 'text/plain']], body: 'not json' },
        { headers: [['content-type', ';;']], body: '{}' },
        { headers: [JSON_TYPE], body: 'x'.repeat(2 * 1024 * 1024) },
        { headers: [JSON_TYPE], body: '{"code":"X","max_uses":1e309}' },
      ];
      for (const { headers, body } of bodies) {
        const what = `${headers[0]?.[1]} ${body.slice(0, 20)}`;
        const unrouted = await raw(server, 'POST', `${BC}/promotions/1/no-such-thing`, [BC_TOKEN, ...headers], body);
        expect(unrouted.status, what).toBe(404);
        expect(unrouted.body, what).toHaveProperty('errors');
        const wrongMethod = await raw(server, 'PUT', `${BC}/promotions/1/codes`, [BC_TOKEN, ...headers], body);
        expect(wrongMethod.status, what).toBe(405);
        expect(wrongMethod.headers.allow, what).toBe('GET, POST, DELETE');
      }
    });

    it('never takes an empty segment for a path parameter: `//` is the vendor\'s 404 in its shape, never 405', async () => {
      for (const [method, path] of [
        ['GET', `${BC}/promotions//codes`],
        ['DELETE', `${BC}/promotions//codes`],
        ['POST', `${BC}/promotions//codegen`],
        ['GET', `${BC}/promotions/1/codes//`],
        ['DELETE', `${BC}/promotions/1/codes/`],
        ['PATCH', `${BC}/promotions//codes`],
        ['GET', '/v2/rule-promotions//jobs'],
        ['POST', '/v2/rule-promotions//codes'],
      ] as const) {
        const answer = await raw(server, method, path, [BC_TOKEN, ['authorization', 'Bearer t'], JSON_TYPE], method === 'POST' ? '{}' : undefined);
        expect(answer.status, `${method} ${path}`).toBe(404);
        expect(answer.body, `${method} ${path}`).toHaveProperty('errors');
      }
    });
  });

  describe('the admin API routes before it reads a body', () => {
    it('answers 404 for a /__mock/ path it does not have and 405 with Allow for a method an endpoint does not take, whatever the body', async () => {
      for (const [headers, body] of [
        [[['content-type', 'text/plain']], 'x'],
        [[JSON_TYPE], '{"broken":'],
        [[], undefined],
        [[JSON_TYPE], 'x'.repeat(2 * 1024 * 1024)],
      ] as Array<[Array<[string, string]>, string | undefined]>) {
        const what = `${headers[0]?.[1]} ${body?.slice(0, 10)}`;
        const unknown = await raw(server, 'POST', '/__mock/../stores/promotions/1/codegen', headers, body);
        expect(unknown.status, what).toBe(404);
        expect(unknown.body.error, what).toMatch(/No admin endpoint/);
        const wrongMethod = await raw(server, 'DELETE', '/__mock/reset', headers, body);
        expect(wrongMethod.status, what).toBe(405);
        expect(wrongMethod.headers.allow, what).toBe('POST');
      }
      // Who may ask still comes first: another site learns nothing, not even which paths exist.
      expect((await raw(server, 'POST', '/__mock/nothing-here', [['origin', 'http://attacker.example']], '{}')).status).toBe(403);
      // A routed write still needs JSON, within the size limit.
      expect((await raw(server, 'POST', '/__mock/clock', [['content-type', 'text/plain']], '{"advanceMs":1}')).status).toBe(415);
      expect((await raw(server, 'POST', '/__mock/clock', [JSON_TYPE], '{"advanceMs":')).status).toBe(400);
    });
  });

  describe('credentials and methods', () => {
    it('answers HEAD wherever GET is: the GET headers, no body', async () => {
      const get = await raw(server, 'GET', `${BC}/promotions/1/codes`, [BC_TOKEN]);
      const head = await raw(server, 'HEAD', `${BC}/promotions/1/codes`, [BC_TOKEN]);
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
    });

    it('answers 401 for a credential header sent twice, never the stronger scope; READONLY- in capitals is read-only', async () => {
      const twice = await raw(server, 'POST', `${BC}/promotions/1/codes`, [['x-auth-token', 'write-token'], ['x-auth-token', 'readonly-x'], JSON_TYPE], '{"code":"TWICE-1"}');
      expect(twice.status).toBe(401);
      const upper = await raw(server, 'POST', `${BC}/promotions/1/codes`, [['x-auth-token', 'READONLY-x'], JSON_TYPE], '{"code":"UPPER-1"}');
      expect(upper.status).toBe(403);
    });
  });
});

describe('GET /__mock/state', () => {
  it('streams the whole state a page of codes at a time, the same JSON as the store dump', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0 });
    try {
      const many = Array.from({ length: 2_500 }, (_, i) => ({ code: `S${i}`, data: { n: i } }));
      await server.store.insertCodes('test:big', many, 'all-or-nothing');
      await server.store.insertCodes('test:small', [{ code: 'ONE', data: {} }], 'all-or-nothing');
      await server.store.putDoc('test:doc', 'd', { here: true });
      const answer = await raw(server, 'GET', '/__mock/state');
      expect(answer.status).toBe(200);
      expect(answer.headers['transfer-encoding']).toBe('chunked');
      expect(answer.headers['content-length']).toBeUndefined();
      expect(answer.body).toEqual(JSON.parse(JSON.stringify(await server.store.dump())));
      expect(answer.body.codes['test:big']).toHaveLength(2_500);
    } finally {
      await server.close();
    }
  });

  it('answers 413 past its size limit, naming the scopes, whose codes are then read page by page', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0, stateLimits: { maxCodes: 1_000 } });
    try {
      await server.store.insertCodes('test:big', Array.from({ length: 1_200 }, (_, i) => ({ code: `P${i}`, data: {} })), 'all-or-nothing');
      const whole = await raw(server, 'GET', '/__mock/state');
      expect(whole.status).toBe(413);
      expect(whole.body.codes).toMatchObject({ 'test:big': 1_200 });
      const codes: string[] = [];
      for (let next: string | null = '/__mock/state?scope=test%3Abig&limit=500'; next; ) {
        const page = await raw(server, 'GET', next);
        expect(page.status).toBe(200);
        codes.push(...(page.body.codes as Array<{ code: string }>).map((c) => c.code));
        next = page.body.next;
      }
      expect(codes).toEqual(Array.from({ length: 1_200 }, (_, i) => `P${i}`));
      expect((await raw(server, 'GET', '/__mock/state?scope=test%3Abig&limit=5000')).status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('weighs the documents too: every store hash a client names is a world of its own, so past the limit a 413 names the kinds, read one at a time', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0, stateLimits: { maxDocs: 40 } });
    try {
      expect((await raw(server, 'GET', '/__mock/state')).status).toBe(200);
      for (let i = 0; i < 12; i++) expect((await raw(server, 'GET', `/stores/world${i}/v3/promotions/1/codes`, [BC_TOKEN])).status).toBe(200);
      const whole = await raw(server, 'GET', '/__mock/state');
      expect(whole.status).toBe(413);
      expect(whole.body.error).toMatch(/documents/);
      const promotions = whole.body.docs['bigcommerce:world3:promotion'];
      expect(promotions).toBeGreaterThan(0);
      const kind = await raw(server, 'GET', `/__mock/state?kind=${encodeURIComponent('bigcommerce:world3:promotion')}`);
      expect(kind.status).toBe(200);
      expect(kind.body.docs).toHaveLength(promotions);
      expect(kind.body.docs.map((p: { id: string }) => p.id)).toContain('1');
      await raw(server, 'POST', '/__mock/reset', [JSON_TYPE], '{}');
      expect((await raw(server, 'GET', '/__mock/state')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/** The first bytes of an event stream, then the connection is dropped. */
function firstEvents(server: MockServer, headers: Array<[string, string]>): Promise<{ status: number; type: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'GET', path: '/__mock/events', headers: Object.fromEntries(headers) });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      const done = () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text });
      };
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('event: hello')) done();
      });
      res.on('end', done);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page with an admin token', () => {
  const TOKEN = 'page-admin-token-1';
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ plugins: [bigcommercePlugin], port: 0, adminToken: TOKEN });
  });
  afterAll(() => server.close());
  const sameOrigin = (): [string, string] => ['origin', `http://127.0.0.1:${server.port}`];

  async function logIn(): Promise<{ setCookie: string; cookie: [string, string] }> {
    const login = await raw(server, 'GET', `/__mock/ui?token=${TOKEN}`, [['sec-fetch-site', 'none']]);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/__mock/ui');
    const setCookie = String(login.headers['set-cookie']);
    return { setCookie, cookie: ['cookie', setCookie.split(';')[0] as string] };
  }

  it('asks a browser for the token once; its cookie then opens the page, its data, its writes and its event stream', async () => {
    const form = await raw(server, 'GET', '/__mock/ui', [['sec-fetch-site', 'none']]);
    expect(form.status).toBe(401);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(form.text).toMatch(/<form method="get" action="\/__mock\/ui">/);
    expect(form.text).toContain('name="token"');
    expect((await raw(server, 'GET', '/__mock/ui/api/vendors')).status).toBe(401);
    expect((await firstEvents(server, [])).status).toBe(401);
    const wrong = await raw(server, 'GET', '/__mock/ui?token=not-it');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const { setCookie, cookie } = await logIn();
    expect(setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(setCookie).toMatch(/; SameSite=Strict(;|$)/);
    expect(setCookie).toMatch(/; Path=\/__mock(;|$)/);
    expect(setCookie).not.toContain(TOKEN);

    const page = await raw(server, 'GET', '/__mock/ui', [cookie]);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect((await raw(server, 'GET', '/__mock/ui/app.js', [cookie])).status).toBe(200);
    const vendors = await raw(server, 'GET', '/__mock/ui/api/vendors', [cookie]);
    expect(vendors.status).toBe(200);
    expect(vendors.body.vendors[0].vendor).toBe('bigcommerce');
    const events = await firstEvents(server, [['host', `127.0.0.1:${server.port}`], cookie]);
    expect(events.status).toBe(200);
    expect(events.type).toBe('text/event-stream');
    expect(events.text).toContain('event: hello');
    expect((await raw(server, 'POST', '/__mock/reset', [cookie, sameOrigin(), JSON_TYPE], '{}')).status).toBe(200);
    // The header still works for scripts, and a header with the wrong token is not rescued by the cookie.
    expect((await raw(server, 'GET', '/__mock/', [['x-mock-admin-token', TOKEN]])).status).toBe(200);
    expect((await raw(server, 'GET', '/__mock/', [cookie, ['x-mock-admin-token', 'wrong']])).status).toBe(401);
  });

  it('a cross-site request cannot use the cookie, and a made-up cookie opens nothing', async () => {
    const { cookie } = await logIn();
    await server.store.putDoc('test:marker', 'm', { kept: true });
    for (const foreign of [
      ['origin', 'http://attacker.example'],
      ['origin', 'http://127.0.0.1:1'],
      ['sec-fetch-site', 'cross-site'],
      ['sec-fetch-site', 'same-site'],
    ] as Array<[string, string]>) {
      expect((await raw(server, 'POST', '/__mock/reset', [cookie, foreign, JSON_TYPE], '{}')).status, foreign.join(': ')).toBe(403);
      expect((await raw(server, 'GET', '/__mock/state', [cookie, foreign])).status, foreign.join(': ')).toBe(403);
    }
    expect(await server.store.getDoc('test:marker', 'm')).toEqual({ kept: true });
    expect((await raw(server, 'GET', '/__mock/state', [['cookie', 'coupon_mock_admin=made-up']])).status).toBe(401);
    expect((await raw(server, 'GET', '/__mock/state', [['cookie', `coupon_mock_admin=${TOKEN}`]])).status).toBe(401);
  });
});

describe('GET /__mock/memory', () => {
  it("gives the process's RSS and heap in use, and says whether a full collection ran first", async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0 });
    try {
      const answer = await raw(server, 'GET', '/__mock/memory');
      expect(answer.status).toBe(200);
      expect(answer.body.collected).toBe(typeof (globalThis as { gc?: unknown }).gc === 'function');
      expect(answer.body.heapUsed).toBeGreaterThan(0);
      expect(answer.body.heapTotal).toBeGreaterThanOrEqual(answer.body.heapUsed);
      expect(answer.body.rss).toBeGreaterThan(answer.body.heapUsed);
      expect((await raw(server, 'GET', '/__mock/memory', [['origin', 'http://attacker.example']])).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('server limits', () => {
  it('keeps serving others while 500 idle sockets are open, and closes sockets that never finish their headers', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], port: 0, limits: { headersTimeoutMs: 500, checkIntervalMs: 100 } });
    const sockets: Socket[] = [];
    try {
      let closed = 0;
      await Promise.all(
        Array.from(
          { length: 500 },
          () =>
            new Promise<void>((resolve, reject) => {
              const socket = connect(server.port, '127.0.0.1', () => {
                socket.write(`GET ${BC}/promotions/1/codes HTTP/1.1\r\nHost: 127.0.0.1\r\n`); // never ends its headers
                resolve();
              });
              socket.on('error', () => undefined);
              socket.on('close', () => closed++);
              socket.resume(); // reading, so the server's close is seen
              socket.once('error', reject);
              sockets.push(socket);
            }),
        ),
      );
      const started = performance.now();
      const answer = await raw(server, 'GET', `${BC}/promotions/1/codes`, [BC_TOKEN]);
      expect(answer.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(2000);
      const deadline = Date.now() + 5000;
      while (closed < 500 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.close();
    }
  }, 20_000);
});

describe('the mock clock', () => {
  it('reads and moves forward over the admin API; Elastic Path jobs due by the new time complete before it answers', async () => {
    const server = await startMockServer({ plugins: [elasticpathPlugin], port: 0, settings: { jobDurationMs: 3_600_000 } });
    try {
      const before = await raw(server, 'GET', '/__mock/clock');
      expect(before.body.offsetMs).toBe(0);
      expect(Math.abs(Date.parse(before.body.now) - Date.now())).toBeLessThan(1000);
      for (const bad of ['{}', '{"advanceMs":0}', '{"advanceMs":-5}', '{"advanceMs":"10"}']) {
        expect((await raw(server, 'POST', '/__mock/clock', [JSON_TYPE], bad)).status, bad).toBe(400);
      }

      const promotion = server.vendors[0]?.owners[0]?.id as string;
      const auth: [string, string] = ['authorization', 'Bearer t'];
      const base = `/v2/rule-promotions/${promotion}/jobs`;
      const created = await raw(server, 'POST', base, [auth, JSON_TYPE], JSON.stringify({ data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 3, consume_unit: 'per_application', code_length: 8 } } }));
      expect(created.status).toBe(201);
      const jobId = created.body.data.id as string;
      const statusOf = async () => ((await raw(server, 'GET', base, [auth])).body.data as Array<{ id: string; status: string }>).find((j) => j.id === jobId)?.status;
      expect(await statusOf()).toBe('pending');

      const moved = await raw(server, 'POST', '/__mock/clock', [JSON_TYPE], JSON.stringify({ advanceMs: 3_600_000 }));
      expect(moved.status).toBe(200);
      expect(moved.body.offsetMs).toBe(3_600_000);
      expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(3_590_000);
      expect(server.clock.offsetMs).toBe(3_600_000);
      // Completed when the move was answered: read straight from the store, no request advancing it.
      const stored = await server.store.listDocs<{ id: string; status: string; updated_ms: number }>(`elasticpath:job:${promotion}`);
      expect(stored.find((j) => j.id === jobId)?.status).toBe('completed');
      expect(await statusOf()).toBe('completed');
      expect(await server.store.countCodes(`elasticpath:${promotion}`)).toBeGreaterThanOrEqual(3);
    } finally {
      await server.close();
    }
  });

  it('serves an export file only with a read token, and forgets it on reset', async () => {
    const server = await startMockServer({ plugins: [elasticpathPlugin], port: 0, settings: { jobDurationMs: 3_600_000 } });
    try {
      const promotion = server.vendors[0]?.owners[0]?.id as string;
      const reader: [string, string] = ['authorization', 'Bearer readonly-reader'];
      const base = `/v2/rule-promotions/${promotion}/jobs`;
      const created = await raw(server, 'POST', base, [['authorization', 'Bearer t'], JSON_TYPE], JSON.stringify({ data: { type: 'promotion_job', job_type: 'code_export' } }));
      expect(created.status).toBe(201);
      await raw(server, 'POST', '/__mock/clock', [JSON_TYPE], JSON.stringify({ advanceMs: 3_600_000 }));
      const file = await raw(server, 'GET', `${base}/${created.body.data.id}/file`, [reader]);
      expect(file.status).toBe(200);
      const path = new URL(file.body.href as string).pathname;
      expect((await raw(server, 'GET', path)).status).toBe(401);
      expect((await raw(server, 'GET', path, [reader])).status).toBe(200);
      expect((await raw(server, 'POST', '/__mock/reset', [JSON_TYPE])).status).toBe(200);
      expect((await raw(server, 'GET', path, [reader])).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
