import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PARALLEL } from '../../contracts/shoplazza/batch-checks.js';
import { batchAllOrNothing, batchExact, batchLimit, codeLifecycle, definition, duplicateCode, listOrder, lookupOldest, parallelUniqueness, shoplazzaChecks } from '../../contracts/shoplazza/index.js';
import { createCheckContext, defaultRunOptions, type Check, type CheckContext } from '../../src/contracts/index.js';
import { checksOf } from '../../src/contracts/registry.js';
import { runCheck, type CheckResult } from '../../src/contracts/run-check.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import type { Handler, MockRequest, MockResponse, VendorApp, VendorPlugin } from '../../src/mock/types.js';
import { loadSpec, type JsonObject } from '../../src/openapi/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { parseCodeId, toDiscountCode, type DiscountCode } from '../../src/vendors/shoplazza/discount-codes.js';
import { shoplazzaPlugin } from '../../src/vendors/shoplazza/plugin.js';
import { scopeOf } from '../../src/vendors/shoplazza/price-rules.js';
import type { StoredCode } from '../../src/store/types.js';

/*
 * Each Shoplazza semantic check runs (through the engine's runCheck, on a context built as the
 * suite builds it) against (a) the real mock, where it passes and leaves nothing behind, and (b) a
 * faulty server that breaks exactly its rule, where it fails with a message that names the check,
 * the spec rule by pointer, and what came back. Faulty servers are the real plugin with one
 * operation's handler wrapped (see `faults`), or nock in front of the real mock for the batch
 * limit (the mock core rejects an oversize batch before any handler runs).
 */

const spec = loadSpec('shoplazza');
const PRICE_RULE = 'pr_1001';
const TOKEN = 'tok-SECRET-shoplazza-5e1';
const BATCH = "spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes~1batch/post";
const CREATE = 'spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes/post';
const LOOKUP = 'spec/shoplazza.yaml#/paths/~1discount_codes~1lookup/get';
const MAX_BATCH = ((spec.operation('batchCreateDiscountCodes').requestBody?.schema?.properties as Record<string, JsonObject>).discount_codes as JsonObject).maxItems as number;

// ---------------------------------------------------------------------------------------------
// Servers

/** Per operationId, a replacement of the real handler for the current test (it may call the real one). */
type Fault = (request: MockRequest, real: Handler) => Promise<MockResponse>;
let faults: Partial<Record<string, Fault>> = {};
const reals = new Map<string, Handler>();
let faultyApp: VendorApp | undefined;

/** The real plugin, with each handler replaced by the current test's fault for its operation, if any. */
const faultyPlugin: VendorPlugin = {
  ...shoplazzaPlugin,
  register(app) {
    faultyApp = app;
    shoplazzaPlugin.register({
      ...app,
      handle(operationId, real) {
        reals.set(operationId, real);
        app.handle(operationId, (request) => {
          const fault = faults[operationId];
          return fault ? fault(request, real) : real(request);
        });
      },
    });
  },
};

let realMock: MockServer;
let faultyMock: MockServer;

beforeAll(async () => {
  [realMock, faultyMock] = await Promise.all([
    startMockServer({ store: createMemoryStore(), port: 0, plugins: [shoplazzaPlugin] }),
    startMockServer({ store: createMemoryStore(), port: 0, plugins: [faultyPlugin] }),
  ]);
});

afterAll(async () => {
  await Promise.all([realMock?.close(), faultyMock?.close()]);
});

beforeEach(async () => {
  faults = {};
  await faultyMock.reset();
});

afterEach(() => {
  nock.cleanAll();
});

let runs = 0;

/** A context as the suite builds it: the mock's price rule to work on, a run prefix of its own. */
function contextFor(server: MockServer): CheckContext {
  runs++;
  return createCheckContext(
    'shoplazza',
    defaultRunOptions({
      target: server.url,
      isMock: true,
      // As verify runs against our mock: a wait (list_order, lookup_oldest) moves its clock.
      mockClockOffsetMs: 0,
      vendors: ['shoplazza'],
      tokens: { shoplazza: TOKEN },
      readonlyTokens: { shoplazza: `readonly-${TOKEN}` },
      promotions: { shoplazza: PRICE_RULE },
      mockOwners: { shoplazza: server.vendors[0]?.owners ?? [] },
      timeoutMs: 5000,
      runPrefix: `CCT${runs}X`,
    }),
    { ownerParam: 'price_rule_id', operations: {} },
  );
}

