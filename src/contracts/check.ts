import { relative } from 'node:path';
import { PACKAGE_ROOT, type OperationInfo, type Spec } from '../openapi/load.js';
import { excerpt, type Exchange } from './http.js';
import type { CheckContext, SpecRule } from './types.js';

export type { SpecRule };

export interface ViolationInit {
  check?: string;
  operationId?: string;
  /** One line: what went wrong. */
  summary: string;
  rule: SpecRule;
  exchange?: Exchange;
  /** Extra lines (e.g. each schema error). */
  details?: string[];
}

const SENT_BODY_LIMIT = 600;
/** A combined violation lists at most this many. */
const MAX_LISTED = 20;
const GOT_BODY_LIMIT = 600;
const HEADERS_THAT_MATTER = [
  'content-type',
  'allow',
  'location',
  'retry-after',
  'www-authenticate',
  'x-rate-limit-time-reset-ms',
  'x-rate-limit-time-window-ms',
  'x-rate-limit-requests-quota',
  'x-rate-limit-requests-left',
];

/**
 * A target broke a rule of the spec. `message` is the whole human report: the check, what was
 * sent, what came back, and the rule. Credentials never appear in it (headers are redacted when
 * recorded).
 */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  check: string | undefined;
  operationId: string | undefined;
  readonly summary: string;
  readonly rule: SpecRule;
  readonly exchange: Exchange | undefined;
  readonly details: string[];
  /** Set on a violation that gathers several (each one listed in the message). */
  readonly violations: ContractViolation[];

  constructor(init: ViolationInit, violations: ContractViolation[] = []) {
    super(init.summary);
    this.check = init.check;
    this.operationId = init.operationId;
    this.summary = init.summary;
    this.rule = init.rule;
    this.exchange = init.exchange;
    this.details = init.details ?? [];
    this.violations = violations;
    this.refresh();
  }

  /** Fills in the check and operation (the suite does this for violations thrown by helpers). */
  bind(check: string, operationId: string | undefined): this {
    this.check ??= check;
    this.operationId ??= operationId;
    for (const v of this.violations) v.bind(check, operationId);
    this.refresh();
    return this;
  }

  /** One violation that lists several; `summary` says what they have in common. */
  static combine(summary: string, violations: ContractViolation[]): ContractViolation {
    const first = violations[0];
    if (!first) throw new Error('ContractViolation.combine needs at least one violation');
    if (violations.length === 1) return first;
    const shown = violations.slice(0, MAX_LISTED);
    const more = violations.length - shown.length;
    return new ContractViolation(
      { check: first.check, operationId: first.operationId, summary: more > 0 ? `${summary} (the first ${MAX_LISTED} are listed)` : summary, rule: first.rule },
      shown,
    );
  }

  private refresh(): void {
    const head = `[${this.check ?? 'contract'}]${this.operationId ? ` ${this.operationId}` : ''}: ${this.summary}`;
    const body =
      this.violations.length > 0
        ? this.violations.flatMap((v, i) => {
            const lines = v.reportLines();
            return [`  ${i + 1}) ${lines[0]}`, ...lines.slice(1).map((l) => `     ${l}`)];
          })
        : this.reportLines().slice(1).map((l) => `  ${l}`);
    this.message = [head, ...body].join('\n');
    // No stack frames: the report is the message, not where in the engine it was raised.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** The summary, then the rule and the exchange, unindented. */
  reportLines(): string[] {
    const lines = [this.summary, `rule: ${this.rule.pointer}`, `      ${this.rule.says}`];
    for (const detail of this.details) lines.push(`      - ${detail}`);
    if (this.exchange) lines.push(...describeExchange(this.exchange));
    return lines;
  }
}

