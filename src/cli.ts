#!/usr/bin/env node
import { processIO } from './cli/io.js';
import { runCli } from './cli/main.js';

runCli(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A command reports its own expected failures; anything reaching here is a bug, said in one line.
    console.error(`coupon-contracts: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
