/**
 * The fast path decides as Prism does: a differential test. A corpus of valid and invalid
 * requests for every operation of every vendor (the fuzz generator's, built from the specs, plus
 * targeted mutations of what Prism reads: media types, body presence, parameter coercion, path
 * shapes, methods) goes through the request path's stages up to routing and validation, and each
 * request is decided by the fast path and by Prism; their verdicts (route, no route, 405; the
 * violations in the terms the validate stage answers with, in order) must be identical.
 *
 * FAST_PATH_SEED and FAST_PATH_COUNT (generated requests per operation) replay or widen it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownValues } from '../../src/fuzz/known-values.js';
import { fuzzRandom, type FuzzRandom } from '../../src/fuzz/random.js';
import { createRequestGenerator, type FuzzRequest } from '../../src/fuzz/requests.js';
import { adminAccessFor } from '../../src/mock/admin-access.js';
import { answer } from '../../src/mock/handle-request.js';
import { FastPath, type FastPathOptions } from '../../src/mock/fast-path.js';
import { prismValidator } from '../../src/mock/prism-ajv.js';
import { PrismGate } from '../../src/mock/prism-gate.js';
import { RequestGate } from '../../src/mock/request-gate.js';
import { deriveModel, type PrismModel } from '../../src/mock/prism-model.js';
import { createRandom } from '../../src/mock/random.js';
import { createRequestState, routingMethod, type RequestState } from '../../src/mock/request-state.js';
import { createRuntime, type MockRuntime, type VendorRuntime } from '../../src/mock/runtime.js';
import { parseBody, readBody } from '../../src/mock/stages/body.js';
import { checkPath, selectVendor } from '../../src/mock/stages/select-vendor.js';
import { loadSpec, VENDORS, type OperationInfo, type Spec, type VendorName } from '../../src/openapi/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { loadPlugins } from '../../src/vendors/index.js';

const SEED = process.env.FAST_PATH_SEED ?? 'fast-path-1';
const PER_OPERATION = Number(process.env.FAST_PATH_COUNT ?? 60);

interface Corpus {
  requests: Array<{ request: FuzzRequest; operation: OperationInfo }>;
}

/** Every request the fast path and Prism are both asked about. */
function corpusOf(spec: Spec, random: FuzzRandom): Corpus {
  const generator = createRequestGenerator(spec, { random, credentials: { write: 'token', readOnly: 'readonly-token' }, known: new KnownValues() });
  const requests: Corpus['requests'] = [];
  for (const operation of spec.operations) {
    const add = (request: FuzzRequest) => requests.push({ request, operation });
    for (let i = 0; i < PER_OPERATION / 4; i++) add(generator.valid(operation.id));
    for (const mutated of targetedMutations(generator.valid(operation.id), operation, random)) add(mutated);
  }
  // The fuzz generator's own mutations (one to three per request), over random operations.
  for (let i = 0; i < (PER_OPERATION * spec.operations.length * 3) / 4; i++) {
    const request = generator.next();
    requests.push({ request, operation: spec.operation(request.target) });
  }
  return { requests };
}

