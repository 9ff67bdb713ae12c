import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Relative imports of a module, type-only ones included (a cycle of types is still a knot to read). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1] as string);
  return specifiers.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every cycle among `files` (each reported once, from its first module in sorted order). */
function cycles(files: string[]): string[][] {
  const inScope = new Set(files);
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at !== -1) {
      found.push(path.slice(at).concat(file));
      return;
    }
    if (done.has(file)) return;
    for (const next of importsOf(file)) if (inScope.has(next)) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of [...files].sort()) visit(file, []);
  return found.map((cycle) => cycle.map((f) => relative(ROOT, f)));
}

describe('the contract engine and the vendor definitions', () => {
  it('import no module that imports them back', () => {
    const files = [...sourceFiles(join(ROOT, 'src/contracts')), ...sourceFiles(join(ROOT, 'contracts'))];
    expect(files.length).toBeGreaterThan(20);
    expect(cycles(files)).toEqual([]);
  });
});
