/**
 * `--redis URL` end to end, with real processes: one redis-server, several mock processes on it.
 * They must behave as one mock (codes, lookups, the one-job rule, concurrency limits), answer
 * 503 in the vendor's shape while Redis is gone (never hang, never die), and work again once
 * Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { REDIS_SERVER_MISSING, type RedisServer, redisServerAvailable, startRedisServer } from '../support/redis-server.js';
import { BC_AUTH, BC_BASE, killAll, listAllBigCommerceCodes, type MockProcess, type Reply, request, sleep, startMock } from './mock-process.js';

const available = redisServerAvailable();
if (!available && process.env.CI) throw new Error(`${REDIS_SERVER_MISSING} (required when CI is set)`);
if (!available) console.warn(`Skipping the Redis integration tests: ${REDIS_SERVER_MISSING}`);

const bigcommerce = createSpecValidator(loadSpec('bigcommerce'));
const elasticpath = createSpecValidator(loadSpec('elasticpath'));
const EP_AUTH = { authorization: 'Bearer integration-test' };
const EP_PROMOTION_A = '8c150382-b258-4c88-a2d4-b9ea0be74a07';
const EP_PROMOTION_B = '5e0b7c1d-3a2f-4e6b-9c8d-7f1a2b3c4d5e';
const CODEGEN_LIMIT = Number(loadSpec('bigcommerce').operation('generateCouponCodes').concurrencyLimit);

function codegen(origin: string, body: Record<string, unknown>, promotion = '1', timeoutMs = 10_000): Promise<Reply> {
  return request('POST', `${origin}${BC_BASE}/promotions/${promotion}/codegen`, { headers: BC_AUTH, body, timeoutMs });
}

/** Codegen as a client does it: a 429 is retried after a short pause (bounded). */
async function codegenRetrying(origin: string, body: Record<string, unknown>): Promise<{ reply: Reply; retries: number }> {
  for (let retries = 0; retries < 200; retries++) {
    const reply = await codegen(origin, body);
    if (reply.status !== 429) return { reply, retries };
    await sleep(10 + Math.random() * 40);
  }
  throw new Error('codegen: still 429 after 200 attempts');
}

function createJob(origin: string, promotion: string, timeoutMs = 10_000): Promise<Reply> {
  return request('POST', `${origin}/v2/rule-promotions/${promotion}/jobs`, {
    headers: EP_AUTH,
    body: { data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: 20 } } },
    timeoutMs,
  });
}

function listJobs(origin: string, promotion: string, timeoutMs = 10_000): Promise<Reply> {
  return request('GET', `${origin}/v2/rule-promotions/${promotion}/jobs`, { headers: EP_AUTH, timeoutMs });
}

