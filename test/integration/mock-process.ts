/**
 * The real CLI as a child process, for the process tier: the command the package installs
 * (`node dist/src/cli.js <args>`) when dist/ is at least as new as its sources, as `npm start`
 * decides, else the sources through tsx (`node --import tsx src/cli.ts <args>`), so what runs is
 * never stale; from the repository root unless told otherwise. Every wait is bounded and every
 * child is registered, so a failing test never leaves a process behind (`killAll` in afterAll,
 * and SIGKILL when the test process exits).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtIsFresh } from '../../scripts/dist-freshness.mjs';
import { freePort } from '../support/free-port.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** By URL and path, so that the CLI runs the same from any working directory. */
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const BUILT_CLI = join(ROOT, 'dist/src/cli.js');
/** Node's arguments that start the CLI. tsx costs each start about 0.3 s of CPU (the built mock starts in 0.15 s, from sources 0.45 s). */
export const CLI_ARGV: readonly string[] = builtIsFresh(BUILT_CLI, ['src', 'contracts', 'generated'].map((dir) => join(ROOT, dir))) ? [BUILT_CLI] : ['--import', TSX, join(ROOT, 'src/cli.ts')];

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function spawnCli(args: readonly string[], cwd = ROOT): ChildProcess {
  const child = spawn(process.execPath, [...CLI_ARGV, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0' },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the child has exited (at once if it already has). */
function exitOf(child: ChildProcess): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGKILLs every child still running (afterAll / afterEach). */
export async function killAll(): Promise<void> {
  const running = [...children];
  for (const child of running) if (!exited(child)) child.kill('SIGKILL');
  await Promise.all(running.map(exitOf));
}

export interface MockProcess {
  /** Origin, e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  /** How long from spawn until it said it listens. */
  startMs: number;
  alive(): boolean;
  stderr(): string;
  /** SIGKILL, as a crash; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop: the store is closed); SIGKILL if it takes longer than `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `coupon-contracts mock <args> --port 0 --quiet` and waits for its "listening on" line.
 * Port 0: the mock picks a free port and says which, so no port is ever guessed.
 */
export async function startMock(args: readonly string[], timeoutMs = 30_000): Promise<MockProcess> {
  const started = Date.now();
  const child = spawnCli(['mock', ...args, '--port', '0', '--quiet']);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock ${args.join(' ')} did not start within ${timeoutMs} ms\n${stdout}${stderr}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`mock ${args.join(' ')} exited (${code ?? signal}) before listening\n${stdout}${stderr}`));
    });
  });
  child.stdout!.resume(); // keep draining; --quiet prints nothing more, but never block the child

  return {
    url,
    pid: child.pid!,
    startMs: Date.now() - started,
    alive: () => !exited(child),
    stderr: () => stderr,
    async kill9() {
      if (!exited(child)) child.kill('SIGKILL');
      await exitOf(child);
    },
    async stop(graceMs = 10_000) {
      if (exited(child)) return;
      const gone = exitOf(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs the CLI to its end in `cwd`; SIGKILLs it after `timeoutMs` (reported as timedOut). */
export async function runCli(args: readonly string[], timeoutMs = 20_000, cwd = ROOT): Promise<CliRun> {
  const started = Date.now();
  const child = spawnCli(args, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  // 'close', not 'exit': the output pipes are drained by then.
  await new Promise<void>((resolve) => child.once('close', () => resolve()));
  clearTimeout(timer);
  return { code: child.exitCode, signal: child.signalCode, stdout, stderr, ms: Date.now() - started, timedOut };
}

/** A TCP port on 127.0.0.1 that nothing listens on (taken from the OS, then released). */
export const closedPort = freePort;

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
  ms: number;
}

/** One HTTP exchange with a client timeout (a hung server fails the test instead of hanging it). */
export async function request(
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Reply> {
  const started = Date.now();
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers, ms: Date.now() - started };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- BigCommerce -------------------------------------------------------------------------------

/** The default store hash the mock mounts BigCommerce under (spec servers[0] variable default). */
export const BC_BASE = '/stores/abc123/v3';
export const BC_AUTH = { 'x-auth-token': 'integration-test' };

export interface ListedCode {
  id: number;
  code: string;
}

/** Every code of a promotion, walking the cursor links (bounded: a broken cursor fails, never loops). */
export async function listAllBigCommerceCodes(origin: string, promotion: string, pageSize = 250): Promise<{ codes: ListedCode[]; total: number }> {
  const codes: ListedCode[] = [];
  let query = `?limit=${pageSize}`;
  let total = -1;
  for (let page = 0; page < 10_000; page++) {
    const reply = await request('GET', `${origin}${BC_BASE}/promotions/${promotion}/codes${query}`, { headers: BC_AUTH });
    if (reply.status !== 200) throw new Error(`listing codes: ${reply.status} ${reply.text.slice(0, 300)}`);
    if (total < 0) total = reply.body.meta.pagination?.total ?? -1;
    const data = reply.body.data as ListedCode[];
    codes.push(...data.map(({ id, code }) => ({ id, code })));
    if (data.length === 0) return { codes, total };
    query = reply.body.meta.cursor_pagination.links.next;
  }
  throw new Error('listing codes: more than 10000 pages');
}