/** `sent:` and `got:` lines of a report. */
export function describeExchange(exchange: Exchange): string[] {
  const { request, response } = exchange;
  const lines = [`sent: ${request.method} ${request.url}${exchange.note ? `   (${exchange.note})` : ''}`];
  lines.push(`      headers: ${formatHeaders(request.headers) || '(none)'}`);
  if (request.body !== undefined) {
    const text = typeof request.body === 'string' ? JSON.stringify(request.body) : JSON.stringify(request.body);
    lines.push(`      body: ${excerpt(text ?? String(request.body), SENT_BODY_LIMIT)}`);
  }
  if (!response) {
    lines.push(`got:  no response: ${exchange.error ?? 'error'}${exchange.errorDetail ? ` (${exchange.errorDetail})` : ''} after ${Math.round(exchange.durationMs)} ms`);
    return lines;
  }
  const retried = exchange.retries > 0 ? `, after ${exchange.retries} retried 429s` : '';
  lines.push(`got:  ${response.status} in ${Math.round(exchange.durationMs)} ms${retried}${exchange.error ? ` (${exchange.error}${exchange.errorDetail ? `: ${exchange.errorDetail}` : ''})` : ''}`);
  const shown: Record<string, string> = {};
  for (const name of HEADERS_THAT_MATTER) if (response.headers[name] !== undefined) shown[name] = response.headers[name] as string;
  lines.push(`      headers: ${formatHeaders(shown) || '(none that matter)'}`);
  lines.push(`      body: ${response.text.length === 0 ? '(empty)' : excerpt(response.text, GOT_BODY_LIMIT)}`);
  return lines;
}

function formatHeaders(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
}

/** Thrown by `ctx.skip(reason)`: the test is reported skipped with the reason. */
export class SkipCheck extends Error {
  override readonly name = 'SkipCheck';
}

/** `spec/<vendor>.yaml#<pointer>`, the file relative to the package. */
export function specRule(spec: Spec, pointer: string, says: string): SpecRule {
  const file = relative(PACKAGE_ROOT, spec.path) || spec.path;
  const escaped = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  return { pointer: `${file.split('\\').join('/')}#${escaped}`, says };
}

/** The responses an operation documents. */
export function responsesRule(spec: Spec, op: OperationInfo): SpecRule {
  return specRule(spec, `${op.pointer}/responses`, `${op.id} (${op.method.toUpperCase()} ${op.path}) documents ${Object.keys(op.responses).join(', ')}`);
}

/** The rule behind the validation status, for reports. */
export function validationRule(spec: Spec, op: OperationInfo): SpecRule {
  if (op.validationStatus !== undefined) {
    return specRule(spec, `${op.pointer}/x-validation-status`, `x-validation-status: ${op.validationStatus} (requests that break the schema are answered ${op.validationStatus})`);
  }
  return specRule(spec, `${op.pointer}/responses/${op.validationStatus}`, `requests that break the schema are answered ${op.validationStatus}`);
}

/** The response the operation documents for a status (exact, then `4XX`-style ranges, then `default`). */
export function documentedResponse(op: OperationInfo, status: number) {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses[`${String(status)[0]}xx`] ?? op.responses.default;
}

/** Fails unless the exchange has a response (no timeout, refused or reset connection). */
export function expectResponse(exchange: Exchange, rule: SpecRule, summary?: string): NonNullable<Exchange['response']> {
  if (exchange.response) return exchange.response;
  throw new ContractViolation({
    summary: summary ?? `no response: ${exchange.error ?? 'error'}${exchange.errorDetail ? ` (${exchange.errorDetail})` : ''}`,
    rule,
    exchange,
  });
}

/** Fails unless the response status is one of `expected`. */
export function expectStatus(exchange: Exchange, expected: number | readonly number[], rule: SpecRule, summary?: string): NonNullable<Exchange['response']> {
  const statuses = typeof expected === 'number' ? [expected] : expected;
  const wanted = statuses.join(' or ');
  const response = expectResponse(exchange, rule, summary ? `${summary}: no response (${exchange.error ?? 'error'})` : `expected ${wanted}, got no response: ${exchange.error ?? 'error'}`);
  if (!statuses.includes(response.status)) {
    throw new ContractViolation({ summary: summary ? `${summary}: expected ${wanted}, got ${response.status}` : `expected ${wanted}, got ${response.status}`, rule, exchange });
  }
  return response;
}

