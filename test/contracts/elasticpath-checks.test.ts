/**
 * The Elastic Path semantic checks, each run against the real mock (conforming: it passes and
 * leaves nothing behind) and against faulty servers that break exactly the rule the check is
 * about (it fails, naming the check, the spec rule and what came back). Faulty servers wrap the
 * real plugin: one handler's answer corrupted, or one Store method bent.
 */
import { describe, expect, it } from 'vitest';
import { accessToken, codeCombinations, codeDelete, codeDuplicates, codeFilterSort, codesCap, definition, elasticpathChecks, jobCancel, jobExport, jobGenerate, oneActiveJob, parallelUniqueness } from '../../contracts/elasticpath/index.js';
import { fixtures } from '../../contracts/elasticpath/fixtures.js';
import { checksOf, createCheckContext, defaultRunOptions, type Check } from '../../src/contracts/index.js';
import { runCheck as runOne, type CheckResult } from '../../src/contracts/run-check.js';
import { MockClock } from '../../src/mock/clock.js';
import { startMockServer } from '../../src/mock/server.js';
import type { Handler, MockRequest, MockResponse, MockSettings, VendorApp, VendorPlugin } from '../../src/mock/types.js';
import { loadSpec } from '../../src/openapi/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/types.js';
import { factsOf } from '../../src/vendors/elasticpath/facts.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';
import { scopeOf } from '../../src/vendors/elasticpath/promotions.js';

const spec = loadSpec('elasticpath');
const jobRules = spec.operation('createPromotionJob').rules;
const SPEC_FILE = 'spec/elasticpath.yaml#';
const CREATE_JOB = '/paths/~1v2~1rule-promotions~1{promotionID}~1jobs/post';
const CANCEL_JOB = '/paths/~1v2~1rule-promotions~1{promotionID}~1jobs~1{jobID}~1cancel/post';
const JOB_FILE = '/paths/~1v2~1rule-promotions~1{promotionID}~1jobs~1{jobID}~1file/get';
const CREATE_CODES = '/paths/~1v2~1rule-promotions~1{promotionID}~1codes/post';
const DELETE_CODES = '/paths/~1v2~1rule-promotions~1{promotionID}~1codes/delete';
const LIST_CODES = '/paths/~1v2~1rule-promotions~1{promotionID}~1codes/get';
const STOPPED_AT = Date.parse('2026-01-01T00:00:00Z');
const TOO_MANY_JOBS = (spec.operation('createPromotionJob').responses['400']?.examples.tooManyJobs as { errors: Array<{ title: string }> }).errors[0]?.title as string;


interface Leftovers {
  activeJobs: number;
  prefixedCodes: number;
}

/**
 * Runs one check the way the suite does (the engine's runCheck on a context built from run
 * options and the vendor fixtures, cleanups after), against a mock serving `plugin`. Answers the
 * result and what the run left on the mock's default promotion.
 */
async function runCheck(
  check: Check,
  plugin: VendorPlugin = elasticpathPlugin,
  options: { settings?: Partial<MockSettings>; isMock?: boolean; stoppedClock?: boolean } = {},
): Promise<CheckResult & { left: Leftovers }> {
  // A stopped clock moves only when the check waits (POST /__mock/clock): a job's phases then
  // follow the check's polls, not the machine's load.
  const clock = options.stoppedClock ? new MockClock(() => STOPPED_AT) : undefined;
  const server = await startMockServer({ plugins: [plugin], port: 0, store: createMemoryStore(), settings: { jobDurationMs: 100, ...options.settings }, clock });
  try {
    const run = defaultRunOptions({
      target: server.url,
      isMock: options.isMock ?? true,
      vendors: ['elasticpath'],
      tokens: { elasticpath: 'contracts-token' },
      readonlyTokens: { elasticpath: 'readonly-contracts-token' },
      mockOwners: { elasticpath: server.vendors[0]?.owners ?? [] },
      ...(clock ? { mockClockOffsetMs: clock.now().getTime() - Date.now() } : {}),
    });
    const ctx = createCheckContext('elasticpath', run, fixtures);
    let result: CheckResult;
    try {
      result = await runOne(ctx, check);
    } finally {
      await ctx.runCleanups();
    }
    const left = await leftovers(server.url, run.runPrefix, ctx.target.ownerId as string);
    return { ...result, left };
  } finally {
    await server.close();
  }
}

