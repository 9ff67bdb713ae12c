import { loadSpec, successStatuses, type OperationInfo, type Spec, type VendorName } from '../openapi/load.js';
import { specValidatorOf, type SpecValidator } from '../openapi/validator.js';
import { runBudget } from './budget.js';
import { ContractViolation, SkipCheck } from './check.js';
import { mockClock, realClock } from './clock.js';
import { defaultRequest, fillPath, fixtureOf } from './fixtures.js';
import { createHttp, type Exchange, type QueryValue, type SendRequest } from './http.js';
import type { RunOptions } from './options.js';
import type { CheckContext, ExchangeLog, OperationRef, StuckCause, StuckResources, Target, VendorFixtures } from './types.js';

const EMPTY_FIXTURES: VendorFixtures = { operations: {} };

function createExchangeLog(): ExchangeLog {
  const all: Exchange[] = [];
  const byOperation = new Map<string, Exchange[]>();
  const witnessed = new Map<string, Exchange[]>();
  const file = (into: Map<string, Exchange[]>, exchange: Exchange) => {
    if (!exchange.operationId) return;
    let list = into.get(exchange.operationId);
    if (!list) into.set(exchange.operationId, (list = []));
    list.push(exchange);
  };
  return {
    record(exchange) {
      all.push(exchange);
      file(byOperation, exchange);
    },
    forOperation: (id) => byOperation.get(id) ?? [],
    all: () => all,
    witness: (exchange) => file(witnessed, exchange),
    seenFor: (id) => [...(byOperation.get(id) ?? []), ...(witnessed.get(id) ?? [])],
  };
}

/** Resources seen stuck in this vendor's run, each with the first cause. */
export function createStuckResources(): StuckResources {
  const causes = new Map<string, StuckCause>();
  return {
    mark(resource, cause) {
      if (!causes.has(resource)) causes.set(resource, cause);
    },
    cause: (resource) => causes.get(resource),
    require(resource, need) {
      const cause = causes.get(resource);
      if (!cause) return;
      const by = cause.check ? ` by ${cause.check}` : '';
      throw new ContractViolation({
        summary: `${need}, but ${resource} was seen stuck${by} (${cause.summary}); failing at once instead of waiting for it again`,
        rule: cause.rule,
        exchange: cause.exchange,
      });
    },
  };
}

/**
 * Query values as the operation's parameters want them sent: arrays comma-separated
 * (`explode: false`) or as repeated names (`form` with `explode`, OpenAPI's default).
 */
export function queryFor(op: OperationInfo, query: SendRequest['query']): SendRequest['query'] {
  if (!query || Array.isArray(query)) return query;
  const record = query as Record<string, QueryValue>;
  const exploded = op.parameters.filter((p) => p.in === 'query' && p.explode !== false && (p.style ?? 'form') === 'form' && Array.isArray(record[p.name]));
  if (exploded.length === 0) return record;
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && exploded.some((p) => p.name === name)) for (const item of value) pairs.push([name, String(item)]);
    else pairs.push([name, Array.isArray(value) ? value.map(String).join(',') : String(value)]);
  }
  return pairs;
}

/** The vendor's base URL on a target: the spec's base path with its variables filled in. */
export function vendorBaseUrl(spec: Spec, origin: string, storeHash?: string): string {
  const variables: Record<string, string> = { ...spec.serverVariables };
  if (storeHash !== undefined && 'store_hash' in variables) variables.store_hash = storeHash;
  const path = spec.basePath.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(variables[name] ?? name));
  return `${origin.replace(/\/+$/, '')}${path}`;
}

/** The headers that carry a token for an operation, by the first security scheme it lists. */
export function authHeadersFor(spec: Spec, operationId: string | undefined, token: string): Record<string, string> {
  let schemeName: string | undefined;
  if (operationId) {
    const op = spec.operations.find((o) => o.id === operationId);
    schemeName = op?.security[0]?.[0]?.scheme;
  }
  const scheme = (schemeName ? spec.securitySchemes[schemeName] : undefined) ?? Object.values(spec.securitySchemes)[0];
  if (!scheme) return {};
  if (scheme.type === 'http') {
    const kind = scheme.httpScheme === 'basic' ? 'Basic' : 'Bearer';
    return { authorization: `${kind} ${token}` };
  }
  if (scheme.in !== 'header') return {};
  return { [scheme.parameterName]: token };
}

/** `--concurrency`, else the smallest `x-concurrency-limit` of the vendor, else 4. */
export function defaultConcurrency(spec: Spec): number {
  const limits = spec.operations.map((o) => o.concurrencyLimit).filter((n): n is number => typeof n === 'number' && n > 0);
  return limits.length > 0 ? Math.min(...limits) : 4;
}

/** The owner to work on: `--promotion`, else the fixture's pick among the mock's seeded ones, else the first. */
export function resolveOwner(options: RunOptions, vendor: VendorName, fixtures: VendorFixtures): string | undefined {
  const given = options.promotions[vendor];
  if (given !== undefined) return given;
  const owners = options.mockOwners[vendor];
  if (!owners || owners.length === 0) return undefined;
  return fixtures.pickOwner?.(owners) ?? owners[0]?.id;
}

