/**
 * npm run bench: prints the mock's speed and memory figures from one run on this machine.
 *
 *   create   single create (createCouponCode) on our mock, on plain `prism mock` over the same
 *            spec and on a bare node:http server answering the very bytes our mock answers (the
 *            ceiling), in turns, as ratios; p99 latency;
 *   codegen  codegen of 250 codes per request, sustained (30 s) on a store growing from empty: p99;
 *   startup  from spawning `npm start` (and the other ways in) to the first answered create;
 *   scale    one codegen batch on a promotion already holding 1,000,000 codes against an empty
 *            one, and heap bytes per stored code;
 *   stores   codegen throughput with the SQLite file store and the Redis store, as ratios to memory;
 *   store    the Store alone, no HTTP: a 250-code insert on a full scope vs an empty one for every
 *            backend, and the memory store's bytes per code (scripts/bench-store.ts);
 *   verify   `coupon-contracts verify` against `npm start`, wall time (scripts/bench-verify.ts).
 *
 * `npm run bench -- <section> ...` runs some. The load generator is `wrk` (scripts/bench-load.ts),
 * autocannon where wrk is not installed (said beside the figures). Servers run as child processes.
 * Targets are printed beside the figures; nothing here asserts (tests never time things).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { redisServerAvailable, startRedisServer } from '../test/support/redis-server.js';
import { benchStores, retainedBytes } from './bench-store.js';
import { cpuMsOf, cpuMsOfGroup } from './bench-cpu.js';
import { loadGenerator, WRK_MISSING, type LoadFigures } from './bench-load.js';
import { loadAverage } from './bench-machine.js';
import { benchVerify } from './bench-verify.js';

const ROOT = resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 10;
const TOKEN = 'bench-token';
const SINGLE_PROMOTION = '2';
const BULK_PROMOTION = '1';

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

async function startChild(what: string, command: string, args: string[], port: number, cwd = ROOT): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
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

/**
 * BENCH_BEFORE=<dir>: a checkout of an earlier commit, measured beside this one in the same run
 * (`git archive <commit> | tar -x -C <dir>` and a node_modules symlink), for before/after ratios.
 */
const BEFORE = process.env.BENCH_BEFORE ? resolve(process.env.BENCH_BEFORE) : undefined;

function startOurMock(port: number, extra: string[] = [], root = ROOT): Promise<ChildProcess> {
  return startChild(
    root === ROOT ? 'our mock' : `the mock in ${root}`,
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'mock', '--quiet', '--vendor', 'bigcommerce', '--port', String(port), '--seed', 'bench', ...extra],
    port,
    root,
  );
}