async function leftovers(origin: string, runPrefix: string, promotion: string): Promise<Leftovers> {
  const get = async (path: string) => {
    const response = await fetch(`${origin}/v2/rule-promotions/${promotion}/${path}`, { headers: { authorization: 'Bearer contracts-token' } });
    return ((await response.json()) as { data: Array<Record<string, unknown>> }).data;
  };
  const jobs = await get('jobs?page[limit]=100');
  const codes = await get('codes?page[limit]=100');
  return {
    activeJobs: jobs.filter((j) => (jobRules.activeJobStatuses as string[]).includes(j.status as string)).length,
    prefixedCodes: codes.filter((c) => String(c.code).toLowerCase().startsWith(runPrefix.toLowerCase())).length,
  };
}

// ---- faulty servers ---------------------------------------------------------------------------

type Wrap = (app: VendorApp) => VendorApp;

/** The real plugin, registered (and seeded) on a wrapped app. */
function faulty(...wraps: Wrap[]): VendorPlugin {
  const wrapped = new WeakMap<VendorApp, VendorApp>();
  const of = (app: VendorApp) => wrapped.get(app) ?? app;
  return {
    ...elasticpathPlugin,
    register(app) {
      const bent = wraps.reduce((current, wrap) => wrap(current), app);
      wrapped.set(app, bent);
      elasticpathPlugin.register(bent);
    },
    seed: (app, input) => elasticpathPlugin.seed(of(app), input),
    addOwner: (app, input) => elasticpathPlugin.addOwner(of(app), input),
  };
}

/** Corrupts the answers of one operation. */
function answer(operationId: string, corrupt: (response: MockResponse, request: MockRequest) => MockResponse | Promise<MockResponse>): Wrap {
  return (app) => ({
    ...app,
    handle(id: string, handler: Handler) {
      app.handle(id, id === operationId ? async (request) => corrupt(await handler(request), request) : handler);
    },
  });
}

/** Changes the requests of one operation before its handler (or answers in its place). */
function before(operationId: string, change: (request: MockRequest, app: VendorApp) => MockRequest | MockResponse | Promise<MockRequest | MockResponse>): Wrap {
  return (app) => ({
    ...app,
    handle(id: string, handler: Handler) {
      app.handle(id, id === operationId ? async (request) => {
        const changed = await change(request, app);
        return 'status' in changed ? changed : handler(changed);
      } : handler);
    },
  });
}

