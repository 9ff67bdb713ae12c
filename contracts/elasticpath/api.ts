/**
 * Calls the Elastic Path checks share: jobs (start, follow through `listPromotionJobs`, cancel),
 * codes (create, list every page, delete), and a Workspace that ends every job a check started
 * and deletes every code it made, so that one check never blocks or fills the next.
 */
import { ContractViolation, expectStatus, responsesRule, specRule, type CheckContext, type Exchange, type SpecRule, type ViolationInit } from '../../src/contracts/index.js';
import { CODES_TYPE, factsOf, GENERATE, JOB_TYPE, type ElasticPathFacts } from '../../src/vendors/elasticpath/facts.js';

export interface Job {
  id: string;
  status: string;
  job_type: string;
  rule_promotion_id?: string;
  parameters?: { number_of_codes?: number; code_length?: number; code_prefix?: string };
  result?: { generated?: number; deleted?: number };
  error?: string;
  meta?: { timestamps?: { created_at?: string; updated_at?: string } };
}

export interface PromotionCode {
  id: string;
  code: string;
  created_by?: string;
}

/** Between two looks at the job list. */
export const POLL_MS = 150;
/** When a check wants to catch a job in a short-lived status (processing). */
export const FAST_POLL_MS = 15;

/** The spec's facts the checks read (src/vendors/elasticpath/facts.ts, shared with the mock). */
export function contract(ctx: CheckContext): ElasticPathFacts {
  return factsOf(ctx.spec);
}

/** When a check stops following a job, in the target's time (ctx.clock: our mock's clock moves instead of waiting). */
export function jobDeadline(ctx: CheckContext): number {
  return ctx.clock.now() + jobTimeoutMs(ctx);
}

/** `--job-timeout`, or three request timeouts if longer (a look at the job may take one). */
function jobTimeoutMs(ctx: CheckContext): number {
  return Math.max(ctx.options.jobTimeoutMs, ctx.options.timeoutMs * 3);
}

/** What a job that never ends holds: checks that need this free fail at once once it is seen stuck (ctx.stuck). */
export function promotionSlot(promotion: string): string {
  return `promotion ${promotion}`;
}

/** A violation named after the operation of its exchange. */
export function violation(init: ViolationInit): ContractViolation {
  return new ContractViolation({ operationId: init.exchange?.operationId, ...init });
}

export function rule(ctx: CheckContext, pointer: string, says: string): SpecRule {
  return specRule(ctx.spec, pointer, says);
}

export function bodyOf(exchange: Exchange): unknown {
  return exchange.response?.body;
}

export function dataOf(exchange: Exchange): unknown {
  const body = bodyOf(exchange);
  return body !== null && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
}

function isJob(value: unknown): value is Job {
  return value !== null && typeof value === 'object' && typeof (value as Job).id === 'string' && typeof (value as Job).status === 'string';
}

/** `expectStatus`, with the violation named after the exchange's operation. */
export function expectAnswer(exchange: Exchange, expected: number | readonly number[], rule: SpecRule, summary: string): NonNullable<Exchange['response']> {
  try {
    return expectStatus(exchange, expected, rule, summary);
  } catch (error) {
    if (error instanceof ContractViolation && error.operationId === undefined) {
      throw violation({ summary: error.summary, rule: error.rule, exchange: error.exchange, details: error.details });
    }
    throw error;
  }
}

/** `pending → processing → completed` */
export function trail(statuses: readonly string[]): string {
  return statuses.length === 0 ? '(none)' : statuses.join(' → ');
}

/** Whether the job is pending or processing (x-rules activeJobStatuses). */
export function isActive(ctx: CheckContext, job: Pick<Job, 'status'>): boolean {
  return contract(ctx).jobs.activeStatuses.value.includes(job.status);
}

