import type { Redis } from 'ioredis';

/**
 * The Lua scripts of the Redis store: each runs atomically on the server, which is what makes a
 * Store call atomic across mock instances sharing one Redis.
 *
 * Layout (every key under the store's prefix P):
 *   P code:<scope>     HASH  uniqueness key -> record "<seq>|<payload>" (payload: see redis.ts)
 *   P order:<scope>    ZSET  uniqueness key scored by seq, for paging and lookups by seq
 *   P lastseq:<vendor> STRING last sequence number allocated to the vendor
 *   P scopes           SET   scopes that have (or had) codes, for findCodeInAnyScope and dump
 *   P doc:<kind>       HASH  id -> canonical JSON
 *   P slots            HASH  slot -> holder
 *   P counters         HASH  name -> last value
 *   P inflight:<name>  ZSET  token -> expiry time (ms), one member per request in flight
 */

/** Largest number of arguments handed to one `unpack` (Lua's C stack holds ~8000). */
const UNPACK_CHUNK = 1000;

const hmgetChunked = `
local function hmget_all(hash, fields)
  local out = {}
  for start = 1, #fields, ${UNPACK_CHUNK} do
    local values = redis.call('HMGET', hash, unpack(fields, start, math.min(start + ${UNPACK_CHUNK - 1}, #fields)))
    for _, value in ipairs(values) do out[#out + 1] = value end
  end
  return out
end
`;

