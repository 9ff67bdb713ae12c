import type { OpenAPI3 } from 'openapi-typescript';
import type { OpenApiDocument } from '../openapi/load.js';

export function generatedHeader(specFile: string): string {
  return `// generated from ${specFile} by npm run generate; do not edit\n`;
}

/** `spec/bigcommerce.yaml` -> `generated/bigcommerce.ts` (both relative to the project root). */
export function generatedFileFor(specFile: string): string {
  const name = specFile.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  return `generated/${name}.ts`;
}

/** A spec openapi-typescript refuses (its own lint, e.g. duplicate operationIds); one line. */
export class GenerationError extends Error {
  override readonly name = 'GenerationError';
}

/**
 * The TypeScript types of one spec, exactly as `generated/<name>.ts` must read. Takes the parsed
 * document rather than a path so that the drift gate can generate from any revision without
 * writing files.
 */
export async function generateTypes(document: OpenApiDocument, specFile: string): Promise<string> {
  // openapi-typescript prints its lint errors in colour before throwing them; the caller reports
  // the thrown message as one line, so that print is only noise.
  // Loaded on first use: it brings the TypeScript compiler, which bad-input paths of the CLI
  // (unknown ref, unparsable spec) should not wait for.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const consoleError = console.error;
  console.error = () => {};
  try {
    // openapi-typescript annotates the object it bundles; the caller's document stays untouched.
    // defaultNonNullable off: a field with a default stays optional in request bodies, as callers
    // may omit it (the vendor fills it in); otherwise `{ code }` would not type-check.
    const nodes = await openapiTS(structuredClone(document) as unknown as OpenAPI3, { silent: true, defaultNonNullable: false });
    return `${generatedHeader(specFile)}\n${astToString(nodes)}`;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new GenerationError(`${specFile}: openapi-typescript cannot generate types: ${reason}`);
  } finally {
    console.error = consoleError;
  }
}
