import Database from 'better-sqlite3';
import { codeDataParser, codeDataSerializer, planInsert, vendorOfScope } from './codes.js';
import type { StoreDump } from './dump.js';
import { StoreOpenError } from './errors.js';
import { InFlightCounters } from './in-flight.js';
import { canonicalJson } from './json.js';
import type { CodePage, DumpOptions, Store, StoredCode } from './types.js';

/** Marks a database file as ours (`PRAGMA application_id`), so we never write into someone else's. */
const APPLICATION_ID = 0x63637374; // "ccst"
/** `PRAGMA user_version` of the schema below; a migration goes with each increase. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
  -- Codes, clustered by (scope, seq) so that pages are range reads. Seqs are allocated per
  -- vendor, so they are unique within a scope.
  CREATE TABLE codes (
    scope TEXT NOT NULL,
    seq   INTEGER NOT NULL,
    key   TEXT NOT NULL,
    code  TEXT NOT NULL,
    data  TEXT NOT NULL,  -- JSON
    PRIMARY KEY (scope, seq),
    UNIQUE (scope, key)
  ) WITHOUT ROWID;
  -- Code count per scope, kept in the same transactions as the codes: count(*) over a scope of
  -- a million codes is a scan, and listings ask for the total on every page.
  CREATE TABLE scopes (scope TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
  -- Last sequence number allocated per vendor.
  CREATE TABLE seqs (vendor TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE docs (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
  CREATE TABLE slots (slot TEXT PRIMARY KEY, holder TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

interface CodeRow {
  seq: number;
  code: string;
  data: string;
}

/**
 * State in a SQLite file, kept across restarts. WAL with `synchronous=FULL`: a call that has
 * returned is on disk and survives kill -9 or power loss. Every Store call is one transaction
 * (IMMEDIATE for writes, so two mock processes sharing the file serialise instead of
 * deadlocking on a lock upgrade).
 *
 * `acquire` counts in memory: it limits the concurrent requests of this process only, and
 * nothing is in flight after a restart, so there is nothing worth persisting.
 */
