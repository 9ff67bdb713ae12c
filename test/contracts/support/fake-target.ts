import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { grantsReadOnly } from '../../../src/contracts/checks/auth.js';
import { successStatuses } from '../../../src/openapi/load.js';
import { loadSpec, type OperationInfo, type Spec, type VendorName } from '../../../src/openapi/load.js';
import { createSpecValidator } from '../../../src/openapi/validator.js';

/** What the fake answers: JSON `body`, or `raw` text as is; or a misbehaviour. */
export type FakeAnswer = { status: number; headers?: Record<string, string>; body?: unknown; raw?: string } | 'hang' | 'reset';

export interface FakeRequest {
  method: string;
  /** Relative to the vendor base path. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  /** The operation the request routes to (undefined for 404 / 405). */
  op?: OperationInfo;
  token?: string;
}

export interface FakeTarget {
  url: string;
  /** Requests received, in order. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

function firstExample(op: OperationInfo, status: number): unknown {
  const response = op.responses[String(status)];
  return response ? Object.values(response.examples)[0] : undefined;
}

function answerFromSpec(op: OperationInfo, status: number): FakeAnswer {
  const response = op.responses[String(status)];
  if (!response || response.contentTypes.length === 0) return { status };
  return { status, body: firstExample(op, status) };
}

function templateRegExp(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}/?$`);
}

/**
 * A stateless target that follows a vendor's spec: it routes (concrete paths first; 405 with
 * Allow), checks credentials (401; 403 for a `readonly…` token on a write), validates the body and
 * the query and path values (answering the validation status), and otherwise answers the first
 * example of the lowest documented 2xx. `override` may change any answer to break one rule.
 */
export async function startFakeTarget(
  vendor: VendorName,
  override?: (request: FakeRequest, answer: FakeAnswer) => FakeAnswer | undefined,
): Promise<FakeTarget> {
  const spec = loadSpec(vendor);
  const validator = createSpecValidator(spec);
  const base = new RegExp(`^${spec.basePath.replace(/\{[^}]+\}/g, '[^/]+')}`);
  const templates = [...new Set(spec.operations.map((o) => o.path))].sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const requests: FakeRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const server = createServer(async (req, res) => {
    const text = await readAll(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(base, '') || '/';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    let body: unknown;
    let badJson = false;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    const template = templates.find((t) => templateRegExp(t).test(path));
    const method = (req.method ?? 'GET').toLowerCase();
    const op = template ? spec.operations.find((o) => o.path === template && o.method === method) : undefined;
    const request: FakeRequest = { method: method.toUpperCase(), path, query: url.searchParams, headers, body, op, token: tokenOf(spec, headers) };
    requests.push(request);
    let answer: FakeAnswer;
    if (!template) answer = { status: 404, body: { error: 'not found' } };
    else if (!op) {
      const allow = spec.operations.filter((o) => o.path === template).map((o) => o.method.toUpperCase());
      answer = { status: 405, headers: { allow: allow.join(', ') }, body: { error: 'method not allowed' } };
    } else answer = conformingAnswer(spec, validator, op, request, template, badJson);
    const final = override?.(request, answer) ?? answer;
    send(res, final);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function tokenOf(spec: Spec, headers: Record<string, string>): string | undefined {
  for (const scheme of Object.values(spec.securitySchemes)) {
    const raw = headers[scheme.parameterName.toLowerCase()];
    if (!raw) continue;
    return scheme.type === 'http' ? raw.replace(/^bearer\s+/i, '') : raw;
  }
  return undefined;
}

function conformingAnswer(
  spec: Spec,
  validator: ReturnType<typeof createSpecValidator>,
  op: OperationInfo,
  request: FakeRequest,
  template: string,
  badJson: boolean,
): FakeAnswer {
  if (op.security.length > 0) {
    if (!request.token) return answerFromSpec(op, 401);
    if (request.token.startsWith('readonly') && !grantsReadOnly(spec, op)) return answerFromSpec(op, 403);
  }
  if (badJson) return answerFromSpec(op, 400);
  const invalid = answerFromSpec(op, op.validationStatus);
  const match = templateRegExp(template).exec(request.path) ?? [];
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  for (const param of op.parameters) {
    let raw: string | undefined;
    if (param.in === 'path') raw = decodeURIComponent(match[names.indexOf(param.name) + 1] ?? '');
    else if (param.in === 'query') raw = request.query.get(param.name) ?? undefined;
    else continue;
    if (raw === undefined) {
      if (param.required) return invalid;
      continue;
    }
    if (validator.validate(param.schemaPointer, coerce(param.schema, raw)).length > 0) return invalid;
  }
  if (op.requestBody?.schemaPointer) {
    if (request.body === undefined && op.requestBody.required) return invalid;
    if (request.body !== undefined && validator.validate(op.requestBody.schemaPointer, request.body).length > 0) return invalid;
  }
  return answerFromSpec(op, successStatuses(op)[0] ?? 200);
}

function coerce(schema: Record<string, unknown>, raw: string): unknown {
  const number = (text: string) => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (schema.type === 'integer' || schema.type === 'number') return number(raw);
  if (schema.type === 'array') {
    if (raw === '') return [];
    const items = (schema.items ?? {}) as Record<string, unknown>;
    return raw.split(',').map((item) => (items.type === 'integer' || items.type === 'number' ? number(item) : item));
  }
  return raw;
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  if (answer === 'hang') return;
  if (answer === 'reset') {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | undefined;
  if (answer.raw !== undefined) payload = answer.raw;
  else if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}