const QUERY_VALUES = ['', '0', '-1', '1', '1.5', '10', '1e3', ' 5', '0x10', 'abc', 'true', 'a,b', '1,2', '999999999999999999999', '%20', '%zz'];
const CONTENT_TYPES = [
  undefined,
  '',
  'application/json',
  'APPLICATION/JSON; charset=utf-8',
  'application/merge-patch+json',
  'application/vnd.api+json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  '*/*',
  'garbage',
];
const BODIES = ['', '0', 'false', 'null', '""', '[]', '{}', '"text"', '1e309', '{"data":null}', '{"data":{}}', '{"data":[]}'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND'];
const FORM = 'application/x-www-form-urlencoded';
const FORM_BODIES = ['grant_type=client_credentials&client_id=a+b&client_secret=%41', 'grant_type=implicit', 'grant_type=nope', 'client_id=a&client_id=b', '=x', 'grant_type', '+=+', '&&', 'grant_type=client_credentials&extra=%E2%82%AC', 'client_id=a%2Bb%3D&grant_type=implicit', 'grant_type=implicit&client_id=' + 'x'.repeat(300)];

/** Variations of one valid request in each part Prism reads, one part at a time. */
function targetedMutations(valid: FuzzRequest, operation: OperationInfo, random: FuzzRandom): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const variant = (mutation: string, change: (r: FuzzRequest) => void) => {
    const copy: FuzzRequest = { ...valid, headers: valid.headers.map(([n, v]) => [n, v] as [string, string]), mutations: [mutation] };
    change(copy);
    out.push(copy);
  };
  const setHeader = (r: FuzzRequest, name: string, value: string | undefined) => {
    r.headers = r.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    if (value !== undefined) r.headers.push([name, value]);
  };
  const [path, search = ''] = valid.path.split('?') as [string, string?];
  for (const contentType of CONTENT_TYPES) variant(`content-type(${contentType})`, (r) => setHeader(r, 'Content-Type', contentType));
  for (const body of BODIES) variant(`body(${body})`, (r) => (r.body = Buffer.from(body)));
  variant('body.chunked', (r) => setHeader(r, 'Transfer-Encoding', 'chunked'));
  if (operation.requestBody?.contentTypes.includes(FORM)) {
    for (const body of FORM_BODIES) {
      variant(`form(${body.slice(0, 40)})`, (r) => {
        setHeader(r, 'Content-Type', FORM);
        r.body = Buffer.from(body);
      });
    }
  }
  variant('body.none', (r) => (r.body = undefined));
  for (const method of METHODS) variant(`method(${method})`, (r) => (r.method = method));
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    for (const value of QUERY_VALUES) {
      variant(`query(${parameter.name}=${value})`, (r) => (r.path = `${path}?${search ? `${search}&` : ''}${encodeURIComponent(parameter.name)}=${value}`));
    }
    variant(`query(${parameter.name} twice)`, (r) => (r.path = `${path}?${encodeURIComponent(parameter.name)}=1&${encodeURIComponent(parameter.name)}=2`));
    variant(`query(${parameter.name} upper case)`, (r) => (r.path = `${path}?${encodeURIComponent(parameter.name.toUpperCase())}=${random.pick(QUERY_VALUES)}`));
  }
  for (const parameter of operation.parameters.filter((p) => p.in === 'header')) {
    for (const value of ['', ';;', 'text/html', 'application/json, text/html', 'x'.repeat(300)]) variant(`header(${parameter.name}=${value})`, (r) => setHeader(r, parameter.name, value));
  }
  const segments = path.split('/');
  operation.path.split('/').forEach((segment, i) => {
    if (!segment.startsWith('{')) return;
    const at = segments.length - operation.path.split('/').length + i;
    for (const value of ['a,b', '1,', '%2C', '%20', 'x%2Fy', '-1', '1.5', '99999999999999999999']) {
      variant(`path(${segment}=${value})`, (r) => {
        const changed = [...segments];
        changed[at] = value;
        r.path = `${changed.join('/')}${search ? `?${search}` : ''}`;
      });
    }
  });
  variant('path(trailing slash)', (r) => (r.path = `${path}/${search ? `?${search}` : ''}`));
  variant('path(double slash)', (r) => (r.path = path.replace(/\/([^/]+)$/, '//$1')));
  variant('path(extra segment)', (r) => (r.path = `${path}/extra`));
  return out;
}

/** The request's state as the server builds it, up to the vendor's selection; undefined if no vendor takes it. */
async function stateOf(request: FuzzRequest, runtime: MockRuntime): Promise<RequestState | undefined> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of request.headers) (headers[name.toLowerCase()] ??= []).push(value);
  // What an HTTP client sends with a body: its length, unless it streams it (chunked).
  if (request.body && !headers['transfer-encoding']) headers['content-length'] = [String(request.body.length)];
  const state = createRequestState({
    method: request.method,
    url: request.path,
    headers: Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, v.join(', ')])),
    headersDistinct: headers,
    body: request.body ? [request.body] : [],
  });
  return (await selectVendor(state, runtime)) ? undefined : state;
}

/** The stages between routing and validation (handle-request.ts's order); whether the request reaches validation. */
async function readsBody(state: RequestState, runtime: MockRuntime): Promise<boolean> {
  for (const stage of [checkPath, readBody, parseBody]) if (await stage(state, runtime)) return false;
  return true;
}

type Verdict = { kind: string; operationId?: string; violations?: unknown[]; status?: number } | 'declined';

/**
 * Both verdicts on one request: the route (the route stage asks it from method and path), then,
 * for a request routed to an operation whose body the stages read and parsed, the violations.
 */
async function verdicts(prism: PrismGate, fast: FastPath, state: RequestState, runtime: MockRuntime): Promise<{ prism: Verdict; fast: Verdict }> {
  const method = routingMethod(state);
  const path = state.relativePath as string;
  const prismRoute = prism.route(method, path);
  const fastRoute = fast.route(method, path) ?? 'declined';
  if (prismRoute.kind !== 'operation' || fastRoute === 'declined' || fastRoute.kind !== 'operation' || !(await readsBody(state, runtime))) {
    return { prism: prismRoute, fast: fastRoute };
  }
  const request = { method, path, query: state.query, headers: state.headers, body: state.body };
  const inspected = await prism.inspect({ ...request, operationId: prismRoute.operationId });
  const violations = fast.validate({ ...request, operationId: fastRoute.operationId });
  return {
    prism: inspected.kind === 'validated' ? { ...prismRoute, violations: inspected.violations } : inspected,
    fast: violations ? { ...fastRoute, violations } : 'declined',
  };
}

