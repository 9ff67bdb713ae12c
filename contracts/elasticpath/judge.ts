/**
 * Judgements several Elastic Path checks make: a job was created pending, a second job was
 * turned away while one was active, a generated code has the documented format.
 */
import { ContractViolation, type CheckContext, type Exchange } from '../../src/contracts/index.js';
import {
  contract,
  documentedErrorProblem,
  expectAnswer,
  findJob,
  isActive,
  rule,
  timeOf,
  violation,
  type Job,
  type PromotionCode,
  type Workspace,
} from './api.js';
import { PENDING, type ElasticPathFacts } from '../../src/vendors/elasticpath/facts.js';

/** A 201 with a job in status pending (the job is recorded in the workspace for cleanup). */
export function expectCreatedPending(ctx: CheckContext, ws: Workspace, promotion: string, exchange: Exchange, what: string): Job {
  const c = contract(ctx);
  const created = rule(ctx, `${c.createJob.pointer}/responses/201`, 'a job the promotion has room for is created: 201 with the job in status pending');
  expectAnswer(exchange, 201, created, what);
  const job = ws.job(promotion, exchange);
  if (!job) throw violation({ summary: `${what}: the 201 body has no job (data.id and data.status)`, rule: created, exchange });
  if (job.status !== PENDING) throw violation({ summary: `${what}: the new job ${job.id} is ${job.status}, expected ${PENDING}`, rule: created, exchange });
  return job;
}

/** What a create sent while another job was active got. */
export type SecondJobOutcome = { kind: 'refused' } | { kind: 'violation'; violation: ContractViolation } | { kind: 'inconclusive'; reason: string };

function activeRuleSays(ctx: CheckContext): string {
  const c = contract(ctx);
  return `at most ${c.jobs.maxActivePerPromotion.value} ${c.jobs.activeStatuses.value.join(' or ')} job per promotion; another create is answered ${c.problems.tooManyJobs.status} "${c.problems.tooManyJobs.title}"`;
}

/**
 * Judges the answer to a create sent while `first` was (believed) active: the documented
 * 400 Too many jobs. An accepted one is a violation if the first was still active when it was
 * created (by the jobs' own timestamps), inconclusive if the first had ended already.
 */
export async function judgeRefusal(ctx: CheckContext, ws: Workspace, promotion: string, first: Job, exchange: Exchange, what: string): Promise<SecondJobOutcome> {
  const c = contract(ctx);
  const status = exchange.response?.status;
  const limitRule = rule(ctx, c.jobs.maxActivePerPromotion.pointer, activeRuleSays(ctx));
  if (status !== undefined && status >= 200 && status < 300) {
    const second = ws.job(promotion, exchange);
    const overlap = await overlapped(ctx, promotion, first, second);
    if (overlap.kind === 'ended-before') return { kind: 'inconclusive', reason: overlap.reason };
    return {
      kind: 'violation',
      violation: violation({
        summary: `${what}: expected ${c.problems.tooManyJobs.status} "${c.problems.tooManyJobs.title}", got ${status}: a second job${second ? ` (${second.id})` : ''} was accepted while job ${first.id} was ${overlap.firstStatus}`,
        rule: limitRule,
        exchange,
      }),
    };
  }
  const problem = documentedErrorProblem(exchange, c.problems.tooManyJobs);
  if (!problem) return { kind: 'refused' };
  const bodyOnly = status === c.problems.tooManyJobs.status;
  return {
    kind: 'violation',
    violation: violation({
      summary: `${what}: ${problem}`,
      rule: bodyOnly ? rule(ctx, c.problems.tooManyJobs.pointer, `Too many jobs: ${c.problems.tooManyJobs.status} {"errors": [{"status": "${c.problems.tooManyJobs.status}", "title": "${c.problems.tooManyJobs.title}", "detail": "${c.problems.tooManyJobs.detail ?? ''}"}]}`) : limitRule,
      exchange,
    }),
  };
}

type Overlap = { kind: 'overlapped'; firstStatus: string } | { kind: 'ended-before'; reason: string };

/**
 * Whether `second` was created while `first` was still active: the first is active now, or
 * its last change (its end) is later than the second's creation.
 */
export async function overlapped(ctx: CheckContext, promotion: string, first: Job, second: Job | undefined): Promise<Overlap> {
  const { job: now } = await findJob(ctx, promotion, first.id);
  if (!now || isActive(ctx, now)) return { kind: 'overlapped', firstStatus: now?.status ?? first.status };
  const ended = timeOf(now.meta?.timestamps?.updated_at);
  const secondCreated = timeOf(second?.meta?.timestamps?.created_at);
  if (ended !== undefined && secondCreated !== undefined && secondCreated < ended) return { kind: 'overlapped', firstStatus: 'still active (it ended later)' };
  return {
    kind: 'ended-before',
    reason: `job ${first.id} had ended (${now.status}) before the next create arrived, so the one-active-job rule could not be put to the test; the target's jobs end too fast`,
  };
}

/**
 * The generated codes of a job against the documented format and uniqueness; one violation per
 * rule broken (format, distinctness), each listing the codes at fault.
 */
