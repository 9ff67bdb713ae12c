import { expect } from 'vitest';
import { startMockServer, type MockServer, type MockServerOptions } from '../../src/mock/server.js';
import type { VendorPlugin } from '../../src/mock/types.js';
import { loadSpec } from '../../src/openapi/load.js';
import { specValidatorOf } from '../../src/openapi/validator.js';
import { createMemoryStore } from '../../src/store/memory.js';

export interface Exchange {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface VendorMock {
  server: MockServer;
  /** Base URL of the vendor on the mock, e.g. http://127.0.0.1:PORT/stores/abc123/v3 */
  base: string;
  call(method: string, path: string, options?: CallOptions): Promise<Exchange>;
  /** Asserts the response validates against the spec's schema for this operation and status. */
  expectConformant(operationId: string, exchange: Exchange): void;
  close(): Promise<void>;
}

/** Starts the real mock server on a free port with one vendor plugin, for tests that drive it over HTTP. */
export async function startVendorMock(
  plugin: VendorPlugin,
  options: Partial<MockServerOptions> & { defaultToken?: string; authHeader?: (token: string) => Record<string, string> } = {},
): Promise<VendorMock> {
  const server = await startMockServer({ store: createMemoryStore(), port: 0, ...options, plugins: [plugin] });
  const spec = loadSpec(plugin.vendor);
  const vendor = server.vendors[0];
  if (!vendor) throw new Error('no vendor mounted');
  const base = vendor.baseUrl;
  const scheme = Object.values(spec.securitySchemes)[0];
  const authHeader =
    options.authHeader ??
    ((token: string): Record<string, string> =>
      scheme?.type === 'http' ? { authorization: `Bearer ${token}` } : { [scheme?.parameterName ?? 'authorization']: token });
  const specValidator = specValidatorOf(spec);

  return {
    server,
    base,
    async call(method, path, call = {}) {
      const token = call.token === undefined ? (options.defaultToken ?? 'test-token') : call.token;
      const headers: Record<string, string> = { accept: 'application/json', ...(token ? authHeader(token) : {}), ...call.headers };
      let body: string | undefined;
      if (call.rawBody !== undefined) body = call.rawBody;
      else if (call.body !== undefined) {
        body = JSON.stringify(call.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${base}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    expectConformant(operationId, exchange) {
      const operation = spec.operation(operationId);
      const response = operation.responses[String(exchange.status)] ?? operation.responses.default;
      expect(response, `${operationId}: status ${exchange.status} is not documented (body: ${exchange.text.slice(0, 300)})`).toBeDefined();
      if (response?.schemaPointer) {
        const violations = specValidator.validate(response.schemaPointer, exchange.body);
        expect(violations.map((v) => `${v.message} [${v.schemaPointer}]`), `${operationId} ${exchange.status}: ${exchange.text.slice(0, 300)}`).toEqual([]);
      }
    },
    close: () => server.close(),
  };
}
