import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SpecError } from '../openapi/load.js';
import { GenerationError, generateTypes, generatedFileFor } from '../drift/generate.js';
import { GENERATED_DIR, listSpecFiles, readSpecs, readText } from '../drift/workspace.js';
import { writeLine, type CommandIO } from './io.js';

const usage = `usage: coupon-contracts generate

Writes generated/<name>.ts (openapi-typescript types) for every spec/<name>.yaml in the current
directory. Nothing is written unless every spec generates.`;

export async function runGenerate(argv: string[], io: CommandIO): Promise<number> {
  let help: boolean | undefined;
  try {
    ({ values: { help } } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    writeLine(io.stderr, `coupon-contracts generate: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (help) {
    writeLine(io.stdout, usage);
    return 0;
  }

  const root = io.cwd;
  const specFiles = listSpecFiles(root);
  if (specFiles.length === 0) {
    writeLine(io.stderr, `coupon-contracts generate: no spec/*.yaml in ${root}`);
    return 2;
  }
  const outputs = new Map<string, string>();
  try {
    for (const [file, document] of readSpecs(root, specFiles)) outputs.set(generatedFileFor(file), await generateTypes(document, file));
  } catch (error) {
    if (error instanceof SpecError || error instanceof GenerationError) {
      writeLine(io.stderr, `coupon-contracts generate: ${error.message}`);
      return 2;
    }
    throw error;
  }

  mkdirSync(join(root, GENERATED_DIR), { recursive: true });
  for (const [file, text] of outputs) {
    const unchanged = readIfExists(root, file) === text;
    if (!unchanged) writeFileSync(join(root, file), text);
    writeLine(io.stdout, `${unchanged ? 'unchanged' : 'wrote    '} ${file}`);
  }
  return 0;
}

function readIfExists(root: string, file: string): string | undefined {
  try {
    return readText(root, file);
  } catch {
    return undefined;
  }
}
