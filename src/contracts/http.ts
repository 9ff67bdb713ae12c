import { redactHeaders, redactSecrets } from '../redact.js';
import { serverDelayMs } from '../client/retry.js';
import { transportFor } from '../transport.js';
import { BudgetExhausted } from './budget.js';

/** Which credential a request carries: the run's token, the read-only one, none, or this literal token. */
export type TokenChoice = 'default' | 'readonly' | 'none' | (string & {});

export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean> | undefined;

export interface SendRequest {
  /** The spec operation this request calls; exchanges with one are checked by the conformance checks. */
  operationId?: string;
  method: string;
  /** Relative to the vendor's base URL, e.g. `/promotions/1/codes` (already filled in and encoded). */
  path: string;
  /** Arrays are sent comma-separated (`form`, `explode: false`); pass `[name, value]` pairs to repeat a name. */
  query?: Record<string, QueryValue> | ReadonlyArray<readonly [string, string]>;
  headers?: Record<string, string>;
  /** Serialized as JSON (with `Content-Type: application/json` unless `headers` say otherwise). */
  body?: unknown;
  /** Sent as-is instead of `body`. */
  rawBody?: string;
  token?: TokenChoice;
  /** What this request is for, shown in reports (e.g. `boundaries: body.code maxLength+1`). */
  note?: string;
  /** How many 429s to wait out for this request; 0 hands every 429 to the caller (default: the recorder's). */
  maxRetries?: number;
}

export type ExchangeError = 'timeout' | 'refused' | 'reset' | 'dns' | 'network' | 'not-json';

export interface Exchange {
  /** 1, 2, 3... in the order the requests were sent. */
  sequence: number;
  operationId?: string;
  note?: string;
  request: {
    method: string;
    url: string;
    /** Credentials replaced by `[redacted]`. */
    headers: Record<string, string>;
    /** The body as sent: the value given, or the raw text. */
    body?: unknown;
  };
  response?: {
    status: number;
    /** Lower-case names. */
    headers: Record<string, string>;
    /** Parsed JSON; undefined when empty or not JSON. */
    body: unknown;
    /** The body text, at most 2 KB (secrets redacted). */
    text: string;
    /** Byte length of the whole body text. */
    size: number;
  };
  /** Why there is no (usable) response. `not-json`: a response whose non-empty body is not JSON. */
  error?: ExchangeError;
  /** The underlying message, e.g. `connect ECONNREFUSED 127.0.0.1:4010`. */
  errorDetail?: string;
  durationMs: number;
  /** How many 429 answers were waited out before this one. */
  retries: number;
}

export interface HttpOptions {
  /** The vendor's base URL on the target, e.g. `http://127.0.0.1:4010/stores/abc123/v3`. */
  baseUrl: string;
  /** Headers that carry `token` for the given operation (e.g. `{'X-Auth-Token': token}`). */
  authHeaders(token: string, operationId: string | undefined): Record<string, string>;
  tokens: { default?: string; readonly?: string };
  timeoutMs: number;
  /** Most requests in flight at once. */
  concurrency: number;
  /** How many times a 429 is waited out and retried (default 3). */
  maxRetries?: number;
  /** The longest wait for one 429 (default 5000 ms). */
  maxRetryWaitMs?: number;
  /** Called for every exchange, in completion order. */
  onExchange?(exchange: Exchange): void;
  /**
   * Epoch ms after which nothing is sent (the run's budget): a request that would start later, or
   * is still unanswered then, raises BudgetExhausted instead of becoming an exchange.
   */
  deadline?(): number;
}

export interface HttpRecorder {
  send(request: SendRequest): Promise<Exchange>;
  /**
   * Sends the requests all at once, past the concurrency limit (which holds back ordinary sends
   * as a rate-limit courtesy): for checks of behaviour under concurrent requests. Counted, 429s
   * waited out and recorded like `send`; the answers in the order of the requests.
   */
  sendTogether(requests: readonly SendRequest[]): Promise<Exchange[]>;
  /** Requests sent so far (retries included). */
  readonly count: number;
  /** The full URL of a path relative to the base, with a query. */
  url(path: string, query?: SendRequest['query']): string;
  /** Every secret this recorder knows, for `redactSecrets`. */
  readonly secrets: ReadonlyArray<string>;
}

const TEXT_LIMIT = 2048;

