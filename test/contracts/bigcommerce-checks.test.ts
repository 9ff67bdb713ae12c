/**
 * The BigCommerce semantic checks (contracts/bigcommerce/) against the real mock, which conforms
 * (every check passes and leaves no code behind), and against faulty servers that break exactly
 * one rule each: the real plugin with one operation's handler wrapped or one of its spec-read
 * rules changed, or nock in front of the mock for what never reaches a handler. Each failure
 * must name the check, the rule's pointer in the spec, and what came back.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bigcommerceChecks, definition } from '../../contracts/bigcommerce/index.js';
import { fixtures } from '../../contracts/bigcommerce/fixtures.js';
import { createCheckContext } from '../../src/contracts/context.js';
import { defaultRunOptions } from '../../src/contracts/options.js';
import { checksOf } from '../../src/contracts/registry.js';
import { runCheck, type CheckResult } from '../../src/contracts/run-check.js';
import type { Check, CheckContext } from '../../src/contracts/types.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import type { Handler, MockResponse, VendorApp, VendorPlugin } from '../../src/mock/types.js';
import { loadSpec } from '../../src/openapi/load.js';
import { registerHandlers } from '../../src/vendors/bigcommerce/handlers.js';
import { decodeCursor, encodeCursor } from '../../src/vendors/bigcommerce/pagination.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import { factsOf, readRules, type BigCommerceRules } from '../../src/vendors/bigcommerce/facts.js';
import { storesOf, worldOf } from '../../src/vendors/bigcommerce/stores.js';

const TOKEN = 'bc-SECRET-9a7e2f';
const RUN_PREFIX = 'CCBC01';
const SPEC = 'spec/bigcommerce.yaml#';
const CODES = `${SPEC}/paths/~1promotions~1{promotion_id}~1codes`;
const CODEGEN = `${SPEC}/paths/~1promotions~1{promotion_id}~1codegen/post`;
const GENERATE_REQUEST = `${SPEC}/components/schemas/GenerateCouponCodesRequest/properties`;

const spec = loadSpec('bigcommerce');
const maxCodeLength = Number(spec.operation('generateCouponCodes').rules.maxCodeLength);
const codegenLimit = Number(spec.operation('generateCouponCodes').concurrencyLimit);

/** Checks by name, from what checks.ts exports. */
const check = (name: string): Check => {
  const found = bigcommerceChecks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return found;
};

/** The operation an operation-scoped check is grouped under (what the suite passes it). */
function operationOf(c: Check): string | undefined {
  if (c.scope === 'vendor') return undefined;
  return spec.operations.find((op) => !c.appliesTo || c.appliesTo(op, undefined as never))?.id;
}

/** A context against a mock server, as `verify` builds it (owners from the mock; no sweep, so a check must clean up itself). */
function contextFor(server: MockServer, isMock = true, concurrency?: number): CheckContext {
  const owners = server.vendors[0]?.owners ?? [];
  return createCheckContext(
    'bigcommerce',
    defaultRunOptions({
      target: server.url,
      isMock,
      vendors: ['bigcommerce'],
      tokens: { bigcommerce: TOKEN },
      readonlyTokens: { bigcommerce: 'readonly-token' },
      promotions: isMock ? {} : { bigcommerce: '1' },
      mockOwners: isMock ? { bigcommerce: owners.map((o) => ({ id: o.id, kind: o.kind, name: o.name })) } : {},
      timeoutMs: 5000,
      runPrefix: RUN_PREFIX,
      ...(concurrency === undefined ? {} : { concurrency }),
    }),
    { ...fixtures, sweep: undefined },
  );
}

async function run(server: MockServer, name: string, isMock = true): Promise<{ result: CheckResult; ctx: CheckContext }> {
  const ctx = contextFor(server, isMock);
  const c = check(name);
  const result = await runCheck(ctx, c, operationOf(c));
  return { result, ctx };
}

/** Codes left in a promotion (through the store: no request of its own). */
async function leftIn(server: MockServer, promotion: string): Promise<string[]> {
  const codes = await server.store.listCodes(worldOf(spec.serverVariables.store_hash as string).scopeOf(promotion), { limit: 100_000 });
  return codes.map((c) => c.code);
}

