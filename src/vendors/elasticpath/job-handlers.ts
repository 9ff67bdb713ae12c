import type { MockRequest, MockResponse, Problem, VendorApp } from '../../mock/types.js';
import { isObject } from '../../openapi/load.js';
import { FILE_KIND, type FileDoc, type GenerateParameters, type JobDoc, type JobEngine, type JobInput } from './jobs.js';
import { pageEnvelope, pageOf } from './paging.js';
import type { PromotionDoc } from './promotions.js';
import { GENERATE, rulesOf } from './facts.js';

export interface JobContext {
  promotion: PromotionDoc;
  request: MockRequest;
  /** The promotion's jobs, already brought up to date, newest first. */
  jobs: JobDoc[];
}

/** Where the mock serves export files: outside every vendor's API, under the mock's own origin. */
export const FILE_ROUTE = /^\/__files\/elasticpath\/([0-9a-f-]{36})\/([0-9a-f-]{36})\.csv$/;

export function fileHref(app: VendorApp, promotionId: string, jobId: string): string {
  return `${new URL(app.baseUrl()).origin}/__files/elasticpath/${promotionId}/${jobId}.csv`;
}

function invalid(app: VendorApp, request: MockRequest, problem: Omit<Problem, 'title'>): MockResponse {
  return app.error(request.operation.validationStatus, { title: 'Failed Validation', ...problem });
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/**
 * The job request as the handler uses it, defaults filled in from the spec. Prism has validated
 * the body against the schema already; this only keeps the handler safe if it did not.
 */
function parseJobInput(app: VendorApp, body: unknown): JobInput | Omit<Problem, 'title'> {
  const rules = rulesOf(app.spec).jobs;
  const data = isObject(body) && isObject(body.data) ? body.data : undefined;
  if (!data) return { detail: 'data is required', field: 'data', rule: 'required', location: 'body' };
  const { job_type: jobType, name, parameters } = data;
  const named = typeof name === 'string' ? { name } : {};
  if (jobType === rules.fileJobType) return { job_type: jobType, ...named };
  if (jobType !== GENERATE) {
    return { detail: `job_type must be ${GENERATE} or ${rules.fileJobType}`, field: 'data.job_type', rule: 'enum', location: 'body' };
  }
  if (!isObject(parameters) || !isCount(parameters.number_of_codes, 1)) {
    return { detail: 'parameters.number_of_codes is required', field: 'data.parameters.number_of_codes', rule: 'required', location: 'body' };
  }
  const generate: GenerateParameters = {
    number_of_codes: parameters.number_of_codes,
    ...(isCount(parameters.max_uses_per_code, 0) ? { max_uses_per_code: parameters.max_uses_per_code } : {}),
    consume_unit: typeof parameters.consume_unit === 'string' ? parameters.consume_unit : rules.defaultConsumeUnit,
    ...(typeof parameters.code_prefix === 'string' ? { code_prefix: parameters.code_prefix } : {}),
    code_length: isCount(parameters.code_length, 1) ? parameters.code_length : rules.defaultCodeLength,
  };
  return { job_type: jobType, ...named, parameters: generate };
}

export async function createJob(app: VendorApp, engine: JobEngine, { promotion, request }: JobContext): Promise<MockResponse> {
  const input = parseJobInput(app, request.body);
  if (!('job_type' in input)) return invalid(app, request, input);
  const job = await engine.create(promotion, input);
  const { tooManyJobs } = rulesOf(app.spec).problems;
  if (!job) return app.error(tooManyJobs.status, tooManyJobs);
  return { status: 201, body: { data: engine.serialize(job) } };
}

/** `eq(status,completed)`, `eq(job_type,code_export):eq(status,completed)`: field -> value, or undefined if malformed. */
function parseFilter(filter: string): Record<string, string> | undefined {
  const terms: Record<string, string> = {};
  for (const term of filter.split(':')) {
    const match = /^eq\((status|job_type),([a-z_]+)\)$/.exec(term.trim());
    if (!match) return undefined;
    terms[match[1] as string] = match[2] as string;
  }
  return terms;
}

export async function listJobs(app: VendorApp, engine: JobEngine, { request, jobs }: JobContext): Promise<MockResponse> {
  const raw = request.query.filter;
  const filter = Array.isArray(raw) ? raw[0] : raw;
  let selected = jobs;
  if (filter !== undefined) {
    const terms = parseFilter(filter);
    if (!terms) {
      return app.error(request.operation.validationStatus, {
        title: 'Bad Request',
        detail: 'filter must be eq(status,<status>) or eq(job_type,<job_type>), two joined by ":"',
        field: 'filter',
        rule: 'pattern',
        location: 'query',
      });
    }
    selected = jobs.filter((job) => (terms.status === undefined || job.status === terms.status) && (terms.job_type === undefined || job.job_type === terms.job_type));
  }
  const page = pageOf(request, rulesOf(app.spec).jobs.defaultPageLimit);
  const rows = selected.slice(page.offset, page.offset + page.limit);
  return {
    status: 200,
    body: {
      data: rows.map((job) => engine.serialize(job)),
      ...pageEnvelope(app, request, page, selected.length, filter === undefined ? {} : { filter }),
    },
  };
}

export async function cancelJob(app: VendorApp, engine: JobEngine, { promotion, request }: JobContext): Promise<MockResponse> {
  const problems = rulesOf(app.spec).problems;
  const outcome = await engine.cancel(promotion.id, request.params.jobID ?? '');
  if (outcome.kind === 'not-found') return app.error(problems.jobNotFound.status, problems.jobNotFound);
  if (outcome.kind === 'not-cancellable') {
    return app.error(problems.notCancellable.status, { ...problems.notCancellable, detail: `${problems.notCancellable.detail} (this job is ${outcome.job.status})` });
  }
  return { status: 200, body: { data: engine.serialize(outcome.job) } };
}

export async function getJobFile(app: VendorApp, { promotion, request, jobs }: JobContext): Promise<MockResponse> {
  const rules = rulesOf(app.spec);
  const job = jobs.find((j) => j.id === request.params.jobID);
  if (!job) return app.error(rules.problems.jobNotFound.status, rules.problems.jobNotFound);
  if (job.job_type !== rules.jobs.fileJobType || job.status !== rules.jobs.fileJobStatus || !job.has_file) {
    const why =
      job.job_type !== rules.jobs.fileJobType
        ? `a ${job.job_type} job has no file`
        : `the job is ${job.status}; the file is there once it is ${rules.jobs.fileJobStatus}`;
    return app.error(rules.problems.noFileYet.status, { ...rules.problems.noFileYet, detail: `${rules.problems.noFileYet.detail} (${why})` });
  }
  return { status: 200, body: { href: fileHref(app, promotion.id, job.id) } };
}

/** GET /__files/elasticpath/<promotion>/<job>.csv: the export file, as the mock stored it when the job completed. */
export async function serveFile(app: VendorApp, match: RegExpMatchArray): Promise<MockResponse> {
  const [, promotionId, jobId] = match;
  const file = jobId ? await app.store.getDoc<FileDoc>(FILE_KIND, jobId) : undefined;
  if (!file || file.promotion_id !== promotionId) {
    return app.error(404, { title: 'Not Found', detail: 'No such export file' });
  }
  return { status: 200, contentType: 'text/csv; charset=utf-8', body: file.csv };
}
