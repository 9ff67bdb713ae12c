import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isVendorName, PACKAGE_ROOT, VENDORS, type VendorName } from '../openapi/load.js';
import { redactSecrets } from '../redact.js';
import { formatDuration, parseDuration } from '../contracts/budget.js';
import { mockClockOffset } from '../contracts/clock.js';
import { describeUncovered, uncoveredOf, type Uncovered, type VendorCoverage } from '../contracts/coverage.js';
import { renderHtmlReport } from '../contracts/html-report.js';
import { ProgressLine } from '../contracts/progress.js';
import type { RunReport } from '../contracts/run-report.js';
import { DEFAULT_JOB_TIMEOUT_MS, DEFAULT_MAX_TIME_MS, DEFAULT_ROBUSTNESS, DEFAULT_TIMEOUT_MS, freshSeed, makeRunPrefix, type MockOwner, type RunOptions } from '../contracts/options.js';
import { positiveInteger, UsageError, writeLine, type CommandIO } from './io.js';

const HELP = `usage: coupon-contracts verify --target URL [options]

Runs the contract suites (spec/<vendor>.yaml as checks) against a target: the coupon-contracts
mock, a staging service, or a vendor sandbox.

  --target URL              where to send requests: the origin (the spec's base path is added)
  --vendor V                ${VENDORS.join(' | ')}; repeat or comma-separate (default: every vendor
                            the mock serves; required for another target)
  --token T                 the API token (or V=T per vendor); default for the mock: a write token
  --readonly-token T        a token with only read-only scopes (or V=T), for the 403 checks;
                            default for the mock: one starting "readonly"
  --store-hash H            BigCommerce store hash (default: the spec's server variable default)
  --base-url V=URL          the vendor's base URL as the target serves it, when it is not the
                            target's origin plus the spec's base path (e.g. plain prism mock
                            serves at /); URL alone when one vendor is named
  --promotion V=ID          the promotion / price rule to work on; default for the mock: its
                            seeded ones; for another target, checks that need one are skipped
  --checks a,b              run only these checks;  --skip a,b  leave these out
  --list                    list the checks and exit
  --reporter R              pretty | json | junit | html; repeat or comma-separate (default pretty)
  --out FILE                output file of the non-pretty reporters, in order, or R=FILE
                            (html: one self-contained page: summary, coverage, every failure)
  --fail-on-uncovered       exit 1 when a documented status of an operation was never seen
                            (statuses no run can cause, such as 500, are listed apart)
  --timeout MS              per request (default ${DEFAULT_TIMEOUT_MS})
  --max-time D              the whole run, e.g. 90s, 5m (a bare number is seconds; default
                            ${formatDuration(DEFAULT_MAX_TIME_MS)}): checks stop in time for the cleanup, and the run
                            ends within it, exit 1 when it ran out
  --job-timeout D           how long a check follows an asynchronous job (Elastic Path's code
                            jobs) before it calls it stuck (default ${formatDuration(DEFAULT_JOB_TIMEOUT_MS)}; at least three --timeout)
  --concurrency N           requests in flight per vendor (default: the smallest
                            x-concurrency-limit of the vendor, or 4)
  --robustness N            broken requests the robustness check sends per vendor (default
                            ${DEFAULT_ROBUSTNESS}; 0 leaves it out); only requests the vendor must refuse
  --seed S                  the robustness check's seed, to replay a run (default: a fresh one,
                            printed in the run's header and with every failure)
  --read-only               only checks that change nothing, only GET operations
  --no-cleanup              keep what the run created (codes carry the run prefix)

Exit status: 0 the target conforms; 1 at least one violation; 2 the run could not happen.
`;


const REPORTERS = ['pretty', 'json', 'junit', 'html'] as const;
type ReporterName = (typeof REPORTERS)[number];

const MOCK_TOKEN = 'contracts-token';
const MOCK_READONLY_TOKEN = 'readonly-contracts-token';

interface MockIndexVendor {
  vendor: string;
  baseUrl?: string;
  owners?: MockOwner[];
}

type Preflight = { kind: 'mock'; vendors: MockIndexVendor[] } | { kind: 'other'; note?: string } | { kind: 'unreachable'; reason: string };

