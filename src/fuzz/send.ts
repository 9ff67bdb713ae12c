import type { ClientRequest } from 'node:http';
import { redactHeaders, redactSecrets } from '../redact.js';
import { transportFor } from '../transport.js';
import type { FuzzRequest } from './requests.js';

export interface FuzzResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
}

export type SendOutcome = { kind: 'answered'; response: FuzzResponse } | { kind: 'hang' } | { kind: 'transport-error'; message: string };

export interface Sender {
  send(request: FuzzRequest): Promise<SendOutcome>;
  close(): void;
}

/**
 * Sends requests byte for byte over node:http, or node:https for an https origin (fetch would
 * resolve dot segments and refuse repeated headers). A request that gets no complete answer
 * within `timeoutMs` is a hang.
 */
export function createSender(origin: string, options: { timeoutMs: number; connections: number }): Sender {
  const url = new URL(origin);
  const transport = transportFor(url);
  const agent = new transport.Agent({ keepAlive: true, maxSockets: options.connections });
  return {
    send(request) {
      return new Promise<SendOutcome>((resolve) => {
        let settled = false;
        const settle = (outcome: SendOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(outcome);
        };
        let outgoing: ClientRequest;
        try {
          outgoing = transport.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle({ kind: 'transport-error', message: error.message }));
          response.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            settle({ kind: 'answered', response: { status: response.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') } });
          });
        });
        } catch (error) {
          // Node refuses to send it (e.g. a control character in the path): nothing reached the server.
          resolve({ kind: 'transport-error', message: (error as Error).message });
          return;
        }
        const timer = setTimeout(() => {
          settle({ kind: 'hang' });
          outgoing.destroy();
        }, options.timeoutMs);
        outgoing.on('error', (error) => settle({ kind: 'transport-error', message: error.message }));
        try {
          const grouped = new Map<string, { name: string; values: string[] }>();
          for (const [name, value] of request.headers) {
            const key = name.toLowerCase();
            const entry = grouped.get(key) ?? { name, values: [] };
            entry.values.push(value);
            grouped.set(key, entry);
          }
          for (const { name, values } of grouped.values()) outgoing.setHeader(name, values.length === 1 ? (values[0] as string) : values);
          if (request.body !== undefined) outgoing.setHeader('Content-Length', request.body.length);
          outgoing.end(request.body);
        } catch (error) {
          outgoing.destroy();
          settle({ kind: 'transport-error', message: (error as Error).message });
        }
      });
    },
    close: () => agent.destroy(),
  };
}

/** The request as a report shows it: credentials redacted, the body cut to a readable length. */
export function describeRequest(request: FuzzRequest, secrets: ReadonlyArray<string | undefined>): string {
  const headers = redactHeaders(Object.fromEntries(groupHeaders(request.headers)));
  const body = request.body === undefined ? '' : request.body.toString('utf8');
  const shown = body.length > 400 ? `${body.slice(0, 400)}... (${request.body?.length} bytes)` : body;
  const lines = [
    `${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}...` : request.path}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value.length > 200 ? `${value.slice(0, 200)}...` : value}`),
    ...(shown ? ['', shown] : []),
    `(built from ${request.target}; mutations: ${request.mutations.join(', ') || 'none'})`,
  ];
  return redactSecrets(lines.join('\n'), secrets);
}

function groupHeaders(headers: Array<[string, string]>): Array<[string, string[]]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return [...grouped];
}
