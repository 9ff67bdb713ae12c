// Runs of the contract suites through `coupon-contracts verify` (runVerify, in process; the suites
// run in the vitest it starts). Runs that cannot happen (exit 2): test/cli/verify-cli.test.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { genericChecks } from '../../src/contracts/checks/index.js';
import { httpTargets } from '../support/http-targets.js';
import { verify } from './support/cli.js';
import { startFakeTarget, type FakeTarget } from './support/fake-target.js';

const TOKEN = 'tok-SECRET-c41e77a0';
const READONLY = 'readonly-SECRET-9d0b12';
const targets = httpTargets();
const hostile = targets.start;
let fake: FakeTarget | undefined;

afterEach(async () => {
  await targets.closeAll();
  await fake?.close();
  fake = undefined;
});

const bigcommerce = (target: string, ...more: string[]) => ['--target', target, '--vendor', 'bigcommerce', '--token', TOKEN, '--promotion', 'bigcommerce=1', ...more];

describe('coupon-contracts verify: hostile targets are reported failures, never a hang or a stack trace', { timeout: 90_000 }, () => {
  it('a target that hangs: every request times out (--timeout 300)', async () => {
    const target = await hostile(() => undefined);
    const run = await verify(bigcommerce(target, '--timeout', '300', '--checks', 'status_conformance'), 60_000);
    const output = run.stdout + run.stderr;
    expect(run.code).toBe(1);
    expect(output).toContain('[status_conformance] listCouponCodes: a valid request: no response (timeout)');
    expect(output).toContain('got:  no response: timeout (no complete answer within 300 ms)');
    expect(output).toContain('[the fixture could not create a code: createCouponCode answered timeout]');
    expect(run.stdout).toMatch(/FAIL bigcommerce\s+0 passed, 3 failed, 4 skipped/);
    expect(output).toMatch(/cleanup after the bigcommerce run: 1 step\(s\) failed, first: .*cleanup: listing the promotion's codes: no response \(timeout\)/);
    expect(output).not.toMatch(/^\s+(at |❯ ).*\.ts:\d+/m);
  });

  it('a target that answers HTML or truncated JSON: schema failures', async () => {
    const target = await hostile((req, res) => {
      if (req.method === 'GET' && /\/promotions\/1\/codes$/.test(req.url ?? '')) res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [{"id": 1,');
      else res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Maintenance</h1>');
    });
    const run = await verify(bigcommerce(target, '--checks', 'status_conformance,schema_conformance'));
    const output = run.stdout + run.stderr;
    expect(run.code).toBe(1);
    expect(output).toContain('[schema_conformance] listCouponCodes: 200 body is not JSON');
    expect(output).toContain('body: {"data": [{"id": 1,');
    expect(output).toContain('[schema_conformance] createCouponCode: 201 answered Content-Type text/html, documented application/json');
    expect(output).toContain('[the fixture could not create a code: createCouponCode answered 201 (not-json)]');
    expect(output).toContain('body: <!doctype html><h1>Maintenance</h1>');
    expect(output).not.toMatch(/^\s+(at |❯ ).*\.ts:\d+/m);
  });

  it('a target that resets every connection', async () => {
    const target = await hostile((req) => req.socket.destroy());
    const run = await verify(bigcommerce(target, '--checks', 'status_conformance,method_not_allowed'));
    const output = run.stdout + run.stderr;
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('the connection was reset; treating');
    expect(output).toContain('[method_not_allowed]: 13 of 13 undefined methods were not answered 405');
    expect(output).toContain('got:  no response: reset');
    expect(output).not.toMatch(/^\s+(at |❯ ).*\.ts:\d+/m);
  });
});

describe('coupon-contracts verify: reports', { timeout: 120_000 }, () => {
  it('exits 0 against a target that follows the spec, with a summary line and request count', async () => {
    fake = await startFakeTarget('bigcommerce');
    // The generic checks only: vendor checks need a target with state, not a stateless fake. Not
    // robustness: the fake answers unrouted requests in no vendor's shape (robustness.test.ts
    // proves that check against the mock and a faulty server).
    const generic = genericChecks.filter((c) => c.name !== 'robustness').map((c) => c.name);
    const run = await verify(bigcommerce(fake.url, '--readonly-token', READONLY, '--checks', generic.join(',')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PASS bigcommerce\s+\d+ passed, 0 failed, 0 skipped\s+(\d+) requests in/);
    const requests = Number(/(\d+) requests in/.exec(run.stdout)?.[1]);
    expect(requests).toBe(fake.requests.filter((r) => !r.path.startsWith('/__mock')).length);
  });

  it('writes the JSON report to /dev/null without failing (nothing to add the coverage to)', async () => {
    fake = await startFakeTarget('bigcommerce');
    const run = await verify(bigcommerce(fake.url, '--readonly-token', READONLY, '--checks', 'status_conformance', '--reporter', 'json', '--out', '/dev/null'));
    expect(run.stderr).not.toContain('Unexpected end of JSON input');
    expect(run.code).toBe(0);
  });

  it('never writes a token into any report: pretty, json and junit', async () => {
    // A target that echoes the request headers into its answers, and always answers 200.
    const target = await hostile((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ headers: req.headers })));
    const dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    const run = await verify([
      ...bigcommerce(target, '--readonly-token', READONLY, '--checks', 'auth,schema_conformance'),
      '--reporter', 'pretty,json,junit',
      '--out', join(dir, 'report.json'),
      '--out', `junit=${join(dir, 'report.xml')}`,
    ]);
    expect(run.code).toBe(1);
    const json = readFileSync(join(dir, 'report.json'), 'utf8');
    const junit = readFileSync(join(dir, 'report.xml'), 'utf8');
    expect(run.stdout + run.stderr).toContain('"x-auth-token":"[redacted]"');
    expect(json).toContain('[auth] createCouponCode');
    expect(junit).toContain('[auth] createCouponCode');
    for (const output of [run.stdout, run.stderr, json, junit]) {
      expect(output).not.toContain(TOKEN);
      expect(output).not.toContain(READONLY);
    }
  });
});
