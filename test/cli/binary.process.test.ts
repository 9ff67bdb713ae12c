/**
 * The binary end to end, once per command: `coupon-contracts <command>` as a child process (the
 * built dist/src/cli.js when dist/ is fresh, else src/cli.ts through tsx: mock-process.ts), which
 * is what the in-process tests cannot show: the process's own streams, exit status and signals,
 * and `npm start`. What each command does with its arguments is tested in process (mock-cli,
 * drift/cli, verify-cli, contracts/cli tests); what --help loads, in package-entry.process.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/drift/generate.js';
import { startMockServer, type MockServer } from '../../src/mock/server.js';
import { loadPlugins } from '../../src/vendors/index.js';
import { fixture, fixtureText } from '../drift/fixture.js';
import { CLI_ARGV, killAll, ROOT, runCli } from '../integration/mock-process.js';

const scratch = mkdtempSync(join(tmpdir(), 'cc-binary-'));
const servers: MockServer[] = [];
afterAll(async () => {
  await killAll();
  await Promise.all(servers.map((server) => server.close()));
  rmSync(scratch, { recursive: true, force: true });
});

describe('coupon-contracts (the binary)', { timeout: 90_000 }, () => {
  it('mock: serves until SIGINT, then exits 0', async () => {
    const child = spawn(process.execPath, [...CLI_ARGV, 'mock', '--port', '0', '--quiet'], { cwd: ROOT, env: { ...process.env, PORT: '' } });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (/elasticpath.*\n/.test(stdout)) resolve(/listening on (http:\/\/[^ ]+)/.exec(stdout)?.[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stdout}`)));
      });
      expect((await fetch(`${origin}/__mock/`)).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await expect(fetch(`${origin}/__mock/`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('mock: npm start is the same command (the README quick start)', async () => {
    const child = spawn('npm', ['start', '--silent', '--', '--port', '0', '--quiet'], { cwd: ROOT, env: { ...process.env, PORT: '' }, detached: true });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const deadline = Date.now() + 60_000;
      while (!/elasticpath.*\n/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const origin = /listening on (http:\/\/[^ ]+)/.exec(stdout)?.[1] as string;
      expect((await fetch(`${origin}/__mock/`)).status).toBe(200);
      // Ctrl-C in a terminal signals the whole foreground process group: npm and the mock.
      process.kill(-(child.pid as number), 'SIGINT');
      await exited;
      await expect(fetch(`${origin}/__mock/`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  it('drift: exit 1 and one line per finding, from the working directory it runs in', async () => {
    const dir = join(scratch, 'drift');
    mkdirSync(join(dir, 'spec'), { recursive: true });
    mkdirSync(join(dir, 'generated'), { recursive: true });
    const parts = (maximum: number) => ({ requestSchema: `{type: object, properties: {batch_size: {type: integer, minimum: 1, maximum: ${maximum}}}}` });
    writeFileSync(join(dir, 'spec/coupons.yaml'), fixtureText(parts(250)));
    writeFileSync(join(dir, 'generated/coupons.ts'), await generateTypes(fixture(parts(250)), 'spec/coupons.yaml'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    git('init', '--quiet', '--initial-branch=main');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
    writeFileSync(join(dir, 'spec/coupons.yaml'), fixtureText(parts(200)));

    const run = await runCli(['drift'], 60_000, dir);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^spec\/coupons\.yaml#\S+ request-max-decreased: maximum lowered from 250 to 200$/)]);
    expect(run.stderr.trimEnd()).toBe('drift against HEAD: 1 breaking, 0 compatible');
  });

  it('generate: writes generated/ for the specs of the working directory', async () => {
    const dir = join(scratch, 'generate');
    mkdirSync(join(dir, 'spec'), { recursive: true });
    writeFileSync(join(dir, 'spec/coupons.yaml'), fixtureText());
    const run = await runCli(['generate'], 60_000, dir);
    expect(run).toMatchObject({ code: 0, stdout: 'wrote     generated/coupons.ts\n', stderr: '' });
    expect(existsSync(join(dir, 'generated/coupons.ts'))).toBe(true);
  });

  it('verify: runs a suite against a target and exits 0 when it conforms', async () => {
    const mock = await startMockServer({ plugins: await loadPlugins(['bigcommerce']), port: 0 });
    servers.push(mock);
    const run = await runCli(['verify', '--target', mock.url, '--checks', 'auth'], 90_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS bigcommerce\s+\d+ passed, 0 failed, \d+ skipped\s+\d+ requests in/);
  });

  it('an unknown command: usage on stderr, exit 2', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("coupon-contracts: unknown command 'frobnicate'");
    expect(run.stderr).toContain('usage: coupon-contracts <command> [options]');
  });
});
