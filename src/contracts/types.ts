/**
 * The shapes the contract engine and the vendor definitions share: a check, the context it runs
 * in, a vendor's fixtures and its definition. Types only, so that the modules implementing them
 * (check.ts, context.ts, fixtures.ts) import this one and never each other in a circle.
 */
import type { operations as BigCommerceOperations } from '../../generated/bigcommerce.js';
import type { operations as ElasticPathOperations } from '../../generated/elasticpath.js';
import type { operations as ShoplazzaOperations } from '../../generated/shoplazza.js';
import type { OperationInfo, Spec, VendorName } from '../openapi/load.js';
import type { SpecValidator } from '../openapi/validator.js';
import type { RunBudget } from './budget.js';
import type { Exchange, HttpRecorder, QueryValue, SendRequest } from './http.js';
import type { MockOwner } from './options.js';

/** The operationIds each spec declares, as generated/ types them. */
export interface VendorOperations {
  bigcommerce: keyof BigCommerceOperations & string;
  elasticpath: keyof ElasticPathOperations & string;
  shoplazza: keyof ShoplazzaOperations & string;
}

/** An operationId of the vendor's spec (of any vendor's, by default). */
export type OperationId<V extends VendorName = VendorName> = VendorOperations[V];

/** An operation as the spec reader gives it, or its operationId. */
export type OperationRef = OperationInfo | OperationId;

/** Where a rule is written: the spec file and a JSON pointer into it, and what it says. */
export interface SpecRule {
  /** `spec/bigcommerce.yaml#/paths/~1promotions~1{promotion_id}~1codes/post/responses` */
  pointer: string;
  says: string;
}

/** What showed a resource stuck: a ContractViolation (its check filled in once it was reported). */
export interface StuckCause {
  readonly summary: string;
  readonly rule: SpecRule;
  readonly exchange?: Exchange;
  readonly check?: string;
}

/**
 * Resources seen stuck for good (a promotion whose job never ends): checks that need one free
 * fail at once naming the cause, instead of each waiting out its own deadline again.
 */
export interface StuckResources {
  /** Records that `resource` (e.g. `promotion 8c15…`) will not come free, and what showed it. */
  mark(resource: string, cause: StuckCause): void;
  /** Fails at once (a ContractViolation naming the cause) when `resource` was seen stuck; `need` says what for. */
  require(resource: string, need: string): void;
  /** What showed `resource` stuck, if it was (a cleanup need not wait for it again). */
  cause(resource: string): StuckCause | undefined;
}

/** Time on the target: real time, or our mock's clock, which the run moves instead of waiting. */
export interface TargetClock {
  /** Whether waits move the target's clock (our mock) instead of letting real time pass. */
  readonly movable: boolean;
  /** The target's time, epoch ms (real time plus what the mock's clock was moved). */
  now(): number;
  /** Lets `ms` pass on the target: a sleep; on our mock, its clock moved forward at once. */
  wait(ms: number): Promise<void>;
}

/**
 * One contract check. Operation-scoped checks become one test per operation they apply to
 * (`describe(vendor) > describe(operationId) > test(name)`); vendor-scoped ones one test per vendor.
 * A check passes by returning, fails by throwing a ContractViolation (see the `expect*` helpers)
 * and is skipped by `ctx.skip(reason)`.
 */
export interface Check {
  /** snake_case, unique per vendor; what `--checks` / `--skip` name. */
  name: string;
  /** One sentence: the rule checked. */
  description: string;
  /** Whether it creates, changes or deletes anything on the target; `--read-only` leaves these out. */
  mutates: boolean;
  scope: 'operation' | 'vendor';
  /** Operation scope: whether there is a test for this operation (default: every operation). */
  appliesTo?(op: OperationInfo, ctx: CheckContext): boolean;
  /**
   * Operation scope: run after every other check of the operation, to inspect what they recorded
   * (the conformance checks).
   */
  last?: boolean;
  run(ctx: CheckContext, op?: OperationInfo): Promise<void>;
}

/** Where the run sends requests, and with what. */
export interface Target {
  /** `--target`, without a trailing slash. */
  origin: string;
  /** The vendor's base URL on the target: origin + the spec's base path, variables filled in. */
  baseUrl: string;
  /** Tokens are here for checks that must build a header themselves; never print them. */
  tokens: { default?: string; readonly?: string };
  storeHash?: string;
  /** The promotion / price rule the run works on; undefined when none is known. */
  ownerId?: string;
  /** Upper-case letters and digits, at most 8: every code the run creates starts with it (where the spec allows). */
  runPrefix: string;
  isMock: boolean;
  /** What our mock has seeded for the vendor (`GET /__mock/`, read once by verify's preflight); none on any other target. */
  mockOwners: readonly MockOwner[];
}

/** Every exchange of the run, by operation: what the conformance checks inspect. */
export interface ExchangeLog {
  record(exchange: Exchange): void;
  forOperation(operationId: string): readonly Exchange[];
  all(): readonly Exchange[];
  /**
   * An exchange a check judged itself (the robustness check's broken requests): counted in the
   * coverage, not handed to the conformance checks again.
   */
  witness(exchange: Exchange): void;
  /** What the run saw of the operation for coverage: its recorded and its witnessed exchanges. */
  seenFor(operationId: string): readonly Exchange[];
}