/** Nothing more happens to the job on its own: neither active nor being cancelled. */
export function isSettled(ctx: CheckContext, job: Pick<Job, 'status'>): boolean {
  return !isActive(ctx, job) && job.status !== contract(ctx).cancel.statusAfterCancel.value;
}

/** `code_prefix` for the run's jobs: the run prefix lower-cased, if the schema allows it. */
export function jobPrefix(ctx: CheckContext): string | undefined {
  const { pattern, maxLength } = contract(ctx).codePrefix.value;
  const prefix = ctx.target.runPrefix.toLowerCase();
  return prefix.length > 0 && prefix.length <= maxLength && pattern.test(prefix) ? prefix : undefined;
}

export interface GenerateParameters {
  number_of_codes: number;
  code_length?: number;
  code_prefix?: string;
}

export function generateBody(ctx: CheckContext, check: string, parameters: GenerateParameters): unknown {
  return { data: { type: JOB_TYPE, job_type: GENERATE, name: jobName(ctx, check), parameters } };
}

export function exportBody(ctx: CheckContext, check: string): unknown {
  return { data: { type: JOB_TYPE, job_type: contract(ctx).file.jobType.value, name: jobName(ctx, check) } };
}

function jobName(ctx: CheckContext, check: string): string {
  return `${ctx.target.runPrefix} ${check}`.slice(0, contract(ctx).jobName.value.maxLength);
}

// ---- jobs ---------------------------------------------------------------------------------------

export function createJob(ctx: CheckContext, promotion: string, body: unknown, note: string): Promise<Exchange> {
  return ctx.call('createPromotionJob', { params: { promotionID: promotion }, body }, { note });
}

/** The job of a 201 (or 200 cancel) answer, if the body has one. */
export function jobOf(exchange: Exchange): Job | undefined {
  const data = dataOf(exchange);
  return isJob(data) ? data : undefined;
}

export function cancelJob(ctx: CheckContext, promotion: string, jobId: string, note: string): Promise<Exchange> {
  return ctx.call('cancelPromotionJob', { params: { promotionID: promotion, jobID: jobId } }, { note });
}

export async function listJobs(ctx: CheckContext, promotion: string, offset = 0, note = 'follow the jobs'): Promise<{ jobs: Job[]; exchange: Exchange }> {
  const c = contract(ctx);
  const exchange = await ctx.call(
    'listPromotionJobs',
    { params: { promotionID: promotion }, query: { 'page[limit]': c.pageLimit.jobs.maximum, 'page[offset]': offset } },
    { note },
  );
  expectAnswer(exchange, 200, responsesRule(ctx.spec, c.listJobs), 'listing the jobs');
  const data = dataOf(exchange);
  if (!Array.isArray(data)) {
    throw violation({ summary: 'listing the jobs: the 200 body has no data array', rule: responsesRule(ctx.spec, c.listJobs), exchange });
  }
  return { jobs: data.filter(isJob), exchange };
}

/** The job as listed (newest first, so the first page or two hold a job just made). */
export async function findJob(ctx: CheckContext, promotion: string, jobId: string): Promise<{ job: Job | undefined; exchange: Exchange }> {
  const pageSize = contract(ctx).pageLimit.jobs.maximum;
  let last: Exchange | undefined;
  for (let page = 0; page < 3; page++) {
    const { jobs, exchange } = await listJobs(ctx, promotion, page * pageSize);
    last = exchange;
    const job = jobs.find((j) => j.id === jobId);
    if (job) return { job, exchange };
    if (jobs.length < pageSize) break;
  }
  return { job: undefined, exchange: last as Exchange };
}

export interface Followed {
  job: Job;
  /** The list answer the job was last read from. */
  exchange: Exchange;
  /** Statuses the job was seen in, in order, without repeats (the create answer's first). */
  seen: string[];
}

/**
 * Follows a job through `listPromotionJobs` (there is no endpoint for one job) until `until`
 * holds, within the deadline. A job the list does not have, or one that never gets there, is a
 * violation.
 */
