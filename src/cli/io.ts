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

export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
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
