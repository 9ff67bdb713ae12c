/**
 * The mock's state, behind one asynchronous interface so that memory, SQLite and Redis
 * backends are interchangeable. Every method that must be atomic across mock instances is a
 * single call: inserting codes with their uniqueness check, claiming a slot, counting
 * concurrent requests.
 *
 * A scope names one set of codes, `<vendor>:<owner id>` (e.g. `shoplazza:pr_1001`), with the
 * tenant between them where a vendor has several worlds (`bigcommerce:abc123:7`: promotion 7 of
 * store abc123).
 * Sequence numbers are allocated per vendor (the text before the first `:`), increase strictly,
 * and are never reused, so a vendor can format its public ids from them and cursors stay valid.
 */

/** Vendor fields of a code (max_uses, created, ...). A whole generated batch may share one. */
export type CodeData = Readonly<Record<string, unknown>>;

export interface NewCode {
  code: string;
  /** Uniqueness key within the scope; defaults to `code` (lower-case it for case-insensitive vendors). */
  key?: string;
  data: CodeData;
}

export interface StoredCode {
  seq: number;
  code: string;
  data: CodeData;
}

export type InsertMode =
  /** Any conflict rejects the whole batch; nothing is written. */
  | 'all-or-nothing'
  /** Codes whose key is taken (or repeated in the batch) are skipped; the rest are written. */
  | 'skip-conflicts';

export interface InsertResult {
  inserted: StoredCode[];
  /** Keys that were already taken in the scope or repeated within the batch. */
  conflicts: string[];
}

export interface CodePage {
  /** Return rows with seq greater than this. */
  afterSeq?: number;
  /** Return the `limit` rows with seq just below this (still in ascending order). */
  beforeSeq?: number;
  /** Skip this many rows (offset paging); applied after the cursor bounds. */
  offset?: number;
  limit: number;
}

export interface DumpOptions {
  /** Default true. */
  codes?: boolean;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite' | 'redis';

  insertCodes(scope: string, codes: readonly NewCode[], mode: InsertMode): Promise<InsertResult>;
  getCode(scope: string, seq: number): Promise<StoredCode | undefined>;
  findCode(scope: string, key: string): Promise<StoredCode | undefined>;
  /** Finds a code by key in any scope whose name starts with `scopePrefix` (e.g. `bigcommerce:`). */
  findCodeInAnyScope(scopePrefix: string, key: string): Promise<{ scope: string; code: StoredCode } | undefined>;
  listCodes(scope: string, page: CodePage): Promise<StoredCode[]>;
  countCodes(scope: string): Promise<number>;
  /** Deletes by sequence number; returns the sequence numbers that existed and were deleted. */
  deleteCodes(scope: string, seqs: readonly number[]): Promise<number[]>;
  /** Deletes by uniqueness key; returns the codes that existed and were deleted. */
  deleteCodesByKey(scope: string, keys: readonly string[]): Promise<StoredCode[]>;
  /** Deletes every code of the scope. */
  clearCodes(scope: string): Promise<void>;

  /** Documents: promotions, price rules, jobs. `kind` is namespaced by the caller (`elasticpath:job`). */
  getDoc<T>(kind: string, id: string): Promise<T | undefined>;
  putDoc<T>(kind: string, id: string, doc: T): Promise<void>;
  /** Writes `next` only if the stored document still equals `expected` (JSON equality); returns whether it wrote. */
  replaceDoc<T>(kind: string, id: string, expected: T | undefined, next: T): Promise<boolean>;
  listDocs<T>(kind: string): Promise<T[]>;
  deleteDoc(kind: string, id: string): Promise<boolean>;

  /** Takes the named slot for `holder` if it is free (or already held by `holder`). */
  claim(slot: string, holder: string): Promise<boolean>;
  release(slot: string, holder: string): Promise<void>;
  /** Counts one more concurrent request on `counter` if fewer than `limit` are in flight. */
  acquire(counter: string, limit: number): Promise<boolean>;
  releaseAcquired(counter: string): Promise<void>;

  /** Next value of a named counter (ids that are not code sequence numbers). */
  nextValue(counter: string): Promise<number>;

  reset(): Promise<void>;
  /** Scopes that hold at least one code, sorted: a dump reads them a scope and a page at a time. */
  codeScopes(): Promise<string[]>;
  /** How many documents each kind holds (kinds with none left out): a dump weighs them before it reads them. */
  docCounts(): Promise<Record<string, number>>;
  /** Everything, as JSON, for `/__mock/state`; `{ codes: false }` leaves the codes out (`codes: {}`). */
  dump(options?: DumpOptions): Promise<unknown>;
  close(): Promise<void>;
}
