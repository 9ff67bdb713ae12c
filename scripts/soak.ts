/**
 * npm run soak: the fuzz of test/fuzz at soak size against a mock that is already running
 * (`npm start` in another terminal), then its memory before, after and after `POST /__mock/reset`.
 *
 *   npm run soak -- [URL]          default http://127.0.0.1:4010 (or $MOCK_URL)
 *   FUZZ_COUNT=100000 FUZZ_SEED=abc npm run soak
 *   SOAK_ROUNDS=2 npm run soak     run, reset, and run again: a heap V8 keeps levels off, a leak grows
 *   SOAK_WARMUP=2000 npm run soak  requests sent (and reset) before the start figure, so code the
 *                                  mock loads on first use (Prism, compiled validators) is in it
 *   SOAK_PID=1234 npm run soak     whose memory to read, when the listening port cannot tell
 *
 * Memory comes from the mock itself (`GET /__mock/memory`: RSS and the heap in use, after a full
 * garbage collection when the mock runs with --expose-gc, e.g. `NODE_OPTIONS=--expose-gc npm
 * start`) and, as a cross-check, the resident set (VmRSS of /proc/<pid>/status) of the process
 * listening on the URL's port (Linux only). Prints, does not assert: the figures go in notes, the
 * assertions are in test/fuzz.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { formatReport, mockOwners, runFuzz, type FuzzReport } from '../src/fuzz/run.js';
import { loadSpec, VENDORS } from '../src/openapi/load.js';

const origin = (process.argv[2] ?? process.env.MOCK_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, '');
const count = Number(process.env.FUZZ_COUNT ?? 100_000);
const rounds = Math.max(1, Number(process.env.SOAK_ROUNDS ?? 1));
const seed = process.env.FUZZ_SEED ?? randomBytes(6).toString('hex');
const SETTLE_MS = 3000;

const pid = process.env.SOAK_PID ? Number(process.env.SOAK_PID) : pidListeningOn(Number(new URL(origin).port || 80));
const mb = (bytes: number | undefined) => (bytes === undefined ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

interface Memory {
  /** VmRSS read from /proc. */
  procRss?: number;
  /** What the mock says of itself. */
  rss?: number;
  heapUsed?: number;
  collected?: boolean;
}

async function memory(): Promise<Memory> {
  const procRss = residentBytes(pid);
  try {
    const response = await fetch(`${origin}/__mock/memory`);
    if (!response.ok) return { procRss };
    const body = (await response.json()) as { rss: number; heapUsed: number; collected: boolean };
    return { procRss, rss: body.rss, heapUsed: body.heapUsed, collected: body.collected };
  } catch {
    return { procRss };
  }
}

const show = (m: Memory) => `RSS ${mb(m.rss ?? m.procRss)}, heap used ${mb(m.heapUsed)}${m.collected ? ' (after a full GC)' : m.heapUsed === undefined ? '' : ' (no --expose-gc: as it stands)'}`;

const cold = await memory();
const warmup = Number(process.env.SOAK_WARMUP ?? 2000);
if (warmup > 0) {
  await runFuzz({
    origin,
    specs: VENDORS.map((vendor) => loadSpec(vendor)),
    seed: `${seed}-warmup`,
    count: warmup,
    credentials: { write: 'soak-warmup', readOnly: 'readonly-soak-warmup' },
    owners: await mockOwners(origin),
  });
  await fetch(`${origin}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await sleep(SETTLE_MS);
}
const start = await memory();
console.log(`soak: ${rounds} x ${count} requests to ${origin}, FUZZ_SEED=${seed}; mock pid ${pid ?? 'unknown'}; ${show(start)}`);
const lines: string[] = [`cold (nothing sent):    ${show(cold)}`, `start (after ${warmup} and a reset): ${show(start)}`];
const reports: FuzzReport[] = [];
for (let round = 1; round <= rounds; round++) {
  const roundSeed = rounds === 1 ? seed : `${seed}-${round}`;
  const started = performance.now();
  const report = await runFuzz({
    origin,
    specs: VENDORS.map((vendor) => loadSpec(vendor)),
    seed: roundSeed,
    count,
    credentials: { write: `soak-write-${roundSeed}`, readOnly: `readonly-soak-${roundSeed}` },
    owners: await mockOwners(origin),
    progressEvery: 10_000,
    onProgress: (sent) => console.log(`  round ${round}: ${sent} sent, ${Math.round((performance.now() - started) / 1000)} s, RSS ${mb(residentBytes(pid))}`),
  });
  const seconds = (performance.now() - started) / 1000;
  reports.push(report);
  await sleep(SETTLE_MS);
  const after = await memory();
  const reset = await fetch(`${origin}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await sleep(SETTLE_MS);
  const afterReset = await memory();
  console.log(formatReport(report, 5));
  lines.push(
    `round ${round} (FUZZ_SEED=${roundSeed}): ${report.sent} requests in ${seconds.toFixed(0)} s (${Math.round(report.sent / seconds)}/s)`,
    `  5xx ${report.byKind['5xx']}, undocumented ${report.byKind.undocumented}, schema ${report.byKind.schema + report.byKind['media-type']}, accepted invalid ${report.byKind['accepted-invalid']}, hangs ${report.byKind.hang}, transport errors ${report.byKind.transport}`,
    `  statuses: ${Object.entries(report.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `  after:                ${show(after)}`,
    `  after reset:          ${show(afterReset)} (POST /__mock/reset answered ${reset.status})`,
  );
}
console.log(['', ...lines].join('\n'));
const failed = reports.reduce((n, r) => n + Object.values(r.byKind).reduce((a, b) => a + b, 0), 0);
console.log(`total findings: ${failed}`);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function residentBytes(processId: number | undefined): number | undefined {
  if (processId === undefined) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${processId}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The process holding a listening TCP socket on `port`: its inode from /proc/net/tcp{,6}, then whose fd points at it. */
function pidListeningOn(port: number): number | undefined {
  const LISTEN = '0A';
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local && fields[3] === LISTEN && parseInt(local.split(':')[1] ?? '', 16) === port) inodes.add(fields[9] as string);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeList(`/proc/${entry}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // the process or descriptor went away meanwhile
      }
    }
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
