import type { Writable } from 'node:stream';

/**
 * What a command reads and writes besides its arguments. The binary passes the process's own
 * (processIO); tests pass buffers, a scratch directory and a stop they control, so a command runs
 * in the test's process instead of paying for a new Node, tsx and Prism on every call.
 */
export interface CommandIO {
  stdout: Writable;
  stderr: Writable;
  /** The directory the command works in (drift and generate read spec/ and generated/ there). */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when a long-running command (the mock) should stop: SIGINT or SIGTERM for the binary. */
  untilStopped(): Promise<void>;
}

/** A command: its arguments and IO in, its exit status out (0 ok, 1 a finding or failure, 2 bad input). */
export type Command = (argv: string[], io: CommandIO) => Promise<number>;

/** A user's mistake on the command line or in a file it names (or an unreachable target): one line, exit 2. */
export class UsageError extends Error {}

/** A flag's value that must be a whole number above zero (a count, a limit, milliseconds). */
export function positiveInteger(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, not '${raw}'`);
  return n;
}

export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}

/** Lines that reach their stream together, at most `flushMs` after the first of them. */
export interface LineBuffer {
  write(text: string): void;
  /** Writes what is held now (a stopping command calls it, so no line is left behind). */
  flush(): void;
}

/**
 * The mock's request log: one line per answer. Written one by one, each line is a write(2) of its
 * own (stdout to a file or pipe is synchronous in Node), 8% of the busy CPU of a create under
 * load; gathered, a burst of answers costs one. A line shows up at most `flushMs` late, and
 * `maxBytes` held are written at once.
 */
export function bufferedLines(stream: Writable, flushMs = 50, maxBytes = 16_384): LineBuffer {
  let held = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (held === '') return;
    const text = held;
    held = '';
    stream.write(text);
  };
  return {
    write(text) {
      held += `${text}\n`;
      if (held.length >= maxBytes) flush();
      else if (!timer) timer = setTimeout(flush, flushMs).unref();
    },
    flush,
  };
}

export function processIO(): CommandIO {
  // Whoever reads our output may go away (`npm start | head -1`); the command carries on.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    // Handlers only when a command waits for them: a short command keeps Node's default (exit on Ctrl-C).
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
