/**
 * Part of `npm run build`: writes dist/spec/<vendor>.json, each spec parsed from its YAML with
 * the SHA-256 of that YAML, which src/openapi/load.ts reads instead of parsing the YAML again while
 * the YAML is unchanged (start-up time).
 */
import { precompileSpec, specPath, VENDORS } from '../src/openapi/load.js';

for (const vendor of VENDORS) {
  if (!precompileSpec(vendor)) console.error(`precompile-specs: ${specPath(vendor)} holds values JSON cannot keep; it stays parsed from YAML at start-up`);
}