export function openSqliteStore(path: string): Store {
  const db = openDatabase(path);
  const inFlight = new InFlightCounters();

  const q = {
    isTaken: db.prepare<[string, string], 1>('SELECT 1 FROM codes WHERE scope = ? AND key = ?').pluck(),
    lastSeq: db.prepare<[string], number>('SELECT last FROM seqs WHERE vendor = ?').pluck(),
    setLastSeq: db.prepare<[string, number], void>(
      'INSERT INTO seqs (vendor, last) VALUES (?, ?) ON CONFLICT (vendor) DO UPDATE SET last = excluded.last',
    ),
    insertCode: db.prepare<[string, number, string, string, string], void>(
      'INSERT INTO codes (scope, seq, key, code, data) VALUES (?, ?, ?, ?, ?)',
    ),
    addToCount: db.prepare<[{ scope: string; delta: number }], void>(
      'INSERT INTO scopes (scope, count) VALUES (@scope, @delta) ON CONFLICT (scope) DO UPDATE SET count = count + @delta',
    ),
    count: db.prepare<[string], number>('SELECT count FROM scopes WHERE scope = ?').pluck(),
    scopesWithPrefix: db
      .prepare<[{ prefix: string }], string>(
        'SELECT scope FROM scopes WHERE substr(scope, 1, length(@prefix)) = @prefix AND count > 0',
      )
      .pluck(),
    getBySeq: db.prepare<[string, number], CodeRow>('SELECT seq, code, data FROM codes WHERE scope = ? AND seq = ?'),
    getByKey: db.prepare<[string, string], CodeRow>('SELECT seq, code, data FROM codes WHERE scope = ? AND key = ?'),
    pageUp: db.prepare<[string, number, number, number, number], CodeRow>(
      'SELECT seq, code, data FROM codes WHERE scope = ? AND seq > ? AND seq < ? ORDER BY seq LIMIT ? OFFSET ?',
    ),
    pageDown: db.prepare<[string, number, number, number, number], CodeRow>(
      'SELECT seq, code, data FROM codes WHERE scope = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ? OFFSET ?',
    ),
    deleteBySeq: db
      .prepare<[string, number], number>('DELETE FROM codes WHERE scope = ? AND seq = ? RETURNING seq')
      .pluck(),
    deleteByKey: db.prepare<[string, string], CodeRow>(
      'DELETE FROM codes WHERE scope = ? AND key = ? RETURNING seq, code, data',
    ),
    clearCodes: db.prepare<[string], void>('DELETE FROM codes WHERE scope = ?'),
    clearCount: db.prepare<[string], void>('DELETE FROM scopes WHERE scope = ?'),

    getDoc: db.prepare<[string, string], string>('SELECT json FROM docs WHERE kind = ? AND id = ?').pluck(),
    putDoc: db.prepare<[string, string, string], void>(
      'INSERT INTO docs (kind, id, json) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json',
    ),
    listDocs: db.prepare<[string], string>('SELECT json FROM docs WHERE kind = ?').pluck(),
    deleteDoc: db.prepare<[string, string], void>('DELETE FROM docs WHERE kind = ? AND id = ?'),

    holder: db.prepare<[string], string>('SELECT holder FROM slots WHERE slot = ?').pluck(),
    takeSlot: db.prepare<[string, string], void>('INSERT INTO slots (slot, holder) VALUES (?, ?)'),
    release: db.prepare<[string, string], void>('DELETE FROM slots WHERE slot = ? AND holder = ?'),
    nextValue: db
      .prepare<[string], number>(
        'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value',
      )
      .pluck(),
  };

  /** Runs `fn` as one IMMEDIATE transaction (a write lock from the start). */
  function write<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    const transaction = db.transaction(fn);
    return (...args) => transaction.immediate(...args);
  }

  function toStored(rows: CodeRow[]): StoredCode[] {
    const parse = codeDataParser();
    return rows.map((row) => ({ seq: row.seq, code: row.code, data: parse(row.data) }));
  }

  const insertCodes = write((scope: string, batch: Parameters<Store['insertCodes']>[1], mode: Parameters<Store['insertCodes']>[2]) => {
    const plan = planInsert(batch, (key) => q.isTaken.get(scope, key) !== undefined);
    if (mode === 'all-or-nothing' && plan.conflicts.length > 0) return { inserted: [], conflicts: plan.conflicts };
    const vendor = vendorOfScope(scope);
    let seq = q.lastSeq.get(vendor) ?? 0;
    const serialize = codeDataSerializer();
    const parse = codeDataParser();
    const inserted: StoredCode[] = [];
    for (const { code, key } of plan.accepted) {
      const json = serialize(code.data);
      q.insertCode.run(scope, ++seq, key, code.code, json);
      inserted.push({ seq, code: code.code, data: parse(json) });
    }
    if (inserted.length > 0) {
      q.setLastSeq.run(vendor, seq);
      q.addToCount.run({ scope, delta: inserted.length });
    }
    return { inserted, conflicts: plan.conflicts };
  });

  const deleteCodes = write((scope: string, seqs: readonly number[]) => {
    const deleted: number[] = [];
    for (const seq of seqs) {
      const gone = q.deleteBySeq.get(scope, seq);
      if (gone !== undefined) deleted.push(gone);
    }
    if (deleted.length > 0) q.addToCount.run({ scope, delta: -deleted.length });
    return deleted;
  });

  const deleteCodesByKey = write((scope: string, keys: readonly string[]) => {
    const rows: CodeRow[] = [];
    for (const key of keys) {
      const row = q.deleteByKey.get(scope, key);
      if (row) rows.push(row);
    }
    if (rows.length > 0) q.addToCount.run({ scope, delta: -rows.length });
    return toStored(rows);
  });

  const clearCodes = write((scope: string) => {
    q.clearCodes.run(scope);
    q.clearCount.run(scope);
  });

  /** Reads that span several statements run in a (deferred) transaction to see one snapshot. */
  const findInAnyScope = db.transaction((scopePrefix: string, key: string) => {
    for (const scope of q.scopesWithPrefix.all({ prefix: scopePrefix })) {
      const row = q.getByKey.get(scope, key);
      if (row) return { scope, code: toStored([row])[0]! };
    }
    return undefined;
  });

  const replaceDoc = write((kind: string, id: string, expected: unknown, next: unknown) => {
    const current = q.getDoc.get(kind, id);
    const matches = expected === undefined ? current === undefined : current === canonicalJson(expected);
    if (!matches) return false;
    q.putDoc.run(kind, id, canonicalJson(next));
    return true;
  });

  const deleteDoc = write((kind: string, id: string) => q.deleteDoc.run(kind, id).changes > 0);

  const claim = write((slot: string, holder: string) => {
    const current = q.holder.get(slot);
    if (current === undefined) q.takeSlot.run(slot, holder);
    return current === undefined || current === holder;
  });

  const reset = write(() => {
    for (const table of ['codes', 'scopes', 'seqs', 'docs', 'slots', 'counters']) db.exec(`DELETE FROM ${table}`);
  });

  const dump = db.transaction((withCodes: boolean): StoreDump => {
    const codes: StoreDump['codes'] = {};
    const parse = codeDataParser();
    for (const row of !withCodes ? [] : db
      .prepare<[], CodeRow & { scope: string }>('SELECT scope, seq, code, data FROM codes ORDER BY scope, seq')
      .iterate()) {
      (codes[row.scope] ??= []).push({ seq: row.seq, code: row.code, data: parse(row.data) });
    }
    const docs: StoreDump['docs'] = {};
    for (const row of db.prepare<[], { kind: string; id: string; json: string }>('SELECT kind, id, json FROM docs').iterate()) {
      (docs[row.kind] ??= {})[row.id] = JSON.parse(row.json);
    }
    const pairs = <V>(sql: string) => Object.fromEntries(db.prepare<[], [string, V]>(sql).raw().all());
    return {
      kind: 'sqlite',
      seqs: pairs<number>('SELECT vendor, last FROM seqs'),
      codes,
      docs,
      slots: pairs<string>('SELECT slot, holder FROM slots'),
      counters: pairs<number>('SELECT name, value FROM counters'),
      inFlight: inFlight.toJSON(),
    };
  });

  return {
    kind: 'sqlite',

    async insertCodes(scope, batch, mode) {
      return insertCodes(scope, batch, mode);
    },
    async getCode(scope, seq) {
      const row = q.getBySeq.get(scope, seq);
      return row && toStored([row])[0];
    },
    async findCode(scope, key) {
      const row = q.getByKey.get(scope, key);
      return row && toStored([row])[0];
    },
    async findCodeInAnyScope(scopePrefix, key) {
      return findInAnyScope(scopePrefix, key);
    },
    async listCodes(scope, { afterSeq = 0, beforeSeq, offset = 0, limit }: CodePage) {
      if (limit <= 0) return [];
      // Seqs start at 1, so afterSeq 0 and beforeSeq MAX_SAFE_INTEGER mean "unbounded".
      if (beforeSeq === undefined) {
        return toStored(q.pageUp.all(scope, afterSeq, Number.MAX_SAFE_INTEGER, limit, offset));
      }
      return toStored(q.pageDown.all(scope, afterSeq, beforeSeq, limit, offset).reverse());
    },
    async countCodes(scope) {
      return q.count.get(scope) ?? 0;
    },
    async deleteCodes(scope, seqs) {
      return deleteCodes(scope, seqs);
    },
    async deleteCodesByKey(scope, keys) {
      return deleteCodesByKey(scope, keys);
    },
    async clearCodes(scope) {
      clearCodes(scope);
    },

    async getDoc<T>(kind: string, id: string) {
      const json = q.getDoc.get(kind, id);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async putDoc(kind, id, doc) {
      q.putDoc.run(kind, id, canonicalJson(doc));
    },
    async replaceDoc(kind, id, expected, next) {
      return replaceDoc(kind, id, expected, next);
    },
    async listDocs<T>(kind: string) {
      return q.listDocs.all(kind).map((json) => JSON.parse(json) as T);
    },
    async deleteDoc(kind, id) {
      return deleteDoc(kind, id);
    },

    async claim(slot, holder) {
      return claim(slot, holder);
    },
    async release(slot, holder) {
      q.release.run(slot, holder);
    },
    async acquire(counter, limit) {
      return inFlight.acquire(counter, limit);
    },
    async releaseAcquired(counter) {
      inFlight.release(counter);
    },
    async nextValue(counter) {
      return q.nextValue.get(counter)!;
    },

    async reset() {
      reset();
      inFlight.clear();
    },
    async codeScopes() {
      return db.prepare<[], string>('SELECT scope FROM scopes WHERE count > 0 ORDER BY scope').pluck().all();
    },

    async docCounts() {
      return Object.fromEntries(db.prepare<[], [string, number]>('SELECT kind, COUNT(*) FROM docs GROUP BY kind').raw().all());
    },
    async dump(options?: DumpOptions) {
      return dump(options?.codes !== false);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** Opens (creating if absent) and checks the file; any problem becomes one StoreOpenError line. */
function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('busy_timeout = 5000');
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const hasTables = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() !== 0;
    if (applicationId !== APPLICATION_ID && (applicationId !== 0 || hasTables)) {
      throw new Error('not a coupon-contracts state file');
    }
    if (version > SCHEMA_VERSION) {
      throw new Error(`written by a newer coupon-contracts (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    // journal_mode answers the mode it is in; a file we cannot write stays in its old mode.
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('cannot switch to WAL mode');
    db.pragma('synchronous = FULL');
    const problems = String(db.pragma('quick_check(1)', { simple: true }));
    if (problems !== 'ok') {
      // The first line is a banner ("*** in database main ***"); the next one names the damage.
      const firstProblem = problems.split('\n').find((line) => !line.startsWith('***')) ?? problems;
      throw new Error(`corrupt (${firstProblem})`);
    }
    // A write at open, so an unwritable file fails now rather than at the first request.
    db.transaction(() => {
      if (applicationId === 0) {
        db!.exec(SCHEMA);
        db!.pragma(`application_id = ${APPLICATION_ID}`);
        db!.pragma(`user_version = ${SCHEMA_VERSION}`);
      } else {
        db!.pragma(`user_version = ${SCHEMA_VERSION}`); // rewrites the same value: the write probe
      }
    }).immediate();
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot open SQLite state file ${path}: ${reason.split('\n')[0]}`);
  }
}
