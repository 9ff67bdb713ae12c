import { request as httpRequest } from 'node:http';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mustBeRefused, robustness } from '../../src/contracts/checks/robustness.js';
import { coverageOf } from '../../src/contracts/coverage.js';
import { runCheck } from '../../src/contracts/run-check.js';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { createOracle } from '../../src/fuzz/oracle.js';
import { fuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator, type FuzzRequest } from '../../src/fuzz/requests.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { loadPlugins } from '../../src/vendors/index.js';
import { httpTargets } from '../support/http-targets.js';
import { verify } from './support/cli.js';
import { contextFor, READONLY_TOKEN, TOKEN as CONTEXT_TOKEN } from './support/context.js';

const TOKEN = 'robustness-secret-token-7f3a';
const targets = httpTargets();
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ plugins: await loadPlugins([...VENDORS]), port: 0 });
});
afterAll(() => mock?.close());
afterEach(() => targets.closeAll());

/** The real mock behind a proxy that answers 500 to a POST whose body is not JSON, and forwards everything else. */
async function mockThat500sOnMalformedJson(): Promise<string> {
  const upstream = new URL(mock.url);
  return targets.start((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && body.length > 0 && !parsesAsJson(body.toString('utf8'))) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"status":500,"title":"Internal Server Error"}');
        return;
      }
      const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    });
  });
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('robustness answers in the coverage', () => {
  it('counts what the broken requests were answered per operation and status, without handing them to the conformance checks', async () => {
    const ctx = contextFor('shoplazza', mock.url, { robustness: 40, seed: 'coverage-1' });
    expect(await runCheck(ctx, robustness)).toMatchObject({ status: 'passed' });
    const coverage = coverageOf(ctx);
    const seen = coverage.operations.flatMap((op) => op.statuses.filter((s) => s.observed > 0).map((s) => `${op.operationId} ${s.status}`));
    expect(seen.length).toBeGreaterThan(0);
    // Every answer of the mock was as documented.
    for (const op of coverage.operations) for (const s of op.statuses) expect(s.conformed, `${op.operationId} ${s.status}`).toBe(s.observed);
    // Counted for coverage only: the conformance checks see what the other checks recorded.
    expect(ctx.observe.all()).toEqual([]);
    const witnessed = coverage.operations.flatMap((op) => ctx.observe.seenFor(op.operationId));
    expect(witnessed.length).toBe(coverage.operations.reduce((n, op) => n + op.statuses.reduce((m, s) => m + s.observed, 0) + op.undocumented.reduce((m, u) => m + u.observed, 0), 0));
    expect(witnessed.every((e) => e.note?.startsWith('robustness: '))).toBe(true);
    const shown = JSON.stringify(witnessed);
    expect(shown).not.toContain(CONTEXT_TOKEN);
    expect(shown).not.toContain(READONLY_TOKEN);
  });

  it('counts an answer that breaks the contract as observed and not conformed (a server that 500s on malformed JSON)', { timeout: 60_000 }, async () => {
    const ctx = contextFor('shoplazza', await mockThat500sOnMalformedJson(), { robustness: 200, seed: 'malformed-1' });
    expect(await runCheck(ctx, robustness)).toMatchObject({ status: 'failed' });
    const coverage = coverageOf(ctx);
    // The 500s the proxy gives a malformed POST body are counted where they were seen, none as conforming.
    const fiveHundreds = coverage.operations.flatMap((op) =>
      op.statuses.filter((s) => s.status === '500' && s.observed > 0).map((s) => ({ op: op.operationId, conformed: s.conformed })),
    );
    expect(fiveHundreds.map((f) => f.op).sort()).toEqual(['batchCreateDiscountCodes', 'createDiscountCode']);
    expect(fiveHundreds.every((f) => f.conformed === 0)).toBe(true);
    // What the mock behind it answered still conforms.
    for (const op of coverage.operations) {
      for (const s of op.statuses) if (s.status !== '500') expect(s.conformed, `${op.operationId} ${s.status}`).toBe(s.observed);
    }
  });
});

