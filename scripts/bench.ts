/**
 * npm run bench: prints the mock's speed and memory figures from one run on this machine.
 *
 *   1. single create (POST /promotions/2/codes) on our mock, on plain `prism mock` over the same
 *      spec, and on a bare node:http server answering a fixed 201 (the ceiling), as ratios;
 *   2. codegen of 250 codes per request on our mock;
 *   3. one codegen batch on a promotion already holding 1,000,000 codes against an empty one,
 *      and heap bytes per stored code;
 *   4. codegen throughput with the SQLite file store and the Redis store, as ratios to memory;
 *   5. (store) the Store alone, no HTTP: a 250-code insert on a full scope vs an empty one for
 *      every backend, and the memory store's bytes per code (scripts/bench-store.ts).
 *
 * `npm run bench -- <section> ...` runs some: throughput, scale, stores, store.
 *
 * Servers run as child processes so the load generator (autocannon) does not share their core.
 * Targets are printed beside the figures; nothing here asserts (tests never time things).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../test/support/free-port.js';
import { redisServerAvailable, startRedisServer } from '../test/support/redis-server.js';
import { benchStores, retainedBytes } from './bench-store.js';

const ROOT = resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;
const TOKEN = 'bench-token';
const SINGLE_PROMOTION = '2';
const BULK_PROMOTION = '1';

interface Figures {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} did not listen on ${port} within 30 s`);
}

async function startChild(what: string, command: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    await waitForPort(port, child, what);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr.slice(-2000)}`);
  }
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function startOurMock(port: number, extra: string[] = []): Promise<ChildProcess> {
  return startChild(
    'our mock',
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'mock', '--quiet', '--vendor', 'bigcommerce', '--port', String(port), '--seed', 'bench', ...extra],
    port,
  );
}

function startPrismCli(port: number): Promise<ChildProcess> {
  return startChild('prism mock', join(ROOT, 'node_modules/.bin/prism'), ['mock', 'spec/bigcommerce.yaml', '--port', String(port), '--host', '127.0.0.1'], port);
}

function startBareNode(port: number): Promise<ChildProcess> {
  const body = JSON.stringify({ data: { id: 1, code: 'FIXED', current_uses: 0, created: '2024-06-01T10:15:30+00:00', max_uses: 0, max_uses_per_customer: 0 }, meta: {} });
  const source = `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(201,{'content-type':'application/json'});s.end(${JSON.stringify(body)})})}).listen(${port},'127.0.0.1')`;
  return startChild('bare node:http', process.execPath, ['-e', source], port);
}

/** Load with autocannon; each request gets a fresh body so codes stay unique. */
async function load(url: string, makeBody: (n: number) => unknown, duration = DURATION_S): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-auth-token': TOKEN },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: JSON.stringify(makeBody(n++)) }),
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

const singleBody = (n: number) => ({ code: `BENCH${process.pid}X${n}` });
const codegenBody = () => ({ batch_size: 250, prefix: 'BENCH', delimiter: '-' });

function row(label: string, f: Figures, ceiling?: Figures, prism?: Figures): string {
  const parts = [`${label.padEnd(34)} ${f.rps.toFixed(0).padStart(8)} req/s   p99 ${String(f.p99).padStart(5)} ms`];
  if (ceiling) parts.push(`  ${(f.rps / ceiling.rps).toFixed(3)} of bare node:http`);
  if (prism) parts.push(`  ${(f.rps / prism.rps).toFixed(2)}x plain prism mock`);
  if (f.errors || f.non2xx) parts.push(`  (${f.errors} errors, ${f.non2xx} non-2xx)`);
  return parts.join('');
}

async function throughput(): Promise<void> {
  console.log(`\n1. Single create, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  const bare = await freePort();
  const bareChild = await startBareNode(bare);
  const ceiling = await load(`http://127.0.0.1:${bare}/stores/abc123/v3/promotions/${SINGLE_PROMOTION}/codes`, singleBody);
  await stopChild(bareChild);

  const prismPort = await freePort();
  const prismChild = await startPrismCli(prismPort);
  const prism = await load(`http://127.0.0.1:${prismPort}/promotions/${SINGLE_PROMOTION}/codes`, singleBody);
  await stopChild(prismChild);

  const oursPort = await freePort();
  const ours = await startOurMock(oursPort);
  const mock = await load(`http://127.0.0.1:${oursPort}/stores/abc123/v3/promotions/${SINGLE_PROMOTION}/codes`, singleBody);
  console.log(row('bare node:http (fixed 201)', ceiling));
  console.log(row('plain prism mock (CLI)', prism, ceiling));
  console.log(row('coupon-contracts mock', mock, ceiling, prism));
  console.log(`   target: at least 3x plain prism mock -> ${(mock.rps / prism.rps).toFixed(2)}x`);

  console.log(`\n2. Codegen, 250 codes per request, ${CONNECTIONS} connections (over the concurrent limit of 10 some get 429)`);
  const codegen = await load(`http://127.0.0.1:${oursPort}/stores/abc123/v3/promotions/${BULK_PROMOTION}/codegen`, codegenBody);
  console.log(row('coupon-contracts mock codegen', codegen));
  console.log(`   ${(codegen.rps * 250).toFixed(0)} codes generated per second`);
  await stopChild(ours);
}

async function batchMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ batch_size: 250 }),
  });
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`codegen answered ${response.status}`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Medians of `rounds` batches on each URL, taken in turns (a, b, a, b, ...) so that JIT warm-up,
 * GC and the machine's other load fall on both alike.
 */
