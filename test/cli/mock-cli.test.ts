/**
 * The mock as a user starts it: `coupon-contracts mock` with its arguments, in this process: its
 * banner, its answers over HTTP, a clean stop (what SIGINT/SIGTERM do for the binary), and
 * one-line errors with exit 2 for bad input. The binary itself, spawned, with real signals and
 * `npm start`: binary.process.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMock } from '../../src/cli/mock.js';
import { runCommand, startCommand, type RunningCommand } from '../support/command-io.js';

const running = new Set<RunningCommand>();
const scratch = mkdtempSync(join(tmpdir(), 'cc-cli-'));

afterAll(async () => {
  for (const run of running) run.io.stop();
  await Promise.allSettled([...running].map((run) => run.exited));
  rmSync(scratch, { recursive: true, force: true });
});

function startCli(args: string[], env: Record<string, string> = {}): RunningCommand {
  const run = startCommand(runMock, args, { env });
  running.add(run);
  void run.exited.finally(() => running.delete(run));
  return run;
}

const runToExit = (args: string[]) => runCommand(runMock, args);

const originOf = (banner: string) => /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;

/** A raw connection that sends `text` and never more: what it was answered and when it was closed. */
function rawClient(port: number, text: string): { closed: Promise<string> } {
  let answer = '';
  const socket = connect(port, '127.0.0.1', () => socket.write(text));
  socket.on('data', (chunk) => (answer += chunk.toString()));
  socket.on('error', () => undefined);
  return { closed: new Promise((resolve) => socket.on('close', () => resolve(answer))) };
}