function startPrismCli(port: number): Promise<ChildProcess> {
  return startChild('prism mock', join(ROOT, 'node_modules/.bin/prism'), ['mock', 'spec/bigcommerce.yaml', '--port', String(port), '--host', '127.0.0.1'], port);
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json', 'x-auth-token': TOKEN };
/** Each create carries a new code (`%d` is the request's number); the run id keeps runs apart. */
const createBody = () => `{"code":"B${process.pid}R${Date.now() % 100000}X%d"}`;
const CODEGEN_BODY = '{"batch_size":250,"prefix":"BENCH","delimiter":"-"}';

interface Measured extends LoadFigures {
  /** The server's CPU time per answered request, microseconds (Linux; load-independent, unlike req/s). */
  cpuUsPerRequest?: number;
}

async function load(url: string, bodyTemplate: string, durationS = DURATION_S, server?: ChildProcess): Promise<Measured> {
  const cpuBefore = cpuMsOf(server?.pid);
  const figures = await loadGenerator().run({ url, connections: CONNECTIONS, durationS, headers: JSON_HEADERS, bodyTemplate });
  const cpuAfter = cpuMsOf(server?.pid);
  const requests = figures.rps * durationS;
  const cpuUsPerRequest = cpuBefore !== undefined && cpuAfter !== undefined && requests > 0 ? ((cpuAfter - cpuBefore) * 1000) / requests : undefined;
  return { ...figures, cpuUsPerRequest };
}

interface Sample {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One answer of our mock, kept byte for byte so the bare server can answer exactly the same. */
async function sampleCreate(url: string, body = `{"code":"SAMPLE${process.pid}"}`): Promise<Sample> {
  const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body });
  const headers: Record<string, string> = {};
  // Node's server adds these itself; the rest is what our mock chose to send.
  const own = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
  response.headers.forEach((value, name) => {
    if (!own.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

function startBareNode(port: number, sample: Sample): Promise<ChildProcess> {
  const source =
    `const h=${JSON.stringify(sample.headers)},b=Buffer.from(${JSON.stringify(sample.body)});` +
    `require('node:http').createServer((q,s)=>{q.resume();q.on('end',()=>{s.writeHead(${sample.status},h);s.end(b)})}).listen(${port},'127.0.0.1')`;
  return startChild('bare node:http', process.execPath, ['-e', source], port);
}

function row(label: string, f: Measured, extra = ''): string {
  const failures = f.errors || f.failedStatus ? `  (${f.errors} socket errors, ${f.failedStatus} answers >= 400)` : '';
  const cpu = f.cpuUsPerRequest === undefined ? '' : `   cpu ${f.cpuUsPerRequest.toFixed(0).padStart(5)} us/req`;
  return `   ${label.padEnd(30)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(2).padStart(6)} ms   p99 ${f.p99.toFixed(2).padStart(6)} ms   max ${f.max.toFixed(1).padStart(6)} ms${cpu}${extra}   ${loadAverage()}${failures}`;
}

/** Ours against bare by CPU per request: the share of bare that a machine to ourselves would give. */
function cpuShare(ours: Measured, bare: Measured): string {
  return ours.cpuUsPerRequest && bare.cpuUsPerRequest ? `, ${(bare.cpuUsPerRequest / ours.cpuUsPerRequest).toFixed(3)} of bare by CPU` : '';
}

function verdict(what: string, ok: boolean): string {
  return `${what}: ${ok ? 'met' : 'NOT met'}`;
}

function announceLoadGenerator(): void {
  const generator = loadGenerator();
  if (generator.name === 'wrk') console.log(`   load: wrk -t1 -c${CONNECTIONS} (its own process and core), POST with a JSON body`);
  else console.log(`   ${WRK_MISSING}`);
}

/**
 * Single create on three servers, in turns (bare, prism, ours, bare, ...) for BENCH_ROUNDS
 * rounds, each warmed up first: the ratio of each round compares loads that ran moments apart,
 * under the same background load.
 */
async function create(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  console.log(`\n1. Single create (createCouponCode), ${CONNECTIONS} connections, ${rounds} rounds of ${DURATION_S} s per server`);
  announceLoadGenerator();
  const oursPort = await freePort();
  const ours = await startOurMock(oursPort);
  const oursUrl = `http://127.0.0.1:${oursPort}/stores/abc123/v3/promotions/${SINGLE_PROMOTION}/codes`;
  const sample = await sampleCreate(oursUrl);
  if (sample.status !== 201) throw new Error(`our mock answered the sample create with ${sample.status}: ${sample.body}`);
  const barePort = await freePort();
  const bare = await startBareNode(barePort, sample);
  const prismPort = await freePort();
  const prism = await startPrismCli(prismPort);
  const beforePort = await freePort();
  const before = BEFORE ? await startOurMock(beforePort, [], BEFORE) : undefined;
  const path = `/stores/abc123/v3/promotions/${SINGLE_PROMOTION}/codes`;
  const bareUrl = `http://127.0.0.1:${barePort}${path}`;
  const prismUrl = `http://127.0.0.1:${prismPort}/promotions/${SINGLE_PROMOTION}/codes`;
  const beforeUrl = `http://127.0.0.1:${beforePort}${path}`;
  try {
    for (const url of [bareUrl, prismUrl, oursUrl, ...(before ? [beforeUrl] : [])]) await load(url, createBody(), 2); // JIT warm-up, not counted
    const ratios: number[] = [];
    const p99s: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      console.log(`   round ${round}`);
      const bareFigures = await load(bareUrl, createBody(), DURATION_S, bare);
      console.log(row('bare node:http (same bytes)', bareFigures));
      const prismFigures = await load(prismUrl, createBody(), DURATION_S, prism);
      console.log(row('plain prism mock (CLI)', prismFigures, `   ${(prismFigures.rps / bareFigures.rps).toFixed(3)} of bare`));
      if (before) {
        const beforeFigures = await load(beforeUrl, createBody(), DURATION_S, before);
        console.log(row('before (BENCH_BEFORE)', beforeFigures, `   ${(beforeFigures.rps / bareFigures.rps).toFixed(3)} of bare${cpuShare(beforeFigures, bareFigures)}`));
      }
      const oursFigures = await load(oursUrl, createBody(), DURATION_S, ours);
      const ratio = oursFigures.rps / bareFigures.rps;
      ratios.push(ratio);
      p99s.push(oursFigures.p99);
      console.log(row('coupon-contracts mock', oursFigures, `   ${ratio.toFixed(3)} of bare${cpuShare(oursFigures, bareFigures)}, ${(oursFigures.rps / prismFigures.rps).toFixed(2)}x prism`));
    }
    const worstRatio = Math.min(...ratios);
    const worstP99 = Math.max(...p99s);
    console.log(`   ${verdict('target >= 0.200 of bare', worstRatio >= 0.2)} (rounds ${ratios.map((r) => r.toFixed(3)).join(', ')})`);
    console.log(`   ${verdict('target p99 < 5 ms', worstP99 < 5)} (rounds ${p99s.map((p) => p.toFixed(2)).join(', ')} ms)`);
  } finally {
    await Promise.all([stopChild(ours), stopChild(bare), stopChild(prism), ...(before ? [stopChild(before)] : [])]);
  }
}

/**
 * Codegen of 250 codes on one promotion for a sustained run: the store grows all along. A bare
 * node:http server answering the same bytes runs first for the same time: its p99 is what the
 * machine and the load generator alone cost, the floor under ours.
 */
async function codegen(): Promise<void> {
  const seconds = Number(process.env.BENCH_CODEGEN_SECONDS ?? 30);
  console.log(`\n2. Codegen (generateCouponCodes), 250 codes per request, ${CONNECTIONS} connections, ${seconds} s sustained on a fresh mock`);
  announceLoadGenerator();
  const path = `/stores/abc123/v3/promotions/${BULK_PROMOTION}/codegen`;
  const sustained = async (label: string, root: string) => {
    const port = await freePort();
    const child = await startOurMock(port, [], root);
    try {
      const figures = await load(`http://127.0.0.1:${port}${path}`, CODEGEN_BODY, seconds, child);
      console.log(row(label, figures, `   ${((figures.rps * 250) / 1e6).toFixed(2)} M codes/s, ${((figures.rps * 250 * seconds) / 1e6).toFixed(1)} M stored at the end`));
      return figures;
    } finally {
      await stopChild(child);
    }
  };
  const samplePort = await freePort();
  const sampler = await startOurMock(samplePort);
  const sample = await sampleCreate(`http://127.0.0.1:${samplePort}${path}`, CODEGEN_BODY);
  await stopChild(sampler);
  const barePort = await freePort();
  const bare = await startBareNode(barePort, sample);
  try {
    console.log(row('bare node:http (same bytes)', await load(`http://127.0.0.1:${barePort}${path}`, CODEGEN_BODY, seconds, bare)));
  } finally {
    await stopChild(bare);
  }
  if (BEFORE) await sustained('before (BENCH_BEFORE)', BEFORE);
  const figures = await sustained('coupon-contracts mock codegen', ROOT);
  console.log(`   ${verdict('target p99 < 10 ms', figures.p99 < 10)}`);
}

/** From spawning a command to its first 201 for a create on a seeded promotion. */
/** Wall-clock and CPU milliseconds (all processes of the start, Linux) to the first answer. */
async function firstAnswerMs(command: string, args: string[], port: number, cwd = ROOT): Promise<{ wall: number; cpu?: number }> {
  const started = performance.now();
  // Its own process group: npm and tsx start the server as a grandchild, which must go too.
  const child = spawn(command, [...args, '--port', String(port), '--quiet'], { cwd, stdio: 'ignore', detached: true, env: { ...process.env, NODE_ENV: 'production' } });
  try {
    const url = `http://127.0.0.1:${port}/stores/abc123/v3/promotions/${SINGLE_PROMOTION}/codes`;
    const deadline = started + 30_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
      try {
        const response = await fetch(url, { method: 'POST', headers: JSON_HEADERS, body: '{"code":"FIRST"}' });
        await response.arrayBuffer();
        if (response.status === 201) return { wall: performance.now() - started, cpu: cpuMsOfGroup(child.pid) };
        throw new Error(`first answer was ${response.status}`);
      } catch (error) {
        if ((error as Error).message.startsWith('first answer')) throw error;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    throw new Error(`${command} did not answer within 30 s`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
  }
}

async function startup(): Promise<void> {
  const runs = Number(process.env.BENCH_STARTS ?? 5);
  console.log(`\n3. Start to first answer (a 201 for a create), all vendors, median of ${runs} starts`);
  const ways: Array<[string, string, string[], string]> = [
    ['npm start (dist/, scripts/start.mjs)', 'npm', ['start', '--silent', '--'], ROOT],
    ['node dist/src/cli.js mock', process.execPath, ['dist/src/cli.js', 'mock'], ROOT],
    ['tsx src/cli.ts mock (npm run mock)', join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', 'mock'], ROOT],
  ];
  if (BEFORE) {
    ways.push(['before: node dist/src/cli.js mock (BENCH_BEFORE)', process.execPath, ['dist/src/cli.js', 'mock'], BEFORE]);
    ways.push(['before: tsx src/cli.ts mock (BENCH_BEFORE)', join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', 'mock'], BEFORE]);
  }
  for (const [label, command, args, cwd] of ways) {
    if (command === process.execPath && !existsSync(join(cwd, args[0]!))) {
      console.log(`   ${label.padEnd(44)} skipped: no ${args[0]} (npm run build)`);
      continue;
    }
    const starts: Array<{ wall: number; cpu?: number }> = [];
    for (let i = 0; i < runs; i++) starts.push(await firstAnswerMs(command, args, await freePort(), cwd));
    const ms = median(starts.map((s) => s.wall));
    const cpus = starts.flatMap((s) => (s.cpu === undefined ? [] : [s.cpu]));
    const cpu = cpus.length > 0 ? `, CPU ${median(cpus).toFixed(0)} ms` : '';
    const target = label.startsWith('npm start') || label.startsWith('node dist') ? `   ${verdict('target < 500 ms', ms < 500)}` : '';
    console.log(`   ${label.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms${cpu} (runs ${starts.map((s) => s.wall.toFixed(0)).join(', ')})   ${loadAverage()}${target}`);
  }
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

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

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
  console.log(`\n4. One codegen batch of 250 with ${stored.toLocaleString('en')} codes stored vs none (memory store)`);
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
  console.log(`\n5. Codegen throughput by store, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  const results: Array<[string, LoadFigures]> = [];
  const run = async (label: string, extra: string[]) => {
    const port = await freePort();
    const child = await startOurMock(port, extra);
    try {
      results.push([label, await load(`http://127.0.0.1:${port}/stores/abc123/v3/promotions/${BULK_PROMOTION}/codegen`, CODEGEN_BODY)]);
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
  console.log('\n6. The Store alone (no HTTP): 250-code insert on a full scope vs an empty one, bytes per code');
  await benchStores({ backends: ['memory', 'sqlite', 'redis'], fill: Number(process.env.BENCH_STORED_CODES ?? 1_000_000) });
}

const sections: Record<string, () => Promise<void>> = { create, codegen, startup, scale, stores, store, verify: benchVerify };
const chosen = process.argv.slice(2).filter((a) => a in sections);
console.log(`coupon-contracts bench on ${process.version}, ${cpus().length} cores, ${loadAverage()} at the start`);
for (const name of chosen.length ? chosen : Object.keys(sections)) await (sections[name] as () => Promise<void>)();
