/**
 * node-bigcommerce, the most used BigCommerce client on npm, drives the mock exactly as it
 * drives the platform: create, list (and follow the cursor), get by code, generate, delete.
 *
 * The client always calls https://api.bigcommerce.com:443; what it lets a caller choose is the
 * https.Agent (its `agent` option). So the test makes a certificate for api.bigcommerce.com,
 * serves TLS with it on a free loopback port in front of the real mock server, and gives the
 * client an agent that connects there and trusts that certificate (and nothing is turned off:
 * the client still checks the certificate against the host name it asked for). Everything the
 * client sends passes through unchanged, and the test reads it on its way to check what the
 * client really sends (Content-Type on every request, GETs and DELETEs included).
 */
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import { connect as connectTcp, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import BigCommerce from 'node-bigcommerce';
import { generate as generateCertificate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadSpec } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';

const API_HOST = 'api.bigcommerce.com';
const spec = loadSpec('bigcommerce');
const validator = createSpecValidator(spec);

/** Checks a body the client returned against the spec's schema for that operation's answer. */
function expectConformant(operationId: string, status: number, body: unknown): void {
  const pointer = spec.operation(operationId).responses[String(status)]?.schemaPointer;
  expect(pointer, `${operationId} documents no ${status} body`).toBeDefined();
  expect(validator.validate(pointer as string, body)).toEqual([]);
}

/** The head of one HTTP request as it left the client (after TLS, before the mock). */
interface SentRequest {
  line: string;
  headers: Record<string, string>;
}

function parseHeads(text: string): SentRequest[] {
  return text
    .split(/\r\n\r\n/)
    .filter((part) => /^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(part))
    .map((head) => {
      const [line = '', ...rest] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const header of rest) {
        const colon = header.indexOf(':');
        if (colon > 0) headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
      }
      return { line, headers };
    });
}