function failure(result: CheckResult): string {
  if (result.status !== 'failed') throw new Error(`expected the check to fail, it ${result.status}${result.status === 'skipped' ? `: ${result.reason}` : ''}`);
  const message = result.violation.message;
  expect(message).not.toContain(TOKEN);
  return message;
}

// ---------------------------------------------------------------------------------------------
// Faulty servers

type Tamper = (handler: Handler, app: VendorApp) => Handler;

/** The real plugin with the handlers of some operations wrapped. */
function wrapping(tampers: Record<string, Tamper>, extra: Partial<VendorPlugin> = {}): VendorPlugin {
  return {
    ...bigcommercePlugin,
    ...extra,
    register(app) {
      const wrapped = new Proxy(app, {
        get(target, property, receiver) {
          if (property === 'handle') {
            return (operationId: string, handler: Handler) => target.handle(operationId, tampers[operationId]?.(handler, target) ?? handler);
          }
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      bigcommercePlugin.register(wrapped);
    },
  };
}

/** The real handlers with some of the rules they read from the spec changed. */
function withRules(change: (rules: BigCommerceRules) => BigCommerceRules): VendorPlugin {
  return { ...bigcommercePlugin, register: (app) => registerHandlers(app, change(readRules(app.spec)), storesOf(app)) };
}

/** Changes the JSON body of an answer. */
function reshape(response: MockResponse, change: (body: any) => unknown): MockResponse {
  return { ...response, body: change(structuredClone(response.body)) };
}

/** Runs a handler's calls one at a time (so that "the previous answer" is well defined under concurrency). */
function serialized(handler: Handler): Handler {
  let chain: Promise<unknown> = Promise.resolve();
  return (request) => {
    const next = chain.then(() => handler(request));
    chain = next.catch(() => undefined);
    return next;
  };
}

const created = (code: string) => ({
  status: 201,
  body: { data: { id: 987654, code, current_uses: 0, max_uses: 0, max_uses_per_customer: 0, created: new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00') }, meta: {} },
});

interface Fault {
  /** What the server does wrong. */
  breaks: string;
  plugin: () => VendorPlugin;
  /** Set up nock in front of the server (for what no handler sees). */
  intercept?: (server: MockServer) => void;
  /** What the message must say besides the check's name: the rule's pointer and what came back. */
  expect: string[];
}

const faults: Record<string, Fault[]> = {
  codegen_batch: [
    {
      breaks: 'repeats a code within one batch',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              if (body?.data?.codes?.length > 1) body.data.codes[1] = body.data.codes[0];
              return body;
            }),
        }),
      expect: [`rule: ${CODEGEN}/x-rules/uniqueWithin`, 'every option: 1 code appears more than once in one answer', 'got:  201'],
    },
    {
      breaks: 'makes the random part one character shorter than code_length',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => (request) => {
            const body = request.body as Record<string, unknown>;
            return handler(typeof body.code_length === 'number' ? { ...request, body: { ...body, code_length: body.code_length - 1 } } : request);
          },
        }),
      expect: [`rule: ${GENERATE_REQUEST}/code_length`, 'every option: 250 of 250 codes have a random part that is not 6 characters', 'the random part', 'has 5 characters, not 6', 'got:  201'],
    },
    {
      breaks: 'ignores exclude_characters',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => (request) => {
            const { exclude_characters: _ignored, ...body } = request.body as Record<string, unknown>;
            return handler({ ...request, body });
          },
        }),
      expect: [`rule: ${GENERATE_REQUEST}/exclude_characters`, 'use excluded characters', 'in the random part', 'got:  201'],
    },
    {
      breaks: 'leaves the delimiter out',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => (request) => {
            const { delimiter: _ignored, ...body } = request.body as Record<string, unknown>;
            return handler({ ...request, body });
          },
        }),
      expect: [`rule: ${CODEGEN}/x-rules/delimiterRequiresAffix`, 'misplace the delimiter', `has no "_" between the prefix "${RUN_PREFIX}" and the random part`, 'got:  201'],
    },
    {
      breaks: 'places the delimiter on a side without prefix or suffix',
      plugin: () => withRules((rules) => ({ ...rules, codegen: { ...rules.codegen, delimiterRequiresAffix: false } })),
      expect: [`rule: ${CODEGEN}/x-rules/delimiterRequiresAffix`, 'empty prefix, suffix and delimiter: 5 of 5 codes misplace the delimiter', 'before the random part, but no prefix was sent', 'got:  201'],
    },
    {
      breaks: 'puts the delimiter on a code sent with neither prefix nor suffix',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => (request) => {
            const body = request.body as Record<string, unknown>;
            const bare = typeof body.delimiter === 'string' && body.delimiter !== '' && !body.prefix && !body.suffix;
            // The delimiter written in front of the random part, as if it were a prefix.
            return handler(bare ? { ...request, body: { ...body, prefix: body.delimiter, delimiter: '' } } : request);
          },
        }),
      expect: [`rule: ${CODEGEN}/x-rules/delimiterRequiresAffix`, 'a delimiter and neither prefix nor suffix: 5 of 5 codes misplace the delimiter', 'before the random part, but no prefix was sent', 'got:  201'],
    },
    {
      breaks: 'puts the delimiter on both sides of a code sent with a prefix and no suffix',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => (request) => {
            const body = request.body as Record<string, unknown>;
            const prefixOnly = typeof body.delimiter === 'string' && body.delimiter !== '' && Boolean(body.prefix) && !body.suffix;
            // The delimiter written after the random part too, as if it were a suffix.
            return handler(prefixOnly ? { ...request, body: { ...body, suffix: body.delimiter } } : request);
          },
        }),
      expect: [`rule: ${CODEGEN}/x-rules/delimiterRequiresAffix`, 'a prefix, a delimiter and no suffix: 5 of 5 codes misplace the delimiter', 'after the random part, but no suffix was sent', 'got:  201'],
    },
    {
      breaks: 'draws the random part from another alphabet than randomAlphabet',
      plugin: () => withRules((rules) => ({ ...rules, codegen: { ...rules.codegen, alphabet: rules.codegen.alphabet.toLowerCase().replace(/[^a-z]/g, '') } })),
      expect: [
        `rule: ${CODEGEN}/x-rules/randomAlphabet`,
        'every option: 250 of 250 codes have random characters outside randomAlphabet',
        'a delimiter and neither prefix nor suffix: 5 of 5 codes have random characters outside randomAlphabet',
        '" in the random part "',
        'got:  201',
      ],
    },
    {
      breaks: 'leaves the delimiter out between the random part and the suffix',
      plugin: () => {
        // What the codes are called in answers (codegen and listings alike), so that only their layout is wrong.
        const renamed = new Map<string, string>();
        const rename = (entry: { code?: unknown }) => {
          if (typeof entry?.code === 'string') entry.code = renamed.get(entry.code) ?? entry.code;
        };
        return wrapping({
          generateCouponCodes: (handler) => async (request) => {
            const { suffix, delimiter } = request.body as { suffix?: string; delimiter?: string };
            return reshape(await handler(request), (body) => {
              for (const entry of body?.data?.codes ?? []) {
                if (suffix && delimiter && entry.code.endsWith(`${delimiter}${suffix}`)) renamed.set(entry.code, `${entry.code.slice(0, -(delimiter.length + suffix.length))}${suffix}`);
                rename(entry);
              }
              return body;
            });
          },
          listCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              for (const entry of Array.isArray(body?.data) ? body.data : []) rename(entry);
              return body;
            }),
        });
      },
      expect: [
        `rule: ${CODEGEN}/x-rules/delimiterRequiresAffix`,
        `every option: 250 of 250 codes misplace the delimiter (sent "_" with prefix "${RUN_PREFIX}" and suffix "AC")`,
        'has no "_" between the random part and the suffix "AC"',
        'got:  201',
      ],
    },
    {
      breaks: 'applies max_uses 0 when it is left out (default 1)',
      plugin: () => withRules((rules) => ({ ...rules, codegen: { ...rules.codegen, defaults: { ...rules.codegen.defaults, max_uses: 0 } } })),
      expect: [`rule: ${GENERATE_REQUEST}/max_uses/default`, 'options left out (defaults): data.max_uses is 0, expected 1 (left out: the default)', 'got:  201'],
    },
    {
      breaks: 'uses another code_length when it is left out',
      plugin: () => withRules((rules) => ({ ...rules, codegen: { ...rules.codegen, defaults: { ...rules.codegen.defaults, code_length: rules.codegen.defaults.code_length - 4 } } })),
      expect: [`rule: ${GENERATE_REQUEST}/code_length`, 'options left out (defaults): 5 of 5 codes have a random part that is not 16 characters', 'got:  201'],
    },
    {
      breaks: 'hands out a code the promotion already has',
      plugin: () => {
        let last = '';
        return wrapping({
          createCouponCode: (handler) => async (request) => {
            last = String((request.body as { code?: unknown }).code);
            return handler(request);
          },
          generateCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              if (body?.data?.codes?.length > 0 && last) body.data.codes[0] = { code: last };
              return body;
            }),
        });
      },
      expect: [`rule: ${CODEGEN}/x-rules/uniqueWithin`, 'every option: 1 generated code the promotion already had', '(the hand-made code that was already in the promotion)', 'got:  201'],
    },
    {
      breaks: 'answers one code fewer than batch_size',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              body?.data?.codes?.pop();
              return body;
            }),
        }),
      expect: [`rule: ${GENERATE_REQUEST}/batch_size`, 'every option: asked for batch_size 250, got 249 codes (data.batch_size 250)', 'got:  201'],
    },
  ],
  codegen_limits: [
    {
      breaks: `accepts codes one character over maxCodeLength`,
      plugin: () => withRules((rules) => ({ ...rules, codegen: { ...rules.codegen, maxCodeLength: rules.codegen.maxCodeLength + 1 } })),
      expect: [`rule: ${CODEGEN}/x-rules/maxCodeLength`, `+ 2 delimiters + code_length 16 + suffix 13 = ${maxCodeLength + 1} characters: expected 422, got 201`, 'got:  201'],
    },
    {
      breaks: 'answers the length 422 in another shape',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => async (request) => {
            const response = await handler(request);
            return response.status === 422 ? { status: 422, body: { error: 'code too long' } } : response;
          },
        }),
      expect: [`rule: ${SPEC}/components/schemas/ErrorList`, `the 422 for codes over ${maxCodeLength} characters: 422 body breaks the schema`, "must have required property 'errors'", 'got:  422'],
    },
  ],
  codegen_bulk_only: [
    {
      breaks: 'answers 422 instead of 405 for a promotion that is not BULK',
      plugin: () =>
        wrapping({
          generateCouponCodes: (handler) => async (request) => {
            const response = await handler(request);
            return response.status === 405 ? { status: 422, body: { errors: [{ status: 422, title: 'not a bulk promotion' }] } } : response;
          },
        }),
      expect: [`rule: ${CODEGEN}/x-rules/requiresPromotionType`, 'codegen on promotion 2 (SINGLE coupon): expected 405, got 422', 'got:  422'],
    },
  ],
  parallel_uniqueness: [
    {
      breaks: 'hands the same batch to two concurrent requests',
      plugin: () => {
        let previous: MockResponse | undefined;
        let count = 0;
        return wrapping({
          generateCouponCodes: (handler) =>
            serialized(async (request) => {
              count++;
              if (count % 2 === 0 && previous) return previous;
              return (previous = await handler(request));
            }),
        });
      },
      expect: [`rule: ${CODEGEN}/x-rules/uniqueWithin`, `generated more than once across ${codegenLimit} concurrent requests`, '(answers 1, 2)', 'got:  201'],
    },
    {
      breaks: 'answers a 429 without the X-Rate-Limit headers',
      plugin: () => {
        let count = 0;
        return wrapping({
          generateCouponCodes: (handler) => (request) => (++count === 3 ? Promise.resolve({ status: 429, body: { status: 429, title: 'Too many requests' } }) : handler(request)),
        });
      },
      expect: [
        `rule: ${SPEC}/components/responses/TooManyRequests/headers`,
        '429 without X-Rate-Limit-Time-Reset-Ms, X-Rate-Limit-Time-Window-Ms, X-Rate-Limit-Requests-Quota, X-Rate-Limit-Requests-Left',
        'got:  429',
      ],
    },
    {
      breaks: 'fails one of the concurrent requests with a 503',
      plugin: () => {
        let count = 0;
        return wrapping({
          generateCouponCodes: (handler) => (request) => (++count === 5 ? Promise.resolve({ status: 503, body: { status: 503, title: 'Service Unavailable' } }) : handler(request)),
        });
      },
      expect: [`rule: ${CODEGEN}/responses`, `of ${codegenLimit} concurrent: 503, not a documented answer`, 'got:  503'],
    },
  ],
  code_lifecycle: [
    {
      breaks: 'answers 204 to delete-by-id without deleting',
      plugin: () => wrapping({ deleteCouponCode: () => async () => ({ status: 204 }) }),
      expect: [`rule: ${CODES}~1{code_id}/delete/description`, `after the delete: the deleted code (id`, `${RUN_PREFIX}1) is still there`, 'got:  200'],
    },
    {
      breaks: 'gives a created code max_uses 5 when none is sent',
      plugin: () => withRules((rules) => ({ ...rules, create: { ...rules.create, defaults: { ...rules.create.defaults, max_uses: 5 } } })),
      expect: [`rule: ${SPEC}/components/schemas/CreateCouponCodeRequest/properties/max_uses/default`, 'created code: max_uses is 5, expected 0', 'got:  201'],
    },
    {
      breaks: 'get by code does not find an existing code',
      plugin: () =>
        wrapping({
          getCouponCodeByCode: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              body.data = [];
              return body;
            }),
        }),
      expect: [`rule: ${SPEC}/paths/~1promotions~1codes/get/description`, `get by code ${RUN_PREFIX}1: expected the created code`, 'got 0 rows with that id among 0 rows', 'got:  200'],
    },
  ],
  duplicate_code: [
    {
      breaks: 'answers 201 to a code the promotion already has',
      plugin: () =>
        wrapping({
          createCouponCode: (handler) => async (request) => {
            const response = await handler(request);
            return response.status === 422 && JSON.stringify(response.body).includes('already exists') ? created(String((request.body as { code: string }).code)) : response;
          },
        }),
      expect: [`rule: ${CODES}/post/x-rules/uniqueWithin`, `creating ${RUN_PREFIX}1x a second time: expected 422, got 201`, 'got:  201'],
    },
    {
      breaks: 'compares codes without case',
      plugin: () => withRules((rules) => ({ ...rules, create: { ...rules.create, caseInsensitive: true } })),
      expect: [`rule: ${CODES}/post/x-rules/caseInsensitive`, `creating ${RUN_PREFIX}1X while ${RUN_PREFIX}1x exists: expected 201, got 422`, 'got:  422'],
    },
    {
      breaks: 'answers the duplicate 422 in another shape',
      plugin: () =>
        wrapping({
          createCouponCode: (handler) => async (request) => {
            const response = await handler(request);
            return response.status === 422 ? { status: 422, body: { status: 422, title: 'duplicate' } } : response;
          },
        }),
      expect: [`rule: ${SPEC}/components/schemas/ErrorList`, "the 422 for a duplicate code: 422 body breaks the schema: body must have required property 'errors'", 'got:  422'],
    },
  ],
  delete_by_code: [
    {
      breaks: 'answers 204 without deleting',
      plugin: () => wrapping({ deleteCouponCodeByCode: () => async () => ({ status: 204 }) }),
      expect: [`rule: ${SPEC}/paths/~1promotions~1codes/delete/description`, `get by code ${RUN_PREFIX}1 after deleting it by its text still finds it`, 'got:  200'],
    },
    {
      breaks: 'answers 404 when no code has the text',
      plugin: () => {
        const deleted = new Set<string>();
        return wrapping({
          deleteCouponCodeByCode: (handler) => async (request) => {
            const code = String(request.query.code);
            if (deleted.has(code)) return { status: 404, body: { status: 404, title: 'The coupon code was not found.' } };
            deleted.add(code);
            return handler(request);
          },
        });
      },
      expect: [`rule: ${SPEC}/paths/~1promotions~1codes/delete/description`, `deleting ${RUN_PREFIX}1 by its text when no code has it: expected 204, got 404`, 'got:  404'],
    },
  ],
  bulk_delete_limits: [
    {
      breaks: 'accepts more ids than maxItems (204)',
      plugin: () => bigcommercePlugin,
      intercept: (server) => {
        nock(server.url, { allowUnmocked: true })
          .persist()
          .delete((path) => /\/promotions\/\d+\/codes$/.test(path))
          .query((query) => String(query['id:in'] ?? '').split(',').length > factsOf(spec).deleteManyRules.ids.value.maxItems)
          .reply(204);
      },
      expect: [`rule: ${SPEC}/components/parameters/IdIn`, '251 ids (maxItems 250): expected 422, got 204', 'got:  204'],
    },
    {
      breaks: 'answers the 422 without meta',
      plugin: () =>
        wrapping(
          {},
          {
            errorBody: (status, problem) => {
              const body = bigcommercePlugin.errorBody(status, problem) as Record<string, unknown>;
              delete body.meta;
              return body;
            },
          },
        ),
      expect: [`rule: ${SPEC}/components/schemas/BulkDeleteError`, "the 422 for 251 ids (maxItems 250): 422 body breaks the schema: body must have required property 'meta'", 'got:  422'],
    },
    {
      breaks: 'deletes only the first id of a valid list',
      plugin: () =>
        wrapping({
          deleteCouponCodes: (handler) => (request) => {
            const ids = String(request.query['id:in']).split(',');
            return handler(ids.length === 3 ? { ...request, query: { ...request.query, 'id:in': ids[0] as string } } : request);
          },
        }),
      expect: [`rule: ${CODES}/delete/description`, 'are still listed', 'got:  204'],
    },
  ],
  bulk_delete_code_filter: [
    {
      breaks: 'ignores code (deletes every id named)',
      plugin: () =>
        wrapping({
          deleteCouponCodes: (handler) => (request) => {
            const { code: _ignored, ...query } = request.query;
            return handler({ ...request, query });
          },
        }),
      expect: [`rule: ${SPEC}/components/parameters/DeleteCodeFilter`, `whose text is not ${RUN_PREFIX}`, 'was deleted too', 'got:  204'],
    },
    {
      breaks: 'deletes nothing when code is given',
      plugin: () =>
        wrapping({
          deleteCouponCodes: (handler) => async (request) => (request.query.code === undefined ? handler(request) : { status: 204 }),
        }),
      expect: [`rule: ${SPEC}/components/parameters/DeleteCodeFilter`, 'the code named by code, is still listed', 'got:  204'],
    },
  ],
  cursor_paging: [
    {
      breaks: 'an after cursor that repeats the last row of the previous page',
      plugin: () => wrapping({ listCouponCodes: (handler) => (request) => handler(shiftAfter(request, -1)) }),
      expect: [`rule: ${SPEC}/components/schemas/CursorPagination/properties/links/properties/next`, 'forwards, page 2: 1 row already seen: id', 'on page 1)', 'got:  200'],
    },
    {
      breaks: 'an after cursor that skips a row',
      plugin: () => wrapping({ listCouponCodes: (handler) => (request) => handler(shiftAfter(request, 1)) }),
      expect: [`rule: ${SPEC}/components/schemas/CursorPagination/properties/links/properties/next`, 'of the 11 made never came', 'got:  200'],
    },
    {
      breaks: 'per_page one more than the limit',
      plugin: () =>
        wrapping({
          listCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              if (body?.meta?.cursor_pagination && request.query.limit === '5') body.meta.cursor_pagination.per_page = 6;
              return body;
            }),
        }),
      expect: [`rule: ${SPEC}/components/schemas/CursorPagination/properties/per_page`, 'per_page is 6, the limit is 5', 'got:  200'],
    },
    {
      breaks: 'no previous link on later pages',
      plugin: () =>
        wrapping({
          listCouponCodes: (handler) => async (request) =>
            reshape(await handler(request), (body) => {
              if (body?.meta?.cursor_pagination?.links) delete body.meta.cursor_pagination.links.previous;
              return body;
            }),
        }),
      expect: [`rule: ${SPEC}/components/schemas/CursorPagination/properties/links/properties/previous`, 'backwards: page 3 (the last) has no links.previous, though 10 rows come before it', 'got:  200'],
    },
  ],
};

