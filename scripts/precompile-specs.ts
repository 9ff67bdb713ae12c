/**
 * Part of `npm run build`: writes dist/spec/<vendor>.json, each spec parsed from its YAML with
 * the SHA-256 of that YAML, which src/openapi/load.ts reads instead of parsing the YAML again while
 * the YAML is unchanged (start-up time); and dist/spec/<vendor>.prism-model.json, the operations
 * as Prism's validator sees them (src/mock/prism-model.ts), so the mock starts without loading Prism.
 */
import { loadSpec, precompileSpec, specPath, VENDORS } from '../src/openapi/load.js';
import { precompileModel } from '../src/mock/prism-model.js';

for (const vendor of VENDORS) {
  if (!precompileSpec(vendor)) console.error(`precompile-specs: ${specPath(vendor)} holds values JSON cannot keep; it stays parsed from YAML at start-up`);
  if (!(await precompileModel(loadSpec(vendor)))) console.error(`precompile-specs: Prism's model of ${specPath(vendor)} does not survive JSON; it is derived at start-up`);
}
