import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreOpenError } from '../../src/store/errors.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { describeStoreConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `state-${++files}.db`);

describeStoreConformance('sqlite', () => openSqliteStore(freshPath()));

describe('SQLite store', () => {
  it('keeps its state across close and reopen', async () => {
    const path = freshPath();
    const first = openSqliteStore(path);
    await first.insertCodes('bigcommerce:1', [{ code: 'A', data: { n: 1 } }], 'all-or-nothing');
    await first.putDoc('k', 'a', { v: 1 });
    await first.nextValue('n');
    await first.close();

    const second = openSqliteStore(path);
    expect(await second.findCode('bigcommerce:1', 'A')).toEqual({ seq: 1, code: 'A', data: { n: 1 } });
    expect(await second.getDoc('k', 'a')).toEqual({ v: 1 });
    expect(await second.nextValue('n')).toBe(2);
    const { inserted } = await second.insertCodes('bigcommerce:2', [{ code: 'B', data: {} }], 'all-or-nothing');
    expect(inserted[0]!.seq).toBe(2);
    await second.close();
  });

  describe('refuses to open, with one line naming the path', () => {
    async function openError(path: string): Promise<StoreOpenError> {
      try {
        openSqliteStore(path);
      } catch (error) {
        expect(error).toBeInstanceOf(StoreOpenError);
        const message = (error as Error).message;
        expect(message).toContain(path);
        expect(message).not.toContain('\n');
        return error as StoreOpenError;
      }
      throw new Error(`opened ${path}`);
    }

    it('a file that is not a database', async () => {
      const path = freshPath();
      writeFileSync(path, 'just some text, not SQLite\n'.repeat(100));
      await openError(path);
    });

    it('a SQLite database of someone else', async () => {
      const path = freshPath();
      const other = new Database(path);
      other.exec('CREATE TABLE users (name TEXT)');
      other.close();
      expect((await openError(path)).message).toContain('not a coupon-contracts state file');
    });

    it('a state file written by a newer schema', async () => {
      const path = freshPath();
      await openSqliteStore(path).close();
      const db = new Database(path);
      db.pragma('user_version = 99');
      db.close();
      expect((await openError(path)).message).toContain('newer');
    });

    it('a corrupt state file', async () => {
      const path = freshPath();
      const store = openSqliteStore(path);
      const batch = Array.from({ length: 2000 }, (_, i) => ({ code: `CODE${i}`, data: { i } }));
      await store.insertCodes('bigcommerce:1', batch, 'all-or-nothing');
      await store.close();
      // Overwrite pages past the header with garbage.
      const db = new Database(path);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const { openSync, writeSync, closeSync } = await import('node:fs');
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 4096 * 2);
      closeSync(fd);
      expect((await openError(path)).message).toMatch(/corrupt|malformed/);
    });

    it('a path in a directory that does not exist', async () => {
      await openError(join(dir, 'no-such-dir', 'state.db'));
    });

    it.skipIf(process.getuid?.() === 0)('a file it may not write', async () => {
      const path = freshPath();
      await openSqliteStore(path).close();
      chmodSync(path, 0o444);
      await openError(path);
    });

    it('a directory it may not write (root ignores modes, so it uses a directory path)', async () => {
      const path = join(dir, `a-directory-${++files}`);
      mkdirSync(path);
      await openError(path);
    });
  });
});
