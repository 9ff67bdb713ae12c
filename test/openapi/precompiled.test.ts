import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpecText, precompiledDocument, precompileSpec, specPath, VENDORS } from '../../src/openapi/load.js';

describe('precompiled specs (start-up without parsing YAML)', () => {
  for (const vendor of VENDORS) {
    it(`${vendor}: the precompiled document is the YAML's, and is used only for that very YAML text`, () => {
      expect(precompileSpec(vendor)).toMatch(/dist\/spec\/.+\.json$/);
      const path = specPath(vendor);
      const text = readFileSync(path, 'utf8');
      expect(precompiledDocument(path, text)).toEqual(parseSpecText(text, path));
      // One changed byte (an edited spec, a build not rerun): the YAML is parsed instead.
      expect(precompiledDocument(path, `${text}\n# edited\n`)).toBeUndefined();
      expect(precompiledDocument(path, text.replace('openapi:', 'openapi :'))).toBeUndefined();
    });
  }

  it('a spec outside the package spec/ folder has no precompiled form', () => {
    expect(precompiledDocument('/tmp/elsewhere/bigcommerce.yaml', 'openapi: 3.1.0')).toBeUndefined();
  });
});
