/**
 * Elastic Path's own JavaScript client, @elasticpath/js-sdk, pointed at the real mock on a real
 * port: it fetches its token from /oauth/access_token as it does in production, then drives every
 * rule-promotion codes and jobs method it has. Nothing is adapted for the mock: what the SDK sends
 * in normal use must work as it is.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gateway, MemoryStorageFactory, type ConfigOptions, type ElasticPath, type RulePromotionCode, type RulePromotionCodesJob } from '@elasticpath/js-sdk';
import { loadSpec } from '../../src/openapi/load.js';
import { elasticpathPlugin } from '../../src/vendors/elasticpath/plugin.js';
import { startVendorMock, type VendorMock } from '../support/mock-harness.js';

const spec = loadSpec('elasticpath');
/**
 * Jobs that never end by themselves within a test: between two looks at a job the test moves the
 * mock's clock (POST /__mock/clock does the same) by a step instead of sleeping, so a job's life
 * passes in a few polls, and the cancel below, sent right after the create, finds it pending on
 * a machine as loaded as it may be.
 */
const JOB_DURATION_MS = 60_000;
const CLOCK_STEP_MS = JOB_DURATION_MS / 8;
const CLIENT_SECRET = 'sdk-client-secret';

interface Code {
  id: string;
  code: string;
  type?: string;
  uses?: number;
  max_uses?: number;
  user?: string;
  consume_unit?: string;
}
interface Job {
  id: string;
  status: string;
  job_type: string;
  rule_promotion_id?: string;
  result?: { generated: number; deleted: number | null };
}
interface Page<T> {
  data: T[];
  links: Record<string, string | null>;
  meta: { page: { limit: number; offset: number }; results: { total: number } };
}
interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  requestBody?: unknown;
}

/**
 * `RulePromotions` as it behaves at run time: its typings lose `Codes` and `Jobs` after `Limit`,
 * `Offset` or `Sort`, and type `Filter` without `status` (see docs/fidelity/elasticpath.md).
 */
interface RulePromotionsChain {
  Filter(filter: { eq: Record<string, string> }): RulePromotionsChain;
  Limit(value: number): RulePromotionsChain;
  Offset(value: number): RulePromotionsChain;
  Sort(value: string): RulePromotionsChain;
  Codes(promotionId: string): Promise<unknown>;
  Jobs(promotionId: string): Promise<unknown>;
}

let mock: VendorMock;
let sdk: ElasticPath;

const rulePromotions = () => sdk.RulePromotions as unknown as RulePromotionsChain;
let promotion: string;

async function requestsOf(path: string): Promise<LoggedRequest[]> {
  const answer = await fetch(`${mock.server.url}/__mock/requests?limit=200`);
  const { requests } = (await answer.json()) as { requests: LoggedRequest[] };
  return requests.filter((r) => r.path === path);
}

/** `Codes` and `Jobs` answer ResourcePage types that do not say what the API answers; read them as it does. */
async function codes(call: Promise<unknown>): Promise<Page<Code>> {
  return (await call) as Page<Code>;
}

async function jobs(call: Promise<unknown>): Promise<Page<Job>> {
  return (await call) as Page<Job>;
}

