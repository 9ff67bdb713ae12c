/**
 * A command run in the test's own process: its output collected, its directory and environment
 * chosen by the test, and a stop the test pulls instead of a signal.
 */
import { Writable } from 'node:stream';
import type { Command, CommandIO } from '../../src/cli/io.js';

export interface CapturedIO extends CommandIO {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
  /** What SIGINT/SIGTERM is for the binary: ends a command waiting in untilStopped(). */
  stop(): void;
}

function collector(): { stream: Writable; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export function captureIO({ cwd = process.cwd(), env = {} }: { cwd?: string; env?: Record<string, string | undefined> } = {}): CapturedIO {
  const stdout = collector();
  const stderr = collector();
  let stopRequested = false;
  const waiting: Array<() => void> = [];
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    cwd,
    env,
    untilStopped: () => (stopRequested ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    out: stdout.text,
    err: stderr.text,
    stop() {
      stopRequested = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command that ends by itself (not a mock left serving) and returns what it said. */
export async function runCommand(command: Command, argv: string[], options: Parameters<typeof captureIO>[0] = {}): Promise<CommandRun> {
  const io = captureIO(options);
  const started = Date.now();
  const code = await command(argv, io);
  return { code, stdout: io.out(), stderr: io.err(), ms: Date.now() - started };
}

/** A long-running command (the mock) started in process: wait for its output, then stop it. */
export interface RunningCommand {
  io: CapturedIO;
  /** The exit status once it has ended. */
  exited: Promise<number>;
  /** Resolves with stdout once `pattern` appears in it; rejects if the command ends first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
}

export function startCommand(command: Command, argv: string[], options: Parameters<typeof captureIO>[0] = {}): RunningCommand {
  const io = captureIO(options);
  let ended: string | undefined;
  const exited = command(argv, io);
  exited.then(
    (code) => (ended = `exited ${code}`),
    (error: unknown) => (ended = `threw ${String(error)}`),
  );
  return {
    io,
    exited,
    async waitFor(pattern, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (pattern.test(io.out())) return io.out();
        if (ended !== undefined) throw new Error(`${ended}: ${io.err()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`no ${pattern} within ${ms} ms; stdout: ${io.out()}; stderr: ${io.err()}`);
    },
  };
}
