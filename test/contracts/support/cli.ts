import { stripVTControlCharacters } from 'node:util';
import { runVerify } from '../../../src/cli/verify.js';
import { captureIO } from '../../support/command-io.js';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `coupon-contracts verify ...` in this process (runVerify with captured output); fails the test
 * if it has not ended after `timeoutMs`. The suites themselves run in the vitest that verify
 * starts. The binary, spawned: test/cli/binary.process.test.ts.
 */
export async function verify(args: string[], timeoutMs = 90_000): Promise<CliRun> {
  const io = captureIO();
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`verify ${args.join(' ')} did not end within ${timeoutMs} ms\n${io.out()}\n${io.err()}`)), timeoutMs);
  });
  try {
    const code = await Promise.race([runVerify(args, io), timeout]);
    // The vitest that runs the suites colours its report as this process's terminal allows; the
    // spawned CLI was asked for none (NO_COLOR), and the assertions read plain text.
    return { code, stdout: stripVTControlCharacters(io.out()), stderr: stripVTControlCharacters(io.err()), ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
