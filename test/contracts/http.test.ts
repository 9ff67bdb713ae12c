import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttp, queryString, type HttpOptions } from '../../src/contracts/http.js';

const TOKEN = 'tok-SECRET-5d2c8e';
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
}

/** A port nothing listens on (and no client has a connection to). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function recorder(baseUrl: string, options: Partial<HttpOptions> = {}) {
  return createHttp({
    baseUrl,
    authHeaders: (token) => ({ 'X-Auth-Token': token }),
    tokens: { default: TOKEN, readonly: 'readonly-tok' },
    timeoutMs: 2000,
    concurrency: 4,
    ...options,
  });
}

describe('exchange recorder', () => {
  it('records the request with credentials redacted, and the parsed answer with secrets an echo would leak redacted', async () => {
    const url = await serve((req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: req.headers['x-auth-token'], path: req.url }));
    });
    const exchange = await recorder(url).send({ operationId: 'op', method: 'post', path: '/codes', query: { 'id:in': [1, 2], 'page[limit]': 5 }, body: { code: 'A B' } });
    expect(exchange.request).toEqual({
      method: 'POST',
      url: `${url}/codes?id:in=1,2&page[limit]=5`,
      headers: { accept: 'application/json', 'x-auth-token': '[redacted]', 'content-type': 'application/json' },
      body: { code: 'A B' },
    });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.body).toEqual({ echoed: '[redacted]', path: '/base/codes?id:in=1,2&page[limit]=5' });
    expect(JSON.stringify(exchange)).not.toContain(TOKEN);
    expect(exchange.operationId).toBe('op');
  });

  it('turns a hang into a timeout, never a hang', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    const exchange = await recorder(url, { timeoutMs: 200 }).send({ method: 'GET', path: '/' });
    expect(exchange.error).toBe('timeout');
    expect(exchange.errorDetail).toBe('no complete answer within 200 ms');
    expect(exchange.response).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('turns a reset, a refused connection and a body that is not JSON into exchanges with an error', async () => {
    const url = await serve((req, res) => {
      if (req.url?.endsWith('/reset')) req.socket.destroy();
      else if (req.url?.endsWith('/html')) res.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [1, 2');
    });
    const http = recorder(url);
    const reset = await http.send({ method: 'GET', path: '/reset' });
    expect(reset.error).toBe('reset');
    expect(reset.response).toBeUndefined();
    expect(await http.send({ method: 'GET', path: '/html' })).toMatchObject({ error: 'not-json', response: { status: 200, text: '<html>oops</html>', body: undefined } });
    expect(await http.send({ method: 'GET', path: '/truncated' })).toMatchObject({ error: 'not-json', response: { status: 200, text: '{"data": [1, 2' } });
    const port = await closedPort();
    expect(await recorder(`http://127.0.0.1:${port}`).send({ method: 'GET', path: '/' })).toMatchObject({ error: 'refused' });
    expect(http.count).toBe(3);
  });

  it('waits out a 429 as X-Rate-Limit-Time-Reset-Ms says, then retries', async () => {
    const seen: number[] = [];
    const url = await serve((_req, res) => {
      seen.push(Date.now());
      if (seen.length === 1) res.writeHead(429, { 'X-Rate-Limit-Time-Reset-Ms': '150', 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const http = recorder(url);
    const exchange = await http.send({ method: 'GET', path: '/' });
    expect(exchange).toMatchObject({ retries: 1, response: { status: 200 } });
    expect((seen[1] as number) - (seen[0] as number)).toBeGreaterThanOrEqual(140);
    expect(http.count).toBe(2);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const url = await serve((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(204).end();
      }, 30);
    });
    const http = recorder(url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, () => http.send({ method: 'DELETE', path: '/x' })));
    expect(most).toBe(3);
    expect(http.count).toBe(10);
  });

  it('sendTogether has every request of a burst in flight at once, past `concurrency`, counted and recorded in order', async () => {
    let inFlight = 0;
    let most = 0;
    const url = await serve((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
      }, 50);
    });
    const observed: string[] = [];
    const http = recorder(url, { concurrency: 1, onExchange: (exchange) => observed.push(exchange.note ?? '') });
    const answers = await http.sendTogether(Array.from({ length: 5 }, (_, i) => ({ operationId: 'op', method: 'POST', path: `/x/${i}`, note: `burst ${i}` })));
    expect(most).toBe(5);
    expect(http.count).toBe(5);
    expect(answers.map((a) => a.response?.body)).toEqual([0, 1, 2, 3, 4].map((i) => ({ path: `/base/x/${i}` })));
    expect(observed.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `burst ${i}`));
    expect(new Set(answers.map((a) => a.sequence)).size).toBe(5);
  });

  it('sends no credentials for token none, and a literal token redacted like the others', async () => {
    const url = await serve((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: req.headers['x-auth-token'] ?? null })));
    const http = recorder(url);
    expect((await http.send({ method: 'GET', path: '/', token: 'none' })).response?.body).toEqual({ token: null });
    const literal = await http.send({ method: 'GET', path: '/', token: 'literal-SECRET-1234' });
    expect(literal.response?.body).toEqual({ token: '[redacted]' });
    expect(literal.request.headers['x-auth-token']).toBe('[redacted]');
  });

  it('encodes query values but keeps the characters vendors use verbatim', () => {
    expect(queryString({ code: 'A B&C', 'id:in': [1, 2], skip: undefined })).toBe('?code=A%20B%26C&id:in=1,2');
    expect(queryString([['status', 'a'], ['status', 'b']])).toBe('?status=a&status=b');
  });
});
