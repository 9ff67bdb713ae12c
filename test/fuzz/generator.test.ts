import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { fuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator, type FuzzRequest } from '../../src/fuzz/requests.js';
import { formatReport, runFuzz } from '../../src/fuzz/run.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';

const credentials = { write: 'gen-write-secret', readOnly: 'readonly-gen-secret' };

function generate(vendor: (typeof VENDORS)[number], seed: string, count: number): FuzzRequest[] {
  const generator = createRequestGenerator(loadSpec(vendor), { random: fuzzRandom(seed), credentials, known: new KnownValues() });
  return Array.from({ length: count }, () => generator.next());
}

describe('fuzz request generator', () => {
  it('replays the same requests from the same seed, and others from another', () => {
    const wire = (r: FuzzRequest) => JSON.stringify([r.method, r.path, r.headers, r.body?.toString('base64')]);
    expect(generate('elasticpath', 's1', 300).map(wire)).toEqual(generate('elasticpath', 's1', 300).map(wire));
    expect(generate('elasticpath', 's2', 300).map(wire)).not.toEqual(generate('elasticpath', 's1', 300).map(wire));
  });

  it.each(VENDORS)('%s: reaches every operation, valid and with each kind of mutation', (vendor) => {
    const requests = generate(vendor, `cover-${vendor}`, 3000);
    const spec = loadSpec(vendor);
    expect(new Set(requests.map((r) => r.target))).toEqual(new Set(spec.operations.map((o) => o.id)));
    expect(requests.some((r) => r.mutations.length === 0)).toBe(true);
    const families = new Set(requests.flatMap((r) => r.mutations.map((m) => m.split('(')[0])));
    for (const family of ['body.invalid', 'body.number', 'body.string', 'body.malformed', 'body.deep', 'body.unexpected', 'header.content-type', 'header.accept', 'header.credential', 'header.prefer', 'header.duplicate', 'header.content-encoding', 'query.invalid', 'query.raw', 'path.value', 'path.shape', 'method']) {
      expect(families, family).toContain(family);
    }
  });

  it('keeps the request head under 8 KiB, where servers stop reading headers', () => {
    for (const vendor of VENDORS) {
      for (const request of generate(vendor, `head-${vendor}`, 2000)) {
        const head = `${request.method} ${request.path} HTTP/1.1\r\n${request.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}`;
        expect(Buffer.byteLength(head, 'latin1'), request.path.slice(0, 100)).toBeLessThan(8192);
      }
    }
  });
});

describe('fuzz run against a faulty server', () => {
  it('reports each bad answer with the request (credentials redacted) and the seed that replays it', async () => {
    // Answers every request 200 with an empty object: right for nothing in the Shoplazza spec but by luck.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(req.url?.includes('lookup') ? 502 : 200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const report = await runFuzz({ origin: `http://127.0.0.1:${port}`, specs: [loadSpec('shoplazza')], seed: 'faulty', count: 200, credentials });
      expect(report.sent).toBe(200);
      expect(report.byKind['5xx']).toBeGreaterThan(0);
      expect(report.byKind.undocumented + report.byKind.schema).toBeGreaterThan(0);
      const text = formatReport(report, 50);
      expect(text).toContain('reproduce: FUZZ_SEED=faulty');
      expect(text).toMatch(/lookupDiscountCode answered 502/);
      expect(text).toMatch(/access-token: \[redacted\]/);
      expect(text).not.toContain(credentials.write);
      expect(text).not.toContain(credentials.readOnly);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
