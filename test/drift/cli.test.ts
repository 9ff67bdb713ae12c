import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { PACKAGE_ROOT } from '../../src/openapi/load.js';
import { generateTypes } from '../../src/drift/generate.js';
import { allRules } from '../../src/drift/rules/index.js';
import { runCommand } from '../support/command-io.js';
import { fixture, fixtureText, type FixtureParts } from './fixture.js';

// `coupon-contracts drift` and `generate` as the binary runs them (src/cli/main.ts), in this
// process, inside a throwaway git repository the way CI runs them. The binary itself, spawned,
// is test/cli/binary.process.test.ts.

const SPEC = 'spec/coupons.yaml';
const GENERATED = 'generated/coupons.ts';
const REQUEST_MAX = '/paths/~1coupons~1{id}/post/requestBody/content/application~1json/schema/properties/batch_size/maximum';
const GIT_ENV = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };

const repos: string[] = [];
afterAll(() => repos.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const batchSize = (maximum: number): Partial<FixtureParts> => ({
  requestSchema: `{type: object, properties: {batch_size: {type: integer, minimum: 1, maximum: ${maximum}}}}`,
});

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/** Writes the spec and what it generates (optionally commits them) in `dir`. */
async function writeSpec(dir: string, parts: Partial<FixtureParts>, { regenerate = true } = {}): Promise<void> {
  mkdirSync(join(dir, 'spec'), { recursive: true });
  mkdirSync(join(dir, 'generated'), { recursive: true });
  writeFileSync(join(dir, SPEC), fixtureText(parts));
  if (regenerate) writeFileSync(join(dir, GENERATED), await generateTypes(fixture(parts), SPEC));
}

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));
  repos.push(dir);
  return dir;
}

/** Made once: a repository whose one commit holds a spec (batch_size maximum 250) and its generated types. */
let baseRepo: Promise<string> | undefined;
async function makeBaseRepo(): Promise<string> {
  const dir = scratchDir();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  await writeSpec(dir, batchSize(250));
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'base');
  return dir;
}

/** A copy of the base repository (its .git too) for one test: three git processes and a type generation once, not per test. */
async function committedRepo(): Promise<string> {
  baseRepo ??= makeBaseRepo();
  const dir = scratchDir();
  cpSync(await baseRepo, dir, { recursive: true });
  return dir;
}

/** Runs the command with `cwd` as its working directory; its output as the binary prints it. */
async function cli(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = await runCommand(runCli, args, { cwd, env: { NO_COLOR: '1' } });
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  return { status: run.code, stdout: run.stdout.trimEnd(), stderr: lines.join('\n') };
}

