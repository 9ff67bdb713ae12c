/**
 * npm run soak: the fuzz of test/fuzz at soak size against a mock that is already running
 * (`npm start` in another terminal), then its memory before, after and after `POST /__mock/reset`.
 *
 *   npm run soak -- [URL]          default http://127.0.0.1:4010 (or $MOCK_URL)
 *   FUZZ_COUNT=100000 FUZZ_SEED=abc npm run soak
 *   SOAK_PID=1234 npm run soak     whose memory to read, when the listening port cannot tell
 *
 * Memory is the resident set (VmRSS of /proc/<pid>/status) of the process listening on the URL's
 * port, found through /proc/net/tcp: Linux only; elsewhere it prints "unknown". Prints, does not
 * assert: the figures go in notes, the assertions are in test/fuzz.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { formatReport, mockOwners, runFuzz } from '../src/fuzz/run.js';
import { loadSpec, VENDORS } from '../src/openapi/load.js';

const origin = (process.argv[2] ?? process.env.MOCK_URL ?? 'http://127.0.0.1:4010').replace(/\/$/, '');
const count = Number(process.env.FUZZ_COUNT ?? 100_000);
const seed = process.env.FUZZ_SEED ?? randomBytes(6).toString('hex');
const SETTLE_MS = 3000;

const pid = process.env.SOAK_PID ? Number(process.env.SOAK_PID) : pidListeningOn(Number(new URL(origin).port || 80));
const mb = (bytes: number | undefined) => (bytes === undefined ? 'unknown' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

const before = residentBytes(pid);
console.log(`soak: ${count} requests to ${origin}, FUZZ_SEED=${seed}; mock pid ${pid ?? 'unknown'}, memory ${mb(before)}`);
const started = performance.now();
const report = await runFuzz({
  origin,
  specs: VENDORS.map((vendor) => loadSpec(vendor)),
  seed,
  count,
  credentials: { write: `soak-write-${seed}`, readOnly: `readonly-soak-${seed}` },
  owners: await mockOwners(origin),
  progressEvery: 10_000,
  onProgress: (sent) => console.log(`  ${sent} sent, ${Math.round((performance.now() - started) / 1000)} s, memory ${mb(residentBytes(pid))}`),
});
const seconds = (performance.now() - started) / 1000;
await sleep(SETTLE_MS);
const after = residentBytes(pid);
const reset = await fetch(`${origin}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
await sleep(SETTLE_MS);
const afterReset = residentBytes(pid);

const undocumented = report.byKind.undocumented;
const schema = report.byKind.schema + report.byKind['media-type'];
console.log(formatReport(report, 5));
console.log(
  [
    '',
    `requests:               ${report.sent} in ${seconds.toFixed(0)} s (${Math.round(report.sent / seconds)}/s)`,
    `5xx:                    ${report.byKind['5xx']}`,
    `undocumented statuses:  ${undocumented}`,
    `schema failures:        ${schema}`,
    `accepted invalid:       ${report.byKind['accepted-invalid']} (a success for a body the schema refuses)`,
    `hangs:                  ${report.byKind.hang}`,
    `transport errors:       ${report.byKind.transport}`,
    `statuses:               ${Object.entries(report.byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `memory (RSS) before:    ${mb(before)}`,
    `memory after:           ${mb(after)}`,
    `memory after reset:     ${mb(afterReset)} (POST /__mock/reset answered ${reset.status})`,
  ].join('\n'),
);

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
