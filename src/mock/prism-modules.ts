import { createRequire } from 'node:module';

/**
 * Prism's own modules, from where Prism resolves them (its Ajv, its ajv-formats, its spec reader),
 * not its index, which loads the mocker and json-schema-faker with every faker locale.
 */
export const prismRequire = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http/package.json'));

export const PRISM_VERSION = (prismRequire('./package.json') as { version: string }).version;