describe('node-bigcommerce against the mock', () => {
  let mock: MockServer;
  let tls: TlsServer;
  let agent: Agent;
  const sockets = new Set<Socket>();
  /** Everything the client sent, decrypted, in order. */
  let sent = '';

  const client = (storeHash: string) =>
    new BigCommerce({ clientId: 'coupon-contracts-sdk-test', accessToken: 'sdk-token', storeHash, apiVersion: 'v3', agent });
  const requestsMatching = (pattern: RegExp) => parseHeads(sent).filter((r) => pattern.test(r.line));

  beforeAll(async () => {
    mock = await startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0 });
    const mockPort = mock.port;
    const pems = await generateCertificate([{ name: 'commonName', value: API_HOST }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: API_HOST }] }],
    });

    // TLS in front of the mock: each decrypted connection is piped to the mock's HTTP port.
    tls = createTlsServer({ key: pems.private, cert: pems.cert }, (secure) => {
      const plain = connectTcp(mockPort, '127.0.0.1');
      sockets.add(secure);
      sockets.add(plain);
      secure.on('data', (chunk: Buffer) => {
        sent += chunk.toString('latin1');
      });
      secure.pipe(plain).pipe(secure);
      const close = () => {
        secure.destroy();
        plain.destroy();
      };
      secure.on('error', close).on('close', close);
      plain.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tls.address() as { port: number }).port;

    /** Connects where the client asks for api.bigcommerce.com:443 to the local TLS port instead. */
    class LocalApiAgent extends Agent {
      constructor(options: AgentOptions) {
        super(options);
      }
      override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
        return super.createConnection({ ...options, host: '127.0.0.1', port: tlsPort, servername: API_HOST } as RequestOptions, callback);
      }
    }
    agent = new LocalApiAgent({ ca: pems.cert, keepAlive: true });
  });

  afterAll(async () => {
    agent?.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (tls ? tls.close(() => resolve()) : resolve()));
    await mock?.close();
  });

  it('creates a code (201 {data, meta}) and gets 422 in the vendor shape for a duplicate', async () => {
    const bc = client('sdkstore');
    const created = await bc.post('/promotions/2/codes', { code: 'SDK-SUMMER', max_uses: 5 });
    expectConformant('createCouponCode', 201, created);
    expect(created.data).toMatchObject({ code: 'SDK-SUMMER', max_uses: 5, max_uses_per_customer: 0, current_uses: 0 });

    const duplicate = (await bc.post('/promotions/2/codes', { code: 'SDK-SUMMER' }).then(
      () => undefined,
      (error: BigCommerce.BigCommerceError) => error,
    )) as BigCommerce.BigCommerceError;
    expect(duplicate?.code).toBe(422);
    const body = JSON.parse(duplicate.responseBody ?? '');
    expectConformant('createCouponCode', 422, body);
    expect(body.errors[0].title).toContain('SDK-SUMMER');
  });

  it('lists codes a page at a time, following the cursor links the mock gives', async () => {
    const bc = client('listing');
    for (const code of ['L-1', 'L-2', 'L-3']) await bc.post('/promotions/2/codes', { code });
    const seen: string[] = [];
    let query = '?limit=2';
    for (let pages = 0; pages < 5; pages++) {
      const page = await bc.get(`/promotions/2/codes${query}`);
      expectConformant('listCouponCodes', 200, page);
      if (page.data.length === 0) break;
      seen.push(...page.data.map((c: { code: string }) => c.code));
      query = page.meta.cursor_pagination.links.next;
    }
    expect(seen).toEqual(['L-1', 'L-2', 'L-3']);
  });

  it('gets a code by its text, and finds nothing in another store', async () => {
    const bc = client('lookup');
    const { data } = await bc.post('/promotions/2/codes', { code: 'FIND ME' });
    const found = await bc.get(`/promotions/codes?code=${encodeURIComponent('FIND ME')}`);
    expectConformant('getCouponCodeByCode', 200, found);
    expect(found.data).toEqual([data]);
    const elsewhere = await client('another-store').get(`/promotions/codes?code=${encodeURIComponent('FIND ME')}`);
    expect(elsewhere.data).toEqual([]);
  });

  it('generates a batch for the BULK promotion', async () => {
    const generated = await client('codegen').post('/promotions/1/codegen', { batch_size: 4, prefix: 'SDK', delimiter: '-', code_length: 8 });
    expectConformant('generateCouponCodes', 201, generated);
    expect(generated.data.codes).toHaveLength(4);
    for (const { code } of generated.data.codes) expect(code).toMatch(/^SDK-[A-Z0-9]{8}$/);
  });

  it('deletes one code by id, several by id:in and one by its text (204, an empty answer)', async () => {
    const bc = client('deleting');
    const ids: number[] = [];
    for (const code of ['D-1', 'D-2', 'D-3', 'D-4']) ids.push((await bc.post('/promotions/2/codes', { code })).data.id);
    expect(await bc.delete(`/promotions/2/codes/${ids[0]}`)).toBe('');
    expect(await bc.delete(`/promotions/2/codes?id:in=${ids[1]},${ids[2]}`)).toBe('');
    expect(await bc.delete('/promotions/codes?code=D-4')).toBe('');
    const left = await bc.get('/promotions/2/codes');
    expect(left.data).toEqual([]);
  });

  it('what the client sends in normal use is what the mock was given: Content-Type on every request, GETs included', () => {
    const reads = requestsMatching(/^(GET|DELETE) \/stores\//);
    expect(reads.length).toBeGreaterThan(0);
    for (const request of reads) {
      expect(request.headers['content-type'], request.line).toBe('application/json');
      expect(request.headers['content-length'], request.line).toBeUndefined();
    }
    const all = parseHeads(sent);
    for (const request of all) {
      expect(request.headers['x-auth-token']).toBe('sdk-token');
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers['x-auth-client']).toBe('coupon-contracts-sdk-test');
      expect(request.headers['accept-encoding']).toBe('gzip, deflate');
      expect(request.headers.host).toBe(API_HOST);
    }
  });
});