/** Bends Store methods. */
function store(overrides: (real: Store) => Partial<Store>): Wrap {
  return (app) => {
    const bent = overrides(app.store);
    const proxy = new Proxy(app.store, {
      get(target, property, receiver) {
        if (property in bent) return bent[property as keyof Store];
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { ...app, store: proxy };
  };
}

type Json = Record<string, unknown>;
const bodyOf = (response: MockResponse) => response.body as Json;
const codesIn = (response: MockResponse) => (bodyOf(response).data ?? []) as Json[];
const jobsIn = (response: MockResponse) => (bodyOf(response).data ?? []) as Json[];

/** Generated codes (they carry `created_by`) rewritten by `change`. */
function generatedCodes(change: (code: string) => string): Wrap {
  return answer('listPromotionCodes', (response) => {
    if (response.status === 200) for (const code of codesIn(response)) if (code.created_by) code.code = change(code.code as string);
    return response;
  });
}

/** Only one slot check: every job gets a slot, so any number run at once. */
const noJobSlots = store((real) => ({ claim: async (slot: string, holder: string) => (await real.claim(slot, holder)) || true }));

function expectFailure(result: CheckResult, check: Check, pointer: string, ...texts: Array<string | RegExp>): void {
  expect(result.status, result.status === 'skipped' ? result.reason : 'the check should fail').toBe('failed');
  if (result.status !== 'failed') return;
  const message = result.violation.message;
  expect(message).toContain(`[${check.name}]`);
  expect(message).toContain(`rule: ${SPEC_FILE}${pointer}`);
  expect(message).toMatch(/got: {2}\d{3}/);
  expect(message).not.toContain('contracts-token');
  for (const text of texts) {
    if (typeof text === 'string') expect(message).toContain(text);
    else expect(message).toMatch(text);
  }
}

function expectPass(result: CheckResult & { left: Leftovers }): void {
  expect(result.status === 'failed' ? result.violation.message : result.status === 'skipped' ? `skipped: ${result.reason}` : 'passed').toBe('passed');
  expect(result.left).toEqual({ activeJobs: 0, prefixedCodes: 0 });
}

describe('Elastic Path checks: registration', () => {
  it('registers every check for elasticpath, vendor-scoped, mutating, snake_case', () => {
    const names = checksOf(definition).map((c) => c.name);
    for (const check of elasticpathChecks) {
      expect(names).toContain(check.name);
      expect(check.scope).toBe('vendor');
      expect(check.mutates).toBe(true);
      expect(check.name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    expect(elasticpathChecks.map((c) => c.name)).toEqual([
      'job_generate',
      'one_active_job',
      'job_cancel',
      'job_export',
      'code_duplicates',
      'code_delete',
      'code_filter_sort',
      'code_combinations',
      'parallel_uniqueness',
      'codes_cap',
      'access_token',
    ]);
  });
});

/** Each test runs one check against its own server; a loaded machine may take a while. */
const TEST_TIMEOUT_MS = 30_000;
/** For tests that must catch a job inside one phase, whatever the machine's load. */
const SLOW_JOB_MS = 400;

describe.concurrent('Elastic Path checks against the mock and faulty servers', { timeout: TEST_TIMEOUT_MS }, () => {
  describe('job_generate', () => {
    it('passes on the mock', async () => expectPass(await runCheck(jobGenerate)));

    it('fails when generated codes come back upper-case', async () => {
      const outcome = await runCheck(jobGenerate, faulty(generatedCodes((code) => code.toUpperCase())));
      expectFailure(outcome, jobGenerate, `${CREATE_JOB}/x-rules`, 'do not have the documented format', 'not in the alphabet', /"CC[0-9A-Z]+-[0-9A-Z]{4}-[0-9A-Z]{4}"/);
    });

    it('fails when generated codes have no group separators', async () => {
      const dashless = (code: string) => {
        const cut = code.indexOf(jobRules.prefixSeparator as string) + 1;
        return code.slice(0, cut) + code.slice(cut).replaceAll(jobRules.codeGroupSeparator as string, '');
      };
      const outcome = await runCheck(jobGenerate, faulty(generatedCodes(dashless)));
      expectFailure(outcome, jobGenerate, `${CREATE_JOB}/x-rules`, `after every ${jobRules.codeGroupSize as number} random characters`);
    });

    it('fails when a completed job reports a wrong result.generated', async () => {
      const wrongCount = answer('listPromotionJobs', (response) => {
        for (const job of jobsIn(response)) if (job.status === 'completed') (job.result as Json).generated = ((job.result as Json).generated as number) - 1;
        return response;
      });
      const outcome = await runCheck(jobGenerate, faulty(wrongCount));
      expectFailure(outcome, jobGenerate, `${CREATE_JOB}/description`, 'reports result.generated 9, expected number_of_codes 10');
    });

    it('fails when a new job is not pending', async () => {
      const processing = answer('createPromotionJob', (response) => {
        if (response.status === 201) (bodyOf(response).data as Json).status = 'processing';
        return response;
      });
      const outcome = await runCheck(jobGenerate, faulty(processing));
      expectFailure(outcome, jobGenerate, `${CREATE_JOB}/responses/201`, 'is processing, expected pending');
    });
  });

  describe('one_active_job', () => {
    // The second create must reach the mock while the first job runs; on a loaded two-core machine
    // a round trip can outlast a 100 ms job (the check then skips as inconclusive), so these jobs
    // take longer.
    const slow = { settings: { jobDurationMs: SLOW_JOB_MS } };

    it('passes on the mock (100 ms jobs, or skips when every job ends before the next create)', async () => {
      const result = await runCheck(oneActiveJob);
      if (result.status !== 'skipped') expectPass(result);
      else {
        expect(result.reason).toContain('could not be put to the test');
        expect(result.left).toEqual({ activeJobs: 0, prefixedCodes: 0 });
      }
    });

    it('passes on the mock', async () => expectPass(await runCheck(oneActiveJob, elasticpathPlugin, slow)));

    it('fails when a second job is accepted while one is active', async () => {
      const outcome = await runCheck(oneActiveJob, faulty(noJobSlots), slow);
      expectFailure(outcome, oneActiveJob, `${CREATE_JOB}/x-rules/maxActiveJobsPerPromotion`, `expected 400 "${TOO_MANY_JOBS}", got 201`, 'was accepted while job');
      expect(outcome.left.activeJobs).toBe(0);
    });

    it('fails when the refusal is not the documented Too many jobs body', async () => {
      const plain = answer('createPromotionJob', (response) => {
        if (response.status === 400) return { status: 400, body: { errors: [{ status: '400', title: 'Bad Request', detail: 'busy' }] } };
        return response;
      });
      const outcome = await runCheck(oneActiveJob, faulty(plain), slow);
      expectFailure(outcome, oneActiveJob, `${CREATE_JOB}/responses/400`, `errors[0].title is "Bad Request", expected "${TOO_MANY_JOBS}"`);
    });

    it('fails when a new job is refused after the first has ended', async () => {
      let creations = 0;
      const stuck = answer('createPromotionJob', (response) => {
        creations++;
        if (creations > 1) return { status: 400, body: { errors: [{ status: '400', title: TOO_MANY_JOBS, detail: 'Only 1 pending or processing job is allowed per promotion.' }] } };
        return response;
      });
      const outcome = await runCheck(oneActiveJob, faulty(stuck), slow);
      expectFailure(outcome, oneActiveJob, `${CREATE_JOB}/x-rules/maxActiveJobsPerPromotion`, 'a new job after job', 'expected 201, got 400');
    });
  });

  describe('job_cancel', () => {
    // The cancel must reach the mock while the job runs; under load a round trip can outlast a
    // 100 ms job (the check then skips), so every job_cancel test runs slower jobs.
    const slow = { settings: { jobDurationMs: SLOW_JOB_MS } };

    it('passes on the mock', async () => expectPass(await runCheck(jobCancel, elasticpathPlugin, slow)));

    it('fails when a cancelled job leaves its codes', async () => {
      // Cancelling removes codes through Store.deleteCodes: make it remove nothing.
      // On a stopped clock the first job is surely caught processing with codes generated (in real
      // time a loaded machine could miss that phase every time and cancel a job that had none).
      const outcome = await runCheck(jobCancel, faulty(store(() => ({ deleteCodes: async () => [] }))), { ...slow, stoppedClock: true });
      expectFailure(outcome, jobCancel, `${CANCEL_JOB}/x-rules/removesGeneratedCodes`, /\d+ codes generated by cancelled job [0-9a-f-]+ are still listed/);
    });

    it('fails when a completed job can be cancelled', async () => {
      const lenient = answer('cancelPromotionJob', (response, request) => {
        if (response.status !== 422) return response;
        return { status: 200, body: { data: { type: 'promotion_job', id: request.params.jobID, job_type: 'code_generate', status: 'cancelling' } } };
      });
      // Slower jobs, so that the first half cancels while the job is still processing (no race with its end).
      const outcome = await runCheck(jobCancel, faulty(lenient), slow);
      // Usually caught on the completed job (422 expected); under load a cancel may also race a job's
      // end, and the lie shows as a "cancelling" job that then completes.
      expectFailure(outcome, jobCancel, `${CANCEL_JOB}/`, /cancelling completed job [0-9a-f-]+: expected 422, got 200|ended completed, expected cancelled/);
    });

    it('fails when a cancel answers another status than cancelling', async () => {
      const abrupt = answer('cancelPromotionJob', (response) => {
        if (response.status === 200) (bodyOf(response).data as Json).status = 'cancelled';
        return response;
      });
      const outcome = await runCheck(jobCancel, faulty(abrupt), slow);
      expectFailure(outcome, jobCancel, `${CANCEL_JOB}/x-rules`, 'the 200 answer says status cancelled, expected cancelling');
    });
  });

  describe('job_export', () => {
    it('passes on the mock', async () => expectPass(await runCheck(jobExport)));

    it('fails when the file is served before the job completes', async () => {
      const early = answer('getPromotionJobFile', (response, request) => {
        if (response.status !== 422) return response;
        return { status: 200, body: { href: `https://files.example.test/${request.params.jobID}.csv` } };
      });
      // Slower jobs, so that the first file request surely comes while the job is pending.
      const outcome = await runCheck(jobExport, faulty(early), { settings: { jobDurationMs: SLOW_JOB_MS } });
      expectFailure(outcome, jobExport, `${JOB_FILE}/x-rules`, /while it was (pending|processing): expected 422, got 200/);
    });

    it('fails when the file does not hold the codes', async () => {
      const empty: Wrap = (app) => ({
        ...app,
        handleRaw(method, path, handler) {
          app.handleRaw(method, path, async (match) => ({ ...(await handler(match)), body: 'id,code\r\n' }));
        },
      });
      const outcome = await runCheck(jobExport, faulty(empty));
      expectFailure(outcome, jobExport, `${JOB_FILE}/responses/200`, /lacks 1 of the 1 codes/, 'missing "CC');
    });

    it('fails when an export job does not complete', async () => {
      const failing = answer('listPromotionJobs', (response) => {
        for (const job of jobsIn(response)) if (job.status === 'completed') Object.assign(job, { status: 'failed', error: 'disk full' });
        return response;
      });
      const outcome = await runCheck(jobExport, faulty(failing), { settings: { jobDurationMs: SLOW_JOB_MS } });
      expectFailure(outcome, jobExport, `${CREATE_JOB}/x-rules/exportProducesFile`, 'ended failed (error "disk full"), expected completed');
    });
  });

  describe('code_duplicates', () => {
    it('passes on the mock', async () => expectPass(await runCheck(codeDuplicates)));

    it('fails when codes are unique only case-sensitively', async () => {
      const caseSensitive = store((real) => ({
        insertCodes: (scope, codes, mode) => real.insertCodes(scope, codes.map((c) => ({ ...c, key: c.code })), mode),
      }));
      const outcome = await runCheck(codeDuplicates, faulty(caseSensitive));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/x-rules/caseInsensitive`, 'expected 422, got 201', /creating "cc[0-9a-z]+" in a promotion that has "CC[0-9A-Z]+"/);
    });

    it('fails when the duplicate answer is not the documented body', async () => {
      const generic = answer('createPromotionCodes', (response) => {
        if (response.status === 422) return { status: 422, body: { errors: [{ status: '422', title: 'Unprocessable Entity', detail: 'no' }] } };
        return response;
      });
      const outcome = await runCheck(codeDuplicates, faulty(generic));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/responses/422`, 'errors[0].title is "Unprocessable Entity", expected "Duplicate code"');
    });

    it('fails when a code shared with another promotion gets no warning', async () => {
      const silent = answer('createPromotionCodes', (response) => {
        if (response.status === 201) delete bodyOf(response).messages;
        return response;
      });
      const outcome = await runCheck(codeDuplicates, faulty(silent));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/x-rules/crossPromotionDuplicates`, 'without a messages entry titled "Duplicate code names"');
    });

    it('fails when the warning for a code shared with another promotion has another description', async () => {
      const reworded = answer('createPromotionCodes', (response) => {
        for (const message of (bodyOf(response).messages as Json[] | undefined) ?? []) message.description = 'duplicates elsewhere';
        return response;
      });
      const outcome = await runCheck(codeDuplicates, faulty(reworded));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/x-rules/crossPromotionWarningDescription`, 'warning has the description "duplicates elsewhere", expected "Code names duplicated in other promotions"');
    });

    it('fails when a code repeated in one request is created once instead of refused', async () => {
      const deduplicating = before('createPromotionCodes', (request) => {
        const body = request.body as { data: { codes: Array<{ code: string }> } };
        const seen = new Set<string>();
        const codes = body.data.codes.filter((x) => !seen.has(x.code) && Boolean(seen.add(x.code)));
        return { ...request, body: { ...body, data: { ...body.data, codes } } };
      });
      const outcome = await runCheck(codeDuplicates, faulty(deduplicating));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/x-rules/duplicateInRequest`, /creating "CC[0-9A-Z]+x" twice in one request: expected 422, got 201/);
    });

    it('fails when a request naming a code twice is refused after storing its first copy', async () => {
      const duplicate = factsOf(spec).problems.duplicateCode;
      const halfRefused: Wrap = (app) => ({
        ...app,
        handle(id: string, handler: Handler) {
          app.handle(id, id === 'createPromotionCodes' ? async (request) => {
            const body = request.body as { data: { codes: Array<{ code: string }> } };
            const seen = new Set<string>();
            const firsts = body.data.codes.filter((x) => !seen.has(x.code.toLowerCase()) && Boolean(seen.add(x.code.toLowerCase())));
            if (firsts.length === body.data.codes.length) return handler(request);
            await handler({ ...request, body: { ...body, data: { ...body.data, codes: firsts } } });
            return { status: duplicate.status, body: { errors: [{ status: String(duplicate.status), title: duplicate.title, detail: duplicate.detail }] } };
          } : handler);
        },
      });
      const outcome = await runCheck(codeDuplicates, faulty(halfRefused));
      expectFailure(outcome, codeDuplicates, `${CREATE_CODES}/x-rules/atomic`, /the request naming "CC[0-9A-Z]+x" twice was refused, yet the promotion lists it 1 time\(s\)/);
    });
  });

  describe('code_delete', () => {
    it('passes on the mock', async () => expectPass(await runCheck(codeDelete)));

    it('fails when a delete matches codes only in their exact case', async () => {
      const exact = before('deletePromotionCodes', async (request, app) => {
        const body = request.body as { data: { codes: Array<{ code: string }> } };
        const scope = scopeOf(request.params.promotionID as string);
        const kept: Array<{ code: string }> = [];
        for (const entry of body.data.codes) if ((await app.store.findCode(scope, entry.code.toLowerCase()))?.code === entry.code) kept.push(entry);
        // Nothing matched exactly: nothing deleted, and the documented 204.
        return kept.length === 0 ? { status: 204 } : { ...request, body: { ...body, data: { ...body.data, codes: kept } } };
      });
      const outcome = await runCheck(codeDelete, faulty(exact));
      expectFailure(outcome, codeDelete, `${DELETE_CODES}/x-rules/caseInsensitive`, /after deleting "cc[0-9a-z]+X", "CC[0-9A-Z]+x" is still listed/);
    });

    it('fails when a code the promotion does not have is answered 404', async () => {
      const strict = before('deletePromotionCodes', async (request, app) => {
        const body = request.body as { data: { codes: Array<{ code: string }> } };
        const scope = scopeOf(request.params.promotionID as string);
        for (const entry of body.data.codes) {
          if (!(await app.store.findCode(scope, entry.code.toLowerCase()))) return { status: 404, body: { errors: [{ status: '404', title: 'Not Found', detail: `code ${entry.code} not found` }] } };
        }
        return request;
      });
      const outcome = await runCheck(codeDelete, faulty(strict));
      expectFailure(outcome, codeDelete, `${DELETE_CODES}/x-rules/missingCodes`, 'which the promotion does not have: expected 204, got 404');
    });

    it('fails when a delete also removes a code it did not name', async () => {
      // Off by one: with each named code, the code stored after it goes too.
      const overreaching = before('deletePromotionCodes', async (request, app) => {
        const body = request.body as { data: { codes: Array<{ code: string }> } };
        const scope = scopeOf(request.params.promotionID as string);
        for (const entry of body.data.codes) {
          const found = await app.store.findCode(scope, entry.code.toLowerCase());
          if (found) await app.store.deleteCodes(scope, [found.seq + 1]);
        }
        return request;
      });
      const outcome = await runCheck(codeDelete, faulty(overreaching));
      expectFailure(outcome, codeDelete, `${DELETE_CODES}/description`, /"CC[0-9A-Z]+x", which the delete did not name, is gone/);
    });
  });

  describe('code_filter_sort', () => {
    it('passes on the mock', async () => expectPass(await runCheck(codeFilterSort)));

    /** A list that answers as if there were no filter and no sort: every code, in creation order. */
    const ignoring =
      (ignore: 'filter' | 'sort'): Wrap =>
      (app) => ({
        ...app,
        handle(id: string, handler: Handler) {
          const without = (request: MockRequest) => ({ ...request, query: Object.fromEntries(Object.entries(request.query).filter(([name]) => name !== ignore)) });
          app.handle(id, id === 'listPromotionCodes' ? (request) => handler(without(request)) : handler);
        },
      });

    it('fails when the filter is ignored', async () => {
      const outcome = await runCheck(codeFilterSort, faulty(ignoring('filter')));
      expectFailure(outcome, codeFilterSort, `${LIST_CODES}/x-rules/filterOperators`, /filter=eq\(code,cc[0-9a-z]+-sort-a\) listed 3 code\(s\)/);
    });

    it('fails when the sort is ignored', async () => {
      const outcome = await runCheck(codeFilterSort, faulty(ignoring('sort')));
      expectFailure(outcome, codeFilterSort, `${LIST_CODES}/description`, /sort=code&page\[limit\]=3 listed "cc[0-9a-z]+-sort-b", "cc[0-9a-z]+-sort-A", "cc[0-9a-z]+-sort-c"/);
    });
  });

  describe('code_combinations', () => {
    it('passes on the mock', async () => expectPass(await runCheck(codeCombinations)));

    it('fails when a first-time shopper code with a limit is created', async () => {
      const lenient = answer('createPromotionCodes', (response) => (response.status === 400 && bodyOf(response).errors && JSON.stringify(response.body).includes('Invalid Code') ? { status: 201, body: { data: [] } } : response));
      const outcome = await runCheck(codeCombinations, faulty(lenient));
      expectFailure(outcome, codeCombinations, `${CREATE_CODES}/responses/400`, 'creating a code with is_for_new_shopper with uses: expected 400, got 201');
    });

    it('fails when a first-time shopper code with the last field of newShopperCodeRestrictions is created (each field is tried)', async () => {
      const restrictions = factsOf(spec).codes.newShopperRestrictions.value;
      const field = restrictions.at(-1) as string;
      // Refuses a first-time shopper code with any restricted field but the last one, which it stores.
      const lastForgotten = before('createPromotionCodes', (request) => {
        const body = request.body as { data: { codes: Array<Record<string, unknown>> } };
        const codes = body.data.codes.map((code) => (code.is_for_new_shopper === true && field in code && !restrictions.slice(0, -1).some((f) => f in code) ? { ...code, is_for_new_shopper: false } : code));
        return { ...request, body: { ...body, data: { ...body.data, codes } } };
      });
      const outcome = await runCheck(codeCombinations, faulty(lastForgotten));
      expectFailure(outcome, codeCombinations, `${CREATE_CODES}/responses/400`, `creating a code with is_for_new_shopper with ${field}: expected 400, got 201`, `"is_for_new_shopper":true,"${field}":`);
    });

    it('fails when the per_application refusal is not the documented body', async () => {
      const generic = answer('createPromotionCodes', (response) => (response.status === 422 ? { status: 422, body: { errors: [{ status: '422', title: 'Unprocessable Entity', detail: 'no' }] } } : response));
      const outcome = await runCheck(codeCombinations, faulty(generic));
      expectFailure(outcome, codeCombinations, `${CREATE_CODES}/responses/422`, 'errors[0].title is "Unprocessable Entity", expected "Unsupported consume unit"');
    });

    it('fails when the first-time shopper refusal does not name the code as newShopperCodeDetail says', async () => {
      const vague = answer('createPromotionCodes', (response) => {
        const first = (bodyOf(response).errors as Json[] | undefined)?.[0];
        if (response.status === 400 && first?.title === 'Invalid Code') first.detail = 'this code is for first-time shoppers';
        return response;
      });
      const outcome = await runCheck(codeCombinations, faulty(vague));
      expectFailure(outcome, codeCombinations, `${CREATE_CODES}/responses/400`, /errors\[0\]\.detail is "this code is for first-time shoppers", expected "Code - CC[0-9A-Z]+ can't have limited uses/);
    });
  });

  describe('access_token', () => {
    const TOKEN_OP = '/paths/~1oauth~1access_token/post';
    type TokenBody = { access_token: string; grant_type?: string; identifier?: string };

    it('passes on the mock', async () => expectPass(await runCheck(accessToken)));

    const tokenRules = factsOf(spec).tokens;
    /** The answers of createAccessToken with a token (200) changed by `change`. */
    const issuing = (change: (body: TokenBody & Json) => void) =>
      answer('createAccessToken', (response) => {
        if (response.status === 200) change(bodyOf(response) as TokenBody & Json);
        return response;
      });

    it('fails when a token is shorter than tokenLength', async () => {
      const short = issuing((body) => {
        body.access_token = body.access_token.slice(0, -1);
      });
      const outcome = await runCheck(accessToken, faulty(short));
      const length = tokenRules.length.value;
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/tokenLength`, `the client_credentials access_token has ${length - 1} characters; expected ${length} of ${JSON.stringify(tokenRules.alphabet.value)}`);
    });

    it('fails when a token has a character outside tokenAlphabet', async () => {
      const outside = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz-_'].find((ch) => !tokenRules.alphabet.value.includes(ch)) as string;
      const foreign = issuing((body) => {
        body.access_token = `${body.access_token.slice(0, -1)}${outside}`;
      });
      const outcome = await runCheck(accessToken, faulty(foreign));
      const length = tokenRules.length.value;
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/tokenAlphabet`, `the client_credentials access_token has ${length} characters, 1 of them outside the alphabet; expected ${length} of ${JSON.stringify(tokenRules.alphabet.value)}`);
    });

    it('fails when token_type is not tokenType', async () => {
      const lower = issuing((body) => {
        body.token_type = 'bearer';
      });
      const outcome = await runCheck(accessToken, faulty(lower));
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/tokenType`, `token_type is "bearer", expected ${JSON.stringify(tokenRules.tokenType.value)}`);
    });

    it('fails when expires_in is not expiresInSeconds', async () => {
      const brief = issuing((body) => {
        body.expires_in = 60;
      });
      const outcome = await runCheck(accessToken, faulty(brief));
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/expiresInSeconds`, `expires_in is 60, expected ${tokenRules.expiresInSeconds.value}`);
    });

    it('fails when client_credentials without client_secret gets a token', async () => {
      const lax = before('createAccessToken', (request) => ({ ...request, body: { client_secret: 'any', ...(request.body as Json) } }));
      const outcome = await runCheck(accessToken, faulty(lax));
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/secretRequiredFor`, 'a client_credentials request without client_secret: expected 400, got 200');
    });

    it('fails when an implicit token may write', async () => {
      const writable = answer('createAccessToken', (response) => {
        const body = bodyOf(response) as TokenBody;
        if (response.status === 200 && body.identifier === 'implicit') body.access_token = body.access_token.replace(/^readonly/, '');
        return response;
      });
      const outcome = await runCheck(accessToken, faulty(writable));
      expectFailure(outcome, accessToken, `${TOKEN_OP}/x-rules/readOnlyGrants`, 'creating a code with the implicit token: expected 403, got 201');
    });
  });

  describe('parallel_uniqueness', () => {
    it('passes on the mock', async () => expectPass(await runCheck(parallelUniqueness)));

    it('fails when several concurrent creations are accepted', async () => {
      // Slower jobs: the burst's first request compiles the mock's validators, which spreads the burst out.
      const outcome = await runCheck(parallelUniqueness, faulty(noJobSlots), { settings: { jobDurationMs: SLOW_JOB_MS } });
      expectFailure(outcome, parallelUniqueness, `${CREATE_JOB}/x-rules/maxActiveJobsPerPromotion`, /\d of 6 concurrent creations were accepted/);
      expect(outcome.left.activeJobs).toBe(0);
    });

    it('fails when the turned-away creations get a 5xx', async () => {
      const crashing = answer('createPromotionJob', (response) =>
        response.status === 400 ? { status: 500, body: { errors: [{ status: '500', title: 'Internal Server Error', detail: 'lock timeout' }] } } : response,
      );
      const outcome = await runCheck(parallelUniqueness, faulty(crashing), { settings: { jobDurationMs: SLOW_JOB_MS } });
      expectFailure(outcome, parallelUniqueness, `${CREATE_JOB}/x-rules/maxActiveJobsPerPromotion`, 'one of 6 concurrent creations: expected 400, got 500', /[1-5] of 6 concurrent job creations broke/);
    });

    it('fails when the job generates the same code twice', async () => {
      const repeated = answer('listPromotionCodes', (response) => {
        const generated = codesIn(response).filter((c) => c.created_by);
        const [first, second] = generated;
        if (first && second) second.code = String(first.code).toUpperCase();
        return response;
      });
      const outcome = await runCheck(parallelUniqueness, faulty(repeated));
      expectFailure(outcome, parallelUniqueness, `${CREATE_JOB}/x-rules/uniqueWithin`, 'generated 1 code(s) twice (compared case-insensitively)');
    });
  });

  describe('codes_cap', () => {
    it('passes on the mock', async () => expectPass(await runCheck(codesCap)));

    it('is skipped on a target that is not the mock', async () => {
      const outcome = await runCheck(codesCap, elasticpathPlugin, { isMock: false });
      expect(outcome.status).toBe('skipped');
      if (outcome.status === 'skipped') expect(outcome.reason).toContain('POST /__mock/elasticpath/promotions');
    });

    it('fails when existing codes do not count towards the cap', async () => {
      const outcome = await runCheck(codesCap, faulty(store(() => ({ countCodes: async () => 0 }))));
      expectFailure(outcome, codesCap, `${CREATE_JOB}/x-rules/maxCodesPerPromotion`, /ended completed without an error, expected failed with "codes limit exceeded"/, 'left 4 code(s) behind; the promotion holds 6 codes, its cap is 5');
    });

    it('fails when the job fails with another error', async () => {
      const vague = answer('listPromotionJobs', (response) => {
        for (const job of jobsIn(response)) if (job.status === 'failed') job.error = 'limit';
        return response;
      });
      const outcome = await runCheck(codesCap, faulty(vague));
      expectFailure(outcome, codesCap, `${CREATE_JOB}/x-rules/maxCodesPerPromotion`, 'ended failed with error "limit", expected failed with "codes limit exceeded"');
    });
  });
});