interface Comparison {
  compared: number;
  declined: number;
  /** Not taken by the vendor (another mount, none). */
  answeredBefore: number;
  /** Decided requests per operation the request was built from. */
  perOperation: Map<string, number>;
  validDeclined: string[];
  mismatches: Array<{ request: FuzzRequest; prism: Verdict; fast: Verdict }>;
}

async function compare(vendor: VendorRuntime, fast: FastPath, runtime: MockRuntime, corpus: Corpus): Promise<Comparison> {
  const result: Comparison = { compared: 0, declined: 0, answeredBefore: 0, perOperation: new Map(), validDeclined: [], mismatches: [] };
  for (const { request, operation } of corpus.requests) {
    const state = await stateOf(request, runtime);
    if (!state || state.vendor !== vendor) {
      result.answeredBefore++;
      continue;
    }
    const { prism: prismSays, fast: fastSays } = await verdicts(await vendor.gate.prism(), fast, state, runtime);
    if (fastSays === 'declined') {
      result.declined++;
      if (request.mutations.length === 0) result.validDeclined.push(`${request.method} ${request.path}`);
      continue;
    }
    result.compared++;
    result.perOperation.set(operation.id, (result.perOperation.get(operation.id) ?? 0) + 1);
    try {
      expect(fastSays).toEqual(prismSays);
    } catch {
      result.mismatches.push({ request, prism: prismSays, fast: fastSays });
    }
  }
  return result;
}

function describeMismatch(m: Comparison['mismatches'][number]): string {
  return `${m.request.method} ${m.request.path} [${m.request.mutations.join(', ')}] body=${m.request.body?.toString('utf8').slice(0, 120)}\n  prism: ${JSON.stringify(m.prism)}\n  fast:  ${JSON.stringify(m.fast)}`;
}

let runtime: MockRuntime;
const models = new Map<VendorName, PrismModel>();

beforeAll(async () => {
  runtime = await createRuntime({
    plugins: await loadPlugins([...VENDORS]),
    store: createMemoryStore(),
    random: createRandom('fast-path'),
    settings: {},
    admin: adminAccessFor('127.0.0.1', undefined),
    maxBodyBytes: 1024 * 1024,
  });
  for (const vendor of runtime.vendors) models.set(vendor.plugin.vendor as VendorName, await deriveModel(vendor.spec));
}, 60_000);
afterAll(() => runtime.store.close());

describe.each(VENDORS)('the fast path of %s decides as Prism does', (vendorName) => {
  it(`over ${PER_OPERATION} generated requests per operation and targeted mutations (seed ${SEED})`, async () => {
    const vendor = runtime.vendors.find((v) => v.plugin.vendor === vendorName) as VendorRuntime;
    const fast = new FastPath(models.get(vendorName) as PrismModel);
    const result = await compare(vendor, fast, runtime, corpusOf(vendor.spec, fuzzRandom(`${SEED}:${vendorName}`)));
    expect(result.mismatches.slice(0, 5).map(describeMismatch), `${result.mismatches.length} of ${result.compared} verdicts differ`).toEqual([]);
    // A fast path that declined everything would agree with Prism trivially: every valid request is its to decide,
    expect(result.validDeclined).toEqual([]);
    // and every operation has requests it decided.
    for (const operation of vendor.spec.operations) expect(result.perOperation.get(operation.id) ?? 0, operation.id).toBeGreaterThanOrEqual(PER_OPERATION / 2);
    console.log(
      `${vendorName}: ${result.compared} verdicts identical, ${result.declined} left to Prism, ${result.answeredBefore} not for this vendor; per operation ${[...result.perOperation].map(([id, n]) => `${id} ${n}`).join(', ')}` +
        (fast.declinedOperations().length ? `; declined operations: ${fast.declinedOperations().map((d) => `${d.id} (${d.reason})`).join(', ')}` : ''),
    );
  }, 120_000);
});