// Each test has its own repository, so they may run concurrently.
describe.concurrent('coupon-contracts drift', { timeout: 60_000 }, () => {
  it('exit 0 and no findings when nothing changed', async ({ expect }) => {
    const dir = await committedRepo();
    const run = await cli(dir, 'drift');
    expect(run).toMatchObject({ status: 0, stdout: '' });
    expect(run.stderr).toBe('drift against HEAD: 0 breaking, 0 compatible');
  });

  it('exit 1 with one line per finding when a constraint is tightened', async ({ expect }) => {
    const dir = await committedRepo();
    await writeSpec(dir, batchSize(200));
    const run = await cli(dir, 'drift');
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toEqual([`${SPEC}#${REQUEST_MAX} request-max-decreased: maximum lowered from 250 to 200`]);
  });

  it('--format json: findings with lines, and a summary', async ({ expect }) => {
    const dir = await committedRepo();
    await writeSpec(dir, batchSize(200));
    const run = await cli(dir, 'drift', '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({ base: 'HEAD', breaking: 1, info: 0, ok: false });
    expect(report.findings).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'request-max-decreased', file: SPEC, pointer: REQUEST_MAX, line: expect.any(Number) }),
    ]);
  });

  it('--format github: ::error annotations on the spec line', async ({ expect }) => {
    const dir = await committedRepo();
    await writeSpec(dir, batchSize(200));
    const run = await cli(dir, 'drift', '--format=github');
    const line = fixtureText(batchSize(200)).split('\n').findIndex((l) => l.includes('maximum: 200')) + 1;
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`::error file=${SPEC},line=${line},title=request-max-decreased::#${REQUEST_MAX}: maximum lowered from 250 to 200`);
  });

  it('an additive change with stale generated types fails on the generated file, then passes once regenerated', async ({ expect }) => {
    const dir = await committedRepo();
    const loosened = { requestSchema: '{type: object, properties: {batch_size: {type: integer, minimum: 1, maximum: 500}, note: {type: string}}}' };
    await writeSpec(dir, loosened, { regenerate: false });
    const stale = await cli(dir, 'drift');
    expect(stale.status).toBe(1);
    expect(stale.stdout).toMatch(new RegExp(`^${GENERATED} generated-stale: differs from what ${SPEC} generates \\(first at line \\d+\\); run npm run generate$`, 'm'));

    expect(await cli(dir, 'generate')).toMatchObject({ status: 0, stdout: `wrote     ${GENERATED}` });
    const current = await cli(dir, 'drift');
    expect(current.status).toBe(0);
    expect(current.stdout.split('\n').sort()).toEqual([
      `${SPEC}#${REQUEST_MAX} request-max-increased (info): maximum raised from 250 to 500`,
      `${SPEC}#/paths/~1coupons~1{id}/post/requestBody/content/application~1json/schema/properties/note request-property-added (info): new optional property note`,
    ]);
  });

  it('compares with origin/main when the clone has it', async ({ expect }) => {
    const dir = await committedRepo();
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    await writeSpec(dir, batchSize(200));
    git(dir, 'commit', '--quiet', '-am', 'tighten');
    const run = await cli(dir, 'drift');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('drift against origin/main: 1 breaking, 0 compatible');
    expect((await cli(dir, 'drift', '--base', 'HEAD')).status).toBe(0);
  });

  it('a spec new since the base is additive', async ({ expect }) => {
    const dir = await committedRepo();
    writeFileSync(join(dir, 'spec/extra.yaml'), fixtureText());
    writeFileSync(join(dir, 'generated/extra.ts'), await generateTypes(fixture(), 'spec/extra.yaml'));
    expect(await cli(dir, 'drift')).toMatchObject({ status: 0, stdout: 'spec/extra.yaml spec-added (info): new spec (nothing to be compatible with)' });
  });

  it('exit 2 with one line naming the ref when the base ref does not exist', async ({ expect }) => {
    const dir = await committedRepo();
    expect(await cli(dir, 'drift', '--base', 'no-such-branch')).toEqual({ status: 2, stdout: '', stderr: "coupon-contracts drift: base ref 'no-such-branch' does not exist" });
  });

  it('exit 2 with one line naming the file when a spec does not parse', async ({ expect }) => {
    const dir = await committedRepo();
    writeFileSync(join(dir, SPEC), 'openapi: 3.1.0\npaths: {\n  /a: [unclosed\n');
    const run = await cli(dir, 'drift');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^coupon-contracts drift: ${SPEC}: not valid YAML or JSON: [^\\n]+$`));
  });

  it('exit 2 for a bad --format, an unknown option, or no spec files', async ({ expect }) => {
    const dir = await committedRepo();
    expect(await cli(dir, 'drift', '--format', 'xml')).toMatchObject({ status: 2, stderr: "coupon-contracts drift: unknown --format 'xml' (expected text, json, github)" });
    expect(await cli(dir, 'drift', '--since', 'HEAD')).toMatchObject({ status: 2, stderr: "coupon-contracts drift: Unknown option '--since'" });
    rmSync(join(dir, 'spec'), { recursive: true });
    expect(await cli(dir, 'drift')).toMatchObject({ status: 2, stderr: `coupon-contracts drift: no spec/*.yaml in ${dir}` });
  });

  it('--help lists every breaking rule', async ({ expect }) => {
    const run = await cli(PACKAGE_ROOT, 'drift', '--help');
    expect(run.status).toBe(0);
    for (const rule of allRules) expect(run.stdout).toContain(`  ${rule.id} `);
  });

  it('exit 2 outside a git repository', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-nogit-'));
    repos.push(dir);
    const run = await cli(dir, 'drift');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`coupon-contracts drift: ${dir} is not inside a git repository; the drift gate compares specs with a git ref`);
  });
});

describe('coupon-contracts generate', { timeout: 60_000 }, () => {
  it('exit 2 naming the spec when it does not parse, and writes nothing', async ({ expect }) => {
    const dir = await committedRepo();
    writeFileSync(join(dir, 'spec/broken.yaml'), 'not: [an, openapi, document]\n');
    const run = await cli(dir, 'generate');
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: "coupon-contracts generate: spec/broken.yaml: not an OpenAPI document (no 'openapi' version or no 'paths')" });
  });
});