export async function runVerify(argv: string[], io: CommandIO): Promise<number> {
  const secrets: string[] = [];
  try {
    return await verify(argv, io, secrets);
  } catch (error) {
    if (error instanceof UsageError) {
      writeLine(io.stderr, `coupon-contracts verify: ${redactSecrets(error.message, secrets)}`);
      return 2;
    }
    throw new Error(redactSecrets(error instanceof Error ? error.message : String(error), secrets));
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        target: { type: 'string' },
        vendor: { type: 'string', multiple: true },
        token: { type: 'string', multiple: true },
        'readonly-token': { type: 'string', multiple: true },
        'store-hash': { type: 'string' },
        promotion: { type: 'string', multiple: true },
        'base-url': { type: 'string', multiple: true },
        checks: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        list: { type: 'boolean', default: false },
        reporter: { type: 'string', multiple: true },
        out: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        'max-time': { type: 'string' },
        'job-timeout': { type: 'string' },
        concurrency: { type: 'string' },
        'read-only': { type: 'boolean', default: false },
        'no-cleanup': { type: 'boolean', default: false },
        'fail-on-uncovered': { type: 'boolean', default: false },
        robustness: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

async function verify(argv: string[], io: CommandIO, secrets: string[]): Promise<number> {
  const startedAt = Date.now();
  const values = parse(argv);
  if (values.help) {
    writeLine(io.stdout, HELP);
    return 0;
  }
  const tokens = perVendor(values.token, '--token', true);
  const readonlyTokens = perVendor(values['readonly-token'], '--readonly-token', true);
  secrets.push(...Object.values(tokens.byVendor), ...Object.values(readonlyTokens.byVendor));
  if (tokens.all) secrets.push(tokens.all);
  if (readonlyTokens.all) secrets.push(readonlyTokens.all);

  const checkNames = await knownChecks();
  if (values.list) {
    for (const [name, description] of checkNames) writeLine(io.stdout, `${name.padEnd(22)}${description}`);
    return 0;
  }
  const only = names(values.checks, checkNames, '--checks');
  const skip = names(values.skip, checkNames, '--skip');
  const timeoutMs = positiveInteger(values.timeout ?? String(DEFAULT_TIMEOUT_MS), '--timeout');
  const maxTimeMs = durationOption('--max-time', values['max-time'], DEFAULT_MAX_TIME_MS);
  const jobTimeoutMs = durationOption('--job-timeout', values['job-timeout'], DEFAULT_JOB_TIMEOUT_MS);
  const concurrency = values.concurrency === undefined ? undefined : positiveInteger(values.concurrency, '--concurrency');
  const robustness = values.robustness === undefined ? DEFAULT_ROBUSTNESS : values.robustness === '0' ? 0 : positiveInteger(values.robustness, '--robustness');
  const seed = values.seed ?? freshSeed();
  const { reporters, outputs } = reporterSetup(values.reporter, values.out);
  const requested = vendorList(values.vendor);

  if (!values.target) throw new UsageError('--target URL is required (e.g. --target http://127.0.0.1:4010 for the mock)');
  const target = targetUrl(values.target);

  const preflight = await probe(target, timeoutMs);
  if (preflight.kind === 'unreachable') throw new UsageError(`cannot reach ${target}: ${preflight.reason}`);
  const isMock = preflight.kind === 'mock';

  let vendors: VendorName[];
  const mockOwners: RunOptions['mockOwners'] = {};
  if (preflight.kind === 'mock') {
    const mounted = preflight.vendors.map((v) => v.vendor).filter(isVendorName);
    vendors = requested ?? VENDORS.filter((v) => mounted.includes(v));
    const missing = vendors.filter((v) => !mounted.includes(v));
    if (missing.length > 0) throw new UsageError(`the mock at ${target} does not serve ${missing.join(', ')} (it serves ${mounted.join(', ') || 'nothing'})`);
    for (const v of preflight.vendors) if (isVendorName(v.vendor)) mockOwners[v.vendor] = (v.owners ?? []).map((o) => ({ id: String(o.id), kind: String(o.kind ?? ''), name: o.name }));
  } else {
    if (!requested) throw new UsageError(`--vendor is required: ${target} is not the coupon-contracts mock (no GET /__mock/)`);
    vendors = requested;
  }
  if (vendors.length === 0) throw new UsageError('no vendor to verify');

  const tokenOf = (v: VendorName) => tokens.byVendor[v] ?? tokens.all ?? (isMock ? MOCK_TOKEN : undefined);
  const readonlyOf = (v: VendorName) => readonlyTokens.byVendor[v] ?? readonlyTokens.all ?? (isMock ? MOCK_READONLY_TOKEN : undefined);
  const missingToken = vendors.filter((v) => tokenOf(v) === undefined);
  if (missingToken.length > 0) throw new UsageError(`--token is required for ${missingToken.join(', ')}: ${target} is not the coupon-contracts mock`);

  const promotions = perVendor(values.promotion, '--promotion', false);
  if (promotions.all !== undefined) {
    if (vendors.length !== 1) throw new UsageError('--promotion ID names one vendor\'s promotion: write --promotion VENDOR=ID');
    promotions.byVendor[vendors[0] as VendorName] = promotions.all;
  }

  const baseUrls = perVendor(values['base-url'], '--base-url', false);
  if (baseUrls.all !== undefined) {
    if (vendors.length !== 1) throw new UsageError('--base-url URL names one vendor\'s base URL: write --base-url VENDOR=URL');
    baseUrls.byVendor[vendors[0] as VendorName] = baseUrls.all;
  }
  for (const url of Object.values(baseUrls.byVendor)) {
    if (!/^https?:\/\/[^/]+/.test(url ?? '')) throw new UsageError(`--base-url ${url}: expected an http(s) URL`);
  }

  const options: RunOptions = {
    target,
    baseUrls: baseUrls.byVendor,
    isMock,
    vendors,
    tokens: Object.fromEntries(vendors.map((v) => [v, tokenOf(v)])),
    readonlyTokens: Object.fromEntries(vendors.flatMap((v) => (readonlyOf(v) ? [[v, readonlyOf(v)]] : []))),
    storeHash: values['store-hash'],
    promotions: promotions.byVendor,
    mockOwners,
    checks: only,
    skip,
    timeoutMs,
    maxTimeMs,
    jobTimeoutMs,
    startedAt,
    mockClockOffsetMs: isMock ? await mockClockOffset(target, timeoutMs) : undefined,
    concurrency,
    robustness,
    seed,
    readOnly: values['read-only'],
    cleanup: !values['no-cleanup'],
    runPrefix: makeRunPrefix(),
  };

  const pretty = reporters.includes('pretty');
  if (pretty) {
    writeLine(io.stdout, `coupon-contracts verify: ${target}${isMock ? ' (the coupon-contracts mock)' : ''}; ${vendors.join(', ')}; run prefix ${options.runPrefix}; seed ${options.seed}`);
    if (preflight.kind === 'other' && preflight.note) writeLine(io.stdout, `  note: ${preflight.note}`);
  }
  return runSuites(options, reporters, outputs, io, secrets, values['fail-on-uncovered']);
}

async function runSuites(
  options: RunOptions,
  reporters: ReporterName[],
  outputs: Partial<Record<ReporterName, string>>,
  io: CommandIO,
  secrets: string[],
  failOnUncovered: boolean,
): Promise<number> {
  const { startVitest } = await import('vitest/node');
  const { ContractSummaryReporter } = await import('../contracts/reporter.js');
  const pretty = reporters.includes('pretty');
  // On a terminal, one progress line (vendor, check, requests so far) instead of vitest's window.
  const terminal = io.stdout as NodeJS.WriteStream;
  const line = pretty && terminal.isTTY ? new ProgressLine(terminal) : undefined;
  const channel = await line?.listen();
  const summary = new ContractSummaryReporter(
    pretty
      ? (text) => {
          line?.clear();
          writeLine(io.stdout, text);
        }
      : undefined,
  );
  const vitestReporters: unknown[] = [];
  if (pretty) vitestReporters.push(line ? ['default', { summary: false }] : 'default');
  if (reporters.includes('json')) vitestReporters.push('json');
  if (reporters.includes('junit')) vitestReporters.push('junit');
  vitestReporters.push(summary);
  for (const file of Object.values(outputs)) mkdirSync(dirname(resolve(io.cwd, file)), { recursive: true });

  const { suiteFile } = await import('../../contracts/index.js');
  // Run from dist/ (the installed command), the suites are the compiled ones beside it: nothing
  // for vitest to compile at start. From the sources (tsx), the TypeScript ones.
  const compiled = /\/dist\/src\/cli\/verify\.js$/.test(fileURLToPath(import.meta.url));
  const files = options.vendors.map((vendor) => (compiled ? `dist/${suiteFile(vendor).replace(/\.ts$/, '.js')}` : suiteFile(vendor)));
  // The suites end within the budget on their own; past it vitest stops them, and past that the
  // watchdog cancels the run (a check stuck where no request or timer can reach it).
  let running: { cancelCurrentRun(reason: string): Promise<void> } | undefined;
  vitestReporters.push({ onInit: (vitest: typeof running) => (running = vitest) });
  let overran = false;
  const watchdog = setTimeout(() => {
    overran = true;
    void running?.cancelCurrentRun('max-time');
  }, Math.max(0, options.startedAt + options.maxTimeMs - Date.now()));
  const vitest = await startVitest('test', files, {
    watch: false,
    run: true,
    config: false,
    root: PACKAGE_ROOT,
    dir: PACKAGE_ROOT,
    include: compiled ? ['dist/contracts/*/*.contract.js'] : ['contracts/*/*.contract.ts'],
    exclude: [],
    reporters: vitestReporters as never,
    outputFile: Object.fromEntries(Object.entries(outputs).flatMap(([r, f]) => (r === 'html' ? [] : [[r, resolve(io.cwd, f)]]))),
    testTimeout: options.maxTimeMs,
    hookTimeout: options.maxTimeMs,
    passWithNoTests: false,
    pool: 'forks',
    // One worker per vendor, all at once: a suite mostly waits on the target, so vitest's default
    // (one worker per core but one, a single worker on two cores) ran the vendors one after another.
    maxWorkers: files.length,
    color: pretty ? undefined : false,
    provide: { contractRun: options, ...(channel ? { contractProgress: channel.path } : {}) },
  } as never, undefined, { stdout: line ? line.wrap() : keptOpen(io.stdout), stderr: keptOpen(io.stderr) });
  clearTimeout(watchdog);
  await channel?.close();
  await vitest?.close();
  const outcome = summary.outcome();
  if (overran) outcome.errors.push(`the run passed --max-time ${formatDuration(options.maxTimeMs)} and was cancelled`);
  const didNotRun = options.vendors.filter((v) => !outcome.vendors.some((o) => o.vendor === v && o.passed + o.failed + o.skipped > 0));
  if (!vitest || didNotRun.length > 0) {
    const why = outcome.errors[0] ?? `vitest found no tests in ${files.join(', ')}`;
    writeLine(io.stderr, `coupon-contracts verify: the ${didNotRun.join(', ') || 'contract'} suite could not run: ${redactSecrets(why, secrets)}`);
    return 2;
  }
  const uncovered = uncoveredOf(outcome.coverage);
  const report: RunReport = {
    target: options.target,
    startedAt: new Date(options.startedAt).toISOString(),
    vendors: outcome.vendors,
    coverage: outcome.coverage,
    failures: outcome.failures,
    errors: outcome.errors,
  };
  if (outputs.json) addCoverageToJson(resolve(io.cwd, outputs.json), outcome.coverage, uncovered);
  if (outputs.html) writeFileSync(resolve(io.cwd, outputs.html), redactSecrets(renderHtmlReport(report), secrets));
  if (failOnUncovered && uncovered.length > 0) {
    writeLine(io.stderr, `coupon-contracts verify: --fail-on-uncovered: ${uncovered.length} documented status${uncovered.length === 1 ? ' was' : 'es were'} never seen:`);
    for (const line of describeUncovered(uncovered)) writeLine(io.stderr, `  ${line}`);
  }
  const uncoveredFails = failOnUncovered && uncovered.length > 0;
  return outcome.failed > 0 || outcome.stopped > 0 || outcome.errors.length > 0 || uncoveredFails ? 1 : 0;
}

/** The JSON report is vitest's; the run's coverage is added beside its test results. */
function addCoverageToJson(path: string, vendors: VendorCoverage[], uncovered: Uncovered[]): void {
  // `--out /dev/null` (or a pipe): nothing to read back and add to.
  if (!statSync(path).isFile()) return;
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  json.coverage = { vendors, uncovered };
  writeFileSync(path, JSON.stringify(json));
}

/**
 * The command's stream as vitest gets it. Vitest pipes each worker's output into it, and a pipe
 * ends its destination when the worker exits (process.stdout and stderr are exempt), which would
 * cut off what the other workers and the reporters write after that.
 */
function keptOpen(stream: Writable): Writable {
  if (stream === process.stdout || stream === process.stderr) return stream;
  const kept = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stream.write(chunk, done);
    },
  });
  kept.end = (() => kept) as Writable['end'];
  return kept;
}