/** The operation a check is reported under (operation-scoped checks apply to exactly one here). */
function operationOf(check: Check): string | undefined {
  if (check.scope === 'vendor') return undefined;
  return spec.operations.find((op) => check.appliesTo?.(op, {} as CheckContext) ?? true)?.id;
}

async function run(check: Check, server: MockServer): Promise<{ ctx: CheckContext; result: CheckResult }> {
  const ctx = contextFor(server);
  const result = await runCheck(ctx, check, operationOf(check));
  return { ctx, result };
}

/** Runs the check against the faulty mock; it must fail. Returns the report. */
async function failing(check: Check): Promise<string> {
  const { ctx, result } = await run(check, faultyMock);
  await ctx.runCleanups().catch(() => undefined);
  if (result.status !== 'failed') throw new Error(`expected ${check.name} to fail, it ${result.status}${result.status === 'skipped' ? `: ${result.reason}` : ''}`);
  const message = result.violation.message;
  const operation = operationOf(check);
  expect(message.startsWith(`[${check.name}]${operation ? ` ${operation}` : ''}: `), message).toBe(true);
  expect(message).not.toContain(TOKEN);
  return message;
}

async function codesIn(server: MockServer, priceRule = PRICE_RULE): Promise<string[]> {
  return (await server.store.listCodes(scopeOf(priceRule), { limit: 100_000 })).map((c) => c.code);
}

// Helpers for faults.

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls the real handler of another operation with the same request, changed. */
function callReal(operationId: string, request: MockRequest, change: Partial<MockRequest>): Promise<MockResponse> {
  const real = reals.get(operationId);
  if (!real) throw new Error(`no handler for ${operationId}`);
  return real({ ...request, operation: spec.operation(operationId), ...change });
}

function success(data: unknown): MockResponse {
  return { status: 200, body: { code: '200', message: 'Success', data } };
}

type Inputs = Array<{ code: string; use_with_other?: number }>;
const inputsOf = (request: MockRequest) => (request.body as { discount_codes: Inputs }).discount_codes;
const answeredCodes = (response: MockResponse) => (response.body as { data: { discount_codes: DiscountCode[] } }).data.discount_codes;
const answeredCode = (response: MockResponse) => (response.body as { data: { discount_code: DiscountCode } }).data.discount_code;

/** One wave of concurrent requests: released together once `PARALLEL` have arrived. */
interface Wave {
  arrived: number;
  finished: number;
  written: MockResponse[];
  all: Promise<void>;
  release(): void;
  settled: Promise<void>;
  settle(): void;
}

function newWave(): Wave {
  const wave = { arrived: 0, finished: 0, written: [] } as unknown as Wave;
  wave.all = new Promise<void>((resolve) => (wave.release = resolve));
  wave.settled = new Promise<void>((resolve) => (wave.settle = resolve));
  return wave;
}

/**
 * Groups requests into waves of `PARALLEL` (the check sends that many at once), so that a fault
 * acts on a real race whatever the machine's load: every request of a wave waits for the others.
 */
function waves(): () => Promise<Wave> {
  let current = newWave();
  return async () => {
    const wave = current;
    wave.arrived++;
    if (wave.arrived === PARALLEL) {
      current = newWave();
      wave.release();
    }
    await Promise.race([wave.all, sleep(3000)]);
    return wave;
  };
}

function app(): VendorApp {
  if (!faultyApp) throw new Error('the faulty mock is not started');
  return faultyApp;
}

// ---------------------------------------------------------------------------------------------

describe('registration', () => {
  it('registers the six checks for shoplazza, each mutating, scoped to the operation its rule belongs to', () => {
    const registered = checksOf(definition).filter((c) => shoplazzaChecks.includes(c));
    expect(registered.map((c) => c.name)).toEqual(['batch_exact', 'batch_all_or_nothing', 'batch_limit', 'code_lifecycle', 'duplicate_code', 'list_order', 'lookup_oldest', 'parallel_uniqueness']);
    expect(registered.every((c) => c.mutates)).toBe(true);
    expect(Object.fromEntries(registered.map((c) => [c.name, operationOf(c) ?? 'vendor']))).toEqual({
      batch_exact: 'batchCreateDiscountCodes',
      batch_all_or_nothing: 'batchCreateDiscountCodes',
      batch_limit: 'batchCreateDiscountCodes',
      code_lifecycle: 'vendor',
      duplicate_code: 'createDiscountCode',
      list_order: 'listDiscountCodes',
      lookup_oldest: 'lookupDiscountCode',
      parallel_uniqueness: 'batchCreateDiscountCodes',
    });
  });
});