/** Waits for `promise` at most `ms`; `undefined` if it has not settled by then. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

describe('coupon-contracts mock (CLI)', { timeout: 90_000 }, () => {
  it('starts all three vendors, prints one line per vendor, serves them, and stops cleanly when stopped', async () => {
    const run = startCli(['--port', '0']);
    const banner = await run.waitFor(/elasticpath.*\n/);
    const origin = /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lines = banner.split('\n').filter((l) => /^\s+(bigcommerce|shoplazza|elasticpath)\s/.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['bigcommerce', 'shoplazza', 'elasticpath']);
    expect(banner).toContain(`${origin}/stores/abc123/v3`);
    expect(banner).toContain('1 (BULK coupon)');
    expect(banner).toContain('X-Auth-Token');
    // Only BigCommerce names tenants: its banner says each store hash is a world of its own.
    expect(banner).toMatch(/bigcommerce .*\n\s+one world per \{store_hash\}/);
    expect(banner.match(/one world per/g)).toHaveLength(1);
    const index = (await (await fetch(`${origin}/__mock/`)).json()) as { vendors: Array<{ vendor: string; worlds?: string }> };
    expect(index.vendors.find((v) => v.vendor === 'bigcommerce')?.worlds).toMatch(/one world per \{store_hash\}/);
    expect(index.vendors.find((v) => v.vendor === 'shoplazza')?.worlds).toBeUndefined();

    const response = await fetch(`${origin}/stores/abc123/v3/promotions/1/codegen`, {
      method: 'POST',
      headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
      body: JSON.stringify({ batch_size: 3, prefix: 'SUMMER', delimiter: '-', code_length: 8 }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { codes: Array<{ code: string }> } };
    for (const { code } of body.data.codes) expect(code).toMatch(/^SUMMER-[A-Z0-9]{8}$/);

    run.io.stop();
    expect(await run.exited).toBe(0);
  });

  it('makes codes repeatable with --seed and serves only the vendors asked for', async () => {
    const codes: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const run = startCli(['--port', '0', '--seed', '42', '--vendor', 'bigcommerce', '--quiet']);
      const banner = await run.waitFor(/bigcommerce.*\n/);
      expect(banner).not.toMatch(/shoplazza|elasticpath/);
      const origin = /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;
      const response = await fetch(`${origin}/stores/abc123/v3/promotions/1/codegen`, {
        method: 'POST',
        headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
        body: JSON.stringify({ batch_size: 5 }),
      });
      codes.push(((await response.json()) as { data: { codes: Array<{ code: string }> } }).data.codes.map((c) => c.code));
      const shoplazza = await fetch(`${origin}/openapi/2025-06/price_rules/pr_1001/discount_codes`, { headers: { 'access-token': 't' } });
      expect(shoplazza.status).toBe(404);
      run.io.stop();
      expect(await run.exited).toBe(0);
    }
    expect(codes[0]).toHaveLength(5);
    expect(codes[1]).toEqual(codes[0]);
  });

  it('reads fixtures and a tokens file', async () => {
    const fixtures = join(scratch, 'fixtures.yaml');
    writeFileSync(fixtures, 'shoplazza:\n  price_rules:\n    - id: pr_777\n      title: Spring\n');
    const tokens = join(scratch, 'tokens.json');
    writeFileSync(tokens, JSON.stringify({ shoplazza: { 'team-token': ['read_price_rules'] } }));
    const run = startCli(['--port', '0', '--vendor', 'shoplazza', '--fixtures', fixtures, '--tokens', tokens, '--quiet']);
    const banner = await run.waitFor(/shoplazza.*\n/);
    expect(banner).toContain('pr_777');
    const origin = /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;
    const list = (token: string) => fetch(`${origin}/openapi/2025-06/price_rules/pr_777/discount_codes`, { headers: { 'access-token': token } });
    expect((await list('team-token')).status).toBe(200);
    expect((await list('other-token')).status).toBe(401);
    run.io.stop();
    expect(await run.exited).toBe(0);
  });

  it('guards /__mock/ with --admin-token, or the token from $COUPON_MOCK_ADMIN_TOKEN', async () => {
    for (const [args, env] of [
      [['--admin-token', 'cli-admin-token-1'], {}],
      [[], { COUPON_MOCK_ADMIN_TOKEN: 'cli-admin-token-1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const run = startCli(['--port', '0', '--vendor', 'bigcommerce', '--quiet', ...args], env);
      const banner = await run.waitFor(/bigcommerce.*\n/);
      expect(banner).toContain('asks for the admin token once');
      const origin = originOf(banner);
      expect((await fetch(`${origin}/__mock/`)).status).toBe(401);
      expect((await fetch(`${origin}/__mock/`, { headers: { 'x-mock-admin-token': 'wrong-token' } })).status).toBe(401);
      expect((await fetch(`${origin}/__mock/`, { headers: { 'x-mock-admin-token': 'cli-admin-token-1' } })).status).toBe(200);
      expect((await fetch(`${origin}/__mock/`, { headers: { authorization: 'Bearer cli-admin-token-1' } })).status).toBe(200);
      run.io.stop();
      expect(await run.exited).toBe(0);
    }
  });

  it('applies --max-connections, --headers-timeout and --request-timeout to the server', async () => {
    const run = startCli(['--port', '0', '--vendor', 'bigcommerce', '--quiet', '--max-connections', '1', '--headers-timeout', '300', '--request-timeout', '600']);
    const origin = originOf(await run.waitFor(/bigcommerce.*\n/));
    const port = Number(new URL(origin).port);
    // Far below the defaults (10 s for headers, 60 s for a request): the flags, not the defaults, closed them.
    const slowHeaders = rawClient(port, 'GET /__mock/ HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const overLimit = rawClient(port, 'GET /__mock/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await within(overLimit.closed, 1000)).toBe(''); // closed on arrival, unanswered: the one connection is taken
    expect(await within(slowHeaders.closed, 5000)).toMatch(/^HTTP\/1\.1 408/);
    const slowBody = rawClient(port, 'POST /__mock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{');
    expect(await within(slowBody.closed, 5000)).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${origin}/__mock/`)).status).toBe(200);
    run.io.stop();
    expect(await run.exited).toBe(0);
  });

  it('prints its options with --help and exits 0', async () => {
    const { code, stdout } = await runToExit(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--port', '--vendor', '--latency', '--seed', '--fixtures', '--tokens', '--state', '--redis']) expect(stdout).toContain(flag);
  });

  const oneLineExit2 = async (args: string[], mentions: RegExp) => {
    const { code, stderr } = await runToExit(args);
    expect(code).toBe(2);
    const lines = stderr.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(mentions);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('refuses an unknown vendor, a bad port, a bad latency, an unknown flag: one line, exit 2', async () => {
    await oneLineExit2(['--vendor', 'amazon'], /unknown vendor 'amazon'/);
    await oneLineExit2(['--port', '70000'], /--port/);
    await oneLineExit2(['--latency', 'fast'], /--latency/);
    await oneLineExit2(['--frobnicate'], /frobnicate/);
  });

  it('refuses a reachable host without an admin token, a limit that is not a positive integer, and headers allowed longer than the request: one line, exit 2', async () => {
    await oneLineExit2(['--host', '0.0.0.0'], /admin token.*--admin-token.*COUPON_MOCK_ADMIN_TOKEN/);
    await oneLineExit2(['--host', '0.0.0.0', '--admin-token', ''], /admin token/);
    await oneLineExit2(['--max-connections', '0'], /--max-connections/);
    await oneLineExit2(['--headers-timeout', '1.5'], /--headers-timeout/);
    await oneLineExit2(['--request-timeout', 'soon'], /--request-timeout/);
    await oneLineExit2(['--request-timeout', '500'], /--headers-timeout \(10000\) must not exceed --request-timeout \(500\)/);
    await oneLineExit2(['--headers-timeout', '70000'], /--headers-timeout \(70000\) must not exceed --request-timeout \(60000\)/);
  });

  it('refuses a missing or malformed fixtures file and a port in use: one line, exit 2', async () => {
    await oneLineExit2(['--fixtures', join(scratch, 'nope.json')], /nope\.json/);
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{"bigcommerce": [');
    await oneLineExit2(['--fixtures', broken], /broken\.json/);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await oneLineExit2(['--port', String(port)], new RegExp(`port ${port}`));
    } finally {
      blocker.close();
    }
  });
});
