/**
 * `--state FILE` end to end, with real processes: the CLI is spawned, loaded with codegen
 * requests, killed with SIGKILL mid-load and restarted on the same file. What a client was told
 * (a 201 it received) must be there after the crash, whole batches only, and the file must be
 * sound. Elastic Path jobs caught by the crash must carry on after the restart and end.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/server.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import {
  BC_AUTH,
  BC_BASE,
  killAll,
  listAllBigCommerceCodes,
  request,
  sleep,
  startMock,
  type Reply,
} from './mock-process.js';

/** Concurrent clients during the load (the codegen concurrency limit is 10: none gets a 429). */
const WORKERS = 4;
const SEED = 'durability';
/** The BULK coupon promotion every mock seeds. */
const PROMOTION = '1';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-durability-'));
});
afterEach(killAll);
afterAll(async () => {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

function codegen(origin: string, body: Record<string, unknown>): Promise<Reply> {
  return request('POST', `${origin}${BC_BASE}/promotions/${PROMOTION}/codegen`, { headers: BC_AUTH, body, timeoutMs: 10_000 });
}

const codesOf = (reply: Reply): string[] => (reply.body.data.codes as Array<{ code: string }>).map((c) => c.code);
/** Every request gets its own prefix and `-` as delimiter, so a code names its batch. */
const prefixOf = (code: string): string => code.slice(0, code.indexOf('-'));

/** Opens the crashed file set (db, -wal, -shm) as a copy, so recovery runs on the copy only. */
function integrityOfCopy(path: string, copy: string): string {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) copyFileSync(path + suffix, copy + suffix);
  const db = new Database(copy);
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('SQLite state across kill -9 (real CLI processes)', () => {
  it(
    'keeps every acknowledged batch, never half a batch, stays sound, and never repeats a code after the restart',
    async () => {
      const state = join(dir, 'bigcommerce.db');
      const args = ['--state', state, '--vendor', 'bigcommerce', '--seed', SEED];
      const first = await startMock(args);

      // The first batch the seeded generator draws; the restarted mock (same seed) draws it again.
      const seedBatch = await codegen(first.url, { batch_size: 250, prefix: 'SEED', delimiter: '-' });
      expect(seedBatch.status, seedBatch.text).toBe(201);

      const sent = new Map<string, number>([['SEED', 250]]);
      const acknowledged = new Map<string, string[]>([['SEED', codesOf(seedBatch)]]);
      const unexpected: string[] = [];
      let stopping = false;
      let cutOff = 0;

      const worker = async (w: number) => {
        for (let n = 0; !stopping && n < 100_000; n++) {
          const prefix = `W${w}N${String(n).padStart(5, '0')}`;
          const size = 50 + Math.floor(Math.random() * 201);
          sent.set(prefix, size);
          try {
            const reply = await codegen(first.url, { batch_size: size, prefix, delimiter: '-' });
            if (reply.status === 201) acknowledged.set(prefix, codesOf(reply));
            else unexpected.push(`${prefix}: ${reply.status} ${reply.text.slice(0, 200)}`);
          } catch {
            // The server died under this request (or before it): not acknowledged.
            cutOff++;
            return;
          }
        }
      };

      const loadStarted = Date.now();
      const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
      await sleep(1000 + Math.random() * 1000);
      stopping = true;
      await first.kill9();
      const killedAfterMs = Date.now() - loadStarted;
      await Promise.all(workers);
      expect(unexpected).toEqual([]);

      const acknowledgedCodes = new Set([...acknowledged.values()].flat());
      // The file set exactly as the crash left it recovers to a sound database.
      expect(integrityOfCopy(state, join(dir, 'crash-copy.db'))).toBe('ok');

      const restarted = Date.now();
      const second = await startMock(args);
      const listed = await listAllBigCommerceCodes(second.url, PROMOTION);
      const recoveredMs = Date.now() - restarted;

      // Nothing lost: every code of every 201 the client received is there.
      const listedCodes = new Set(listed.codes.map((c) => c.code));
      expect(listedCodes.size).toBe(listed.codes.length);
      expect(listed.total).toBe(listed.codes.length);
      expect([...acknowledgedCodes].filter((code) => !listedCodes.has(code))).toEqual([]);

      // Nothing half-written: per request prefix, all of its batch or none of it.
      const byPrefix = new Map<string, string[]>();
      for (const { code } of listed.codes) {
        const prefix = prefixOf(code);
        byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), code]);
      }
      for (const [prefix, codes] of byPrefix) {
        expect(sent.has(prefix), `code of a prefix never sent: ${codes[0]}`).toBe(true);
        expect(codes.length, `batch ${prefix}`).toBe(sent.get(prefix));
        const told = acknowledged.get(prefix);
        if (told) expect(new Set(codes)).toEqual(new Set(told));
      }
      // Batches written but not acknowledged: only those in flight when the process died.
      const inFlightWritten = [...byPrefix.keys()].filter((prefix) => !acknowledged.has(prefix));
      expect(inFlightWritten.length).toBeLessThanOrEqual(WORKERS);
      const maxIdBefore = listed.codes.reduce((max, c) => Math.max(max, c.id), -Infinity);

      // The replay is real: a fresh mock with the same seed draws exactly the first batch again...
      const fresh = await startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0, seed: SEED });
      try {
        const replay = await codegen(fresh.url, { batch_size: 250, prefix: 'SEED', delimiter: '-' });
        expect(codesOf(replay)).toEqual(acknowledged.get('SEED'));
      } finally {
        await fresh.close();
      }
      // ...so the restarted mock (same seed, same file) drew codes that exist; it must draw again.
      const after: string[] = [];
      const again = await codegen(second.url, { batch_size: 250, prefix: 'SEED', delimiter: '-' });
      expect(again.status, again.text).toBe(201);
      after.push(...codesOf(again));
      // More, re-using the earliest prefixes (the seeded draws repeat in the same order).
      const reused = [...acknowledged.keys()].filter((p) => p !== 'SEED').sort().slice(0, 20);
      for (let i = 0; i < reused.length; i += WORKERS) {
        const replies = await Promise.all(
          reused.slice(i, i + WORKERS).map((prefix) => codegen(second.url, { batch_size: 250, prefix, delimiter: '-' })),
        );
        for (const reply of replies) {
          expect(reply.status, reply.text).toBe(201);
          after.push(...codesOf(reply));
        }
      }
      expect(new Set(after).size).toBe(after.length);
      expect(after.filter((code) => listedCodes.has(code))).toEqual([]);
      const final = await listAllBigCommerceCodes(second.url, PROMOTION);
      expect(final.codes.length).toBe(listed.codes.length + after.length);
      // Ids (sequence numbers) continue after the crash; none is handed out twice.
      const newIds = final.codes.filter((c) => !listedCodes.has(c.code)).map((c) => c.id);
      expect(newIds.reduce((min, id) => Math.min(min, id), Infinity)).toBeGreaterThan(maxIdBefore);
      expect(new Set(final.codes.map((c) => c.id)).size).toBe(final.codes.length);

      await second.stop();
      expect(second.alive()).toBe(false);
      const db = new Database(state, { readonly: true, fileMustExist: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }

      console.info(
        `[durability] killed after ${killedAfterMs} ms of load: ${acknowledged.size} batches ` +
          `(${acknowledgedCodes.size} codes) acknowledged, ${inFlightWritten.length} in-flight batch(es) written whole, ` +
          `${cutOff} request(s) cut off; restart to full listing of ${listed.codes.length} codes in ${recoveredMs} ms ` +
          `(listening after ${second.startMs} ms)`,
      );
    },
    60_000,
  );

  it(
    'Elastic Path jobs pending or processing at a crash carry on after the restart and end, never stuck',
    async () => {
      const state = join(dir, 'elasticpath.db');
      const args = ['--state', state, '--vendor', 'elasticpath', '--job-duration', '3000'];
      const PROMOTION_A = '8c150382-b258-4c88-a2d4-b9ea0be74a07';
      const PROMOTION_B = '5e0b7c1d-3a2f-4e6b-9c8d-7f1a2b3c4d5e';
      const CODES = 300;
      const auth = { authorization: 'Bearer integration-test' };
      const jobsUrl = (origin: string, promotion: string) => `${origin}/v2/rule-promotions/${promotion}/jobs`;
      const createJob = (origin: string, promotion: string) =>
        request('POST', jobsUrl(origin, promotion), {
          headers: auth,
          body: { data: { type: 'promotion_job', job_type: 'code_generate', parameters: { number_of_codes: CODES } } },
        });
      const jobOf = async (origin: string, promotion: string, id: string) => {
        const reply = await request('GET', jobsUrl(origin, promotion), { headers: auth });
        expect(reply.status, reply.text).toBe(200);
        const job = (reply.body.data as Array<{ id: string; status: string; result: { generated: number }; error?: string }>).find(
          (j) => j.id === id,
        );
        expect(job, `job ${id} is listed`).toBeDefined();
        return job!;
      };
      /** Polls the job list until the job is settled; every status seen, in order. */
      const untilEnded = async (origin: string, promotion: string, id: string, deadlineMs = 20_000) => {
        const seen: string[] = [];
        const deadline = Date.now() + deadlineMs;
        for (;;) {
          const job = await jobOf(origin, promotion, id);
          if (seen.at(-1) !== job.status) seen.push(job.status);
          if (job.status === 'completed' || job.status === 'failed') return { job, seen };
          if (Date.now() > deadline) throw new Error(`job ${id} stuck ${job.status} (seen ${seen.join(' -> ')})`);
          await sleep(100);
        }
      };
      const codesOf = async (origin: string, promotion: string) => {
        const codes: Array<{ code: string; created_by?: string }> = [];
        for (let offset = 0; offset < 10_000; ) {
          const reply = await request('GET', `${origin}/v2/rule-promotions/${promotion}/codes?page[limit]=100&page[offset]=${offset}`, {
            headers: auth,
          });
          expect(reply.status, reply.text).toBe(200);
          codes.push(...reply.body.data);
          offset += reply.body.data.length;
          if (reply.body.data.length === 0 || offset >= reply.body.meta.results.total) break;
        }
        return codes;
      };
      const expectEnded = async (origin: string, promotion: string, ended: { job: { id: string; status: string; result: { generated: number }; error?: string } }) => {
        if (ended.job.status === 'failed') {
          expect(ended.job.error, 'a failed job says why').toMatch(/\S/);
          return;
        }
        expect(ended.job.result.generated).toBe(CODES);
        const codes = await codesOf(origin, promotion);
        expect(codes.filter((c) => c.created_by === ended.job.id)).toHaveLength(CODES);
        expect(new Set(codes.map((c) => c.code.toLowerCase())).size).toBe(codes.length);
      };

      // 1. Killed right after the job was created (pending).
      const first = await startMock(args);
      const pending = await createJob(first.url, PROMOTION_A);
      expect(pending.status, pending.text).toBe(201);
      expect(pending.body.data.status).toBe('pending');
      await first.kill9();

      const second = await startMock(args);
      const endedA = await untilEnded(second.url, PROMOTION_A, pending.body.data.id);
      await expectEnded(second.url, PROMOTION_A, endedA);

      // 2. Killed while the job is processing, with part of its codes written.
      const processing = await createJob(second.url, PROMOTION_B);
      expect(processing.status, processing.text).toBe(201);
      const jobB = processing.body.data.id as string;
      let caught: { status: string; result: { generated: number } } | undefined;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
        const job = await jobOf(second.url, PROMOTION_B, jobB);
        if (job.status === 'processing' && job.result.generated > 0) {
          caught = job;
          break;
        }
        if (job.status !== 'pending' && job.status !== 'processing') break;
      }
      expect(caught, 'the job was caught processing').toBeDefined();
      await second.kill9();

      const third = await startMock(args);
      const endedB = await untilEnded(third.url, PROMOTION_B, jobB);
      await expectEnded(third.url, PROMOTION_B, endedB);
      // The first job is still settled, and the slots the crashed jobs held are free again.
      expect((await jobOf(third.url, PROMOTION_A, pending.body.data.id)).status).toBe(endedA.job.status);
      for (const promotion of [PROMOTION_A, PROMOTION_B]) expect((await createJob(third.url, promotion)).status).toBe(201);
      await third.stop();

      console.info(
        `[durability] elasticpath: job killed pending ended ${endedA.seen.join(' -> ')} after restart; ` +
          `job killed processing at ${caught?.result.generated}/${CODES} codes ended ${endedB.seen.join(' -> ')}`,
      );
    },
    60_000,
  );
});