/** Builds the context of one vendor's run. Synchronous: the owner comes from the options. */
export function createCheckContext(vendor: VendorName, options: RunOptions, fixtures: VendorFixtures = EMPTY_FIXTURES): CheckContext {
  const spec = loadSpec(vendor);
  const validator = specValidatorOf(spec);
  const observe = createExchangeLog();
  const tokens = { default: options.tokens[vendor], readonly: options.readonlyTokens[vendor] };
  const storeHash = 'store_hash' in spec.serverVariables ? (options.storeHash ?? spec.serverVariables.store_hash) : undefined;
  const target: Target = {
    origin: options.target.replace(/\/+$/, ''),
    baseUrl: options.baseUrls?.[vendor]?.replace(/\/+$/, '') ?? vendorBaseUrl(spec, options.target, storeHash),
    tokens,
    storeHash,
    ownerId: resolveOwner(options, vendor, fixtures),
    runPrefix: options.runPrefix,
    isMock: options.isMock,
    mockOwners: options.mockOwners[vendor] ?? [],
  };
  const budget = runBudget(options.startedAt, options.maxTimeMs);
  // Checks send until checksEnd; the cleanup (runCleanups) until the end.
  let sendUntil = budget.checksEnd;
  const deadline = () => sendUntil;
  const concurrency = options.concurrency ?? defaultConcurrency(spec);
  const http = createHttp({
    deadline,
    baseUrl: target.baseUrl,
    authHeaders: (token, operationId) => authHeadersFor(spec, operationId, token),
    tokens,
    timeoutMs: options.timeoutMs,
    concurrency,
    onExchange: (exchange) => observe.record(exchange),
  });
  const cleanups: Array<() => Promise<void>> = [];
  let counter = 0;
  const opOf = (op: OperationRef) => (typeof op === 'string' ? spec.operation(op) : op);

  const ctx: CheckContext = {
    vendor,
    spec,
    validator,
    http,
    target,
    fixtures,
    options: { readOnly: options.readOnly, cleanup: options.cleanup, timeoutMs: options.timeoutMs, jobTimeoutMs: options.jobTimeoutMs, concurrency, robustness: { count: options.robustness, seed: options.seed } },
    observe,
    budget,
    clock: options.mockClockOffsetMs === undefined ? realClock(deadline) : mockClock(target.origin, options.timeoutMs, deadline, options.mockClockOffsetMs),
    stuck: createStuckResources(),
    state: new Map(),
    cleanup(fn) {
      cleanups.push(fn);
    },
    skip(reason) {
      throw new SkipCheck(reason);
    },
    requireOwner() {
      if (target.ownerId !== undefined) return target.ownerId;
      const param = fixtures.ownerParam ?? 'promotion';
      return ctx.skip(`no ${param} to work on: pass --promotion ${vendor}=ID`);
    },
    unique() {
      counter++;
      return `${target.runPrefix}${counter}`;
    },
    async prepare(op) {
      const operation = opOf(op);
      const fixture = fixtureOf(fixtures, operation);
      return fixture?.request ? fixture.request(ctx) : defaultRequest(ctx, operation);
    },
    call(op, prepared, call = {}) {
      const operation = opOf(op);
      const body = 'body' in call ? call.body : prepared.body;
      return http.send({
        operationId: operation.id,
        method: operation.method,
        path: fillPath(operation.path, prepared.params),
        query: queryFor(operation, 'query' in call ? call.query : prepared.query),
        headers: { ...prepared.headers, ...call.headers },
        body: call.rawBody !== undefined ? undefined : body,
        rawBody: call.rawBody,
        token: call.token,
        note: call.note,
      });
    },
    async undo(op, exchange) {
      const operation = opOf(op);
      const status = exchange.response?.status;
      if (!options.cleanup || status === undefined || status < 200 || status > 299) return;
      await fixtureOf(fixtures, operation)?.cleanup?.(ctx, exchange);
    },
    validStatuses(op) {
      const operation = opOf(op);
      return [...successStatuses(operation), ...(fixtureOf(fixtures, operation)?.validStatuses ?? [])];
    },
    async runCleanups() {
      sendUntil = budget.end;
      if (!options.cleanup) return;
      const errors: unknown[] = [];
      for (const fn of cleanups.splice(0).reverse()) {
        await fn().catch((error: unknown) => errors.push(error));
      }
      if (fixtures.sweep) await fixtures.sweep(ctx).catch((error: unknown) => errors.push(error));
      if (errors.length > 0) {
        const first = errors[0];
        const reason = first instanceof Error ? first.message : String(first);
        const error = new Error(
          `cleanup after the ${vendor} run: ${errors.length} step(s) failed, first: ${reason}; what the run created may remain (codes starting ${target.runPrefix})`,
        );
        error.name = 'CleanupError';
        error.stack = `${error.name}: ${error.message}`;
        throw error;
      }
    },
  };
  return ctx;
}