export interface CallOptions {
  token?: SendRequest['token'];
  /** Replaces the prepared query / body / headers. */
  query?: SendRequest['query'];
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  note?: string;
}

export interface CheckContext {
  readonly vendor: VendorName;
  readonly spec: Spec;
  readonly validator: SpecValidator;
  readonly http: HttpRecorder;
  readonly target: Target;
  readonly fixtures: VendorFixtures;
  /** `concurrency`: requests in flight at once toward the target (`--concurrency`, else the vendor's default). */
  readonly options: { readOnly: boolean; cleanup: boolean; timeoutMs: number; jobTimeoutMs: number; concurrency: number; robustness: { count: number; seed: string } };
  readonly observe: ExchangeLog;
  /** The run's budget (`--max-time`): no request is sent past it. */
  readonly budget: RunBudget;
  /** The target's time; `wait` instead of sleeping, so that our mock's clock is moved instead. */
  readonly clock: TargetClock;
  readonly stuck: StuckResources;
  /** Per-run scratch space shared by checks (e.g. memoized calls). */
  readonly state: Map<string, unknown>;
  /** Registers an undo step; all run in afterAll (newest first) unless --no-cleanup. */
  cleanup(fn: () => Promise<void>): void;
  /** Ends the current check as skipped, with the reason shown in reports. */
  skip(reason: string): never;
  /** The owner id, or skips the check saying how to name one. */
  requireOwner(): string;
  /** A fresh code text: the run prefix and a counter (digits only, so it never meets a boundary value). */
  unique(): string;
  /** A valid request of the operation: the vendor fixture's, else the default one. */
  prepare(op: OperationRef): Promise<PreparedRequest>;
  /** Sends a prepared request of an operation (path filled in, recorded for the conformance checks). */
  call(op: OperationRef, prepared: PreparedRequest, options?: CallOptions): Promise<Exchange>;
  /** Undoes a 2xx exchange through the operation's fixture (no-op with --no-cleanup or without a fixture cleanup). */
  undo(op: OperationRef, exchange: Exchange): Promise<void>;
  /** Statuses that a valid request of the operation may get: documented 2xx and the fixture's `validStatuses`. */
  validStatuses(op: OperationRef): number[];
  /** Runs the registered cleanups and the fixtures' sweep. */
  runCleanups(): Promise<void>;
}

/** How to call an operation: path parameters, query, body (and extra headers). */
export interface PreparedRequest {
  params: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a vendor knows about calling one operation validly and undoing it. */
export interface OperationFixture {
  /**
   * A valid call of the operation, creating what it needs first (e.g. a code to delete). May
   * call `ctx.skip(reason)` (e.g. no promotion is known, or `--read-only` forbids the setup).
   * Default: path parameters from the target and the spec's examples, the `minimal` body example.
   */
  request?(ctx: CheckContext): Promise<PreparedRequest>;
  /** Undoes what a successful (2xx) exchange of this operation created. */
  cleanup?(ctx: CheckContext, exchange: Exchange): Promise<void>;
  /**
   * Statuses a valid request may also get, besides the documented 2xx: e.g. 404 for a lookup by a
   * code that does not exist (valid boundary values name codes that do not exist).
   */
  validStatuses?: number[];
  /** Boundary fields (`body.code`, `query.id:in[0]`) whose valid values must not be sent (they could name real resources). */
  skipValidBoundaries?: string[];
}

/** Fixtures by operationId: only the vendor's own operations (typed from generated/). */
export type OperationFixtures<V extends VendorName = VendorName> = { readonly [Id in OperationId<V>]?: OperationFixture };

/** How to make valid calls of a vendor's operations and undo them: `fixtures` of its definition. */
export interface VendorFixtures<V extends VendorName = VendorName> {
  /** The path parameter that names the promotion / price rule the run works on. */
  ownerParam?: string;
  /** Which of the mock's seeded owners to work on (default: the first). */
  pickOwner?(owners: readonly MockOwner[]): string | undefined;
  operations: OperationFixtures<V>;
  /** Deletes everything the run created (codes carrying the run prefix, jobs); runs in afterAll unless --no-cleanup. */
  sweep?(ctx: CheckContext): Promise<void>;
}

/**
 * Everything the engine knows of one vendor, exported as `definition` by
 * `contracts/<vendor>/index.ts` and listed in `contracts/index.ts`.
 */
export interface ContractVendor<V extends VendorName = VendorName, Facts = unknown> {
  vendor: V;
  /** Valid calls of its operations and their undoing. */
  fixtures: VendorFixtures<V>;
  /** Its semantic checks, in the order they run (after the generic ones). */
  checks: readonly Check[];
  /**
   * Which checks exercise each rule of its spec that the generic `boundaries` cannot derive a
   * case for: an `x-rules` entry by `<operationId>.<key>`, a schema keyword by its JSON pointer,
   * to the names of checks that run for the vendor. The rule inventory
   * (src/contracts/inventory.ts, test/contracts/rule-inventory.test.ts) fails on a rule that has
   * none.
   */
  ruleChecks?: Readonly<Record<string, readonly string[]>>;
  /**
   * The facts its checks read from its spec (numbers, texts, formats, each with its pointer). Read
   * once when a run starts, so a spec that lacks one stops the vendor's run before any request.
   */
  facts(spec: Spec): Facts;
}