export async function followJob(
  ctx: CheckContext,
  promotion: string,
  jobId: string,
  options: { until: (job: Job) => boolean; waitingFor: string; seen?: string[]; intervalMs?: number; deadline?: number },
): Promise<Followed> {
  const c = contract(ctx);
  const deadline = options.deadline ?? jobDeadline(ctx);
  const seen = [...(options.seen ?? [])];
  const started = ctx.clock.now();
  let missing = 0;
  for (;;) {
    const { job, exchange } = await findJob(ctx, promotion, jobId);
    if (!job) {
      // A list may lag a moment behind a create on a distributed target: three looks, then it is missing.
      if (++missing >= 3) {
        throw violation({
          summary: `job ${jobId} is not in listPromotionJobs (looked ${missing} times), so it cannot be followed`,
          rule: rule(ctx, `${c.listJobs.pointer}/description`, 'there is no endpoint to read a single job: clients follow a job in listPromotionJobs by its id'),
          exchange,
        });
      }
    } else {
      if (seen.at(-1) !== job.status) seen.push(job.status);
      if (options.until(job)) return { job, exchange, seen };
    }
    if (ctx.clock.now() >= deadline) {
      const stuck = violation({
        summary: `job ${jobId} did not get ${options.waitingFor} within ${((ctx.clock.now() - started) / 1000).toFixed(1)} s; statuses seen: ${trail(seen)}`,
        rule: rule(ctx, c.jobs.statuses.pointer, 'pending → processing → completed or failed; pending or processing → cancelling → cancelled when cancelled'),
        exchange,
      });
      if (job && isActive(ctx, job)) ctx.stuck.mark(promotionSlot(promotion), stuck);
      throw stuck;
    }
    await ctx.clock.wait(options.intervalMs ?? POLL_MS);
  }
}

/** Follows the job until nothing more happens to it on its own. */
export function settle(ctx: CheckContext, promotion: string, jobId: string, seen?: string[], intervalMs?: number): Promise<Followed> {
  return followJob(ctx, promotion, jobId, { until: (job) => isSettled(ctx, job), waitingFor: 'to an end (completed, failed or cancelled)', seen, intervalMs });
}

/**
 * Waits until the promotion has no pending or processing job, so that the check's own job is
 * accepted. A job that outlives the deadline skips the check: it is not this run's to cancel.
 */
export async function awaitNoActiveJob(ctx: CheckContext, promotion: string): Promise<void> {
  ctx.stuck.require(promotionSlot(promotion), 'this check needs the promotion without an active job');
  const deadline = jobDeadline(ctx);
  for (;;) {
    const { jobs, exchange } = await listJobs(ctx, promotion, 0, 'wait until the promotion has no active job');
    const active = jobs.filter((j) => isActive(ctx, j));
    if (active.length === 0) return;
    if (ctx.clock.now() >= deadline) {
      const still = `promotion ${promotion} still has an active job (${active.map((j) => `${j.id} ${j.status}`).join(', ')}) after ${jobTimeoutMs(ctx) / 1000} s`;
      ctx.stuck.mark(promotionSlot(promotion), { summary: still, rule: rule(ctx, contract(ctx).jobs.statuses.pointer, 'a job ends: completed, failed or cancelled'), exchange });
      ctx.skip(`${still}; one active job per promotion leaves no room for this check`);
    }
    await ctx.clock.wait(POLL_MS);
  }
}

// ---- codes ----------------------------------------------------------------------------------

export function createCodes(ctx: CheckContext, promotion: string, codes: readonly string[], note: string): Promise<Exchange> {
  return ctx.call('createPromotionCodes', { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes: codes.map((code) => ({ code })) } } }, { note });
}

/** The codes of a create answer: `data` is the array of created codes. */
export function createdCodes(exchange: Exchange): PromotionCode[] {
  const codes = dataOf(exchange);
  return Array.isArray(codes) ? (codes as PromotionCode[]) : [];
}