describe('robustness check', () => {
  it('fails on a server that answers 500 to a malformed JSON body, naming the request, the answer, the seed and the rule', { timeout: 60_000 }, async () => {
    const target = await mockThat500sOnMalformedJson();
    const run = await verify(['--target', target, '--vendor', 'shoplazza', '--token', TOKEN, '--checks', 'robustness', '--robustness', '200', '--seed', 'malformed-1'], 55_000);
    const out = run.stdout + run.stderr;
    expect(run.code, out).toBe(1);
    expect(out).toContain('seed malformed-1');
    expect(out).toMatch(/\[robustness\]/);
    expect(out).toMatch(/\[5xx\] (createDiscountCode|batchCreateDiscountCodes) answered 500/);
    expect(out).toMatch(/rule: spec\/shoplazza\.yaml#\/paths\/~1price_rules~1\{price_rule_id\}~1discount_codes(~1batch)?\/post\/responses/);
    expect(out).toMatch(/sent: POST \/openapi\/2025-06\/price_rules\/[^ ]+\/discount_codes/);
    expect(out).toMatch(/body\.(malformed|invalid-utf8|deep)/);
    expect(out).toContain('got:  500 {"status":500');
    expect(out).toContain('reproduce: --checks robustness --seed malformed-1 --robustness 200');
    expect(out).toContain('access-token: [redacted]');
    expect(out).not.toContain(TOKEN);
  });

  it('passes against our own mock (a fresh seed each run, printed in the header)', { timeout: 90_000 }, async () => {
    const run = await verify(['--target', mock.url, '--checks', 'robustness', '--robustness', '40'], 85_000);
    const seed = /seed ([0-9a-f]+)/.exec(run.stdout)?.[1];
    expect(seed, run.stdout).toMatch(/^[0-9a-f]{12}$/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const vendor of VENDORS) expect(run.stdout).toMatch(new RegExp(`PASS ${vendor}\\s+1 passed, 0 failed, 0 skipped`));
  });

  it('sends to the host of the vendor\'s base URL, over TLS for an https one (--base-url VENDOR=https://...), and judges its answers', async () => {
    const vendorHost = 'https://shop.vendor.test';
    const seen: string[] = [];
    const scope = nock(vendorHost).persist();
    // Every method the check may send (reads, and writes with a broken body).
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']) {
      scope.intercept(/.*/, method).reply(function answer() {
        seen.push(`${this.req.method} ${this.req.path}`);
        return [500, { status: 500, title: 'Internal Server Error' }, { 'content-type': 'application/json' }];
      });
    }
    try {
      // --target names a port nothing listens on: a request sent there would get no answer.
      const ctx = contextFor('shoplazza', 'http://127.0.0.1:9', { robustness: 12, seed: 'https-1', baseUrls: { shoplazza: `${vendorHost}/openapi/2025-06` } });
      const result = await runCheck(ctx, robustness);
      expect(result.status).toBe('failed');
      const message = result.status === 'failed' ? result.violation.message : '';
      expect(seen.length).toBe(12);
      expect(seen.every((line) => / \/openapi\/2025-06\//.test(line)), seen.join('\n')).toBe(true);
      expect(message).toContain('12 of 12 broken requests were not refused with a documented status in the documented shape; seed https-1');
      expect(message).toMatch(/\[5xx\] \w+ answered 500/);
      expect(message).not.toContain('no answer');
      const witnessed = ctx.spec.operations.flatMap((op) => ctx.observe.seenFor(op.id));
      expect(witnessed.length).toBeGreaterThan(0);
      for (const exchange of witnessed) expect(exchange.request.url.startsWith(`${vendorHost}/openapi/2025-06/`), exchange.request.url).toBe(true);
    } finally {
      scope.persist(false);
      nock.cleanAll();
    }
  });

  it('found in the mock: a Prefer header with an unparseable Accept was a 500 (Prism negotiating an example)', async () => {
    const elasticpath = mock.vendors.find((v) => v.vendor === 'elasticpath');
    const owner = elasticpath?.owners[0]?.id as string;
    for (const accept of [';;', 'garbage', '']) {
      const response = await fetch(`${elasticpath?.baseUrl}/v2/rule-promotions/${owner}/codes`, { headers: { authorization: 'Bearer x', prefer: 'code=200', accept } });
      expect(response.status, accept).toBeLessThan(500);
    }
  });

  it('--robustness takes a count; anything else is a usage error', async () => {
    const run = await verify(['--target', mock.url, '--checks', 'robustness', '--robustness', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--robustness/);
  });
});

describe('what the robustness check sends', () => {
  const spec = loadSpec('shoplazza');
  const validator = createSpecValidator(spec);
  const oracle = createOracle(spec, validator);
  const generator = createRequestGenerator(spec, { random: fuzzRandom('sends'), credentials: { write: 't' }, known: new KnownValues(), validShare: 0 });
  const judge = (request: FuzzRequest) => mustBeRefused(request, spec, validator, oracle.route(request.method, request.path));
  const broken = (request: FuzzRequest, mutation: string, change: (r: FuzzRequest) => void = () => {}): FuzzRequest => {
    const copy = { ...request, headers: [...request.headers], mutations: [mutation] };
    change(copy);
    return copy;
  };

  it('never a write whose body the schema accepts, whatever else is broken', () => {
    const valid = generator.valid('createDiscountCode');
    expect(validator.validate(spec.operation('createDiscountCode').requestBody?.schemaPointer as string, JSON.parse(valid.body?.toString('utf8') ?? ''))).toEqual([]);
    expect(judge(broken(valid, 'header.accept(text/html)', (r) => r.headers.push(['Accept', 'text/html'])))).toBeUndefined();
    expect(judge(broken(valid, 'header.content-type(text/plain)', (r) => r.headers.push(['Content-Type', 'text/plain'])))).toBeUndefined();
    expect(judge(broken(valid, 'body.malformed', (r) => (r.body = Buffer.from(`\ufeff${valid.body?.toString('utf8')}`))))).toBeUndefined();
  });

  it('a write whose body is not JSON, or breaks the schema, must be refused', () => {
    const valid = generator.valid('createDiscountCode');
    expect(judge(broken(valid, 'body.malformed', (r) => (r.body = Buffer.from('{"discount_code":'))))).toMatch(/refuses/);
    expect(judge(broken(valid, 'body.top(array)', (r) => (r.body = Buffer.from('[]'))))).toMatch(/refuses/);
  });

  it('never DELETE, a method override, another base path, dot segments, a body the operation does not take or a Prefer header', () => {
    const remove = generator.valid('deleteDiscountCode');
    expect(judge(broken(remove, 'header.accept(text/html)'))).toBeUndefined();
    const read = generator.valid('listDiscountCodes');
    expect(judge(broken(read, 'header.accept(text/html)'))).toBe('a read');
    expect(judge(broken(read, 'header.other(X-HTTP-Method-Override)', (r) => r.headers.push(['X-HTTP-Method-Override', 'DELETE'])))).toBeUndefined();
    expect(judge(broken(read, 'path.base(/v1)', (r) => (r.path = `/v1${r.path}`)))).toBeUndefined();
    expect(judge(broken(read, 'path.value(..)', (r) => (r.path = r.path.replace(/\/discount_codes/, '/%2e%2e/discount_codes'))))).toBeUndefined();
    expect(judge(broken(read, 'body.unexpected', (r) => (r.body = Buffer.from('{}'))))).toBeUndefined();
    expect(judge(broken(read, 'header.prefer(example=nope)', (r) => r.headers.push(['Prefer', 'example=nope'])))).toBeUndefined();
  });
});