/** The media type of a Content-Type value, lower-case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Fails unless the response is what the operation documents for its status: the status is
 * documented, the Content-Type is one the spec lists (a body where the spec documents none is a
 * violation too), and the body validates against the schema (formats on; error bodies included).
 */
export function expectSchema(ctx: Pick<CheckContext, 'spec' | 'validator'>, exchange: Exchange, op: OperationInfo, summaryPrefix?: string): void {
  const prefix = summaryPrefix ? `${summaryPrefix}: ` : '';
  const response = expectResponse(exchange, responsesRule(ctx.spec, op), `${prefix}no response: ${exchange.error ?? 'error'}`);
  const documented = documentedResponse(op, response.status);
  if (!documented) {
    throw new ContractViolation({ summary: `${prefix}status ${response.status} is not documented for ${op.id}`, rule: responsesRule(ctx.spec, op), exchange });
  }
  // A HEAD answer is a GET's without its body (RFC 9110): a documented status is all it shows.
  if (exchange.request.method.toUpperCase() === 'HEAD') return;
  const responsePointer = `${op.pointer}/responses/${documented.status}`;
  const type = mediaType(response.headers['content-type']);
  const hasBody = response.size > 0;
  if (documented.contentTypes.length === 0) {
    if (hasBody) {
      throw new ContractViolation({
        summary: `${prefix}${response.status} documents no body, got ${response.size} bytes${type ? ` of ${type}` : ''}`,
        rule: specRule(ctx.spec, responsePointer, `${response.status} of ${op.id} has no content`),
        exchange,
      });
    }
    return;
  }
  const contentRule = specRule(ctx.spec, `${responsePointer}/content`, `${response.status} of ${op.id} is ${documented.contentTypes.join(' or ')}`);
  if (!hasBody) {
    throw new ContractViolation({ summary: `${prefix}${response.status} documents a ${documented.contentTypes.join(' or ')} body, got an empty one`, rule: contentRule, exchange });
  }
  if (!documented.contentTypes.some((t) => mediaType(t) === type)) {
    throw new ContractViolation({
      summary: `${prefix}${response.status} answered Content-Type ${type || '(none)'}, documented ${documented.contentTypes.join(' or ')}`,
      rule: contentRule,
      exchange,
    });
  }
  if (!documented.schemaPointer) return;
  const schemaRule = specRule(ctx.spec, documented.schemaPointer, `the ${response.status} body of ${op.id} follows this schema`);
  if (exchange.error === 'not-json' || response.body === undefined) {
    throw new ContractViolation({ summary: `${prefix}${response.status} body is not JSON${exchange.errorDetail ? ` (${exchange.errorDetail})` : ''}`, rule: schemaRule, exchange });
  }
  const violations = ctx.validator.validate(documented.schemaPointer, response.body);
  if (violations.length > 0) {
    throw new ContractViolation({
      summary: `${prefix}${response.status} body breaks the schema: ${violations[0]?.message}${violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''}`,
      rule: schemaRule,
      exchange,
      details: violations.slice(0, 10).map((v) => `${v.message} [${specRule(ctx.spec, v.schemaPointer, '').pointer}]`),
    });
  }
}

/** Gathers violations so that a check can report all of them at once. */
export class ViolationList {
  readonly items: ContractViolation[] = [];

  /** Runs `fn`, keeping a ContractViolation it throws (other errors propagate). */
  async attempt<T>(fn: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ContractViolation) {
        this.items.push(error);
        return undefined;
      }
      throw error;
    }
  }

  add(violation: ContractViolation): void {
    this.items.push(violation);
  }

  get size(): number {
    return this.items.length;
  }

  /** Throws one violation listing all, if there are any. */
  throwIfAny(summary: (count: number) => string): void {
    if (this.items.length === 0) return;
    throw ContractViolation.combine(summary(this.items.length), this.items);
  }
}
