import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { deriveModel, modelKey, modelOf, precompiledModelPath, type PrismModel } from '../../src/mock/prism-model.js';

describe('the precompiled Prism model (dist/spec/<vendor>.prism-model.json)', () => {
  it.each(VENDORS)('%s: a built model under the current key is exactly what deriving gives (else MODEL_FORMAT was not raised)', async (vendor) => {
    const spec = loadSpec(vendor);
    const path = precompiledModelPath(spec);
    if (!path || !existsSync(path)) return expect(await modelOf(spec)).toEqual(await deriveModel(spec));
    const built = JSON.parse(readFileSync(path, 'utf8')) as PrismModel;
    const derived = JSON.parse(JSON.stringify(await deriveModel(spec))) as PrismModel;
    if (built.key !== modelKey(spec)) {
      // dist/ from other code or another spec: never used, whatever it holds.
      expect(await modelOf(spec)).toEqual(await deriveModel(spec));
      return;
    }
    expect(built).toEqual(derived);
  });

});