export function createHttp(options: HttpOptions): HttpRecorder {
  const base = options.baseUrl.replace(/\/+$/, '');
  const secrets = [options.tokens.default, options.tokens.readonly].filter((t): t is string => typeof t === 'string' && t.length > 0);
  const semaphore = new Semaphore(Math.max(1, Math.floor(options.concurrency)));
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxRetryWaitMs ?? 5000;
  let count = 0;
  let sequence = 0;

  const url = (path: string, query?: SendRequest['query']) => `${base}${path.startsWith('/') || path === '' ? path : `/${path}`}${queryString(query)}`;

  async function once(request: SendRequest, seq: number, retries: number, literalSecrets: string[]): Promise<Exchange> {
    const target = url(request.path, request.query);
    const headers: Record<string, string> = { accept: 'application/json', ...lower(request.headers ?? {}) };
    const token = tokenOf(request.token ?? 'default', options.tokens);
    if (token) Object.assign(headers, lower(options.authHeaders(token, request.operationId)));
    let payload: string | undefined;
    if (request.rawBody !== undefined) payload = request.rawBody;
    else if (request.body !== undefined) {
      payload = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const all = [...secrets, ...literalSecrets];
    const recorded: Exchange['request'] = {
      method: request.method.toUpperCase(),
      url: target,
      headers: redactHeaders(headers),
      body: request.rawBody !== undefined ? redactSecrets(request.rawBody, all) : request.body,
    };
    const left = (options.deadline?.() ?? Number.POSITIVE_INFINITY) - Date.now();
    if (left <= 0) throw new BudgetExhausted(`the run's budget ran out before ${recorded.method} ${target} was sent`);
    const started = performance.now();
    const controller = new AbortController();
    const cut = left < options.timeoutMs ? new BudgetCut() : new TimeoutError();
    const timer = setTimeout(() => controller.abort(cut), Math.min(options.timeoutMs, left));
    count++;
    const exchange: Exchange = { sequence: seq, operationId: request.operationId, note: request.note, request: recorded, durationMs: 0, retries };
    try {
      const answer = await transmit(target, { method: recorded.method, headers, body: payload, signal: controller.signal });
      recordAnswer(exchange, answer.status, answer.headers, answer.text, all);
      return exchange;
    } catch (error) {
      if (error instanceof CutShort) {
        recordAnswer(exchange, error.status, error.headers, '', all);
        return fail(exchange, error.cause, controller);
      }
      return fail(exchange, error, controller);
    } finally {
      clearTimeout(timer);
      exchange.durationMs = Math.round((performance.now() - started) * 10) / 10;
    }

    function fail(ex: Exchange, error: unknown, ctrl: AbortController): Exchange {
      if (ctrl.signal.aborted && ctrl.signal.reason instanceof BudgetCut) {
        throw new BudgetExhausted(`${recorded.method} ${target} had no complete answer after ${Math.round(performance.now() - started)} ms, when the run's budget ran out`);
      }
      const classified = classify(error, ctrl.signal, options.timeoutMs);
      ex.error = classified.error;
      ex.errorDetail = redactSecrets(classified.detail, all);
      return ex;
    }
  }

  async function dispatch(request: SendRequest): Promise<Exchange> {
    const literal = request.token && !['default', 'readonly', 'none'].includes(request.token) ? [request.token] : [];
    const seq = ++sequence;
    let exchange = await once(request, seq, 0, literal);
    for (let retry = 1; exchange.response?.status === 429 && retry <= (request.maxRetries ?? maxRetries); retry++) {
      const asked = serverDelayMs(new Headers(exchange.response.headers)) ?? 1000;
      const left = (options.deadline?.() ?? Number.POSITIVE_INFINITY) - Date.now();
      await sleep(Math.max(0, Math.min(asked, maxWait, left)));
      exchange = await once(request, seq, retry, literal);
    }
    options.onExchange?.(exchange);
    return exchange;
  }

  return {
    get count() {
      return count;
    },
    secrets,
    url,
    async send(request) {
      await semaphore.acquire();
      try {
        return await dispatch(request);
      } finally {
        semaphore.release();
      }
    },
    sendTogether(requests) {
      return Promise.all(requests.map(dispatch));
    },
  };
}

/** An answer whose head came and whose body did not (the connection ended or the request was cut). */
class CutShort extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    override readonly cause: unknown,
  ) {
    super('the body of the answer was cut short');
  }
}

