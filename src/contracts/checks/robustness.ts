import type { OperationInfo, Spec } from '../../openapi/load.js';
import type { SpecValidator } from '../../openapi/validator.js';
import { KnownValues } from '../../fuzz/known-values.js';
import { createOracle, type Route } from '../../fuzz/oracle.js';
import { fuzzRandom } from '../../fuzz/random.js';
import { createRequestGenerator, type FuzzRequest } from '../../fuzz/requests.js';
import { createSender, describeRequest, type FuzzResponse, type SendOutcome } from '../../fuzz/send.js';
import { redactHeaders, redactSecrets } from '../../redact.js';
import { ContractViolation, specRule, ViolationList } from '../check.js';
import { recordAnswer, type Exchange } from '../http.js';
import type { Check } from '../types.js';

/** Reads change nothing whatever they carry. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes a broken body can make the vendor refuse; any other method (DELETE, PURGE…) is never sent. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Headers some servers honour as the method: a read carrying one could be a write. */
const METHOD_OVERRIDES = /^x-(http-)?method(-override)?$/i;
/** Mutations of the path's shape, which the host's routing decides (the fuzz test holds our mock to them). */
const HOST_ROUTING = /^path\.(base|shape)\(/;
/** Generated requests tried per request sent: most broken writes could still be valid somewhere and are dropped. */
const TRIES_PER_REQUEST = 50;

/**
 * Requests built from the spec and then broken (the fuzz generator: types, formats, encodings,
 * media types, methods, headers, numbers), judged by the fuzz oracle: never a 5xx, always a
 * status the operation documents, in its documented shape. Only requests the vendor must refuse
 * are sent (see `mustBeRefused`), so it is safe on a real target. Seeded: `--seed` replays a run.
 */
export const robustness: Check = {
  name: 'robustness',
  description: 'requests built from the spec and broken are answered with a documented status in the documented shape, never a 5xx',
  mutates: false,
  scope: 'vendor',
  async run(ctx) {
    const { count, seed } = ctx.options.robustness;
    if (count <= 0) ctx.skip('--robustness 0');
    const spec = atTargetBase(ctx.spec, ctx.target.baseUrl);
    const random = fuzzRandom(`${seed}:${ctx.vendor}`);
    const known = new KnownValues();
    if (ctx.target.ownerId !== undefined) known.owners.push(ctx.target.ownerId);
    const write = ctx.target.tokens.default ?? 'no-token';
    const generator = createRequestGenerator(spec, { random, known, validShare: 0, credentials: { write, readOnly: ctx.target.tokens.readonly } });
    const oracle = createOracle(spec, ctx.validator);
    const secrets = [ctx.target.tokens.default, ctx.target.tokens.readonly];
    const reproduce = `seed ${seed} (reproduce: --checks robustness --seed ${seed} --robustness ${count})`;
    // The requests first (the seed alone decides them), then sent over --concurrency connections,
    // then judged in their order: request n is the same request whatever answered first.
    const planned: Array<{ request: FuzzRequest; route: Route }> = [];
    for (let tries = 0; planned.length < count && tries < count * TRIES_PER_REQUEST; tries++) {
      const request = generator.next();
      const route = oracle.route(request.method, request.path);
      if (mustBeRefused(request, spec, ctx.validator, route) !== undefined) planned.push({ request, route });
    }
    const outcomes: Array<SendOutcome | undefined> = [];
    // The host that serves the vendor: --base-url VENDOR=URL may name another than --target.
    const origin = new URL(ctx.target.baseUrl).origin;
    const sender = createSender(origin, { timeoutMs: ctx.options.timeoutMs, connections: ctx.options.concurrency });
    let next = 0;
    const sendNext = async (): Promise<void> => {
      for (let index = next++; index < planned.length && Date.now() < ctx.budget.checksEnd; index = next++) {
        outcomes[index] = await sender.send((planned[index] as (typeof planned)[number]).request);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(ctx.options.concurrency, planned.length) }, sendNext));
    } finally {
      sender.close();
    }
    const violations = new ViolationList();
    let sent = 0;
    for (const [index, { request, route }] of planned.entries()) {
      const outcome = outcomes[index];
      if (outcome === undefined) continue;
      sent++;
      const number = index + 1;
      const shown = describeRequest(request, secrets);
      const rule = ruleOf(spec, route);
      if (outcome.kind !== 'answered') {
        const what = outcome.kind === 'hang' ? `no answer within ${ctx.options.timeoutMs} ms` : `no answer: ${outcome.message}`;
        violations.add(new ContractViolation({ summary: `request ${number} (${request.mutations.join(', ')}): ${what}; ${reproduce}`, rule, details: shown.split('\n') }));
        continue;
      }
      if (route.kind === 'operation') ctx.observe.witness(witnessed(route.operations[0] as OperationInfo, request, outcome.response, origin, secrets, number));
      const findings = oracle.judge(request, outcome.response);
      if (findings.length === 0) continue;
      violations.add(
        new ContractViolation({
          summary: `request ${number} (${request.mutations.join(', ')}): ${findings.map((f) => `[${f.kind}] ${f.message}`).join('; ')}; ${reproduce}`,
          rule,
          details: [...shown.split('\n').map((line) => `sent: ${line}`), `got:  ${outcome.response.status} ${outcome.response.text.slice(0, 300)}`],
        }),
      );
    }
    if (sent === 0) ctx.skip(`no generated request was one the vendor must refuse (${reproduce})`);
    violations.throwIfAny((n) => `${n} of ${sent} broken requests were not refused with a documented status in the documented shape; ${reproduce}`);
  },
};