describe.skipIf(!available)('Redis: several mock processes share one world', () => {
  let redis: RedisServer;
  let a: MockProcess;
  let b: MockProcess;
  /** Spends 3 s inside each request's concurrency slot, to hold the codegen limit. */
  let c: MockProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
    // The same --seed on both: their generators draw the same codes and the same job ids, so only
    // the store's atomic calls keep the two instances apart.
    const args = ['--redis', redis.url, '--vendor', 'bigcommerce,elasticpath', '--job-duration', '1000', '--seed', 'shared'];
    const slow = ['--redis', redis.url, '--vendor', 'bigcommerce', '--latency', '3000'];
    [a, b, c] = await Promise.all([startMock(args), startMock(args), startMock(slow)]);
  }, 60_000);

  afterAll(async () => {
    await killAll();
    await redis?.stop();
  });

  it('20 parallel codegen batches through each instance: all codes distinct, both list the same set', async () => {
    const BATCHES = 20;
    const SIZE = 100;
    const results = await Promise.all(
      [a, b].flatMap((mock) => Array.from({ length: BATCHES }, () => codegenRetrying(mock.url, { batch_size: SIZE }))),
    );
    for (const { reply } of results) expect(reply.status, reply.text).toBe(201);
    const codes = results.flatMap(({ reply }) => (reply.body.data.codes as Array<{ code: string }>).map((c) => c.code));
    expect(codes).toHaveLength(2 * BATCHES * SIZE);
    expect(new Set(codes).size).toBe(codes.length);

    const [throughA, throughB] = await Promise.all([listAllBigCommerceCodes(a.url, '1'), listAllBigCommerceCodes(b.url, '1')]);
    expect(new Set(throughA.codes.map((c) => c.code))).toEqual(new Set(codes));
    expect(throughB.codes).toEqual(throughA.codes);
    expect(throughA.total).toBe(codes.length);
    const retries = results.reduce((sum, r) => sum + r.retries, 0);
    console.info(`[redis] ${codes.length} codes from ${2 * BATCHES} parallel batches over two instances; ${retries} 429 retries`);
  }, 60_000);

  it('a code created through A is found by get-by-code through B', async () => {
    const code = `SHARED-${Date.now().toString(36).toUpperCase()}`;
    const created = await request('POST', `${a.url}${BC_BASE}/promotions/2/codes`, { headers: BC_AUTH, body: { code } });
    expect(created.status, created.text).toBe(201);
    const found = await request('GET', `${b.url}${BC_BASE}/promotions/codes?code=${encodeURIComponent(code)}`, { headers: BC_AUTH });
    expect(found.status, found.text).toBe(200);
    expect(found.body.data).toEqual([created.body.data]);
    // And the same text again through B is a duplicate in that promotion.
    const again = await request('POST', `${b.url}${BC_BASE}/promotions/2/codes`, { headers: BC_AUTH, body: { code } });
    expect(again.status).toBe(422);
  });

  it('Elastic Path: one active job per promotion across instances', async () => {
    const first = await createJob(a.url, EP_PROMOTION_A);
    expect(first.status, first.text).toBe(201);
    const second = await createJob(b.url, EP_PROMOTION_A);
    expect(second.status).toBe(400);
    expect(second.body.errors[0]).toMatchObject({ status: '400', title: 'Too many jobs' });

    // Ten creations at once, five through each instance, on the other promotion: exactly one wins.
    const race = await Promise.all(Array.from({ length: 10 }, (_, i) => createJob(i % 2 === 0 ? a.url : b.url, EP_PROMOTION_B)));
    expect(race.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(400)]);

    // Once the job ends (followed through B), B may start the next one: the slot was freed for all.
    const id = first.body.data.id as string;
    let status = '';
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(50)) {
      const jobs = await listJobs(b.url, EP_PROMOTION_A);
      status = (jobs.body.data as Array<{ id: string; status: string }>).find((j) => j.id === id)?.status ?? '';
      if (status === 'completed' || status === 'failed') break;
    }
    expect(status).toBe('completed');
    expect((await createJob(b.url, EP_PROMOTION_A)).status).toBe(201);
  }, 30_000);

  it('BigCommerce concurrency limits count across instances', async () => {
    // Observed: the Redis store's acquire is one shared counter (a sorted set of request tokens
    // in Redis), so the spec's limit (10 concurrent codegen requests per store) holds for all
    // instances together. C holds 10 requests (its --latency is spent inside the slot); while they
    // are held, every codegen through A and B gets the vendor's 429, although A and B themselves
    // have nothing in flight. Once C's requests end, A and B are admitted again.
    const held = Array.from({ length: CODEGEN_LIMIT }, () => codegen(c.url, { batch_size: 1 }, '1', 20_000));
    let inFlight = 0;
    for (const deadline = Date.now() + 10_000; inFlight < CODEGEN_LIMIT && Date.now() < deadline; await sleep(20)) {
      const state = await request('GET', `${a.url}/__mock/state`);
      inFlight = Object.entries(state.body.inFlight as Record<string, number>)
        .filter(([counter]) => counter.includes('generateCouponCodes'))
        .reduce((sum, [, n]) => sum + n, 0);
    }
    expect(inFlight, 'C holds the whole codegen limit (seen through A)').toBe(CODEGEN_LIMIT);

    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => codegen(i % 2 === 0 ? a.url : b.url, { batch_size: 1 })));
    for (const reply of others) {
      expect(reply.status, reply.text).toBe(429);
      expect(bigcommerce.validate('/components/schemas/V3Error', reply.body)).toEqual([]);
      expect(reply.headers.get('x-rate-limit-requests-quota')).toBe(String(CODEGEN_LIMIT));
    }
    for (const reply of await Promise.all(held)) expect(reply.status, reply.text).toBe(201);
    expect((await codegen(a.url, { batch_size: 1 })).status).toBe(201);
    expect((await codegen(b.url, { batch_size: 1 })).status).toBe(201);
    console.info(`[redis] C held ${CODEGEN_LIMIT} codegen requests: ${others.length}/${others.length} requests through A and B got 429`);
  }, 60_000);

  it('Redis killed: 503 in the vendor shape at once, processes stay up; Redis back: requests succeed again', async () => {
    // A request already inside the mock (C spends 3 s in it) when Redis dies.
    const inFlight = codegen(c.url, { batch_size: 5 }, '1', 10_000);
    await sleep(500);
    await redis.kill();
    const down = Date.now();
    const answeredIn: number[] = [];
    for (const mock of [a, b]) {
      const generated = await codegen(mock.url, { batch_size: 5 }, '1', 5000);
      answeredIn.push(generated.ms);
      expect(generated.status, generated.text).toBe(503);
      expect(bigcommerce.validate('/components/schemas/V3Error', generated.body)).toEqual([]);
      expect(generated.body.status).toBe(503);
      expect(generated.ms).toBeLessThan(2000);

      const listed = await request('GET', `${mock.url}${BC_BASE}/promotions/1/codes`, { headers: BC_AUTH, timeoutMs: 5000 });
      expect(listed.status).toBe(503);

      const jobs = await listJobs(mock.url, EP_PROMOTION_A, 5000);
      expect(jobs.status, jobs.text).toBe(503);
      expect(elasticpath.validate('/components/schemas/ErrorResponse', jobs.body)).toEqual([]);
      expect(jobs.body.errors[0].status).toBe('503');
    }
    const cutOff = await inFlight;
    expect(cutOff.status, cutOff.text).toBe(503);
    expect(bigcommerce.validate('/components/schemas/V3Error', cutOff.body)).toEqual([]);
    // Still down a while later (the clients keep reconnecting in the background): same answers.
    await sleep(1500);
    expect(c.alive()).toBe(true);
    for (const mock of [a, b]) {
      expect((await codegen(mock.url, { batch_size: 5 }, '1', 5000)).status).toBe(503);
      expect(mock.alive()).toBe(true);
      // The admin index needs no store; the state dump does, and says it is unavailable.
      expect((await request('GET', `${mock.url}/__mock/`, { timeoutMs: 5000 })).status).toBe(200);
      expect((await request('GET', `${mock.url}/__mock/state`, { timeoutMs: 5000 })).status).toBe(503);
    }

    await redis.restart();
    const back = Date.now();
    const recovered: Record<string, number> = {};
    const after: Record<string, number> = {};
    for (const [name, mock] of [['A', a], ['B', b]] as const) {
      for (const deadline = Date.now() + 15_000; ; await sleep(50)) {
        const reply = await codegen(mock.url, { batch_size: 5 }, '1', 5000);
        if (reply.status !== 503) {
          recovered[name] = Date.now() - back;
          after[name] = reply.status;
          break;
        }
        if (Date.now() > deadline) throw new Error(`mock ${name} still answers 503 15 s after Redis came back`);
      }
    }
    // The test's redis-server persists nothing, so it came back empty; each mock seeds its
    // promotions again before serving, so the first answers after the outage are real ones.
    expect(after).toEqual({ A: 201, B: 201 });
    for (const mock of [a, b]) {
      const generated = await codegen(mock.url, { batch_size: 5 });
      expect(generated.status, generated.text).toBe(201);
      expect((await createJob(mock.url, mock === a ? EP_PROMOTION_A : EP_PROMOTION_B)).status).toBe(201);
      expect(mock.alive()).toBe(true);
    }
    console.info(
      `[redis] 503 answered in ${answeredIn.join(', ')} ms; down ${back - down} ms; after restart first non-503 answer from A after ${recovered.A} ms (${after.A}), ` +
        `from B after ${recovered.B} ms (${after.B})`,
    );
  }, 60_000);
});
