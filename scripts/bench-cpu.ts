/**
 * CPU time spent by processes, from Linux's /proc: unlike wall-clock figures it hardly moves when
 * other work shares the cores, so a before/after or ours/bare comparison holds on a busy machine.
 * Elsewhere these return undefined and the bench prints wall-clock figures only.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function msPerTick(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return 1000 / ticksPerSecond;
}

/** [pgrp, user + system ticks] of a process, or undefined once it is gone. */
function statOf(pid: number | string): [number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state ppid pgrp ... utime(12th) stime(13th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[2]), Number(fields[11]) + Number(fields[12])];
  } catch {
    return undefined;
  }
}

/** CPU milliseconds one process has used so far. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  const stat = pid === undefined ? undefined : statOf(pid);
  return stat && stat[1] * msPerTick();
}

/** CPU milliseconds used so far by the living processes of a process group (npm, tsx and the server they start). */
export function cpuMsOfGroup(pgid: number | undefined): number | undefined {
  if (pgid === undefined || process.platform !== 'linux') return undefined;
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = statOf(pid);
    if (stat && stat[0] === pgid) ticks += stat[1];
  }
  return ticks * msPerTick();
}
