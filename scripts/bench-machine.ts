import { cpus, loadavg } from 'node:os';

/**
 * The machine's 1-minute load average when a figure is taken, against its cores: other work on the
 * same cores lengthens latencies and wall times and lowers req/s, so every figure carries it.
 */
export function loadAverage(): string {
  return `load ${loadavg()[0]!.toFixed(1)}/${cpus().length}`;
}
