/**
 * One world per BigCommerce store hash, on the real mock server (real port, real Prism): a code
 * made under /stores/aaa/v3 does not exist under /stores/bbb/v3, concurrency limits count per
 * store, a store first seen is seeded lazily and once, and the fixtures file may seed stores
 * apart. The isolation runs on every state backend, since the store hash is part of the keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadSpec } from '../../src/openapi/load.js';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { openRedisStore } from '../../src/store/redis.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { bigcommercePlugin } from '../../src/vendors/bigcommerce/plugin.js';
import { worldOf } from '../../src/vendors/bigcommerce/stores.js';
import { REDIS_SERVER_MISSING, redisServerAvailable, startRedisServer, type RedisServer } from '../support/redis-server.js';

const spec = loadSpec('bigcommerce');
const validator = createSpecValidator(spec);
const DEFAULT_STORE = spec.serverVariables.store_hash as string;
const CODEGEN_LIMIT = Number(spec.operation('generateCouponCodes').concurrencyLimit);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: any;
}

/** Calls one store of the mock and checks the answer against the spec for the operation. */
async function call(server: MockServer, storeHash: string, operationId: string, path: string, body?: unknown): Promise<Answer> {
  const operation = spec.operation(operationId);
  const headers: Record<string, string> = { accept: 'application/json', 'x-auth-token': 'test-token' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/stores/${encodeURIComponent(storeHash)}/v3${path}`, {
    method: operation.method.toUpperCase(),
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  const documented = operation.responses[String(response.status)];
  expect(documented, `${operationId} answered ${response.status}, which it does not document: ${text}`).toBeDefined();
  if (documented?.schemaPointer) expect(validator.validate(documented.schemaPointer, parsed)).toEqual([]);
  return { status: response.status, body: parsed };
}

const create = (server: MockServer, storeHash: string, code: string, promotion = '2') =>
  call(server, storeHash, 'createCouponCode', `/promotions/${promotion}/codes`, { code });
const list = (server: MockServer, storeHash: string, promotion = '2') => call(server, storeHash, 'listCouponCodes', `/promotions/${promotion}/codes`);
const byCode = (server: MockServer, storeHash: string, code: string) =>
  call(server, storeHash, 'getCouponCodeByCode', `/promotions/codes?code=${encodeURIComponent(code)}`);
const codesIn = async (server: MockServer, storeHash: string, promotion = '2') =>
  ((await list(server, storeHash, promotion)).body.data as Array<{ code: string }>).map((c) => c.code);

/** Every backend the mock can keep state in; Redis only where redis-server is installed. */
const backends: Array<{ name: string; open: () => Promise<Store> | Store; skip?: boolean }> = [];
const dir = mkdtempSync(join(tmpdir(), 'bigcommerce-stores-'));
let redis: RedisServer | undefined;
const redisAvailable = redisServerAvailable();
if (!redisAvailable && process.env.CI) throw new Error(`${REDIS_SERVER_MISSING} (required when CI is set)`);
backends.push({ name: 'memory', open: () => createMemoryStore() });
backends.push({ name: 'sqlite', open: () => openSqliteStore(join(dir, `state-${backends.length}-${Date.now()}.db`)) });
backends.push({ name: 'redis', open: () => openRedisStore((redis as RedisServer).url), skip: !redisAvailable });

beforeAll(async () => {
  if (redisAvailable) redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)('BigCommerce: one world per store hash ($name store)', ({ open, skip }) => {
  let server: MockServer;
  beforeAll(async () => {
    if (skip) return;
    const store = await open();
    await store.reset();
    server = await startMockServer({ plugins: [bigcommercePlugin], store, port: 0 });
  });
  afterAll(() => server?.close());

  it.skipIf(skip)('a code made in store aaa is not listed, found or deletable in store bbb', async () => {
    const made = await create(server, 'aaa', 'ONLY-IN-AAA');
    expect(made.status).toBe(201);
    const id = made.body.data.id as number;

    expect(await codesIn(server, 'bbb')).toEqual([]);
    expect((await byCode(server, 'bbb', 'ONLY-IN-AAA')).body.data).toEqual([]);
    const filtered = await call(server, 'bbb', 'listCouponCodes', '/promotions/2/codes?code=ONLY-IN-AAA');
    expect(filtered.body.data).toEqual([]);

    // Every way of deleting, tried in bbb: each answers as for a code that is not there...
    expect((await call(server, 'bbb', 'deleteCouponCode', `/promotions/2/codes/${id}`)).status).toBe(204);
    expect((await call(server, 'bbb', 'deleteCouponCodes', `/promotions/2/codes?id:in=${id}`)).status).toBe(204);
    expect((await call(server, 'bbb', 'deleteCouponCodeByCode', '/promotions/codes?code=ONLY-IN-AAA')).status).toBe(204);
    // ...and the code is still in aaa.
    expect(await codesIn(server, 'aaa')).toEqual(['ONLY-IN-AAA']);
    expect((await byCode(server, 'aaa', 'ONLY-IN-AAA')).body.data.map((c: { id: number }) => c.id)).toEqual([id]);
  });

  it.skipIf(skip)('codes are unique per store: the same text is created in two stores, and deleted in one only', async () => {
    expect((await create(server, 'ccc', 'SAME-TEXT')).status).toBe(201);
    expect((await create(server, 'ddd', 'SAME-TEXT')).status).toBe(201);
    expect((await create(server, 'ddd', 'SAME-TEXT')).status).toBe(422);
    expect((await call(server, 'ccc', 'deleteCouponCodeByCode', '/promotions/codes?code=SAME-TEXT')).status).toBe(204);
    expect(await codesIn(server, 'ccc')).toEqual([]);
    expect(await codesIn(server, 'ddd')).toEqual(['SAME-TEXT']);
  });

  it.skipIf(skip)('a store hash with a colon or an encoded character is a store of its own', async () => {
    expect((await create(server, 'e:f', 'COLON')).status).toBe(201);
    expect(await codesIn(server, 'e')).toEqual([]);
    expect(await codesIn(server, 'e%3Af')).toEqual([]);
    expect(await codesIn(server, 'e:f')).toEqual(['COLON']);
  });

  it.skipIf(skip)('a store first seen is seeded alike with the default promotions', async () => {
    const fresh = `fresh${Date.now()}`;
    expect((await call(server, fresh, 'generateCouponCodes', '/promotions/1/codegen', { batch_size: 2 })).status).toBe(201);
    expect((await call(server, fresh, 'generateCouponCodes', '/promotions/2/codegen', { batch_size: 2 })).status).toBe(405);
    expect((await create(server, fresh, 'ON-AUTOMATIC', '3')).status).toBe(422);
    expect((await list(server, fresh, '4')).status).toBe(404);
  });
});

/** Promotion 7 everywhere, except store `special`, seeded apart with promotion 9 alone. */
const SEEDED_APART = {
  bigcommerce: {
    promotions: [{ id: 7, redemption_type: 'COUPON', coupon_type: 'BULK' }],
    stores: { special: { promotions: [{ id: 9, name: 'Only here', redemption_type: 'COUPON', coupon_type: 'SINGLE' }] } },
  },
};

describe('BigCommerce stores: seeding, fixtures, admin and limits', () => {
  it('seeds a new store once, however many requests arrive for it at the same time', async () => {
    const store = createMemoryStore();
    // Each document write yields, so concurrent first requests really interleave their seeding.
    const slow: Store = { ...store, replaceDoc: async (...args) => (await sleep(5), store.replaceDoc(...args)) };
    const server = await startMockServer({ plugins: [bigcommercePlugin], store: slow, port: 0 });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => create(server, 'burst', `BURST-${i}`)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
      expect(await codesIn(server, 'burst')).toHaveLength(20);
      const promotions = await store.listDocs<{ id: string }>(worldOf('burst').promotionKind);
      expect(promotions.map((p) => p.id).sort()).toEqual(['1', '2', '3']);
    } finally {
      await server.close();
    }
  });

  it('seeds the stores a fixtures file names apart; every other store gets its promotions', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0, fixtures: SEEDED_APART });
    try {
      expect(server.vendors[0]?.owners).toEqual([{ id: '7', kind: 'BULK coupon', name: expect.any(String) }]);
      expect((await list(server, 'special', '9')).status).toBe(200);
      expect((await list(server, 'special', '7')).status).toBe(404);
      expect((await list(server, 'anyother', '7')).status).toBe(200);
      expect((await list(server, 'anyother', '9')).status).toBe(404);
      expect((await list(server, DEFAULT_STORE, '7')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("the mock's page shows each store's own promotions, not the default store's", async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0, fixtures: SEEDED_APART });
    const ownersOnPage = async (tenant: string) => {
      const answer = await fetch(`${server.url}/__mock/ui/api/state?vendor=bigcommerce&tenant=${tenant}`);
      expect(answer.status).toBe(200);
      return ((await answer.json()) as { owners: Array<{ id: string }> }).owners.map((o) => o.id);
    };
    try {
      expect(await ownersOnPage('special')).toEqual(['9']);
      expect(await ownersOnPage(DEFAULT_STORE)).toEqual(['7']);
      const added = await fetch(`${server.url}/__mock/bigcommerce/promotions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ store_hash: 'shop2', redemption_type: 'COUPON', coupon_type: 'BULK' }),
      });
      expect(added.status).toBe(201);
      expect(await ownersOnPage('shop2')).toEqual(['7', '8']);
      expect(await ownersOnPage('anyother')).toEqual(['7']);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['stores that is not a map', { stores: [] }],
    ['a store without promotions', { stores: { aaa: {} } }],
    ['a store with an unknown section', { stores: { aaa: { promotions: [], codes: [] } } }],
    ['a store hash with a slash', { stores: { 'a/b': { promotions: [] } } }],
    ['a bad promotion in a store', { stores: { aaa: { promotions: [{ id: 1, redemption_type: 'MANUAL' }] } } }],
  ])('refuses fixtures with %s', async (_what, section) => {
    await expect(startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0, fixtures: { bigcommerce: section } })).rejects.toThrow(
      /bigcommerce fixtures: stores/,
    );
  });

  it('the admin API adds a promotion to the store it names, which seeding never overwrites; reset forgets lazily seeded stores', async () => {
    const server = await startMockServer({ plugins: [bigcommercePlugin], store: createMemoryStore(), port: 0 });
    try {
      const admin = (input: unknown) =>
        fetch(`${server.url}/__mock/bigcommerce/promotions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      // Promotion 1 of a store never seen: the store is seeded first, so the id is taken.
      expect((await admin({ store_hash: 'shop', id: 1, redemption_type: 'AUTOMATIC' })).status).toBe(400);
      const added = await admin({ store_hash: 'shop', redemption_type: 'COUPON', coupon_type: 'BULK' });
      expect(added.status).toBe(201);
      const { id } = (await added.json()) as { id: string };
      expect(id).toBe('4');
      expect((await list(server, 'shop', id)).status).toBe(200);
      expect((await list(server, 'othershop', id)).status).toBe(404);
      expect((await admin({ store_hash: '', redemption_type: 'COUPON' })).status).toBe(400);

      expect((await create(server, 'shop', 'BEFORE-RESET')).status).toBe(201);
      await server.reset();
      expect(await codesIn(server, 'shop')).toEqual([]);
      expect((await list(server, 'shop', id)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('counts concurrent requests per store: a full store answers 429 while another store is served', async () => {
    const store = createMemoryStore();
    // 300 ms per insert, as a remote backend might take, so the requests overlap in their slots.
    const slow: Store = { ...store, insertCodes: async (...args) => (await sleep(300), store.insertCodes(...args)) };
    const server = await startMockServer({ plugins: [bigcommercePlugin], store: slow, port: 0 });
    try {
      const generate = (storeHash: string) => call(server, storeHash, 'generateCouponCodes', '/promotions/1/codegen', { batch_size: 1 });
      const filling = Array.from({ length: CODEGEN_LIMIT }, () => generate('busy'));
      await sleep(100);
      const [overBusy, inQuiet] = await Promise.all([generate('busy'), generate('quiet')]);
      expect(overBusy.status).toBe(429);
      expect(inQuiet.status).toBe(201);
      expect((await Promise.all(filling)).map((a) => a.status)).toEqual(filling.map(() => 201));
    } finally {
      await server.close();
    }
  });
});
