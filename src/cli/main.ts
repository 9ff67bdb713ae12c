import { writeLine, type Command, type CommandIO } from './io.js';

/**
 * coupon-contracts: one binary, one module per command (src/cli/<command>.ts), loaded on demand
 * so that `drift` does not pay for Prism and `mock` does not pay for the TypeScript compiler.
 */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  mock: { summary: 'start the stateful mock server for all vendors', load: async () => (await import('./mock.js')).runMock },
  verify: { summary: 'run the contract suites against a target URL', load: async () => (await import('./verify.js')).runVerify },
  drift: { summary: 'fail when generated code or a spec drifts or breaks compatibility', load: async () => (await import('./drift.js')).runDrift },
  generate: { summary: 'regenerate generated/ from spec/', load: async () => (await import('./generate.js')).runGenerate },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return ['usage: coupon-contracts <command> [options]', '', 'commands:', ...lines, '', 'coupon-contracts <command> --help for its options'].join('\n');
}

export async function runCli(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    writeLine(io.stdout, usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    writeLine(io.stderr, `coupon-contracts: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const run = await command.load();
  return run(rest, io);
}