/** The request with its `after` cursor moved by `by` positions (the mock's cursors name sequence numbers). */
function shiftAfter<T extends { query: Record<string, string | string[]> }>(request: T, by: number): T {
  const after = request.query.after;
  const seq = typeof after === 'string' ? decodeCursor(after) : undefined;
  return seq === undefined ? request : { ...request, query: { ...request.query, after: encodeCursor(seq + by) } };
}

// ---------------------------------------------------------------------------------------------

afterEach(() => {
  nock.cleanAll();
});

describe('the BigCommerce checks', () => {
  it('are registered for bigcommerce, each with a test against a conforming and a faulty server', () => {
    const registered = checksOf(definition).map((c) => c.name);
    for (const c of bigcommerceChecks) {
      expect(registered).toContain(c.name);
      expect(c.mutates).toBe(true);
      expect(faults[c.name]?.length ?? 0, `faults for ${c.name}`).toBeGreaterThan(0);
      if (c.scope === 'operation') expect(operationOf(c), `${c.name} applies to an operation`).toBeDefined();
    }
    expect(Object.keys(faults).sort()).toEqual(bigcommerceChecks.map((c) => c.name).sort());
  });
});

describe('against the real mock (conforming)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ plugins: [bigcommercePlugin], port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(bigcommerceChecks.map((c) => c.name))('%s passes and leaves no code behind', async (name) => {
    const { result, ctx } = await run(server, name);
    if (result.status === 'failed') throw new Error(result.violation.message);
    expect(result).toMatchObject({ status: 'passed' });
    for (const promotion of ['1', '2', '3']) expect(await leftIn(server, promotion), `codes left in promotion ${promotion}`).toEqual([]);
    // Nothing left for the run's cleanup either.
    const before = ctx.http.count;
    await ctx.runCleanups();
    expect(ctx.http.count).toBe(before);
  });

  it('codegen_bulk_only is skipped, saying why, on a target that is not the mock', async () => {
    const { result } = await run(server, 'codegen_bulk_only', false);
    expect(result.status).toBe('skipped');
    expect(result.status === 'skipped' && result.reason).toContain('--promotion');
  });

  it('parallel_uniqueness waits out a 429 that carries the documented headers', async () => {
    let count = 0;
    const limited = await startMockServer({
      port: 0,
      plugins: [
        wrapping({
          generateCouponCodes: (handler) => (request) =>
            ++count === 2
              ? Promise.resolve({ status: 429, headers: bigcommercePlugin.rateLimitHeaders?.({ concurrent: codegenLimit, retryAfterMs: 20 }), body: { status: 429, title: 'Too many requests' } })
              : handler(request),
        }),
      ],
    });
    try {
      const { result } = await run(limited, 'parallel_uniqueness');
      if (result.status === 'failed') throw new Error(result.violation.message);
      expect(result.status).toBe('passed');
      expect(count).toBe(codegenLimit + 1);
    } finally {
      await limited.close();
    }
  });

  it('parallel_uniqueness has x-concurrency-limit requests in flight at once, also with a lower --concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    let releaseAll: () => void = () => {};
    const allInFlight = new Promise<void>((resolve) => (releaseAll = resolve));
    const watched = await startMockServer({
      port: 0,
      plugins: [
        wrapping({
          generateCouponCodes: (handler) => async (request) => {
            most = Math.max(most, ++inFlight);
            // Held until the limit is in flight (or 2 s pass): a fixed 50 ms hold let a loaded
            // machine finish the first requests before the last arrived (9 of 10 seen at load 7).
            if (most >= codegenLimit) releaseAll();
            else await Promise.race([allInFlight, new Promise((resolve) => setTimeout(resolve, 2000))]);
            try {
              return await handler(request);
            } finally {
              inFlight--;
            }
          },
        }),
      ],
    });
    try {
      const ctx = contextFor(watched, true, 2);
      const c = check('parallel_uniqueness');
      const result = await runCheck(ctx, c, operationOf(c));
      if (result.status === 'failed') throw new Error(result.violation.message);
      expect(result.status).toBe('passed');
      expect(most).toBe(codegenLimit);
    } finally {
      await watched.close();
    }
  });
});

describe('against faulty servers', () => {
  const cases = Object.entries(faults).flatMap(([name, list]) => list.map((fault) => ({ name, fault })));
  it.each(cases.map((c) => [c.name, c.fault.breaks, c] as const))('%s fails when the server %s', async (_name, _breaks, { name, fault }) => {
    const server = await startMockServer({ plugins: [fault.plugin()], port: 0 });
    try {
      fault.intercept?.(server);
      const { result } = await run(server, name);
      const message = failure(result);
      const c = check(name);
      expect(message).toMatch(new RegExp(`^\\[${name}\\]${c.scope === 'operation' ? ' \\w+' : ''}`));
      for (const text of fault.expect) expect(message).toContain(text);
      expect(message).toContain('sent: ');
    } finally {
      nock.cleanAll();
      await server.close();
    }
  });
});