/** The answer to a broken request as an exchange of its operation, for the coverage table (credentials and secrets redacted). */
function witnessed(op: OperationInfo, request: FuzzRequest, response: FuzzResponse, origin: string, secrets: ReadonlyArray<string | undefined>, sequence: number): Exchange {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const exchange: Exchange = {
    sequence,
    operationId: op.id,
    note: `robustness: ${request.mutations.join(', ')}`,
    request: {
      method: request.method,
      url: `${origin}${request.path}`,
      headers: redactHeaders(Object.fromEntries(request.headers.map(([name, value]) => [name.toLowerCase(), value]))),
      body: request.body === undefined ? undefined : redactSecrets(request.body.toString('utf8'), known),
    },
    durationMs: 0,
    retries: 0,
  };
  recordAnswer(exchange, response.status, response.headers, response.text, known);
  return exchange;
}

/** The spec with its base path as the target serves it (`--base-url`, the store hash): the generator and oracle build and route on it. */
function atTargetBase(spec: Spec, baseUrl: string): Spec {
  return { ...spec, basePath: new URL(baseUrl).pathname.replace(/\/+$/, ''), serverVariables: {} };
}

function ruleOf(spec: Spec, route: Route) {
  if (route.kind === 'operation') {
    const op = route.operations[0] as OperationInfo;
    return specRule(spec, `${op.pointer}/responses`, `${op.id} (${op.method.toUpperCase()} ${op.path}) answers only ${Object.keys(op.responses).join(', ')}, each in its documented shape, never a 5xx`);
  }
  return specRule(spec, '/x-unrouted-responses', `a path the API does not have is answered 404, a method a path does not define 405, in the documented shapes`);
}

/**
 * Why the vendor must refuse the request, or undefined when it might not (then it is never sent;
 * nor is a body on an operation that takes none, whose answer HTTP leaves open):
 * a read (GET, HEAD, OPTIONS) changes nothing whatever is broken; a POST, PUT or PATCH only when
 * every operation of that method takes a required body and the body sent is refused by each of
 * their schemas under every reading a lenient server could give it. Any other method and a method
 * override header are never sent. Nor is a request whose path the host may legitimately route
 * elsewhere (another base path, dot segments, a trailing or doubled slash, another case): a server
 * may resolve those to a real resource, and a write there is not one the vendor must refuse.
 */
export function mustBeRefused(request: FuzzRequest, spec: Spec, validator: SpecValidator, route: Route): string | undefined {
  if (request.mutations.length === 0) return undefined;
  if (request.mutations.some((m) => HOST_ROUTING.test(m)) || hasDotSegment(request.path)) return undefined;
  // HTTP gives a body on an operation that takes none no meaning: a server may ignore or refuse it.
  if (request.body !== undefined && route.kind === 'operation' && route.operations.every((o) => !o.requestBody)) return undefined;
  if (request.headers.some(([name]) => METHOD_OVERRIDES.test(name))) return undefined;
  // Prefer steers a Prism mock (code=, example=, dynamic=); no vendor's API reads it. The fuzz test holds our mock to it.
  if (request.headers.some(([name]) => name.toLowerCase() === 'prefer')) return undefined;
  const method = request.method.toUpperCase();
  if (READ_METHODS.has(method)) return 'a read';
  if (!BODY_METHODS.has(method) || request.mutations.some((m) => m.startsWith('path.base'))) return undefined;
  const writes = spec.operations.filter((o) => o.method.toUpperCase() === method);
  const schemas = writes.map((o) => (o.requestBody?.required ? o.requestBody.schemaPointer : undefined));
  if (schemas.length === 0 || schemas.some((s) => s === undefined)) return undefined;
  if (request.body === undefined) return 'a write without its required body';
  for (const reading of readings(request.body.toString('utf8'))) {
    if (hasNonFinite(reading)) return undefined;
    if (schemas.some((pointer) => validator.validate(pointer as string, reading).length === 0)) return undefined;
  }
  return 'a write whose body every schema of its method refuses';
}

/** A `.` or `..` segment, percent-encoded or not: RFC 3986 resolves it to another path. */
function hasDotSegment(target: string): boolean {
  return (target.split('?')[0] ?? '').split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment));
}

/** What a lenient server could make of a body: JSON (with a byte-order mark or a leading comment dropped), or a form, as strings or coerced. */
function readings(text: string): unknown[] {
  const found: unknown[] = [];
  const variants = [text, text.replace(/^\ufeff/, ''), text.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, '')];
  for (const variant of variants) {
    try {
      found.push(JSON.parse(variant));
    } catch {
      // not JSON this way
    }
  }
  if (found.length === 0) {
    const form = [...new URLSearchParams(text)];
    found.push(Object.fromEntries(form), Object.fromEntries(form.map(([k, v]) => [k, coerce(v)])));
  }
  // An empty body a server might read as an empty object.
  if (text.trim() === '') found.push({});
  return found;
}

function coerce(value: string): unknown {
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === 'null') return null;
  return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

function hasNonFinite(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'number' && !Number.isFinite(node)) return true;
    if (node !== null && typeof node === 'object') pending.push(...Object.values(node));
  }
  return false;
}
