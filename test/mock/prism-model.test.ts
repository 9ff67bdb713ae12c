import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, VENDORS } from '../../src/openapi/load.js';
import { deriveModel, modelKey, modelOf, precompiledModelPath, type PrismModel } from '../../src/mock/prism-model.js';

describe('the precompiled Prism model (dist/spec/<vendor>.prism-model.json)', () => {
  it.for(VENDORS)('%s: a built model under the current key is exactly what deriving gives (else MODEL_FORMAT was not raised)', async (vendor, { skip }) => {
    const spec = loadSpec(vendor);
    const path = precompiledModelPath(spec);
    if (!path || !existsSync(path)) return skip('no dist/ model: run npm run build');
    const built = JSON.parse(readFileSync(path, 'utf8')) as PrismModel;
    // dist/ from other code or another spec is never used (the test below); nothing to compare.
    if (built.key !== modelKey(spec)) return skip('the dist/ model is stale: run npm run build');
    const derived = JSON.parse(JSON.stringify(await deriveModel(spec))) as PrismModel;
    expect(built).toEqual(derived);
  });

  it('is used only under the key of this very spec and Prism: a model built under another key is derived anew', async () => {
    const spec = loadSpec('shoplazza');
    const dir = mkdtempSync(join(tmpdir(), 'prism-model-'));
    try {
      const path = join(dir, 'shoplazza.prism-model.json');
      const sentinel = (key: string): PrismModel => ({ key, operations: [{ id: 'sentinel', method: 'get', path: '/sentinel', paramSchemas: {}, bundle: null }] });
      writeFileSync(path, JSON.stringify(sentinel('a key of other code or another spec')));
      const derived = await deriveModel(spec);
      expect(await modelOf(spec, path)).toEqual(derived);
      writeFileSync(path, JSON.stringify(sentinel(modelKey(spec))));
      expect(await modelOf(spec, path)).toEqual(sentinel(modelKey(spec)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