describe('against the real mock', () => {
  it.each(shoplazzaChecks.map((c) => [c.name, c] as const))('%s passes, creates only codes with the run prefix, and its cleanup deletes them', async (_name, check) => {
    const { ctx, result } = await run(check, realMock);
    expect(result, result.status === 'failed' ? result.violation.message : '').toMatchObject({ status: 'passed' });
    const left = await codesIn(realMock);
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((code) => !code.startsWith(ctx.target.runPrefix))).toEqual([]);
    await ctx.runCleanups();
    expect(await codesIn(realMock)).toEqual([]);
    expect(await codesIn(realMock, 'pr_1002')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('batch_exact against faulty servers', () => {
  it('fails when the answer lists the codes in another order than sent', async () => {
    faults.batchCreateDiscountCodes = async (request, real) => {
      const response = await real(request);
      if (response.status === 200) answeredCodes(response).reverse();
      return response;
    };
    const message = await failing(batchExact);
    expect(message).toMatch(/the codes came back in another order: sent (CCT\d+X\d+), (CCT\d+X\d+), (CCT\d+X\d+), (CCT\d+X\d+); got \4, \3, \2, \1/);
    expect(message).toContain(`rule: ${BATCH}/responses/200`);
    expect(message).toContain('All codes were created; they are returned in request order.');
    expect(message).toContain('got:  200 in');
  });

  it('fails when the answer changes a code', async () => {
    let changed = '';
    faults.batchCreateDiscountCodes = async (request, real) => {
      const response = await real(request);
      const second = answeredCodes(response)[1] as DiscountCode;
      changed = second.code.toLowerCase();
      second.code = changed;
      return response;
    };
    const message = await failing(batchExact);
    expect(message).toContain('the answer does not list the codes sent');
    expect(message).toContain(`not sent "${changed}"`);
    expect(message).toContain(`rule: ${BATCH}/responses/200`);
    expect(message).toContain(`"code":"${changed}"`);
  });

  it('fails when use_with_other is ignored (stored and answered as the default)', async () => {
    faults.batchCreateDiscountCodes = (request, real) => real({ ...request, body: { discount_codes: inputsOf(request).map(({ code }) => ({ code })) } });
    const message = await failing(batchExact);
    expect(message).toMatch(/CCT\d+X\d+: use_with_other is 0, sent 1/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/components/schemas/DiscountCodeInput/properties/use_with_other');
    expect(message).toContain('use_with_other is returned as sent, 0 when left out (default)');
    expect(message).toContain('"use_with_other":1');
  });

  it('fails when the success envelope carries another code word', async () => {
    faults.batchCreateDiscountCodes = async (request, real) => {
      const response = await real(request);
      return { ...response, body: { ...(response.body as object), code: 'OK' } };
    };
    const message = await failing(batchExact);
    expect(message).toContain('the success envelope is wrong: code is "OK"');
    expect(message).toContain('rule: spec/shoplazza.yaml#/components/schemas/SuccessCode/enum');
    expect(message).toContain('body: {"code":"OK"');
  });
});

describe('batch_all_or_nothing against faulty servers', () => {
  it('fails when a batch is written code by code until the duplicate (a partial batch is left)', async () => {
    faults.batchCreateDiscountCodes = async (request, real) => {
      const created: DiscountCode[] = [];
      for (const input of inputsOf(request)) {
        const response = await real({ ...request, body: { discount_codes: [input] } });
        if (response.status !== 200) return response;
        created.push(...answeredCodes(response));
      }
      return success({ discount_codes: created });
    };
    const message = await failing(batchAllOrNothing);
    expect(message).toContain('violations of all-or-nothing batch creation');
    expect(message).toMatch(/the batch with (CCT\d+X\d+) twice was answered 422, yet 2 of its 3 codes are listed in the price rule afterwards: \1 \(dc_\d+\), CCT\d+X\d+ \(dc_\d+\)/);
    expect(message).toMatch(/the batch with the existing CCT\d+X\d+ was answered 422, yet 1 of its 2 codes is listed/);
    expect(message).toMatch(/looking up its code CCT\d+X\d+ is answered 200, not 404/);
    expect(message).toContain(`rule: ${BATCH}/x-rules/atomic`);
    expect(message).toContain('nothing of the batch is created');
    expect(message).toMatch(/got: {2}200 in \d+ ms/);
    expect(message).toContain('"discount_codes":[{"id":"dc_');
  });

  it('fails when a duplicate within the batch is skipped and the rest created with 200', async () => {
    faults.batchCreateDiscountCodes = async (request) => {
      const priceRule = request.params.price_rule_id as string;
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const data = { created_at: now, updated_at: now, use_with_other: 0, usage_count: 0 };
      const result = await app().store.insertCodes(scopeOf(priceRule), inputsOf(request).map(({ code }) => ({ code, data })), 'skip-conflicts');
      return success({ discount_codes: result.inserted.map((stored) => toDiscountCode(priceRule, stored)) });
    };
    const message = await failing(batchAllOrNothing);
    expect(message).toMatch(/a batch with (CCT\d+X\d+) twice: expected 422, got 200/);
    expect(message).toContain(`rule: ${BATCH}/x-rules/atomic`);
    expect(message).toMatch(/a batch with CCT\d+X\d+, which the price rule has: expected 422, got 200/);
    expect(message).toMatch(/body: \{"code":"200","message":"Success","data":\{"discount_codes":\[/);
  });

  it('fails when the 422 does not name the offending code', async () => {
    faults.batchCreateDiscountCodes = async (request, real) => {
      const response = await real(request);
      return response.status === 422 ? { ...response, body: { code: 'InvalidParameter', message: 'duplicate discount code' } } : response;
    };
    const message = await failing(batchAllOrNothing);
    expect(message).toMatch(/a batch with CCT\d+X\d+ twice: the 422 message "duplicate discount code" does not name the offending code CCT\d+X\d+/);
    expect(message).toContain(`rule: ${BATCH}/description`);
    expect(message).toContain('body: {"code":"InvalidParameter","message":"duplicate discount code"}');
  });
});

describe('batch_limit against faulty servers (nock in front of the mock)', () => {
  const batchPath = `/openapi/2025-06/price_rules/${PRICE_RULE}/discount_codes/batch`;
  const oversize = (body: unknown) => ((body as { discount_codes?: unknown[] }).discount_codes?.length ?? 0) > MAX_BATCH;

  /** Sends codes to the real mock behind nock (a batch within the limit is not intercepted). */
  async function forward(codes: unknown[]): Promise<{ status: number; body: { data?: { discount_codes?: unknown[] } } }> {
    const response = await fetch(`${faultyMock.url}${batchPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'access-token': TOKEN },
      body: JSON.stringify({ discount_codes: codes }),
    });
    return { status: response.status, body: (await response.json()) as { data?: { discount_codes?: unknown[] } } };
  }

  it('fails when maxItems+1 codes are accepted and created', async () => {
    nock(faultyMock.url, { allowUnmocked: true })
      .persist()
      .post(batchPath, oversize)
      .reply(async (_uri, body) => {
        const codes = (body as { discount_codes: unknown[] }).discount_codes;
        const first = await forward(codes.slice(0, MAX_BATCH));
        const rest = await forward(codes.slice(MAX_BATCH));
        return [200, { code: '200', message: 'Success', data: { discount_codes: [...(first.body.data?.discount_codes ?? []), ...(rest.body.data?.discount_codes ?? [])] } }, { 'content-type': 'application/json' }];
      });
    const message = await failing(batchLimit);
    expect(message).toContain(`a batch of ${MAX_BATCH + 1} new codes (maxItems+1): expected 422, got 200`);
    expect(message).toContain('rule: spec/shoplazza.yaml#/components/schemas/BatchCreateDiscountCodesRequest/properties/discount_codes/maxItems');
    expect(message).toContain(`maxItems: ${MAX_BATCH}: at most ${MAX_BATCH} codes per batch`);
    expect(message).toContain(`was answered 200, yet ${MAX_BATCH + 1} of its ${MAX_BATCH + 1} codes are listed`);
    expect(message).toMatch(/got: {2}200 in/);
  });

  it('fails when maxItems+1 codes are rejected only after the first maxItems were written', async () => {
    nock(faultyMock.url, { allowUnmocked: true })
      .persist()
      .post(batchPath, oversize)
      .reply(async (_uri, body) => {
        await forward((body as { discount_codes: unknown[] }).discount_codes.slice(0, MAX_BATCH));
        return [422, { code: 'InvalidParameter', message: `discount_codes must contain at most ${MAX_BATCH} items` }, { 'content-type': 'application/json' }];
      });
    const message = await failing(batchLimit);
    expect(message).not.toContain('expected 422');
    expect(message).toContain(`the batch of ${MAX_BATCH + 1} codes (maxItems+1) was answered 422, yet ${MAX_BATCH} of its ${MAX_BATCH + 1} codes are listed`);
    expect(message).toMatch(/looking up its code CCT\d+X\d+ is answered 200, not 404/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/components/schemas/BatchCreateDiscountCodesRequest/properties/discount_codes/maxItems');
    expect(message).toContain(`the batch: POST ${faultyMock.url}${batchPath}`);
    expect(message).toContain(`-> 422 {"code":"InvalidParameter","message":"discount_codes must contain at most ${MAX_BATCH} items"}`);
  });
});

describe('code_lifecycle against faulty servers', () => {
  /** Remembers each code the real delete deleted, by text. */
  function rememberDeleted(): Map<string, DiscountCode> {
    const deleted = new Map<string, DiscountCode>();
    faults.deleteDiscountCode = async (request, real) => {
      const before = await callReal('getDiscountCode', request, {});
      const response = await real(request);
      if (response.status === 200 && before.status === 200) deleted.set(answeredCode(before).code, answeredCode(before));
      return response;
    };
    return deleted;
  }

  it('fails when lookup still finds a deleted code', async () => {
    const deleted = rememberDeleted();
    faults.lookupDiscountCode = async (request, real) => {
      const response = await real(request);
      const gone = deleted.get(String(request.query.code));
      return response.status === 404 && gone ? success({ discount_code: gone }) : response;
    };
    const message = await failing(codeLifecycle);
    expect(message).toMatch(/^\[code_lifecycle\]: looking up (CCT\d+X\d+) after deleting it: expected 404, got 200/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/paths/~1discount_codes~1lookup/get/responses/404');
    expect(message).toContain('No discount code of the store has this text.');
    expect(message).toMatch(/sent: GET http:\/\/127\.0\.0\.1:\d+\/openapi\/2025-06\/discount_codes\/lookup\?code=CCT\d+X\d+/);
    expect(message).toMatch(/body: \{"code":"200","message":"Success","data":\{"discount_code":\{"id":"dc_\d+"/);
  });

  it('fails when delete answers 200 but keeps the code', async () => {
    faults.deleteDiscountCode = async () => success({});
    const message = await failing(codeLifecycle);
    expect(message).toContain('violations in the life of one code');
    expect(message).toMatch(/getting CCT\d+X\d+ \(dc_\d+\) after deleting it: expected 404, got 200/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/components/responses/DiscountCodeNotFound');
    expect(message).toMatch(/looking up CCT\d+X\d+ after deleting it: expected 404, got 200/);
    expect(message).toMatch(/after deleting CCT\d+X\d+ \(dc_\d+\) it is still listed \(dc_\d+\)/);
    expect(message).toMatch(/creating CCT\d+X\d+ again after deleting it: expected 200, got 422/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes~1{discount_code_id}/delete/description');
  });

  it('fails when the text of a deleted code cannot be used again', async () => {
    const deleted = rememberDeleted();
    faults.createDiscountCode = async (request, real) => {
      const code = (request.body as { discount_code: { code: string } }).discount_code.code;
      if (deleted.has(code)) return { status: 422, body: { code: 'InvalidParameter', message: `discount code ${code} already exists in price rule ${PRICE_RULE}` } };
      return real(request);
    };
    const message = await failing(codeLifecycle);
    expect(message).toMatch(/^\[code_lifecycle\]: creating (CCT\d+X\d+) again after deleting it: expected 200, got 422/);
    expect(message).toContain('Deletes the discount code; its text may then be used again in the price rule');
    expect(message).toMatch(/body: \{"code":"InvalidParameter","message":"discount code CCT\d+X\d+ already exists/);
  });

  it('fails when get answers another code than create did', async () => {
    faults.getDiscountCode = async (request, real) => {
      const response = await real(request);
      if (response.status === 200) answeredCode(response).use_with_other = 1;
      return response;
    };
    const message = await failing(codeLifecycle);
    expect(message).toMatch(/^\[code_lifecycle\]: get of CCT\d+X\d+ \(dc_\d+\) disagrees with create: use_with_other 1 \(created as 0\)/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes~1{discount_code_id}/get/description');
    expect(message).toContain('"use_with_other":1');
  });
});

describe('duplicate_code against faulty servers', () => {
  it('fails when a duplicate is answered 200 and replaces the first code', async () => {
    faults.createDiscountCode = async (request, real) => {
      const response = await real(request);
      if (response.status !== 422) return response;
      const scope = scopeOf(request.params.price_rule_id as string);
      const existing = await app().store.findCode(scope, (request.body as { discount_code: { code: string } }).discount_code.code);
      if (existing) await app().store.deleteCodes(scope, [existing.seq]);
      return real(request);
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/creating (CCT\d+X\d+xy) a second time: expected 422, got 200/);
    expect(message).toContain(`rule: ${CREATE}/x-rules/uniqueWithin`);
    expect(message).toMatch(/getting the first CCT\d+X\d+xy \(dc_\d+\) after the rejected duplicate: expected 200, got 404/);
    expect(message).toMatch(/after the rejected duplicate, CCT\d+X\d+xy should be listed once as (dc_\d+); listed dc_\d+/);
    expect(message).toMatch(/body: \{"code":"200","message":"Success","data":\{"discount_code":/);
  });

  it('fails when a duplicate is answered 200 with the existing code (create as "get or create")', async () => {
    faults.createDiscountCode = async (request, real) => {
      const response = await real(request);
      if (response.status !== 422) return response;
      const text = (request.body as { discount_code: { code: string } }).discount_code.code;
      return callReal('lookupDiscountCode', request, { query: { code: text }, body: undefined });
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/^\[duplicate_code\] createDiscountCode: creating (CCT\d+X\d+xy) a second time: expected 422, got 200/);
    expect(message).toContain(`rule: ${CREATE}/x-rules/uniqueWithin`);
    expect(message).toMatch(/got: {2}200 in \d+ ms/);
  });

  it('fails when the 422 for a duplicate does not name the code', async () => {
    faults.createDiscountCode = async (request, real) => {
      const response = await real(request);
      return response.status === 422 ? { ...response, body: { code: 'InvalidParameter', message: '' } } : response;
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/creating CCT\d+X\d+xy a second time: the 422 message "" does not name the offending code CCT\d+X\d+xy/);
    expect(message).toContain(`rule: ${CREATE}/description`);
    expect(message).toContain('body: {"code":"InvalidParameter","message":""}');
  });
});

/** Whether the price rule holds a code equal to `text` ignoring case, but not `text` itself. */
async function hasOtherCase(priceRule: string, text: string): Promise<boolean> {
  const stored = await app().store.listCodes(scopeOf(priceRule), { limit: 10_000 });
  return stored.some((c) => c.code !== text && c.code.toLowerCase() === text.toLowerCase());
}

function refused(text: string): MockResponse {
  return { status: 422, body: { code: 'InvalidParameter', message: `discount code ${text} already exists` } };
}

describe('duplicate_code: codes differing only in case, against faulty servers', () => {
  it('fails when create compares codes without case (x-rules caseInsensitive: false)', async () => {
    faults.createDiscountCode = async (request, real) => {
      const text = (request.body as { discount_code: { code: string } }).discount_code.code;
      return (await hasOtherCase(request.params.price_rule_id as string, text)) ? refused(text) : real(request);
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/createDiscountCode CCT\d+X\d+Xy, differing from CCT\d+X\d+xy only in case: expected 200, got 422/);
    expect(message).toContain(`rule: ${CREATE}/x-rules/caseInsensitive`);
    expect(message).toContain('codes differing only in case are different codes, both created');
  });

  it('fails when a batch compares codes without case', async () => {
    faults.batchCreateDiscountCodes = async (request, real) => {
      for (const { code } of inputsOf(request)) if (await hasOtherCase(request.params.price_rule_id as string, code)) return refused(code);
      return real(request);
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/batchCreateDiscountCodes CCT\d+X\d+xY, differing from CCT\d+X\d+xy only in case: expected 200, got 422/);
    expect(message).toContain(`rule: ${BATCH}/x-rules/caseInsensitive`);
  });

  it('fails when lookup matches without case and answers the newest code', async () => {
    faults.lookupDiscountCode = async (request, real) => {
      const text = String(request.query.code ?? '');
      const stored = await app().store.listCodes(scopeOf(PRICE_RULE), { limit: 10_000 });
      const newest = stored.filter((c) => c.code.toLowerCase() === text.toLowerCase()).at(-1);
      return newest ? success({ discount_code: toDiscountCode(PRICE_RULE, newest) }) : real(request);
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/looking up CCT\d+X\d+xy after the rejected duplicate: .*code/);
    expect(message).toMatch(/lookupDiscountCode CCT\d+X\d+XY, differing from CCT\d+X\d+xy only in case: expected 404, got 200/);
    expect(message).toContain(`rule: ${LOOKUP}/x-rules/caseInsensitive`);
    expect(message).toContain('lookup matches the exact text, a text differing only in case is not found');
  });

  it('fails when lookup ignores case, though it answers the exact code when there is one (x-rules caseInsensitive: false)', async () => {
    // Matches ignoring case, preferring the exact text: only a text no code has shows the fault.
    faults.lookupDiscountCode = async (request, real) => {
      const text = String(request.query.code ?? '');
      const stored = await app().store.listCodes(scopeOf(PRICE_RULE), { limit: 10_000 });
      const match = stored.find((c) => c.code === text) ?? stored.find((c) => c.code.toLowerCase() === text.toLowerCase());
      return match ? success({ discount_code: toDiscountCode(PRICE_RULE, match) }) : real(request);
    };
    const message = await failing(duplicateCode);
    expect(message).toMatch(/lookupDiscountCode CCT\d+X\d+XY, differing from CCT\d+X\d+xy only in case: expected 404, got 200/);
    expect(message).toContain(`rule: ${LOOKUP}/x-rules/caseInsensitive`);
    expect(message).toContain('lookup matches the exact text, a text differing only in case is not found');
    expect(message).not.toMatch(/after the rejected duplicate/);
  });
});

describe('list_order against faulty servers', () => {
  it('fails when the list comes newest first (x-rules orderDirection: asc)', async () => {
    faults.listDiscountCodes = async (request, real) => {
      const response = await real(request);
      if (response.status === 200) (response.body as { data: { discount_codes: DiscountCode[] } }).data.discount_codes.reverse();
      return response;
    };
    const message = await failing(listOrder);
    expect(message).toMatch(/codes made in the order (CCT\d+X\d+), (CCT\d+X\d+), (CCT\d+X\d+) are listed at positions \d+, \d+, \d+/);
    expect(message).toContain("rule: spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes/get/x-rules");
    expect(message).toContain('the list is sorted by created_at, oldest first');
  });

  it('fails when the codes come in order but their created_at decreases', async () => {
    faults.listDiscountCodes = async (request, real) => {
      const response = await real(request);
      if (response.status !== 200) return response;
      // The codes stay where they are; their created_at values are handed out newest first.
      const codes = (response.body as { data: { discount_codes: DiscountCode[] } }).data.discount_codes;
      const times = codes.map((code) => code.created_at).reverse();
      codes.forEach((code, i) => Object.assign(code, { created_at: times[i] }));
      return response;
    };
    const message = await failing(listOrder);
    const [, earlier, later] = /the listing is not sorted by created_at: (\S+) comes before (\S+)/.exec(message) ?? [];
    expect(earlier, message).toBeDefined();
    expect((earlier as string) > (later as string)).toBe(true);
    expect(message).not.toContain('are listed at positions');
    expect(message).toContain("rule: spec/shoplazza.yaml#/paths/~1price_rules~1{price_rule_id}~1discount_codes/get/x-rules");
    expect(message).toContain('the list is sorted by created_at, oldest first');
  });
});

describe('lookup_oldest against faulty servers', () => {
  it('fails when lookup answers the newest of the codes with that text', async () => {
    faults.lookupDiscountCode = async (request, real) => {
      const text = String(request.query.code ?? '');
      let newest: { priceRule: string; code: StoredCode } | undefined;
      for (const priceRule of [PRICE_RULE, 'pr_1002']) {
        const found = await app().store.findCode(scopeOf(priceRule), text);
        if (found && (!newest || found.seq > newest.code.seq)) newest = { priceRule, code: found };
      }
      return newest ? success({ discount_code: toDiscountCode(newest.priceRule, newest.code) }) : real(request);
    };
    const message = await failing(lookupOldest);
    expect(message).toMatch(/looking up (CCT\d+X\d+), made first in price rule pr_1002 \(dc_\d+\) then in pr_1001 \(dc_\d+\): got dc_\d+ of price rule pr_1001, expected the oldest, dc_\d+ of pr_1002/);
    expect(message).toContain('rule: spec/shoplazza.yaml#/paths/~1discount_codes~1lookup/get/x-rules/onMultipleMatches');
  });
});

describe('parallel_uniqueness against faulty servers', () => {
  it('fails when uniqueness is checked before a non-atomic insert (every racing batch is accepted)', async () => {
    const arrive = waves();
    faults.batchCreateDiscountCodes = async (request, real) => {
      const priceRule = request.params.price_rule_id as string;
      const scope = scopeOf(priceRule);
      const inputs = inputsOf(request);
      for (const { code } of inputs) if (await app().store.findCode(scope, code)) return real(request);
      // Every batch of the wave has checked before any inserts: the race, made certain.
      await arrive();
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const data = { created_at: now, updated_at: now, use_with_other: 0, usage_count: 0 };
      const result = await app().store.insertCodes(scope, inputs.map(({ code }) => ({ code, data })), 'skip-conflicts');
      return success({ discount_codes: result.inserted.map((stored) => toDiscountCode(priceRule, stored)) });
    };
    const message = await failing(parallelUniqueness);
    const statuses = Array.from({ length: PARALLEL }, (_, i) => `batch ${i + 1}: 200`).join(', ');
    expect(message).toMatch(new RegExp(`${PARALLEL} of ${PARALLEL} batches sent at once, all containing the new code CCT\\d+X\\d+, were accepted; exactly 1 must be \\(${statuses}\\)`));
    expect(message).toContain(`rule: ${BATCH}/x-rules`);
    expect(message).toContain('also for batches sent at the same time');
    expect(message).toMatch(/got: {2}200 in/);
  });

  it('fails when concurrent batches overwrite each other (only the last one of a wave keeps its codes)', async () => {
    const arrive = waves();
    faults.batchCreateDiscountCodes = async (request, real) => {
      const wave = await arrive();
      const response = await real(request);
      if (response.status === 200) wave.written.push(response);
      wave.finished++;
      if (wave.finished === wave.arrived) {
        // Last writer wins: the codes of the other batches of the wave are lost, though answered 200.
        for (const lost of wave.written.slice(0, -1)) {
          const seqs = answeredCodes(lost).map((c) => parseCodeId(c.id)).filter((seq): seq is number => seq !== undefined);
          await app().store.deleteCodes(scopeOf(request.params.price_rule_id as string), seqs);
        }
        wave.settle();
      }
      await Promise.race([wave.settled, sleep(3000)]);
      return response;
    };
    const message = await failing(parallelUniqueness);
    const lost = message.match(new RegExp(`batch \\d of ${PARALLEL} of distinct codes sent at once: CCT\\d+X\\d+ listed 0 times, CCT\\d+X\\d+ listed 0 times, CCT\\d+X\\d+ listed 0 times; each must be listed once`, 'g'));
    expect(lost).toHaveLength(PARALLEL - 1);
    // The first round (one new code shared) had a single writer, so it was not hurt.
    expect(message).not.toContain('all containing the new code');
    expect(message).toContain('batches of distinct new codes sent at the same time are all created (200), every code once');
    expect(message).toContain(`rule: ${BATCH}/x-rules`);
    expect(message).toMatch(/sent: GET http:\/\/127\.0\.0\.1:\d+\/openapi\/2025-06\/price_rules\/pr_1001\/discount_codes\?limit=250&page=1/);
  });
});