/** Every code of the promotion, page by page. */
export async function listAllCodes(ctx: CheckContext, promotion: string, note = 'list the codes'): Promise<{ codes: PromotionCode[]; exchange: Exchange }> {
  const c = contract(ctx);
  const pageSize = c.pageLimit.codes.maximum;
  const codes: PromotionCode[] = [];
  let last: Exchange | undefined;
  for (let offset = 0; ; offset += pageSize) {
    const exchange = await ctx.call('listPromotionCodes', { params: { promotionID: promotion }, query: { 'page[limit]': pageSize, 'page[offset]': offset } }, { note });
    last = exchange;
    expectAnswer(exchange, 200, responsesRule(ctx.spec, c.listCodes), 'listing the codes');
    const data = dataOf(exchange);
    if (!Array.isArray(data)) throw violation({ summary: 'listing the codes: the 200 body has no data array', rule: responsesRule(ctx.spec, c.listCodes), exchange });
    codes.push(...(data as PromotionCode[]).filter((code) => code && typeof code.code === 'string'));
    if (data.length < pageSize || offset + pageSize > c.lastCodesOffset) break;
  }
  return { codes, exchange: last as Exchange };
}

export async function deleteCodes(ctx: CheckContext, promotion: string, codes: readonly string[]): Promise<void> {
  const size = contract(ctx).maxCodesPerDelete;
  for (let i = 0; i < codes.length; i += size) {
    const exchange = await ctx.call(
      'deletePromotionCodes',
      { params: { promotionID: promotion }, body: { data: { type: CODES_TYPE, codes: codes.slice(i, i + size).map((code) => ({ code })) } } },
      { note: 'clean up: delete the codes the check made' },
    );
    if (exchange.response?.status !== 204) {
      throw new Error(`could not delete the check's codes: deletePromotionCodes answered ${exchange.response?.status ?? exchange.error}`);
    }
  }
}

// ---- what a check leaves behind -------------------------------------------------------------

/**
 * What one check started and made. `finish()` ends every job still running (cancelled, or waited
 * out under --no-cleanup) and, unless --no-cleanup, deletes the codes the check created and the
 * codes its jobs generated.
 */
export class Workspace {
  private readonly jobs = new Map<string, string>();
  private readonly codes = new Map<string, Set<string>>();

  constructor(private readonly ctx: CheckContext) {}

  /** A job the check started (from a 2xx create answer). */
  job(promotion: string, exchange: Exchange): Job | undefined {
    const job = jobOf(exchange);
    if (job && exchange.response && exchange.response.status >= 200 && exchange.response.status < 300) this.jobs.set(job.id, promotion);
    return job;
  }

  code(promotion: string, ...codes: string[]): void {
    let set = this.codes.get(promotion);
    if (!set) this.codes.set(promotion, (set = new Set()));
    for (const code of codes) set.add(code);
  }

  async finish(): Promise<void> {
    const ctx = this.ctx;
    const errors: unknown[] = [];
    const promotions = new Set([...this.jobs.values(), ...this.codes.keys()]);
    for (const [jobId, promotion] of this.jobs) {
      try {
        const { job } = await findJob(ctx, promotion, jobId);
        if (!job) continue;
        if (isActive(ctx, job) && ctx.options.cleanup) await cancelJob(ctx, promotion, jobId, 'clean up: cancel the check\'s job');
        // A promotion seen stuck is not waited for again: its job will not settle now either.
        if (!isSettled(ctx, job) && !ctx.stuck.cause(promotionSlot(promotion))) await settle(ctx, promotion, jobId);
      } catch (error) {
        errors.push(error);
      }
    }
    if (ctx.options.cleanup) {
      for (const promotion of promotions) {
        try {
          const ours = new Set(this.codes.get(promotion) ?? []);
          const jobIds = new Set([...this.jobs].filter(([, p]) => p === promotion).map(([id]) => id));
          if (jobIds.size > 0) {
            const { codes } = await listAllCodes(ctx, promotion, 'clean up: find the codes of the check\'s jobs');
            for (const code of codes) if (code.created_by !== undefined && jobIds.has(code.created_by)) ours.add(code.code);
          }
          if (ours.size > 0) await deleteCodes(ctx, promotion, [...ours]);
        } catch (error) {
          errors.push(error);
        }
      }
    }
    this.jobs.clear();
    this.codes.clear();
    if (errors.length > 0) {
      const first = errors[0];
      throw new Error(`cleanup of the check failed (${errors.length} step(s)); first: ${first instanceof Error ? first.message.split('\n')[0] : String(first)}`);
    }
  }
}

