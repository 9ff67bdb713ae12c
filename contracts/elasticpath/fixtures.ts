/**
 * How to call each Elastic Path operation validly and undo it, in one rule promotion. One
 * pending or processing job per promotion is the rule: every job request first waits until the
 * promotion has none (cancelling the run's own), and every job the run starts is cancelled or
 * waited out. Codes carry the run prefix (lower-case in job prefixes); the sweep deletes them.
 */
import { answerOf, defineFixtures, minimalBody, type CheckContext, type PreparedRequest } from '../../src/contracts/index.js';
import { CODES_TYPE } from '../../src/vendors/elasticpath/facts.js';
import {
  cancelJob,
  contract,
  createdCodes,
  dataOf,
  deleteCodes,
  exportBody,
  generateBody,
  isActive,
  jobDeadline,
  jobPrefix,
  listAllCodes,
  promotionSlot,
  rule,
  type Job,
  type PromotionCode,
} from './api.js';

const JOBS = 'elasticpath:jobs';
const CANCEL_NOTE = 'cleanup: cancel a job';
const EXPORT = 'elasticpath:export-job';

/** The ids of the jobs this run started. */
function ourJobs(ctx: CheckContext): Set<string> {
  let jobs = ctx.state.get(JOBS) as Set<string> | undefined;
  if (!jobs) ctx.state.set(JOBS, (jobs = new Set()));
  return jobs;
}


async function listJobs(ctx: CheckContext, promotion: string, filter?: string): Promise<Job[]> {
  const exchange = await ctx.call(
    'listPromotionJobs',
    { params: { promotionID: promotion }, query: { 'page[limit]': contract(ctx).pageLimit.jobs.maximum, ...(filter ? { filter } : {}) } },
    { note: 'fixture: list jobs' },
  );
  const data = dataOf(exchange);
  if (exchange.response?.status !== 200 || !Array.isArray(data)) throw new Error(`listPromotionJobs answered ${answerOf(exchange)}`);
  return data as Job[];
}

/**
 * Waits until the promotion has no pending or processing job: the run's own are cancelled, other
 * ones waited out (bounded; a job that outlives the wait is the target's to explain).
 */
async function waitForNoActiveJob(ctx: CheckContext, promotion: string): Promise<void> {
  ctx.stuck.require(promotionSlot(promotion), 'a valid job request needs the promotion without an active job');
  const started = ctx.clock.now();
  const deadline = jobDeadline(ctx);
  while (ctx.clock.now() < deadline) {
    const running = (await listJobs(ctx, promotion)).filter((j) => isActive(ctx, j));
    if (running.length === 0) return;
    for (const job of running) if (ourJobs(ctx).has(job.id)) await cancelJob(ctx, promotion, job.id, CANCEL_NOTE);
    await ctx.clock.wait(200);
  }
  const rules = contract(ctx);
  ctx.stuck.mark(promotionSlot(promotion), {
    summary: `promotion ${promotion} still had an active job after ${((ctx.clock.now() - started) / 1000).toFixed(1)} s of waiting`,
    rule: rule(ctx, rules.jobs.statuses.pointer, 'a job ends: completed, failed or cancelled'),
  });
}

/** Starts a job (generate one prefixed code, or export); skips when the promotion cannot take one. */
async function startJob(ctx: CheckContext, kind: 'generate' | 'export'): Promise<Job> {
  if (ctx.options.readOnly) ctx.skip('needs a job; --read-only starts none');
  const promotion = ctx.requireOwner();
  await waitForNoActiveJob(ctx, promotion);
  const exchange = await ctx.call('createPromotionJob', { params: { promotionID: promotion }, body: jobBody(ctx, kind) }, { note: `fixture: a ${kind} job` });
  const job = dataOf(exchange) as Partial<Job> | undefined;
  if (exchange.response?.status !== 201 || typeof job?.id !== 'string') {
    ctx.skip(`the fixture could not start a job: createPromotionJob answered ${answerOf(exchange)}`);
  }
  ourJobs(ctx).add(job.id);
  return job as Job;
}

/** One prefixed code generated, or an export. */
function jobBody(ctx: CheckContext, kind: 'generate' | 'export'): unknown {
  if (kind === 'export') return exportBody(ctx, 'fixture');
  return generateBody(ctx, 'fixture', { number_of_codes: contract(ctx).numberOfCodes.value.minimum, code_prefix: jobPrefix(ctx) });
}

/** Ends a job the run started: cancelled if still active (which removes its codes), else its codes deleted. */
async function endJob(ctx: CheckContext, promotion: string, jobId: string): Promise<void> {
  const cancel = await cancelJob(ctx, promotion, jobId, CANCEL_NOTE);
  if (cancel.response?.status === 200) return;
  const generated = (await listAllCodes(ctx, promotion, 'cleanup: list codes')).codes.filter((c) => c.created_by === jobId);
  await deleteCodes(ctx, promotion, generated.map((c) => c.code));
}