/**
 * One request over node:http(s) (the default agents keep connections alive): the answer's status,
 * headers (several values of one name joined by `, `) and body text (UTF-8, a byte-order mark
 * dropped, as a browser reads it). No redirect is followed. node:http rather than fetch: a run
 * sends hundreds of requests per vendor, and fetch's streams cost several times the CPU.
 */
export function transmit(target: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const url = new URL(target);
  const transport = transportFor(url);
  const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, { method: init.method, headers, signal: init.signal }, (response) => {
      const answered: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) answered[name] = Array.isArray(value) ? value.join(', ') : value;
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status, headers: answered, text: new TextDecoder().decode(Buffer.concat(chunks)) }));
      response.on('error', (error) => reject(new CutShort(status, answered, error)));
      response.on('close', () => {
        if (!response.complete) reject(new CutShort(status, answered, Object.assign(new Error('terminated'), { code: 'ECONNRESET' })));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(init.body);
  });
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** Why a request was aborted when the run's budget, not --timeout, ran out first. */
class BudgetCut extends Error {
  override readonly name = 'BudgetCut';
}

/**
 * Puts an answer into `exchange` as every report shows it: credential headers redacted, secrets
 * replaced in headers and body, the body parsed when it is JSON (else `not-json`), the text cut to
 * an excerpt. For answers a check received itself (the robustness check's sender) as for `send`'s.
 */
export function recordAnswer(exchange: Exchange, status: number, headers: Record<string, string>, text: string, secrets: readonly string[]): NonNullable<Exchange['response']> {
  const safeHeaders = redactHeaders(Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])));
  for (const name of Object.keys(safeHeaders)) safeHeaders[name] = redactSecrets(safeHeaders[name] as string, secrets);
  const safeText = redactSecrets(text, secrets);
  let body: unknown = undefined;
  if (text.trim().length > 0) {
    try {
      body = JSON.parse(safeText);
    } catch (error) {
      exchange.error = 'not-json';
      exchange.errorDetail = (error as Error).message;
    }
  }
  exchange.response = { status, headers: safeHeaders, body, text: excerpt(safeText, TEXT_LIMIT), size: text.length };
  return exchange.response;
}

function tokenOf(choice: TokenChoice, tokens: HttpOptions['tokens']): string | undefined {
  if (choice === 'none') return undefined;
  if (choice === 'default') return tokens.default;
  if (choice === 'readonly') return tokens.readonly;
  return choice;
}

function lower(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** Keys and values percent-encoded, except the characters vendors use verbatim (`id:in`, `page[limit]`, `1,2,3`). */
export function queryString(query: SendRequest['query']): string {
  if (!query) return '';
  const pairs: ReadonlyArray<readonly [string, string]> = Array.isArray(query)
    ? (query as ReadonlyArray<readonly [string, string]>)
    : Object.entries(query as Record<string, QueryValue>).flatMap(([name, value]): Array<[string, string]> =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.map(String).join(',') : String(value)]],
      );
  if (pairs.length === 0) return '';
  const encode = (text: string) => encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%5B/gi, '[').replace(/%5D/gi, ']').replace(/%2C/gi, ',');
  return `?${pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}`;
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number): { error: ExchangeError; detail: string } {
  if (signal.aborted && signal.reason instanceof TimeoutError) return { error: 'timeout', detail: `no complete answer within ${timeoutMs} ms` };
  const chain: Array<{ code?: string; message?: string; name?: string }> = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    chain.push(current as { code?: string; message?: string });
    current = (current as { cause?: unknown }).cause;
  }
  const codes = chain.map((e) => e.code ?? '').join(' ');
  const detail = chain.map((e) => e.message).filter(Boolean).slice(-1)[0] ?? String(error);
  if (/ECONNREFUSED/.test(codes)) return { error: 'refused', detail };
  if (/ENOTFOUND|EAI_AGAIN/.test(codes)) return { error: 'dns', detail };
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(codes) || /other side closed|terminated|socket hang up/i.test(detail)) {
    return { error: 'reset', detail };
  }
  return { error: 'network', detail };
}

/** What an exchange got, in a few words: `201`, `200 (not-json)`, `timeout`. */
export function answerOf(exchange: Exchange): string {
  if (!exchange.response) return exchange.error ?? 'no response';
  return `${exchange.response.status}${exchange.error ? ` (${exchange.error})` : ''}`;
}

export function excerpt(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
