/**
 * The wall time of `coupon-contracts verify` against our mock (`npm start`, every vendor), both
 * processes started fresh, BENCH_VERIFY_RUNS times (default 3). The mock answers GET /__mock/clock,
 * so the verifier moves its clock instead of waiting out Elastic Path's jobs; the target is 5 s.
 * `npm run bench -- verify`, or `npx tsx scripts/bench-verify.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage } from './bench-machine.js';
import { builtIsFresh } from './dist-freshness.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const BUILT_CLI = resolve(ROOT, 'dist/src/cli.js');

/**
 * The command a user runs: the installed `coupon-contracts` (dist/, as `npm start` runs the mock)
 * when dist/ is at least as new as src/ and contracts/, else the sources through tsx (`npm run
 * contracts`), which costs a few seconds of compiling at start.
 */
function verifyCommand(): { command: string; args: string[]; label: string } {
  const fresh = builtIsFresh(BUILT_CLI, [join(ROOT, 'src'), join(ROOT, 'contracts')]);
  return fresh
    ? { command: process.execPath, args: [BUILT_CLI, 'verify'], label: 'coupon-contracts verify (dist/)' }
    : { command: TSX, args: ['src/cli.ts', 'verify'], label: 'npm run contracts (tsx: dist/ is missing or older than the sources)' };
}
const TARGET_MS = 5_000;

/** `npm start` (scripts/start.mjs) on a free port: resolves with its URL once it listens. */
function startMock(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) done({ child, url });
    });
    child.on('exit', (code) => fail(new Error(`the mock exited with ${code} before listening: ${out}`)));
  });
}

function verifyOnce(url: string): Promise<{ ms: number; code: number | null; summary: string[] }> {
  const started = performance.now();
  const { command, args } = verifyCommand();
  return new Promise((done) => {
    const child = spawn(command, [...args, '--target', url, '--reporter', 'json', '--out', '/dev/null'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => done({ ms: performance.now() - started, code, summary: out.split('\n').filter((l) => /^(PASS|FAIL|ERROR)/.test(l)) }));
  });
}

export async function benchVerify(): Promise<void> {
  const runs = Number(process.env.BENCH_VERIFY_RUNS ?? 3);
  console.log(`\n== verify against our mock (npm start, every vendor; ${runs} runs, each verify a fresh process) ==`);
  const { child, url } = await startMock();
  try {
    const clock = (await (await fetch(`${url}/__mock/clock`)).json().catch(() => undefined)) as { offsetMs?: number } | undefined;
    console.log(`  verify: ${verifyCommand().label}`);
    console.log(`  the mock ${typeof clock?.offsetMs === 'number' ? 'has a movable clock: jobs are moved along, not waited for' : 'has no movable clock: Elastic Path jobs are waited for in real time'}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await verifyOnce(url);
      times.push(result.ms);
      console.log(`  run ${i + 1}: ${(result.ms / 1000).toFixed(2)} s wall (${loadAverage()}), exit ${result.code}${result.code === 0 ? '' : `: ${result.summary.join(' | ')}`}`);
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
    console.log(`  median ${(median / 1000).toFixed(2)} s (target under ${TARGET_MS / 1000} s: ${median < TARGET_MS ? 'met' : 'NOT met'})`);
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await benchVerify();
