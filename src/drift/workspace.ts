import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpecText, type OpenApiDocument } from '../openapi/load.js';

// The working tree as the drift gate and the generator see it: paths are project-relative
// (`spec/x.yaml`) so that findings and generated headers read the same on every machine.

export const SPEC_DIR = 'spec';
export const GENERATED_DIR = 'generated';

/** `spec/*.yaml` (and `.yml`) under `root`, sorted. */
export function listSpecFiles(root: string): string[] {
  return listFiles(root, SPEC_DIR, /\.ya?ml$/);
}

/** `generated/*.ts` under `root`, sorted. */
export function listGeneratedFiles(root: string): string[] {
  return listFiles(root, GENERATED_DIR, /\.ts$/);
}

function listFiles(root: string, dir: string, pattern: RegExp): string[] {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => `${dir}/${entry.name}`)
    .sort();
}

/** Parses each spec; the first that cannot be read or parsed throws a SpecError naming it. */
export function readSpecs(root: string, files: string[]): Map<string, OpenApiDocument> {
  return new Map(files.map((file) => [file, parseSpecText(readText(root, file), file)]));
}

export function readText(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}