function durationOption(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`${flag} must be a duration like 90s or 5m, not '${value}'`);
  return ms;
}

/** Reachability and what the target is: the mock answers `GET /__mock/` with its vendors. */
async function probe(target: string, timeoutMs: number): Promise<Preflight> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${target}/__mock/`, { signal: controller.signal, headers: { accept: 'application/json' }, redirect: 'manual' });
    const text = await response.text();
    if (response.status === 200) {
      try {
        const index = JSON.parse(text) as { vendors?: unknown };
        if (Array.isArray(index.vendors)) return { kind: 'mock', vendors: index.vendors as MockIndexVendor[] };
      } catch {
        // not the mock
      }
    }
    return { kind: 'other' };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'other', note: `GET ${target}/__mock/ got no answer within ${timeoutMs} ms; treating ${target} as a vendor API` };
    const codes = causes(error);
    if (/ECONNRESET|UND_ERR_SOCKET|other side closed|socket hang up/i.test(codes)) {
      return { kind: 'other', note: `GET ${target}/__mock/: the connection was reset; treating ${target} as a vendor API` };
    }
    if (/ECONNREFUSED/.test(codes)) return { kind: 'unreachable', reason: 'connection refused' };
    if (/ENOTFOUND|EAI_AGAIN/.test(codes)) return { kind: 'unreachable', reason: 'host not found' };
    return { kind: 'unreachable', reason: codes.split('\n')[0] || 'network error' };
  } finally {
    clearTimeout(timer);
  }
}

function causes(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; message?: string };
    parts.push([e.code, e.message].filter(Boolean).join(' '));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.reverse().join(' | ');
}

async function knownChecks(): Promise<Map<string, string>> {
  const { genericChecks } = await import('../contracts/checks/index.js');
  const { contractVendors } = await import('../../contracts/index.js');
  const known = new Map<string, string>();
  for (const check of genericChecks) known.set(check.name, check.description);
  for (const vendor of VENDORS) {
    for (const check of contractVendors[vendor].checks) if (!known.has(check.name)) known.set(check.name, `${check.description} (${vendor})`);
  }
  return known;
}

function names(raw: string[] | undefined, known: Map<string, string>, flag: string): string[] | undefined {
  if (!raw) return undefined;
  const list = raw.flatMap((r) => r.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new UsageError(`${flag}: unknown check ${unknown.join(', ')} (known: ${[...known.keys()].join(', ')})`);
  return list;
}

function vendorList(raw: string[] | undefined): VendorName[] | undefined {
  if (!raw) return undefined;
  const list = raw.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  for (const name of list) if (!isVendorName(name)) throw new UsageError(`unknown vendor '${name}' (choose from ${VENDORS.join(', ')})`);
  return [...new Set(list)] as VendorName[];
}

function targetUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--target must be a URL like http://127.0.0.1:4010, not '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new UsageError('--target takes no query or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `V=VALUE` entries per vendor, or one VALUE for all. A value containing `=` is per-vendor only when the part before it is a vendor name. */
function perVendor(raw: string[] | undefined, flag: string, secret: boolean): { all?: string; byVendor: Partial<Record<VendorName, string>> } {
  const result: { all?: string; byVendor: Partial<Record<VendorName, string>> } = { byVendor: {} };
  for (const entry of raw ?? []) {
    const eq = entry.indexOf('=');
    const head = eq > 0 ? entry.slice(0, eq).trim().toLowerCase() : '';
    if (eq > 0 && isVendorName(head)) {
      const value = entry.slice(eq + 1);
      if (!value) throw new UsageError(`${flag} ${head}= needs a value`);
      result.byVendor[head] = value;
    } else if (eq > 0 && !secret && /^[a-z]+$/.test(head)) {
      throw new UsageError(`${flag}: unknown vendor '${head}' (choose from ${VENDORS.join(', ')})`);
    } else {
      if (result.all !== undefined) throw new UsageError(`${flag} given twice without a vendor: write ${flag} VENDOR=VALUE`);
      if (!entry) throw new UsageError(`${flag} needs a value`);
      result.all = entry;
    }
  }
  return result;
}

function reporterSetup(rawReporters: string[] | undefined, rawOuts: string[] | undefined) {
  const reporters = (rawReporters ?? ['pretty']).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  for (const r of reporters) if (!(REPORTERS as readonly string[]).includes(r)) throw new UsageError(`--reporter: unknown reporter '${r}' (choose from ${REPORTERS.join(', ')})`);
  const unique = [...new Set(reporters)] as ReporterName[];
  const outputs: Partial<Record<ReporterName, string>> = {};
  const filesFor = unique.filter((r) => r !== 'pretty');
  for (const out of rawOuts ?? []) {
    const match = /^(pretty|json|junit|html)=(.+)$/.exec(out);
    if (match) {
      const reporter = match[1] as ReporterName;
      if (reporter === 'pretty') throw new UsageError('--out: the pretty reporter writes to the terminal, not to a file');
      if (!unique.includes(reporter)) unique.push(reporter);
      outputs[reporter] = match[2] as string;
      continue;
    }
    const reporter = filesFor.find((r) => outputs[r] === undefined);
    if (!reporter) throw new UsageError(`--out ${out}: no json, junit or html reporter left to write it (add --reporter json|junit|html)`);
    outputs[reporter] = out;
  }
  if (unique.includes('html') && outputs.html === undefined) throw new UsageError('--reporter html writes a file: add --out report.html');
  return { reporters: unique, outputs };
}