/** Runs `body` with a Workspace and finishes it; a failure of the body wins over one of the cleanup. */
export async function withWorkspace(ctx: CheckContext, body: (ws: Workspace) => Promise<void>): Promise<void> {
  const ws = new Workspace(ctx);
  let failed = true;
  try {
    await body(ws);
    failed = false;
  } finally {
    if (failed) await ws.finish().catch(() => undefined);
    else await ws.finish();
  }
}

/** `status` of the first error, as a number (the spec allows `"400"` and `400`). */
export function firstError(exchange: Exchange): { status?: number; title?: string; detail?: string } | undefined {
  const body = bodyOf(exchange) as { errors?: unknown } | undefined;
  const first = Array.isArray(body?.errors) ? (body.errors[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || typeof first !== 'object') return undefined;
  return {
    ...(first.status !== undefined && !Number.isNaN(Number(first.status)) ? { status: Number(first.status) } : {}),
    ...(typeof first.title === 'string' ? { title: first.title } : {}),
    ...(typeof first.detail === 'string' ? { detail: first.detail } : {}),
  };
}

/** The texts compare equal up to case, surrounding space and a final full stop. */
function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\.$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Why the answer is not the documented error (status, the first error's status, title and
 * detail), or undefined. The detail may add to the documented one (e.g. a reason in brackets).
 */
export function documentedErrorProblem(exchange: Exchange, documented: { status: number; title: string; detail?: string }): string | undefined {
  const got = exchange.response?.status;
  if (got !== documented.status) return `expected ${documented.status}, got ${got ?? `no response (${exchange.error ?? 'error'})`}`;
  const first = firstError(exchange);
  if (!first) return `the ${got} body has no errors[0]`;
  if (first.status !== documented.status) return `errors[0].status is ${first.status ?? '(missing)'}, expected ${documented.status}`;
  if (first.title !== documented.title) return `errors[0].title is ${JSON.stringify(first.title)}, expected ${JSON.stringify(documented.title)}`;
  if (documented.detail !== undefined && (first.detail === undefined || !(sameText(first.detail, documented.detail) || first.detail.toLowerCase().startsWith(documented.detail.replace(/\.$/, '').toLowerCase())))) {
    return `errors[0].detail is ${JSON.stringify(first.detail)}, expected ${JSON.stringify(documented.detail)}`;
  }
  return undefined;
}

/** Milliseconds of an ISO timestamp, or undefined. */
export function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The codes a job generated: those whose `created_by` is the job (the spec's way to tell). */
export function codesOfJob(codes: readonly PromotionCode[], jobId: string): PromotionCode[] {
  return codes.filter((code) => code.created_by === jobId);
}

/**
 * The codes a job generated, by `created_by`; a target that does not fill `created_by` is read by
 * difference: codes that were not there before the job.
 */
export function generatedBy(before: readonly PromotionCode[], after: readonly PromotionCode[], jobId: string): PromotionCode[] {
  const marked = codesOfJob(after, jobId);
  if (marked.length > 0 || after.some((code) => code.created_by !== undefined)) return marked;
  const known = new Set(before.map((code) => code.id));
  return after.filter((code) => !known.has(code.id));
}