export function judgeGeneratedCodes(ctx: CheckContext, codes: readonly PromotionCode[], length: number, prefix: string | undefined, listed: Exchange, jobId: string): ContractViolation[] {
  const c = contract(ctx);
  const out: ContractViolation[] = [];
  const bad = codes.map((code) => ({ code: code.code, problem: codeFormatProblem(c, code.code, length, prefix) })).filter((x) => x.problem !== undefined);
  if (bad.length > 0) {
    out.push(
      violation({
        summary: `${bad.length} of ${codes.length} codes generated by job ${jobId} do not have the documented format ${codeShape(c, length, prefix)} (x: one of ${JSON.stringify(c.jobs.alphabet.value)})`,
        rule: rule(
          ctx,
          `${c.createJob.pointer}/x-rules`,
          `codeAlphabet ${JSON.stringify(c.jobs.alphabet.value)}, a ${JSON.stringify(c.jobs.groupSeparator.value)} after every ${c.jobs.groupSize.value} random characters (codeGroupSize, codeGroupSeparator), code_length counts the random characters only (default ${c.codeLength.value.default}, ${c.codeLength.pointer}), the prefix in front with ${JSON.stringify(c.jobs.prefixSeparator.value)} between (prefixSeparator)`,
        ),
        exchange: listed,
        details: bad.slice(0, 10).map((x) => `${JSON.stringify(x.code)} ${x.problem}`),
      }),
    );
  }
  const fold = (code: string) => (c.jobs.caseInsensitive.value ? code.toLowerCase() : code);
  const seen = new Map<string, string>();
  const repeats: string[] = [];
  for (const { code } of codes) {
    const key = fold(code);
    const earlier = seen.get(key);
    if (earlier !== undefined) repeats.push(earlier === code ? JSON.stringify(code) : `${JSON.stringify(code)} and ${JSON.stringify(earlier)}`);
    else seen.set(key, code);
  }
  if (repeats.length > 0) {
    out.push(
      violation({
        summary: `job ${jobId} generated ${repeats.length} code(s) twice${c.jobs.caseInsensitive.value ? ' (compared case-insensitively)' : ''}`,
        rule: rule(ctx, `${c.createJob.pointer}/x-rules/uniqueWithin`, `generated codes are unique within the promotion${c.jobs.caseInsensitive.value ? ', case-insensitively (caseInsensitive: true)' : ''}`),
        exchange: listed,
        details: repeats.slice(0, 10),
      }),
    );
  }
  return out;
}

/** A count read from the spec's range: `wanted`, kept within [minimum, maximum]. */
export function within(range: { minimum: number; maximum: number }, wanted: number): number {
  return Math.max(range.minimum, Math.min(range.maximum, wanted));
}

/**
 * The documented shape of a generated code, or why `code` does not have it: the prefix (with one
 * separator unless it ends with one), then `length` characters of the alphabet with the group
 * separator after every full group.
 */
export function codeFormatProblem(contract: ElasticPathFacts, code: string, length: number, prefix: string | undefined): string | undefined {
  const { alphabet, groupSize, groupSeparator, prefixSeparator } = contract.jobs;
  let rest = code;
  let prefixProblem: string | undefined;
  if (prefix) {
    const head = prefix.endsWith(prefixSeparator.value) ? prefix : `${prefix}${prefixSeparator.value}`;
    if (code.toLowerCase().startsWith(head.toLowerCase())) {
      if (!code.startsWith(head)) prefixProblem = `starts with ${JSON.stringify(code.slice(0, head.length))}, not the prefix as sent (${JSON.stringify(head)})`;
      rest = code.slice(head.length);
    } else {
      return `does not start with the prefix and its separator, ${JSON.stringify(head)}`;
    }
  }
  const groups = rest.split(groupSeparator.value);
  const random = groups.join('');
  const foreign = [...new Set([...random].filter((c) => !alphabet.value.includes(c)))];
  if (foreign.length > 0) return `has ${foreign.map((c) => JSON.stringify(c)).join(', ')}, not in the alphabet ${JSON.stringify(alphabet.value)}`;
  if (prefixProblem) return prefixProblem;
  if (random.length !== length) return `has ${random.length} random characters, expected ${length}`;
  for (const [index, group] of groups.entries()) {
    const expected = index === groups.length - 1 ? length - groupSize.value * index : groupSize.value;
    if (group.length !== expected || expected <= 0 || expected > groupSize.value) {
      return `has the group ${JSON.stringify(group)}: expected ${JSON.stringify(groupSeparator.value)} after every ${groupSize.value} random characters`;
    }
  }
  return undefined;
}

/** A code as the expected format describes it (for reports): `ccxyz-aaaa-aaaa`. */
export function codeShape(contract: ElasticPathFacts, length: number, prefix: string | undefined): string {
  const { groupSize, groupSeparator, prefixSeparator } = contract.jobs;
  const groups: string[] = [];
  for (let left = length; left > 0; left -= groupSize.value) groups.push('x'.repeat(Math.min(groupSize.value, left)));
  const body = groups.join(groupSeparator.value);
  if (!prefix) return body;
  return prefix.endsWith(prefixSeparator.value) ? `${prefix}${body}` : `${prefix}${prefixSeparator.value}${body}`;
}
