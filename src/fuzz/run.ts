import type { Spec, VendorName } from '../openapi/load.js';
import { createSpecValidator } from '../openapi/validator.js';
import { mountOf } from '../mock/mount.js';
import { KnownValues } from './known-values.js';
import { createOracle, type Finding, type FindingKind, type Oracle } from './oracle.js';
import { fuzzRandom } from './random.js';
import { createRequestGenerator, type Credentials, type FuzzRequest, type RequestGenerator } from './requests.js';
import { createSender, describeRequest, type SendOutcome } from './send.js';

export interface FuzzRunOptions {
  /** e.g. http://127.0.0.1:4010 */
  origin: string;
  specs: Spec[];
  seed: string;
  count: number;
  credentials: Credentials;
  /** Resources the server starts with, by vendor (promotions, price rules): path parameters draw on them. */
  owners?: Partial<Record<VendorName, string[]>>;
  /** Requests in flight at once; each batch is generated before it is sent, so answers never steer their own batch. */
  concurrency?: number;
  timeoutMs?: number;
  /** Called for every request that got an answer the spec does not allow. */
  onFinding?(failure: FuzzFailure): void;
  /** Called for every request with what came back, before it is judged. */
  onExchange?(index: number, request: FuzzRequest, outcome: SendOutcome): void;
  /** Called every `progressEvery` requests. */
  onProgress?(sent: number): void;
  progressEvery?: number;
}

export interface FuzzFailure {
  index: number;
  vendor: string;
  finding: Finding;
  /** The request as a report shows it, credentials redacted. */
  request: string;
  method: string;
  /** Request target as sent (no credentials travel in it). */
  path: string;
  mutations: string[];
  status?: number;
}

export interface FuzzReport {
  seed: string;
  sent: number;
  byStatus: Record<string, number>;
  byKind: Record<FindingKind, number>;
  failures: FuzzFailure[];
}

interface Target {
  vendor: string;
  spec: Spec;
  claim: RegExp;
  oracle: Oracle;
  generator: RequestGenerator;
  known: KnownValues;
}

const KEEP_FAILURES = 200;


const ADMIN_PATH = /^\/__mock(\/|$)/;
/**
 * Sends `count` requests generated from the specs to a running mock and judges every answer by
 * the spec that claims its path. A path no vendor claims must be a 404 with a JSON body.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const random = fuzzRandom(options.seed);
  const targets: Target[] = options.specs.map((spec) => {
    const known = new KnownValues();
    known.owners.push(...(options.owners?.[spec.vendor as VendorName] ?? []));
    return {
      vendor: spec.vendor ?? spec.path,
      spec,
      claim: mountOf(spec).claim,
      oracle: createOracle(spec, createSpecValidator(spec)),
      generator: createRequestGenerator(spec, { random, credentials: options.credentials, known }),
      known,
    };
  });
  const byClaim = [...targets].sort((a, b) => b.claim.source.length - a.claim.source.length);
  const concurrency = options.concurrency ?? 8;
  const sender = createSender(options.origin, { timeoutMs: options.timeoutMs ?? 10_000, connections: concurrency });
  const report: FuzzReport = {
    seed: options.seed,
    sent: 0,
    byStatus: {},
    byKind: { '5xx': 0, undocumented: 0, schema: 0, 'media-type': 0, 'accepted-invalid': 0, hang: 0, transport: 0 },
    failures: [],
  };
  const secrets = [options.credentials.write, options.credentials.readOnly];

  const record = (index: number, target: Target, request: FuzzRequest, finding: Finding, status?: number) => {
    report.byKind[finding.kind]++;
    const failure = { index, vendor: target.vendor, finding, request: describeRequest(request, secrets), method: request.method, path: request.path, mutations: request.mutations, status };
    if (report.failures.length < KEEP_FAILURES) report.failures.push(failure);
    options.onFinding?.(failure);
  };

  try {
    for (let start = 0; start < options.count; start += concurrency) {
      const batch = Array.from({ length: Math.min(concurrency, options.count - start) }, () => {
        const target = random.pick(targets);
        return { target, request: target.generator.next() };
      });
      const outcomes = await Promise.all(batch.map(({ request }) => sender.send(request)));
      outcomes.forEach((outcome, i) => {
        const index = start + i;
        const { target, request } = batch[i] as (typeof batch)[number];
        report.sent++;
        options.onExchange?.(index, request, outcome);
        judge(outcome, request, target, index);
        if (options.onProgress && options.progressEvery && report.sent % options.progressEvery === 0) options.onProgress(report.sent);
      });
    }
  } finally {
    sender.close();
  }
  return report;

  function judge(outcome: SendOutcome, request: FuzzRequest, generatedBy: Target, index: number) {
    if (outcome.kind === 'hang') return record(index, generatedBy, request, { kind: 'hang', message: 'no complete answer in time' });
    if (outcome.kind === 'transport-error') return record(index, generatedBy, request, { kind: 'transport', message: outcome.message });
    const { response } = outcome;
    report.byStatus[response.status] = (report.byStatus[response.status] ?? 0) + 1;
    const path = request.path.split('?')[0] ?? '';
    const claimant = byClaim.find((t) => t.claim.test(path));
    if (!claimant) {
      // Routed as sent, a path under /__mock/ (dot segments included) is the mock's own admin API,
      // which refuses a foreign Origin or Host with 403 before it looks for the route.
      const adminRefusal = ADMIN_PATH.test(path) && [403, 404, 405].includes(response.status);
      if (response.status !== 404 && !adminRefusal) record(index, generatedBy, request, { kind: response.status >= 500 ? '5xx' : 'undocumented', message: `${response.status} for a path no vendor claims (expected 404)` }, response.status);
      return;
    }
    for (const finding of claimant.oracle.judge(request, response)) record(index, claimant, request, finding, response.status);
    if (response.status < 300 && response.text) {
      try {
        claimant.known.learn(JSON.parse(response.text));
      } catch {
        // not JSON: the oracle has said so if it matters
      }
    }
  }
}

/** The resources a running mock was seeded with, from its admin index (`GET /__mock/`). */
export async function mockOwners(origin: string): Promise<Partial<Record<VendorName, string[]>>> {
  const response = await fetch(`${origin}/__mock/`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${origin}/__mock/ answered ${response.status}`);
  const index = (await response.json()) as { vendors?: Array<{ vendor: VendorName; owners?: Array<{ id: string }> }> };
  return Object.fromEntries((index.vendors ?? []).map((v) => [v.vendor, (v.owners ?? []).map((o) => o.id)]));
}

/** One line per failure kind, then the first failures in full, for a test's message or a soak's output. */
export function formatReport(report: FuzzReport, limit = 10): string {
  const kinds = Object.entries(report.byKind).filter(([, n]) => n > 0).map(([kind, n]) => `${kind}: ${n}`);
  const lines = [`fuzz seed ${report.seed}: ${report.sent} requests; ${kinds.length > 0 ? kinds.join(', ') : 'no failures'}`];
  for (const failure of report.failures.slice(0, limit)) {
    lines.push('', `#${failure.index} ${failure.vendor} [${failure.finding.kind}] ${failure.finding.message}`, failure.request.replace(/^/gm, '    '));
  }
  if (report.failures.length > limit) lines.push('', `... and ${report.failures.length - limit} more (first ${report.failures.length} kept)`);
  lines.push('', `reproduce: FUZZ_SEED=${report.seed}`);
  return lines.join('\n');
}

