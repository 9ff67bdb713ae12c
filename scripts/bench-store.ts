/**
 * Store benchmark: how much slower a codegen batch of 250 inserts gets on a scope that already
 * holds many codes (target: at most 1.2x the empty-scope time), and the heap cost per stored
 * code of the memory store (target: at most 200 bytes).
 *
 *   node --expose-gc --import tsx scripts/bench-store.ts [--backends=memory,sqlite,redis] [--fill=1000000]
 *   npm run bench store            (the same, all backends, from scripts/bench.ts)
 *
 * `--fill` is the size of the full scope (default 1,000,000; filling Redis takes ~20 s).
 * Memory per code is always measured on 1,000,000 codes. Redis runs on a private
 * redis-server child (test/support/redis-server.ts), skipped if the binary is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createMemoryStore } from '../src/store/memory.js';
import { openRedisStore } from '../src/store/redis.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { CodeData, NewCode, Store } from '../src/store/types.js';
import { redisServerAvailable, startRedisServer } from '../test/support/redis-server.js';

const BATCH = 250;
const ROUNDS = 100;
const MEMORY_CODES = 1_000_000;

let codeCounter = 0;
/** Distinct 12-character codes, the length BigCommerce codegen produces by default. */
function nextCode(): string {
  return `BENCH${(codeCounter++).toString(36).toUpperCase().padStart(7, '0')}`;
}

/** A codegen batch: fresh codes sharing one data object, as the vendor plugins make them. */
function batch(size: number): NewCode[] {
  const data: CodeData = { max_uses: 1, max_uses_per_customer: 1, created: new Date().toISOString() };
  return Array.from({ length: size }, () => ({ code: nextCode(), data }));
}

async function fill(store: Store, scope: string, count: number, chunk: number): Promise<void> {
  for (let done = 0; done < count; done += chunk) {
    await store.insertCodes(scope, batch(Math.min(chunk, count - done)), 'all-or-nothing');
  }
}

async function timeInsert(store: Store, scope: string): Promise<number> {
  const codes = batch(BATCH);
  const start = process.hrtime.bigint();
  await store.insertCodes(scope, codes, 'all-or-nothing');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Alternates inserts on fresh empty scopes and on the full scope, so drift affects both alike. */
async function benchInsert(name: string, store: Store, fillCount: number, fillChunk: number): Promise<void> {
  const fillStart = Date.now();
  await fill(store, 'bench:full', fillCount, fillChunk);
  const fillSeconds = (Date.now() - fillStart) / 1000;
  for (let i = 0; i < 5; i++) {
    await timeInsert(store, `bench:warmup-${i}`);
    await timeInsert(store, 'bench:full');
  }
  const empty: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    empty.push(await timeInsert(store, `bench:empty-${i}`));
    full.push(await timeInsert(store, 'bench:full'));
  }
  const e = median(empty);
  const f = median(full);
  console.log(
    `${name.padEnd(7)} 250-code insert: empty scope ${e.toFixed(3)} ms, ` +
      `scope with ${fillCount.toLocaleString('en')} codes ${f.toFixed(3)} ms, ratio ${(f / e).toFixed(2)} ` +
      `(median of ${ROUNDS}; fill took ${fillSeconds.toFixed(1)} s)`,
  );
}

function collect(): void {
  for (let i = 0; i < 3; i++) global.gc!();
}

/** The JS heap plus ArrayBuffer memory, which lives outside it (the memory store's key index). */
export function retainedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function benchMemoryPerCode(): Promise<void> {
  const store = createMemoryStore();
  collect();
  const before = retainedBytes();
  await fill(store, 'bench:memory', MEMORY_CODES, BATCH);
  collect();
  const after = retainedBytes();
  console.log(
    `memory  memory per stored code: ${((after - before) / MEMORY_CODES).toFixed(1)} bytes ` +
      `(${MEMORY_CODES.toLocaleString('en')} codes of 12 characters, batches of ${BATCH} sharing one data object)`,
  );
  await store.close();
}

export interface StoreBenchOptions {
  backends: readonly string[];
  /** Codes in the full scope. */
  fill: number;
}

export async function benchStores({ backends: names, fill: fillCount }: StoreBenchOptions): Promise<void> {
  if (typeof global.gc !== 'function') {
    throw new Error('run with node --expose-gc --import tsx scripts/bench-store.ts (global.gc is needed)');
  }
  const backends = new Set(names);
  if (backends.has('memory')) {
    await benchMemoryPerCode();
    const store = createMemoryStore();
    await benchInsert('memory', store, fillCount, BATCH);
    await store.close();
  }
  if (backends.has('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
    const store = openSqliteStore(join(dir, 'state.db'));
    try {
      await benchInsert('sqlite', store, fillCount, 5000);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (backends.has('redis')) {
    if (!redisServerAvailable()) {
      console.log('redis   skipped: redis-server is not installed');
    } else {
      const server = await startRedisServer();
      const store = await openRedisStore(server.url);
      try {
        await benchInsert('redis', store, fillCount, 5000);
      } finally {
        await store.close();
        await server.stop();
      }
    }
  }
}

// Run directly (not imported by scripts/bench.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string', default: 'memory,sqlite,redis' },
      fill: { type: 'string', default: '1000000' },
    },
  });
  await benchStores({ backends: values.backends.split(','), fill: Number(values.fill) });
}
