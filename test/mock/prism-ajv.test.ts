import { describe, expect, it } from 'vitest';
import { isMetaValid, prismValidator } from '../../src/mock/prism-ajv.js';

describe("Prism's Ajv (prism-ajv.ts)", () => {
  it.each([false, true])('checks a schema against its meta-schema whether or not it coerces (coerce: %s), though compile does not check', (coerce) => {
    expect(isMetaValid({ type: 'string', minLength: 2 }, coerce, undefined)).toBe(true);
    expect(isMetaValid({ type: 12 }, coerce, undefined)).toBe(false);
    expect(isMetaValid({ type: 'string', minLength: -1 }, coerce, undefined)).toBe(false);
    expect(isMetaValid({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string', minLength: -1 }, coerce, undefined)).toBe(false);
    expect(() => prismValidator({ schema: { type: 12 }, metaValid: false }, coerce, undefined)).toThrow(/invalid under its meta-schema/);
    expect(prismValidator({ schema: { type: 'string', minLength: 2 }, metaValid: true }, coerce, undefined)('a')).toMatchObject([{ keyword: 'minLength' }]);
  });
});