export const SCRIPTS = {
  /**
   * KEYS: code hash, order zset, vendor lastseq, scopes set.
   * ARGV: mode, scope, then (key, payload) pairs.
   * Returns {first seq, batch indexes written, conflicting keys}. The checks, the seq allocation
   * (one INCRBY for the batch) and the writes happen in one script, for both modes.
   */
  ccInsertCodes: {
    numberOfKeys: 4,
    lua: `
local codes, order, lastseq, scopes = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local seen, conflicted, accepted, conflicts = {}, {}, {}, {}
for i = 3, #ARGV, 2 do
  local key = ARGV[i]
  if seen[key] or redis.call('HEXISTS', codes, key) == 1 then
    if not conflicted[key] then
      conflicted[key] = true
      conflicts[#conflicts + 1] = key
    end
  else
    seen[key] = true
    accepted[#accepted + 1] = i
  end
end
if #accepted == 0 or (ARGV[1] == 'all-or-nothing' and #conflicts > 0) then
  return {0, {}, conflicts}
end
local first = redis.call('INCRBY', lastseq, #accepted) - #accepted + 1
local written = {}
for n, i in ipairs(accepted) do
  local seq = first + n - 1
  redis.call('HSET', codes, ARGV[i], seq .. '|' .. ARGV[i + 1])
  redis.call('ZADD', order, seq, ARGV[i])
  written[n] = (i - 3) / 2
end
redis.call('SADD', scopes, ARGV[2])
return {first, written, conflicts}
`,
  },

  /** KEYS: code hash, order zset. ARGV: min, max (ZRANGEBYSCORE bounds), offset, limit, 'up' | 'down'. */
  ccListCodes: {
    numberOfKeys: 2,
    readOnly: true,
    lua: `${hmgetChunked}
local keys
if ARGV[5] == 'down' then
  keys = redis.call('ZREVRANGEBYSCORE', KEYS[2], ARGV[2], ARGV[1], 'LIMIT', ARGV[3], ARGV[4])
else
  keys = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], ARGV[2], 'LIMIT', ARGV[3], ARGV[4])
end
return hmget_all(KEYS[1], keys)
`,
  },

  /** KEYS: code hash, order zset. ARGV: seq. Returns the record or nil. */
  ccGetCode: {
    numberOfKeys: 2,
    readOnly: true,
    lua: `
local key = redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[1], ARGV[1])[1]
if not key then return false end
return redis.call('HGET', KEYS[1], key)
`,
  },

  /** KEYS: scopes set. ARGV: scope prefix, code hash key prefix, key. Returns {scope, record} or nil. */
  ccFindInAnyScope: {
    numberOfKeys: 1,
    readOnly: true,
    lua: `
local prefix = ARGV[1]
for _, scope in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if string.sub(scope, 1, #prefix) == prefix then
    local record = redis.call('HGET', ARGV[2] .. scope, ARGV[3])
    if record then return {scope, record} end
  end
end
return false
`,
  },

  /** KEYS: code hash, order zset. ARGV: seqs. Returns the seqs deleted. */
  ccDeleteBySeq: {
    numberOfKeys: 2,
    lua: `
local deleted = {}
for _, seq in ipairs(ARGV) do
  local key = redis.call('ZRANGEBYSCORE', KEYS[2], seq, seq)[1]
  if key then
    redis.call('HDEL', KEYS[1], key)
    redis.call('ZREM', KEYS[2], key)
    deleted[#deleted + 1] = tonumber(seq)
  end
end
return deleted
`,
  },

  /** KEYS: code hash, order zset. ARGV: keys. Returns the records deleted. */
  ccDeleteByKey: {
    numberOfKeys: 2,
    lua: `
local deleted = {}
for _, key in ipairs(ARGV) do
  local record = redis.call('HGET', KEYS[1], key)
  if record then
    redis.call('HDEL', KEYS[1], key)
    redis.call('ZREM', KEYS[2], key)
    deleted[#deleted + 1] = record
  end
end
return deleted
`,
  },

  /** KEYS: doc hash. ARGV: id, expected JSON ('' = must be absent), next JSON. Returns 1 if written. */
  ccReplaceDoc: {
    numberOfKeys: 1,
    lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local expected = ARGV[2]
if (expected == '' and current) or (expected ~= '' and current ~= expected) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`,
  },

  /** KEYS: slots hash. ARGV: slot, holder. Returns 1 if the holder has the slot. */
  ccClaim: {
    numberOfKeys: 1,
    lua: `
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder and holder ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`,
  },

  /** KEYS: slots hash. ARGV: slot, holder. Frees the slot only if the holder has it. */
  ccRelease: {
    numberOfKeys: 1,
    lua: `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`,
  },

  /**
   * KEYS: in-flight zset. ARGV: limit, token, ttl ms. Returns 1 if admitted.
   * Each request in flight is a member that expires after the TTL, so the requests of an
   * instance that crashed stop counting after at most that long.
   */
  ccAcquire: {
    numberOfKeys: 1,
    lua: `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`,
  },
} as const;

type Key = string;

/** The client with the scripts above as commands (ioredis `defineCommand`). */
export interface ScriptedRedis extends Redis {
  ccInsertCodes(codes: Key, order: Key, lastseq: Key, scopes: Key, ...argv: string[]): Promise<[number, number[], string[]]>;
  ccListCodes(codes: Key, order: Key, min: string, max: string, offset: number, limit: number, direction: 'up' | 'down'): Promise<(string | null)[]>;
  ccGetCode(codes: Key, order: Key, seq: number): Promise<string | null>;
  ccFindInAnyScope(scopes: Key, scopePrefix: string, codeKeyPrefix: string, key: string): Promise<[string, string] | null>;
  ccDeleteBySeq(codes: Key, order: Key, ...seqs: number[]): Promise<number[]>;
  ccDeleteByKey(codes: Key, order: Key, ...keys: string[]): Promise<string[]>;
  ccReplaceDoc(docs: Key, id: string, expected: string, next: string): Promise<number>;
  ccClaim(slots: Key, slot: string, holder: string): Promise<number>;
  ccRelease(slots: Key, slot: string, holder: string): Promise<number>;
  ccAcquire(inFlight: Key, limit: number, token: string, ttlMs: number): Promise<number>;
}

export function defineScripts(redis: Redis): ScriptedRedis {
  for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
  return redis as ScriptedRedis;
}
