/**
 * The mock as a user starts it: the real CLI in a child process, its banner, its answers over
 * HTTP, a clean stop on SIGINT/SIGTERM, and one-line errors with exit 2 for bad input.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const children = new Set<ChildProcessWithoutNullStreams>();
const scratch = mkdtempSync(join(tmpdir(), 'cc-cli-'));

afterAll(() => {
  for (const child of children) {
    child.kill('SIGKILL');
    // npm start runs the mock in a process group of its own: end the whole group.
    if (child.spawnargs.includes('start') && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

function startCli(args: string[], command: string[] = [process.execPath, '--import', 'tsx', 'src/cli.ts', 'mock'], detached = false) {
  const [bin, ...pre] = command as [string, ...string[]];
  const child = spawn(bin, [...pre, ...args], { cwd: ROOT, env: { ...process.env, PORT: '' }, detached });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with stdout once `pattern` appears in it (or rejects after `ms`). */
    async waitFor(pattern: RegExp, ms = 30_000): Promise<string> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (pattern.test(stdout)) return stdout;
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${pattern} within ${ms} ms; stdout: ${stdout}; stderr: ${stderr}`);
    },
  };
}

async function runToExit(args: string[], ms = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, ...run.output() };
}

describe('coupon-contracts mock (CLI)', { timeout: 90_000 }, () => {
  it('starts all three vendors, prints one line per vendor, serves them, and stops cleanly on SIGINT', async () => {
    const run = startCli(['--port', '0']);
    const banner = await run.waitFor(/elasticpath.*\n/);
    const origin = /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const lines = banner.split('\n').filter((l) => /^\s+(bigcommerce|shoplazza|elasticpath)\s/.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(['bigcommerce', 'shoplazza', 'elasticpath']);
    expect(banner).toContain(`${origin}/stores/abc123/v3`);
    expect(banner).toContain('1 (BULK coupon)');
    expect(banner).toContain('X-Auth-Token');

    const response = await fetch(`${origin}/stores/abc123/v3/promotions/1/codegen`, {
      method: 'POST',
      headers: { 'x-auth-token': 't', 'content-type': 'application/json' },
      body: JSON.stringify({ batch_size: 3, prefix: 'SUMMER', delimiter: '-', code_length: 8 }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { data: { codes: Array<{ code: string }> } };
    for (const { code } of body.data.codes) expect(code).toMatch(/^SUMMER-[A-Z0-9]{8}$/);

    run.child.kill('SIGINT');
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
      run.child.kill('SIGTERM');
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
    run.child.kill('SIGINT');
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
    const lines = stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));
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

  it('npm start is the same command (the README quick start)', async () => {
    const run = startCli(['--', '--port', '0', '--quiet'], ['npm', 'start', '--silent'], true);
    const banner = await run.waitFor(/elasticpath.*\n/, 60_000);
    const origin = /listening on (http:\/\/[^ ]+)/.exec(banner)?.[1] as string;
    expect((await fetch(`${origin}/__mock/`)).status).toBe(200);
    // Ctrl-C in a terminal signals the whole foreground process group: npm and the mock.
    process.kill(-(run.child.pid as number), 'SIGINT');
    await run.exited;
    await expect(fetch(`${origin}/__mock/`)).rejects.toThrow();
  });
});
