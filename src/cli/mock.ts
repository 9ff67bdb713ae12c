import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { isVendorName, VENDORS, type VendorName } from '../openapi/load.js';
import { ADMIN_TOKEN_ENV, AdminAccessError, adminAccessFor } from '../mock/admin-access.js';
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, type ServerLimits } from '../mock/defaults.js';
import { DEFAULT_JOB_DURATION_MS } from '../vendors/elasticpath/settings.js';
import type { LatencyRange } from '../mock/server.js';
import type { TokenTable } from '../mock/auth.js';
import { bufferedLines, positiveInteger, UsageError, writeLine, type CommandIO } from './io.js';

const HELP = `usage: coupon-contracts mock [options]

Starts one stateful mock server for BigCommerce, Shoplazza and Elastic Path on their real base paths.

  --port N            port (default: $PORT or ${DEFAULT_PORT}; 0 picks a free one)
  --host H            interface to listen on (default ${DEFAULT_HOST})
  --vendor V          serve only this vendor; repeat or comma-separate (${VENDORS.join(', ')})
  --latency MS|A-B    delay every answer by MS, or uniformly between A and B ms
  --seed N            make generated codes and ids repeatable
  --fixtures FILE     JSON or YAML with promotions / price rules per vendor, replacing the defaults
  --tokens FILE       JSON {"<vendor>": {"<token>": ["scope", ...]}}: accept only these tokens
  --state FILE        keep state in this SQLite file (survives restarts)
  --redis URL         keep state in Redis (several mock instances share one world)
  --job-duration MS   how long an Elastic Path job takes to finish (default ${DEFAULT_JOB_DURATION_MS})
  --admin-token T     guard /__mock/ with this token (or $${ADMIN_TOKEN_ENV}), sent as
                      Authorization: Bearer T or X-Mock-Admin-Token: T (the page asks for it
                      once); required when --host is not a loopback address
  --max-connections N open connections at once (default ${DEFAULT_LIMITS.maxConnections})
  --headers-timeout MS  time a client has to send its request headers (default ${DEFAULT_LIMITS.headersTimeoutMs})
  --request-timeout MS  time a client has to send its whole request (default ${DEFAULT_LIMITS.requestTimeoutMs})
  --quiet             no request log lines
`;


export async function runMock(argv: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string', default: DEFAULT_HOST },
        vendor: { type: 'string', multiple: true },
        latency: { type: 'string' },
        seed: { type: 'string' },
        fixtures: { type: 'string' },
        tokens: { type: 'string' },
        state: { type: 'string' },
        redis: { type: 'string' },
        'job-duration': { type: 'string' },
        'admin-token': { type: 'string' },
        'max-connections': { type: 'string' },
        'headers-timeout': { type: 'string' },
        'request-timeout': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    writeLine(io.stderr, `coupon-contracts mock: ${(error as Error).message}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  try {
    const vendors = parseVendors(values.vendor);
    const port = parsePort(values.port ?? io.env.PORT ?? String(DEFAULT_PORT));
    const latency = values.latency ? parseLatency(values.latency) : undefined;
    const jobDurationMs = values['job-duration'] ? parseNonNegative(values['job-duration'], '--job-duration') : undefined;
    const fixtures = values.fixtures ? (readStructured(io.cwd, values.fixtures, 'fixtures') as Record<string, unknown>) : undefined;
    const tokens = values.tokens ? (readStructured(io.cwd, values.tokens, 'tokens') as TokenTable) : undefined;
    const limits: Partial<ServerLimits> = {};
    if (values['max-connections']) limits.maxConnections = positiveInteger(values['max-connections'], '--max-connections');
    if (values['headers-timeout']) limits.headersTimeoutMs = positiveInteger(values['headers-timeout'], '--headers-timeout');
    if (values['request-timeout']) limits.requestTimeoutMs = positiveInteger(values['request-timeout'], '--request-timeout');
    const { headersTimeoutMs, requestTimeoutMs } = { ...DEFAULT_LIMITS, ...limits };
    // Node refuses a server whose headers may take longer than the whole request.
    if (headersTimeoutMs > requestTimeoutMs) throw new UsageError(`--headers-timeout (${headersTimeoutMs}) must not exceed --request-timeout (${requestTimeoutMs})`);
    const adminToken = values['admin-token'] ?? (io.env[ADMIN_TOKEN_ENV] || undefined);
    try {
      adminAccessFor(values.host, adminToken); // refuse a reachable admin API without a token before opening any store
    } catch (error) {
      if (error instanceof AdminAccessError) throw new UsageError(error.message);
      throw error;
    }
    if (values.state && values.redis) throw new UsageError('--state and --redis are alternatives; give one');
    // Loaded only to serve: `--help` and bad arguments answer without Prism, SQLite or Redis.
    const [{ openStore }, { startMockServer }, { loadPlugins }] = await Promise.all([
      import('../store/index.js'),
      import('../mock/server.js'),
      import('../vendors/index.js'),
    ]);
    const store = await openStore({ state: values.state === undefined ? undefined : resolve(io.cwd, values.state), redis: values.redis }).catch((error: Error) => {
      throw new UsageError(error.message);
    });
    const requestLog = bufferedLines(io.stdout);
    const server = await startMockServer({
      plugins: await loadPlugins(vendors),
      host: values.host,
      port,
      store,
      seed: values.seed,
      latency,
      fixtures,
      tokens,
      adminToken,
      limits,
      settings: jobDurationMs === undefined ? undefined : { jobDurationMs },
      log: values.quiet ? undefined : (line) => requestLog.write(line),
    }).catch(async (error: NodeJS.ErrnoException) => {
      await store.close();
      if (error.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is in use; pass --port`);
      if (error.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen on ${values.host}`);
      throw error;
    });

    writeLine(io.stdout, `coupon-contracts mock listening on ${server.url} (state: ${store.kind}; admin: ${server.url}/__mock/)`);
    writeLine(io.stdout, `  page: ${server.url}/__mock/ui${adminToken ? ' (asks for the admin token once)' : ''}`);
    for (const v of server.vendors) {
      const owners = v.owners.map((o) => `${o.id} (${o.kind})`).join(', ');
      writeLine(io.stdout, `  ${v.vendor.padEnd(12)} ${v.baseUrl}  seeded: ${owners || 'none'}  auth: ${v.credentials}`);
      if (v.worlds) writeLine(io.stdout, `  ${''.padEnd(12)} ${v.worlds}`);
    }
    await io.untilStopped();
    await server.close();
    requestLog.flush();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `coupon-contracts mock: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function parseVendors(raw: string[] | undefined): VendorName[] {
  if (!raw || raw.length === 0) return [...VENDORS];
  const names = raw.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const name of names) if (!isVendorName(name)) throw new UsageError(`unknown vendor '${name}' (choose from ${VENDORS.join(', ')})`);
  return [...new Set(names)] as VendorName[];
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not '${raw}'`);
  return port;
}

function parseNonNegative(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} must be a number of milliseconds, not '${raw}'`);
  return n;
}

function parseLatency(raw: string): LatencyRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw.trim());
  if (!match) throw new UsageError(`--latency takes MS or MIN-MAX in milliseconds, not '${raw}'`);
  const minMs = Number(match[1]);
  const maxMs = match[2] === undefined ? minMs : Number(match[2]);
  if (maxMs < minMs) throw new UsageError(`--latency ${raw}: the maximum is below the minimum`);
  return { minMs, maxMs };
}

function readStructured(cwd: string, path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const value: unknown = parseYaml(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected an object at the top');
    return value;
  } catch (error) {
    throw new UsageError(`${what} file ${path} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}