/** A completed export job (started and waited for once per run; under --read-only an existing one). */
async function completedExport(ctx: CheckContext): Promise<Job> {
  let pending = ctx.state.get(EXPORT) as Promise<Job> | undefined;
  if (!pending) {
    pending = (async () => {
      const promotion = ctx.requireOwner();
      const { file } = contract(ctx);
      if (ctx.options.readOnly) {
        const done = await listJobs(ctx, promotion, `eq(job_type,${file.jobType.value}):eq(status,${file.jobStatus.value})`);
        if (!done[0]) ctx.skip('no completed export job to read, and --read-only starts none');
        return done[0];
      }
      const job = await startJob(ctx, 'export');
      const deadline = jobDeadline(ctx);
      while (ctx.clock.now() < deadline) {
        const found = (await listJobs(ctx, promotion, `eq(job_type,${file.jobType.value})`)).find((j) => j.id === job.id);
        if (found && !isActive(ctx, found)) {
          if (found.status !== file.jobStatus.value) ctx.skip(`the export job ended ${found.status}, not ${file.jobStatus.value}`);
          return found;
        }
        await ctx.clock.wait(250);
      }
      return ctx.skip('the export job did not complete in time');
    })();
    ctx.state.set(EXPORT, pending);
  }
  return pending;
}

async function createCode(ctx: CheckContext): Promise<PromotionCode> {
  if (ctx.options.readOnly) ctx.skip('needs a code to exist; --read-only creates none');
  const promotion = ctx.requireOwner();
  const code = ctx.unique();
  const exchange = await ctx.call(
    'createPromotionCodes',
    { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes: [{ code }] } } },
    { note: 'fixture: a code to work on' },
  );
  const created = createdCodes(exchange)[0];
  if (exchange.response?.status !== 201 || typeof created?.id !== 'string') {
    ctx.skip(`the fixture could not create a code: createPromotionCodes answered ${answerOf(exchange)}`);
  }
  return created;
}

function onPromotion(ctx: CheckContext, rest: Record<string, string> = {}): PreparedRequest['params'] {
  return { promotionID: ctx.requireOwner(), ...rest };
}

export const fixtures = defineFixtures('elasticpath', {
  ownerParam: 'promotionID',
  operations: {
    createAccessToken: {
      // Any application key will do on the mock; elsewhere the run has none (it is given tokens).
      request: async (ctx) => {
        if (!ctx.target.isMock) ctx.skip('needs an application key (client_id and client_secret); a contract run is given tokens, not keys');
        return { params: {}, body: minimalBody(ctx.spec.operation('createAccessToken')) };
      },
    },
    createPromotionJob: {
      request: async (ctx) => {
        await waitForNoActiveJob(ctx, ctx.requireOwner());
        return { params: onPromotion(ctx), body: jobBody(ctx, 'generate') };
      },
      cleanup: async (ctx, exchange) => {
        const id = (dataOf(exchange) as Partial<Job> | undefined)?.id;
        if (typeof id !== 'string') return;
        ourJobs(ctx).add(id);
        await endJob(ctx, ctx.requireOwner(), id);
      },
    },
    cancelPromotionJob: {
      request: async (ctx) => {
        const job = await startJob(ctx, 'generate');
        return { params: onPromotion(ctx, { jobID: job.id }) };
      },
    },
    getPromotionJobFile: {
      request: async (ctx) => {
        const job = await completedExport(ctx);
        return { params: onPromotion(ctx, { jobID: job.id }) };
      },
    },
    createPromotionCodes: {
      request: async (ctx) => ({ params: onPromotion(ctx), body: { data: { type: CODES_TYPE, codes: [{ code: ctx.unique() }] } } }),
      cleanup: async (ctx, exchange) => {
        const codes = createdCodes(exchange);
        await deleteCodes(ctx, ctx.requireOwner(), codes.map((c) => c.code));
      },
    },
    deletePromotionCodes: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: onPromotion(ctx), body: { data: { type: CODES_TYPE, codes: [{ code: code.code }] } } };
      },
    },
    deletePromotionCode: {
      request: async (ctx) => {
        const code = await createCode(ctx);
        return { params: onPromotion(ctx, { codeID: code.id }) };
      },
    },
  },
  async sweep(ctx) {
    const promotion = ctx.target.ownerId;
    if (promotion === undefined || ctx.options.readOnly) return;
    const jobs = await listJobs(ctx, promotion);
    for (const job of jobs) if (ourJobs(ctx).has(job.id) && isActive(ctx, job)) await cancelJob(ctx, promotion, job.id, CANCEL_NOTE);
    const prefix = ctx.target.runPrefix.toLowerCase();
    const ours = (await listAllCodes(ctx, promotion, 'cleanup: list codes')).codes.filter((c) => c.code.toLowerCase().startsWith(prefix));
    await deleteCodes(ctx, promotion, ours.map((c) => c.code));
  },
});
