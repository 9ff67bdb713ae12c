import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreOpenError, StoreUnavailableError } from '../../src/store/errors.js';
import { openRedisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/types.js';
import { REDIS_SERVER_MISSING, type RedisServer, redisServerAvailable, startRedisServer } from '../support/redis-server.js';
import { describeStoreConformance } from './conformance.js';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';

const available = redisServerAvailable();
if (!available && process.env.CI) throw new Error(`${REDIS_SERVER_MISSING} (required when CI is set)`);
if (!available) console.warn(`Skipping the Redis store tests: ${REDIS_SERVER_MISSING}`);

describe.skipIf(!available)('Redis store', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeStoreConformance('redis', () => openRedisStore(server.url));

  it('reset deletes only the keys under its prefix', async () => {
    const ours = await openRedisStore(server.url, { keyPrefix: 'test-a:' });
    const theirs = await openRedisStore(server.url, { keyPrefix: 'test-b:' });
    await ours.insertCodes('bigcommerce:1', [{ code: 'A', data: {} }], 'all-or-nothing');
    await theirs.insertCodes('bigcommerce:1', [{ code: 'A', data: {} }], 'all-or-nothing');
    await theirs.putDoc('k', 'a', { v: 1 });
    await ours.reset();
    expect(await ours.countCodes('bigcommerce:1')).toBe(0);
    expect(await theirs.countCodes('bigcommerce:1')).toBe(1);
    expect(await theirs.getDoc('k', 'a')).toEqual({ v: 1 });
    await theirs.reset();
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('two instances on one Redis share state and limits', async () => {
    const a = await openRedisStore(server.url, { keyPrefix: 'test-shared:' });
    const b = await openRedisStore(server.url, { keyPrefix: 'test-shared:' });
    await a.reset();
    const results = await Promise.all([
      a.insertCodes('bigcommerce:1', [{ code: 'X', data: {} }], 'all-or-nothing'),
      b.insertCodes('bigcommerce:1', [{ code: 'X', data: {} }], 'all-or-nothing'),
    ]);
    expect(results.filter((result) => result.inserted.length === 1)).toHaveLength(1);
    expect(await a.acquire('c', 2)).toBe(true);
    expect(await b.acquire('c', 2)).toBe(true);
    expect(await a.acquire('c', 2)).toBe(false);
    await b.releaseAcquired('c');
    expect(await a.acquire('c', 2)).toBe(true);
    expect(await a.claim('slot', 'a')).toBe(true);
    expect(await b.claim('slot', 'b')).toBe(false);
    await a.reset();
    await Promise.all([a.close(), b.close()]);
  });

  it('a request counted by an instance that died stops counting after the TTL', async () => {
    const crashed = await openRedisStore(server.url, { keyPrefix: 'test-ttl:', inFlightTtlMs: 200 });
    await crashed.reset();
    expect(await crashed.acquire('c', 1)).toBe(true);
    await crashed.close(); // never released
    const survivor = await openRedisStore(server.url, { keyPrefix: 'test-ttl:', inFlightTtlMs: 200 });
    expect(await survivor.acquire('c', 1)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await survivor.acquire('c', 1)).toBe(true);
    await survivor.reset();
    await survivor.close();
  });

  it('keeps codes of any text, data JSON intact', async () => {
    const store = await openRedisStore(server.url, { keyPrefix: 'test-text:' });
    await store.reset();
    const odd = ['a|b', '12|x', '{"json":1}', 'ünïcødé🎟', ' spaced '];
    const data = { note: 'x|y', nested: { big: 12345678901234, float: 0.1 } };
    const { inserted } = await store.insertCodes('shoplazza:1', odd.map((code) => ({ code, data })), 'all-or-nothing');
    expect(inserted.map((row) => row.code)).toEqual(odd);
    const listed = await store.listCodes('shoplazza:1', { limit: 10 });
    expect(listed.map((row) => row.code)).toEqual(odd);
    expect(listed.every((row) => JSON.stringify(row.data) === JSON.stringify(data))).toBe(true);
    await store.reset();
    await store.close();
  });

  describe('when Redis goes away', () => {
    let store: Store;

    it('calls reject with StoreUnavailableError while Redis is down, and work again once it is back', async () => {
      store = await openRedisStore(server.url, { keyPrefix: 'test-outage:' });
      await store.reset();
      await store.putDoc('k', 'a', { v: 1 });

      await server.kill();
      await expect(store.getDoc('k', 'a')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.insertCodes('bigcommerce:1', [{ code: 'A', data: {} }], 'all-or-nothing')).rejects.toThrow(
        /Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/,
      );

      await server.restart();
      // The client reconnects on its own (backoff up to 2 s); the server came back empty.
      await expect.poll(() => store.getDoc('k', 'a').catch((error: Error) => error.name), { timeout: 5_000 }).toBeUndefined();
      const { inserted } = await store.insertCodes('bigcommerce:1', [{ code: 'A', data: {} }], 'all-or-nothing');
      expect(inserted).toHaveLength(1);
      await store.close();
    }, 15_000);
  });
});

describe('Redis store: opening', () => {
  it('an unreachable Redis fails fast with one line naming the URL', async () => {
    const url = 'redis://127.0.0.1:1';
    const started = Date.now();
    const error = await openRedisStore(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).not.toContain('\n');
    // Says why, not only ioredis' "Connection is closed.".
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('a peer that accepts the connection but never answers fails after the connect timeout', async () => {
    // A silent server on loopback (tests send traffic to 127.0.0.1 only): it takes the TCP
    // connection and never says a word, as a hung Redis would.
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const error = await openRedisStore(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('does not show a password of the URL', async () => {
    const error = await openRedisStore('redis://user:secret@127.0.0.1:1').catch((e: unknown) => e);
    expect((error as Error).message).not.toContain('secret');
    expect((error as Error).message).toContain('127.0.0.1:1');
  });
});
