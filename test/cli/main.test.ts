/** The binary's dispatch (src/cli/main.ts) in process: usage, help, unknown commands. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { runCommand } from '../support/command-io.js';

describe('coupon-contracts <command>', () => {
  it('without a command: the usage, listing every command, and exit 2', async () => {
    const run = await runCommand(runCli, []);
    expect(run.code).toBe(2);
    for (const command of ['mock', 'verify', 'drift', 'generate']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('--help: the usage and exit 0', async () => {
    const run = await runCommand(runCli, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: coupon-contracts <command> \[options\]/);
  });

  it('an unknown command: one line naming it, the usage on stderr, exit 2', async () => {
    const run = await runCommand(runCli, ['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe("coupon-contracts: unknown command 'frobnicate'");
  });

  it('passes the arguments after the command to it', async () => {
    const run = await runCommand(runCli, ['drift', '--format', 'xml']);
    expect(run).toMatchObject({ code: 2, stderr: "coupon-contracts drift: unknown --format 'xml' (expected text, json, github)\n" });
  });
});