/** Follows a job the only way the API offers (a filtered list) until `done`. */
async function waitForJob(id: string, status: string): Promise<Job> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await jobs(rulePromotions().Filter({ eq: { status } }).Jobs(promotion));
    const job = page.data.find((j) => j.id === id);
    if (job) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} was not ${status} within 10 s`);
    await mock.server.clock.advance(CLOCK_STEP_MS);
  }
}

beforeAll(async () => {
  mock = await startVendorMock(elasticpathPlugin, { settings: { jobDurationMs: JOB_DURATION_MS } });
  promotion = mock.server.vendors[0]?.owners[0]?.id as string;
  const { host, protocol } = new URL(mock.server.url);
  // The SDK tells when it has no token yet (console.info); that is its normal start, not a finding.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  // `protocol` is read by the SDK (Config) but missing from its ConfigOptions type.
  const config: ConfigOptions & { protocol: string } = {
    client_id: 'sdk-client-id',
    client_secret: CLIENT_SECRET,
    host,
    protocol: protocol.replace(':', ''),
    storage: new MemoryStorageFactory(),
  };
  sdk = gateway(config);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await mock?.close();
});

describe('@elasticpath/js-sdk against the mock', () => {
  let created: Code[] = [];

  it('authenticates at /oauth/access_token with client credentials, then adds codes (AddCodes) and gets them back as an array', async () => {
    const sent: RulePromotionCode[] = [
      { code: 'spring2024' },
      { code: 'summer2024', consume_unit: 'per_checkout' },
      { code: 'summer2024_limited', consume_unit: 'per_application', uses: 5 },
      { code: 'summer2024_memberOnly', consume_unit: 'per_application', uses: 1, user: 'vip_shopper@email.com' },
      { code: 'one_per_shopper', uses: 1, user: 'customer-id-123' },
    ];
    const answer = (await sdk.RulePromotions.AddCodes(promotion, sent)) as unknown as { data: Code[]; messages?: unknown };
    expect(Array.isArray(answer.data)).toBe(true);
    created = answer.data;
    expect(created.map((c) => c.code)).toEqual(sent.map((c) => c.code));
    expect(created[3]).toMatchObject({ type: 'promotion_codes', user: 'vip_shopper@email.com', max_uses: 1, consume_unit: 'per_application' });
    expect(created[0]?.id).toMatch(/^[0-9a-f-]{36}$/);

    const tokenRequests = await requestsOf('/oauth/access_token');
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]).toMatchObject({ method: 'POST', status: 200 });
    expect(String(tokenRequests[0]?.requestBody)).toContain('grant_type=client_credentials');
    expect(JSON.stringify(tokenRequests)).not.toContain(CLIENT_SECRET);
    const [create] = await requestsOf(`/v2/rule-promotions/${promotion}/codes`);
    expect(create).toMatchObject({ method: 'POST', status: 201 });
  });

  it('lists the codes (Codes), finds one with a filter in another case, and pages with Limit and Offset', async () => {
    const all = await codes(rulePromotions().Codes(promotion));
    expect(all.data.map((c) => c.code)).toEqual(created.map((c) => c.code));
    expect(all.meta.results.total).toBe(created.length);

    const found = await codes(rulePromotions().Filter({ eq: { code: 'SPRING2024' } }).Codes(promotion));
    expect(found.data.map((c) => c.id)).toEqual([created[0]?.id]);
    const missing = await codes(rulePromotions().Filter({ eq: { code: 'autumn2024' } }).Codes(promotion));
    expect(missing.data).toEqual([]);
    expect(missing.meta.results.total).toBe(0);

    const first = await codes(rulePromotions().Limit(2).Codes(promotion));
    expect(first.data.map((c) => c.code)).toEqual(created.slice(0, 2).map((c) => c.code));
    expect(first.meta.page).toMatchObject({ limit: 2, offset: 0 });
    expect(first.links.next).toMatch(/page\[offset\]=2&page\[limit\]=2$/);
    const second = await codes(rulePromotions().Limit(2).Offset(2).Codes(promotion));
    expect(second.data.map((c) => c.code)).toEqual(created.slice(2, 4).map((c) => c.code));
    expect(second.meta.page).toMatchObject({ limit: 2, offset: 2 });
  });

  it('Sort is not sent by Codes: the list stays in creation order (an SDK limitation, see docs/fidelity/elasticpath.md)', async () => {
    const sorted = await codes(rulePromotions().Sort('-code').Codes(promotion));
    expect(sorted.data.map((c) => c.code)).toEqual(created.map((c) => c.code));
    const listed = await requestsOf(`/v2/rule-promotions/${promotion}/codes`);
    expect(listed.at(-1)?.query).not.toContain('sort');
  });

  it('deletes codes exactly as the list answered them (DeleteCodes), then one by id (DeleteCode)', async () => {
    const listed = await codes(rulePromotions().Codes(promotion));
    const asListed = listed.data.slice(0, 2);
    await sdk.RulePromotions.DeleteCodes(promotion, asListed as unknown as Parameters<ElasticPath['RulePromotions']['DeleteCodes']>[1]);
    const afterBulk = await codes(rulePromotions().Codes(promotion));
    expect(afterBulk.data.map((c) => c.code)).toEqual(created.slice(2).map((c) => c.code));

    await sdk.RulePromotions.DeleteCode(promotion, created[2]?.id as string);
    const afterOne = await codes(rulePromotions().Codes(promotion));
    expect(afterOne.data.map((c) => c.code)).toEqual(created.slice(3).map((c) => c.code));
    const deletes = (await requestsOf(`/v2/rule-promotions/${promotion}/codes`)).filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.status)).toEqual([204]);
    const [one] = await requestsOf(`/v2/rule-promotions/${promotion}/codes/${created[2]?.id}`);
    expect(one).toMatchObject({ method: 'DELETE', status: 204 });
  });

  it('creates a generate job (AddCodesJob) with the vendor\'s SUMMER- prefix and follows it through Jobs with a filter', async () => {
    const body: RulePromotionCodesJob = {
      type: 'promotion_job',
      job_type: 'code_generate',
      name: 'SDK bulk generate',
      parameters: { number_of_codes: 5, code_prefix: 'SUMMER-', max_uses_per_code: 1, code_length: 8 },
    };
    const started = (await sdk.RulePromotions.AddCodesJob(promotion, body)) as unknown as { data: Job };
    expect(started.data).toMatchObject({ type: 'promotion_job', job_type: 'code_generate', status: 'pending', rule_promotion_id: promotion });
    const done = await waitForJob(started.data.id, 'completed');
    expect(done.result).toEqual({ generated: 5, deleted: 0 });

    const all = (await codes(rulePromotions().Limit(100).Codes(promotion))).data.filter((c) => c.code.startsWith('SUMMER-'));
    expect(all).toHaveLength(5);
    for (const code of all) expect(code).toMatchObject({ max_uses: 1 });

    const byType = await jobs(rulePromotions().Filter({ eq: { job_type: 'code_generate' } }).Jobs(promotion));
    expect(byType.data.map((j) => j.id)).toContain(started.data.id);
    const exports = await jobs(rulePromotions().Filter({ eq: { job_type: 'code_export' } }).Jobs(promotion));
    expect(exports.data).toEqual([]);
  });

  it('cancels a running job (CancelJob): cancelling, then cancelled, and its codes are gone', async () => {
    const before = (await codes(rulePromotions().Limit(100).Codes(promotion))).meta.results.total;
    const started = (await sdk.RulePromotions.AddCodesJob(promotion, {
      type: 'promotion_job',
      job_type: 'code_generate',
      parameters: { number_of_codes: 20, code_length: 10 },
    })) as unknown as { data: Job };
    const cancelling = (await sdk.RulePromotions.CancelJob(promotion, started.data.id)) as unknown as { data: Job };
    expect(cancelling.data).toMatchObject({ id: started.data.id, status: 'cancelling' });
    const cancelled = await waitForJob(started.data.id, 'cancelled');
    expect(cancelled.status).toBe('cancelled');
    expect((await codes(rulePromotions().Limit(100).Codes(promotion))).meta.results.total).toBe(before);
  });

  it('exports the codes (AddCodesJob code_export), gets the file link (GetCodeExportFile) and reads the file', async () => {
    const started = (await sdk.RulePromotions.AddCodesJob(promotion, { type: 'promotion_job', job_type: 'code_export', name: 'SDK export' })) as unknown as { data: Job };
    expect(started.data).toMatchObject({ job_type: 'code_export', status: 'pending' });
    await waitForJob(started.data.id, 'completed');
    const link = await sdk.RulePromotions.GetCodeExportFile(promotion, started.data.id);
    expect(link.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    // The mock serves export files to a read token only (issue 9).
    const file = await fetch(link.href, { headers: { authorization: 'Bearer readonly-sdk-reader' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await file.text()).trim().split(/\r?\n/);
    const listed = (await codes(rulePromotions().Limit(100).Codes(promotion))).data;
    expect(lines).toHaveLength(listed.length + 1);
    for (const code of listed) expect(lines.some((line) => line.includes(`,${code.code},`))).toBe(true);
  });

  it('what the vendor would refuse is refused: the SDK type\'s consume_unit per_cart is a 422 in the vendor\'s error shape', async () => {
    const body: RulePromotionCodesJob = { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 1, consume_unit: 'per_cart', code_length: 8 } };
    const refused = await sdk.RulePromotions.AddCodesJob(promotion, body).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ errors: [{ status: String(spec.operation('createPromotionJob').validationStatus), source: 'data.parameters.consume_unit' }] });
  });
});
