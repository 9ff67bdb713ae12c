#!/usr/bin/env node
/**
 * coupon-contracts: one binary, one module per command (src/cli/<command>.ts), loaded on demand
 * so that `drift` does not pay for Prism and `mock` does not pay for the TypeScript compiler.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  mock: { summary: 'start the stateful mock server for all vendors', load: () => import('./cli/mock.js') },
  verify: { summary: 'run the contract suites against a target URL', load: () => import('./cli/verify.js') },
  drift: { summary: 'fail when generated code or a spec drifts or breaks compatibility', load: () => import('./cli/drift.js') },
  generate: { summary: 'regenerate generated/ from spec/', load: () => import('./cli/generate.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return ['usage: coupon-contracts <command> [options]', '', 'commands:', ...lines, '', 'coupon-contracts <command> --help for its options'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`coupon-contracts: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A command reports its own expected failures; anything reaching here is a bug, said in one line.
    console.error(`coupon-contracts: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
