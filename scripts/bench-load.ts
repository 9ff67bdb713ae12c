/**
 * The bench's load generator: Debian's `wrk` (one thread) when it is installed, so the load runs
 * in C on its own core and not in the bench's Node process; autocannon otherwise, said loudly,
 * because then the generator's own cost (JavaScript, the same machine's cores) is in the figures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface LoadFigures {
  rps: number;
  /** Latency percentiles and maximum, milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Answers with a status of 400 or more (wrk counts those; autocannon counts non-2xx). */
  failedStatus: number;
}

export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  /**
   * The body of the n-th request (n from 1): `%d` in it is replaced by n, so requests can differ
   * (unique codes) without the generator running JavaScript per request.
   */
  bodyTemplate: string;
}

export type LoadGenerator = { name: 'wrk' | 'autocannon'; run(spec: LoadSpec): Promise<LoadFigures> };

let chosen: LoadGenerator | undefined;

/** wrk where installed, else autocannon; the caller prints `name` beside the figures. */
export function loadGenerator(): LoadGenerator {
  chosen ??= wrkInstalled() ? { name: 'wrk', run: runWrk } : { name: 'autocannon', run: runAutocannon };
  return chosen;
}

function wrkInstalled(): boolean {
  if (process.env.BENCH_LOADGEN === 'autocannon') return false;
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  return !probe.error;
}

export const WRK_MISSING =
  'wrk is not installed (Debian: apt-get install -y wrk): loading with autocannon instead, which runs in the\n' +
  '   bench\'s own Node process; its figures are lower and noisier than wrk\'s and not comparable to the README.';

/** Lua for wrk: headers, a per-request body, and one JSON line of results at the end. */
function wrkScript(spec: LoadSpec): string {
  const headers = Object.entries(spec.headers)
    .map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`)
    .join('\n');
  const [before, after] = splitTemplate(spec.bodyTemplate);
  const body =
    after === undefined
      ? `wrk.body = ${luaString(before)}`
      : `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format(nil, nil, nil, ${luaString(before)} .. n .. ${luaString(after)})\nend`;
  return `wrk.method = "POST"
${headers}
${body}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"errors":%d,"status":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;
}

function splitTemplate(template: string): [string, string | undefined] {
  const at = template.indexOf('%d');
  return at === -1 ? [template, undefined] : [template.slice(0, at), template.slice(at + 2)];
}

function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

async function runWrk(spec: LoadSpec): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-wrk-'));
  const script = join(dir, 'load.lua');
  writeFileSync(script, wrkScript(spec));
  try {
    const args = ['-t1', `-c${spec.connections}`, `-d${spec.durationS}s`, '--timeout', '10s', '-s', script, spec.url];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
    });
    const line = output.split('\n').find((l) => l.startsWith('WRK_RESULT '));
    if (!line) throw new Error(`wrk printed no result:\n${output}`);
    const r = JSON.parse(line.slice('WRK_RESULT '.length)) as Record<string, number>;
    const ms = (us: number) => Math.round(us / 10) / 100;
    return {
      rps: r.requests! / (r.duration_us! / 1e6),
      p50: ms(r.p50_us!),
      p99: ms(r.p99_us!),
      max: ms(r.max_us!),
      errors: r.errors!,
      failedStatus: r.status!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAutocannon(spec: LoadSpec): Promise<LoadFigures> {
  const [before, after] = splitTemplate(spec.bodyTemplate);
  let n = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    method: 'POST',
    headers: spec.headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: after === undefined ? before : `${before}${++n}${after}` }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    failedStatus: result.non2xx,
  };
}