describe('the differential test can fail', () => {
  const faulty: Array<[string, FastPathOptions]> = [
    ['parameters validated without coercion', { validatorOf: (schema, coerce, bundle) => prismValidator(schema, false && coerce, bundle) }],
    ['a body validator that ignores maximum', { validatorOf: (checked, coerce, bundle) => prismValidator({ ...checked, schema: withoutKeyword(checked.schema, 'maximum') }, coerce, bundle) }],
  ];
  it.each(faulty)('catches a fast path with %s', async (_label, options) => {
    let mismatches = 0;
    for (const vendor of runtime.vendors) {
      const fast = new FastPath(models.get(vendor.plugin.vendor as VendorName) as PrismModel, options);
      mismatches += (await compare(vendor, fast, runtime, corpusOf(vendor.spec, fuzzRandom(`${SEED}:${vendor.plugin.vendor}`)))).mismatches.length;
      if (mismatches > 0) break; // caught: the other vendors' corpora would only repeat it
    }
    expect(mismatches).toBeGreaterThan(0);
  }, 120_000);
});

describe('Prism is loaded only when something needs it', () => {
  it('not for requests the fast path decides (a form body too), but for a Prefer', async () => {
    const bigcommerce = await RequestGate.create(loadSpec('bigcommerce'));
    const create = { operationId: 'createCouponCode', method: 'POST', path: '/promotions/2/codes', query: {}, headers: { 'content-type': 'application/json', 'content-length': '14' }, body: { code: 'FIRST' } };
    expect(await bigcommerce.route('POST', '/promotions/2/codes')).toEqual({ kind: 'operation', operationId: 'createCouponCode' });
    expect(await bigcommerce.route('PUT', '/promotions/2/codes')).toEqual({ kind: 'method-not-allowed' });
    expect(await bigcommerce.inspect(create)).toEqual({ kind: 'validated', violations: [] });
    expect((await bigcommerce.inspect({ ...create, body: { code: 7 } })).kind).toBe('validated');
    expect(bigcommerce.prismRequested).toBe(false);
    const mocked = await bigcommerce.mock(create, { code: 201 });
    expect('statusCode' in mocked && mocked.statusCode).toBe(201);
    expect(bigcommerce.prismRequested).toBe(true);

    const elasticpath = await RequestGate.create(loadSpec('elasticpath'));
    const form = 'grant_type=client_credentials&client_id=a+b&client_secret=%41';
    const token = { operationId: 'createAccessToken', method: 'POST', path: '/oauth/access_token', query: {}, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) }, body: form };
    expect(await elasticpath.inspect(token)).toEqual({ kind: 'validated', violations: [] });
    expect((await elasticpath.inspect({ ...token, body: 'grant_type=nope' })).kind).toBe('validated');
    expect(elasticpath.prismRequested).toBe(false);
  }, 60_000);
});

describe('what Prism cannot read', () => {
  it('a form body whose field name does not percent-decode is left to Prism, and answered as the client mistake it is (400)', async () => {
    const elasticpath = runtime.vendors.find((v) => v.plugin.vendor === 'elasticpath') as VendorRuntime;
    const form = '%zz=1&grant_type=client_credentials';
    const token = { operationId: 'createAccessToken', method: 'POST', path: '/oauth/access_token', query: {}, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) }, body: form };
    expect(elasticpath.gate.fast.validate(token)).toBeUndefined();
    expect(await elasticpath.gate.inspect(token)).toMatchObject({ kind: 'prism-error', status: 400 });
    const answered = await answer(createRequestState({ method: 'POST', url: '/oauth/access_token', headers: { host: '127.0.0.1', 'content-type': token.headers['content-type'], 'content-length': token.headers['content-length'] }, body: [Buffer.from(form)] }), runtime);
    expect(answered.status).toBe(400);
  });

  it('that form body is answered 400 by the body stage, before Prism is loaded; a value that does not decode is Prism\'s to judge', async () => {
    const own = await createRuntime({
      plugins: await loadPlugins(['elasticpath']),
      store: createMemoryStore(),
      random: createRandom('form-names'),
      settings: {},
      admin: adminAccessFor('127.0.0.1', undefined),
      maxBodyBytes: 1024,
    });
    try {
      const send = (form: string) =>
        answer(createRequestState({ method: 'POST', url: '/oauth/access_token', headers: { host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(form.length) }, body: [Buffer.from(form)] }), own);
      const malformed = await send('%zz=1&grant_type=client_credentials');
      expect(malformed.status).toBe(400);
      expect(malformed.problem).toMatchObject({ rule: 'form', location: 'body', detail: expect.stringContaining('%zz') });
      const gate = (own.vendors[0] as VendorRuntime).gate;
      expect(gate.prismRequested).toBe(false);
      expect((await send('grant_type=implicit&client_id=%zz')).status).toBe(200);
    } finally {
      await own.store.close();
    }
  });
});

function withoutKeyword(node: Record<string, unknown>, keyword: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(node), (key, value) => (key === keyword ? undefined : value)) as Record<string, unknown>;
}
