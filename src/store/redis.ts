import { randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import { codeDataParser, codeDataSerializer, keyOf, vendorOfScope } from './codes.js';
import type { StoreDump } from './dump.js';
import { StoreOpenError, StoreUnavailableError } from './errors.js';
import { canonicalJson } from './json.js';
import { defineScripts, type ScriptedRedis } from './redis-scripts.js';
import type { CodeData, DumpOptions, Store, StoredCode } from './types.js';

export interface RedisStoreOptions {
  /** Every key of the store starts with this; `reset` deletes only these. */
  keyPrefix?: string;
  /** How long a request counted by `acquire` may stay counted if its instance dies without releasing it. */
  inFlightTtlMs?: number;
  connectTimeoutMs?: number;
  /** A command that gets no answer in this time fails as unavailable (a hung server, not a slow one). */
  commandTimeoutMs?: number;
}

const DEFAULTS = {
  keyPrefix: 'coupon-contracts:',
  inFlightTtlMs: 60_000,
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 10_000,
} satisfies Required<RedisStoreOptions>;

/** Replies that mean "not now" rather than "wrong": the server is starting, busy or failing over. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * State in Redis, shared by every mock instance pointing at it. Each Store call that must be
 * atomic is one Lua script (see redis-scripts.ts for the key layout).
 *
 * Opening fails fast (StoreOpenError) if Redis cannot be reached. Once open, a call made while
 * Redis is away rejects at once with StoreUnavailableError (no offline queue, no resending),
 * and the client keeps reconnecting in the background.
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const { keyPrefix: prefix, inFlightTtlMs, connectTimeoutMs, commandTimeoutMs } = { ...DEFAULTS, ...options };
  const shownUrl = redactUrl(url);
  let connectedOnce = false;
  let redis: ScriptedRedis;
  try {
    redis = defineScripts(
      new Redis(url, {
        lazyConnect: true,
        connectTimeout: connectTimeoutMs,
        commandTimeout: commandTimeoutMs,
        // Calls fail fast while disconnected instead of queueing; the mock answers 503.
        enableOfflineQueue: false,
        // A command cut off by a disconnect fails now rather than being resent later, when the
        // caller has long been answered (and a resent insert could run twice).
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        // At startup one attempt (the caller reports the error); once connected, retry forever.
        retryStrategy: (attempt) => (connectedOnce ? Math.min(attempt * 100, 2_000) : null),
      }),
    );
  } catch (error) {
    throw new StoreOpenError(`cannot open Redis store at ${shownUrl}: ${firstLine(error)}`);
  }
  // Errors reach the callers through rejected calls; without a listener ioredis would log each one.
  // The last one is kept: a failed connect rejects with only "Connection is closed.", while the
  // socket's error says why (ECONNREFUSED, ETIMEDOUT, ENOTFOUND...).
  let socketError: unknown;
  redis.on('error', (error: unknown) => {
    socketError = error;
  });
  // ioredis's connectTimeout covers the TCP handshake only; a peer that accepts the connection and
  // never answers the ready check would keep connect() pending for ever. The whole open has a deadline.
  let deadline: NodeJS.Timeout | undefined;
  const silent = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
  });
  try {
    const connecting = redis.connect();
    connecting.catch(() => {}); // once the deadline has won, its rejection is no one's business
    await Promise.race([connecting, silent]);
    connectedOnce = true;
  } catch (error) {
    redis.disconnect();
    throw new StoreOpenError(`cannot connect to Redis at ${shownUrl}: ${firstLine(socketError ?? error)}`);
  } finally {
    clearTimeout(deadline);
  }

  const k = {
    codes: (scope: string) => `${prefix}code:${scope}`,
    order: (scope: string) => `${prefix}order:${scope}`,
    lastSeq: (vendor: string) => `${prefix}lastseq:${vendor}`,
    scopes: `${prefix}scopes`,
    doc: (kind: string) => `${prefix}doc:${kind}`,
    slots: `${prefix}slots`,
    counters: `${prefix}counters`,
    inFlight: (counter: string) => `${prefix}inflight:${counter}`,
  };

  /** Tokens of this instance's requests in flight, per counter (`releaseAcquired` gives one back). */
  const myInFlight = new Map<string, string[]>();
  const instance = randomUUID();
  let tokenCount = 0;

  /** Runs a Redis operation, turning "Redis is not there" into StoreUnavailableError. */
  async function call<T>(operation: () => Promise<T>): Promise<T> {
    if (redis.status !== 'ready') {
      throw new StoreUnavailableError(`Redis at ${shownUrl} is unavailable (${redis.status})`);
    }
    try {
      return await operation();
    } catch (error) {
      if (error instanceof ReplyError && !TRANSIENT_REPLY.test((error as Error).message)) throw error;
      throw new StoreUnavailableError(`Redis at ${shownUrl} is unavailable: ${firstLine(error)}`);
    }
  }

  async function scan(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }

  async function listAll(scope: string, parse: (json: string) => CodeData): Promise<StoredCode[]> {
    const records = await redis.ccListCodes(k.codes(scope), k.order(scope), '-inf', '+inf', 0, -1, 'up');
    return decodeRecords(records, parse);
  }

  return {
    kind: 'redis',

    insertCodes: (scope, batch, mode) =>
      call(async () => {
        const serialize = codeDataSerializer();
        const argv: string[] = [mode, scope];
        for (const code of batch) argv.push(keyOf(code), encodePayload(code.code, serialize(code.data)));
        const [first, written, conflicts] = await redis.ccInsertCodes(
          k.codes(scope),
          k.order(scope),
          k.lastSeq(vendorOfScope(scope)),
          k.scopes,
          ...argv,
        );
        const parse = codeDataParser();
        const inserted = written.map((index, n) => {
          const code = batch[index]!;
          return { seq: first + n, code: code.code, data: parse(serialize(code.data)) };
        });
        return { inserted, conflicts };
      }),

    getCode: (scope, seq) =>
      call(async () => {
        const record = await redis.ccGetCode(k.codes(scope), k.order(scope), seq);
        return record === null ? undefined : decodeRecord(record, codeDataParser());
      }),

    findCode: (scope, key) =>
      call(async () => {
        const record = await redis.hget(k.codes(scope), key);
        return record === null ? undefined : decodeRecord(record, codeDataParser());
      }),

    findCodeInAnyScope: (scopePrefix, key) =>
      call(async () => {
        const found = await redis.ccFindInAnyScope(k.scopes, scopePrefix, k.codes(''), key);
        if (!found) return undefined;
        return { scope: found[0], code: decodeRecord(found[1], codeDataParser()) };
      }),

    listCodes: (scope, { afterSeq, beforeSeq, offset = 0, limit }) =>
      call(async () => {
        if (limit <= 0) return [];
        const min = afterSeq === undefined ? '-inf' : `(${afterSeq}`;
        const max = beforeSeq === undefined ? '+inf' : `(${beforeSeq}`;
        // beforeSeq: walk down from the cursor, then give the rows back in ascending order.
        const direction = beforeSeq === undefined ? 'up' : 'down';
        const records = await redis.ccListCodes(k.codes(scope), k.order(scope), min, max, offset, limit, direction);
        const rows = decodeRecords(records, codeDataParser());
        return direction === 'down' ? rows.reverse() : rows;
      }),

    countCodes: (scope) => call(() => redis.hlen(k.codes(scope))),

    deleteCodes: (scope, seqs) => call(() => redis.ccDeleteBySeq(k.codes(scope), k.order(scope), ...seqs)),

    deleteCodesByKey: (scope, keys) =>
      call(async () => {
        const records = await redis.ccDeleteByKey(k.codes(scope), k.order(scope), ...keys);
        return decodeRecords(records, codeDataParser());
      }),

    clearCodes: (scope) =>
      call(async () => {
        await redis.multi().del(k.codes(scope), k.order(scope)).srem(k.scopes, scope).exec();
      }),

    getDoc: <T>(kind: string, id: string) =>
      call(async () => {
        const json = await redis.hget(k.doc(kind), id);
        return json === null ? undefined : (JSON.parse(json) as T);
      }),

    putDoc: (kind, id, doc) =>
      call(async () => {
        await redis.hset(k.doc(kind), id, canonicalJson(doc));
      }),

    replaceDoc: (kind, id, expected, next) =>
      call(async () => {
        // '' stands for "absent": canonical JSON is never empty.
        const expectedJson = expected === undefined ? '' : canonicalJson(expected);
        return (await redis.ccReplaceDoc(k.doc(kind), id, expectedJson, canonicalJson(next))) === 1;
      }),

    listDocs: <T>(kind: string) =>
      call(async () => (await redis.hvals(k.doc(kind))).map((json) => JSON.parse(json) as T)),

    deleteDoc: (kind, id) => call(async () => (await redis.hdel(k.doc(kind), id)) === 1),

    claim: (slot, holder) => call(async () => (await redis.ccClaim(k.slots, slot, holder)) === 1),

    release: (slot, holder) =>
      call(async () => {
        await redis.ccRelease(k.slots, slot, holder);
      }),

    acquire: (counter, limit) =>
      call(async () => {
        const token = `${instance}:${++tokenCount}`;
        const admitted = (await redis.ccAcquire(k.inFlight(counter), limit, token, inFlightTtlMs)) === 1;
        if (admitted) {
          const tokens = myInFlight.get(counter) ?? [];
          tokens.push(token);
          myInFlight.set(counter, tokens);
        }
        return admitted;
      }),

    releaseAcquired: async (counter) => {
      const token = myInFlight.get(counter)?.pop();
      if (token === undefined) return; // more releases than acquires: nothing of ours to free
      await call(() => redis.zrem(k.inFlight(counter), token));
    },

    nextValue: (counter) => call(() => redis.hincrby(k.counters, counter, 1)),

    reset: () =>
      call(async () => {
        const keys = await scan(`${escapeGlob(prefix)}*`);
        for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
        myInFlight.clear();
      }),

    codeScopes: () =>
      call(async () => {
        const scopes: string[] = [];
        for (const scope of (await redis.smembers(k.scopes)).sort()) if ((await redis.hlen(k.codes(scope))) > 0) scopes.push(scope);
        return scopes;
      }),

    docCounts: () =>
      call(async () => {
        const counts: Record<string, number> = {};
        for (const key of await scan(`${escapeGlob(k.doc(''))}*`)) {
          const count = await redis.hlen(key);
          if (count > 0) counts[key.slice(k.doc('').length)] = count;
        }
        return counts;
      }),

    dump: (options?: DumpOptions) =>
      call(async (): Promise<StoreDump> => {
        const parse = codeDataParser();
        const codes: StoreDump['codes'] = {};
        for (const scope of options?.codes === false ? [] : (await redis.smembers(k.scopes)).sort()) {
          const rows = await listAll(scope, parse);
          if (rows.length > 0) codes[scope] = rows;
        }
        const seqs: StoreDump['seqs'] = {};
        for (const key of await scan(`${escapeGlob(k.lastSeq(''))}*`)) {
          seqs[key.slice(k.lastSeq('').length)] = Number(await redis.get(key));
        }
        const docs: StoreDump['docs'] = {};
        for (const key of await scan(`${escapeGlob(k.doc(''))}*`)) {
          const byId = await redis.hgetall(key);
          docs[key.slice(k.doc('').length)] = Object.fromEntries(
            Object.entries(byId).map(([id, json]) => [id, JSON.parse(json) as unknown]),
          );
        }
        const inFlight: StoreDump['inFlight'] = {};
        const now = Date.now();
        for (const key of await scan(`${escapeGlob(k.inFlight(''))}*`)) {
          const count = await redis.zcount(key, `(${now}`, '+inf');
          if (count > 0) inFlight[key.slice(k.inFlight('').length)] = count;
        }
        const counters = Object.fromEntries(
          Object.entries(await redis.hgetall(k.counters)).map(([name, value]) => [name, Number(value)]),
        );
        return { kind: 'redis', seqs, codes, docs, slots: await redis.hgetall(k.slots), counters, inFlight };
      }),

    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * A code's payload in its record "<seq>|<payload>": "<code length>|<code><data JSON>". The
 * length prefix lets any code text through; keeping the data JSON verbatim lets the codes of
 * a batch share one parsed data object when read back.
 */
function encodePayload(code: string, dataJson: string): string {
  return `${code.length}|${code}${dataJson}`;
}

function decodeRecord(record: string, parse: (json: string) => CodeData): StoredCode {
  const seqEnd = record.indexOf('|');
  const lengthEnd = record.indexOf('|', seqEnd + 1);
  const codeStart = lengthEnd + 1;
  const codeEnd = codeStart + Number(record.slice(seqEnd + 1, lengthEnd));
  return {
    seq: Number(record.slice(0, seqEnd)),
    code: record.slice(codeStart, codeEnd),
    data: parse(record.slice(codeEnd)),
  };
}

function decodeRecords(records: readonly (string | null)[], parse: (json: string) => CodeData): StoredCode[] {
  return records.filter((record): record is string => record !== null).map((record) => decodeRecord(record, parse));
}

/** Escapes glob characters so a SCAN pattern matches the prefix literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || (error instanceof Error ? error.name : 'unknown error');
}
