/**
 * `coupon-contracts mock --state FILE` / `--redis URL` when the store cannot be opened: one line
 * on stderr that names the path or URL, exit code 2, within seconds, no stack trace, and a file
 * that is not ours left as it was. The command runs in this process (runMock).
 */
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMock } from '../../src/cli/mock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { freePort as closedPort } from '../support/free-port.js';
import { captureIO } from '../support/command-io.js';

/** Opening a store is most of it; a loaded CI machine gets slack. */
const WITHIN_MS = 15_000;
const isRoot = process.getuid?.() === 0;

interface CliRun {
  code: number | undefined;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cli-state-'));
});
afterAll(() => {
  if (existsSync(join(dir, 'read-only'))) chmodSync(join(dir, 'read-only'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

/** `mock <args> --port 0 --quiet`; a mock that starts after all is stopped at once (and the test fails on its exit code). */
async function mock(...args: string[]): Promise<CliRun> {
  const io = captureIO();
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), WITHIN_MS + 5_000);
  });
  const ended = runMock([...args, '--port', '0', '--quiet'], io);
  // A mock that did open its store serves until stopped: stop it once it says so.
  const listening = setInterval(() => {
    if (/listening on/.test(io.out())) io.stop();
  }, 20);
  try {
    const code = await Promise.race([ended, late]);
    return { code, stdout: io.out(), stderr: io.err(), ms: Date.now() - started, timedOut: code === undefined };
  } finally {
    clearTimeout(timer);
    clearInterval(listening);
  }
}

/** The contract of every store-open failure. */
function expectOneLineError(run: CliRun, names: string, reason: RegExp): void {
  expect(run.timedOut, `still running after ${WITHIN_MS} ms`).toBe(false);
  expect(run.code, run.stderr).toBe(2);
  expect(run.ms).toBeLessThan(WITHIN_MS);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  const [line] = lines as [string];
  expect(line).toMatch(/^coupon-contracts mock: /);
  expect(line).toContain(names);
  expect(line).toMatch(reason);
  expect(line).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
}

describe('mock --state / --redis that cannot be opened', () => {
  it('--state in a directory that does not exist (/proc/nope)', async () => {
    const path = '/proc/nope/state.db';
    expectOneLineError(await mock('--state', path), path, /directory does not exist|unable to open/);
  }, 30_000);

  it('--state under a path that cannot be a directory (its parent is a file)', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const path = join(file, 'state.db');
    expectOneLineError(await mock('--state', path), path, /unable to open|directory/);
  }, 30_000);

  it.skipIf(isRoot)('--state under a read-only directory (skipped as root: root writes anywhere)', async () => {
    const readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const path = join(readOnly, 'state.db');
    expectOneLineError(await mock('--state', path), path, /unable to open|readonly|read-only/);
  }, 30_000);

  it('--state on a text file: refused, and the file is left as it was', async () => {
    const path = join(dir, 'notes.txt');
    const text = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(path, text);
    expectOneLineError(await mock('--state', path), path, /not a database/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  }, 30_000);

  it("--state on another program's SQLite database: refused, and left as it was", async () => {
    const path = join(dir, 'theirs.db');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
    const before = readFileSync(path);
    expectOneLineError(await mock('--state', path), path, /not a coupon-contracts state file/);
    expect(readFileSync(path).equals(before)).toBe(true);
  }, 30_000);

  it('--state on a corrupt state file of ours', async () => {
    const path = join(dir, 'corrupt.db');
    const store = openSqliteStore(path);
    for (let batch = 0; batch < 20; batch++) {
      const codes = Array.from({ length: 100 }, (_, i) => ({ code: `CODE-${batch}-${i}-${'X'.repeat(30)}`, data: { i } }));
      await store.insertCodes('bigcommerce:1', codes, 'all-or-nothing');
    }
    await store.close();
    // Overwrite a b-tree page in the middle of the file.
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 4, pageSize * 4 + 1000);
    writeFileSync(path, bytes);
    expectOneLineError(await mock('--state', path), path, /corrupt|malformed/);
  }, 30_000);

  it('--redis to a port where nothing listens', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const run = await mock('--redis', url);
    // Says why (the connection was refused), not only that the connection is closed.
    expectOneLineError(run, url, /ECONNREFUSED|refused/);
  }, 30_000);
});