async function interleavedMedians(a: string, b: string, rounds: number): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    times[0].push(await batchMs(a));
    times[1].push(await batchMs(b));
  }
  return [median(times[0]), median(times[1])];
}

async function fill(url: string, batches: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batches) {
      next++;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
        body: JSON.stringify({ batch_size: 250 }),
      });
      await response.arrayBuffer();
      if (response.status === 429) next--;
      else if (response.status !== 201) throw new Error(`fill: codegen answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function addBulkPromotion(origin: string, id: number): Promise<void> {
  const response = await fetch(`${origin}/__mock/bigcommerce/promotions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: `bench ${id}`, redemption_type: 'COUPON', coupon_type: 'BULK' }),
  });
  if (response.status !== 201) throw new Error(`adding promotion ${id}: ${response.status} ${await response.text()}`);
}

async function scale(): Promise<void> {
  const stored = Number(process.env.BENCH_STORED_CODES ?? 1_000_000);
  console.log(`\n3. One codegen batch of 250 with ${stored.toLocaleString('en')} codes stored vs none (memory store)`);
  // In this process, so the heap can be read; --expose-gc gives a clean reading.
  const { startMockServer } = await import('../src/mock/server.js');
  const { loadPlugins } = await import('../src/vendors/index.js');
  const gc = (globalThis as { gc?: () => void }).gc;
  const server = await startMockServer({ plugins: await loadPlugins(['bigcommerce']), port: 0, seed: 'bench' });
  try {
    const base = `${server.url}/stores/abc123/v3/promotions`;
    await addBulkPromotion(server.url, 900);
    // Warm up (JIT, Prism's compiled validators) on a third promotion, so neither side pays it.
    await addBulkPromotion(server.url, 901);
    for (let i = 0; i < 40; i++) await batchMs(`${base}/901/codegen`);
    gc?.();
    const before = retainedBytes();
    const started = performance.now();
    await fill(`${base}/${BULK_PROMOTION}/codegen`, Math.ceil(stored / 250));
    const fillSeconds = (performance.now() - started) / 1000;
    gc?.();
    const after = retainedBytes();
    // 30 rounds add 7,500 codes to the "empty" promotion: still nothing beside a million.
    const [emptyMs, fullMs] = await interleavedMedians(`${base}/900/codegen`, `${base}/${BULK_PROMOTION}/codegen`, 30);
    const perCode = (after - before) / stored;
    console.log(`   filled in ${fillSeconds.toFixed(1)} s (${(stored / fillSeconds).toFixed(0)} codes/s over HTTP)`);
    console.log(`   median batch: empty ${emptyMs.toFixed(2)} ms, full ${fullMs.toFixed(2)} ms -> ${(fullMs / emptyMs).toFixed(2)}x (target <= 1.2x)`);
    console.log(`   heap + ArrayBuffers per stored code: ${perCode.toFixed(0)} bytes${gc ? '' : ' (run with --expose-gc for a clean figure)'} (target <= 200)`);
  } finally {
    await server.close();
  }
}

async function stores(): Promise<void> {
  console.log(`\n4. Codegen throughput by store, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  const results: Array<[string, Figures]> = [];
  const run = async (label: string, extra: string[]) => {
    const port = await freePort();
    const child = await startOurMock(port, extra);
    try {
      results.push([label, await load(`http://127.0.0.1:${port}/stores/abc123/v3/promotions/${BULK_PROMOTION}/codegen`, codegenBody)]);
    } finally {
      await stopChild(child);
    }
  };
  await run('memory', []);
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  try {
    await run('sqlite file (--state)', ['--state', join(dir, 'state.db')]);
    if (redisServerAvailable()) {
      const redis = await startRedisServer();
      try {
        await run('redis (--redis)', ['--redis', redis.url]);
      } finally {
        await redis.stop();
      }
    } else {
      console.log('   redis-server not installed: Redis store skipped');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const memory = results[0]?.[1];
  for (const [label, figures] of results) {
    const ratio = memory ? `  ${(figures.rps / memory.rps).toFixed(2)} of memory` : '';
    console.log(`${row(`codegen, ${label}`, figures)}${ratio}`);
  }
}

async function store(): Promise<void> {
  console.log('\n5. The Store alone (no HTTP): 250-code insert on a full scope vs an empty one, bytes per code');
  await benchStores({ backends: ['memory', 'sqlite', 'redis'], fill: Number(process.env.BENCH_STORED_CODES ?? 1_000_000) });
}

const sections: Record<string, () => Promise<void>> = { throughput, scale, stores, store };
const chosen = process.argv.slice(2).filter((a) => a in sections);
console.log(`coupon-contracts bench on ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const name of chosen.length ? chosen : Object.keys(sections)) await (sections[name] as () => Promise<void>)();
