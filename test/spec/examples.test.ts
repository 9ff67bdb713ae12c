import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '../../src/openapi/validator.js';
import { collectExamples, collectPatterns, isAnchoredPattern, presentSpecs } from './spec-files.js';

const specs = presentSpecs();

describe('spec examples validate against their own schemas', () => {
  if (specs.length === 0) it.todo('no spec/*.yaml written yet');
  for (const present of specs) {
    if ('error' in present) {
      it(`${present.vendor} loads`, () => expect.fail(present.error));
      continue;
    }
    const { vendor, spec } = present;
    const validator = createSpecValidator(spec);
    const examples = collectExamples(spec.document);
    it(`${vendor} has examples to check`, () => expect(examples.length).toBeGreaterThan(0));
    for (const example of examples) {
      it(`${vendor} ${example.pointer}`, () => {
        const messages = validator.validate(example.schemaPointer, example.value).map((v) => `${v.message} (${v.schemaPointer})`);
        expect(messages, `example ${example.pointer} breaks ${example.schemaPointer}`).toEqual([]);
      });
    }
  }
});

describe('specs follow the conventions of docs/ARCHITECTURE.md', () => {
  if (specs.length === 0) it.todo('no spec/*.yaml written yet');
  for (const present of specs) {
    if ('error' in present) continue;
    const { vendor, spec } = present;

    it(`${vendor} every operation has an operationId`, () => {
      const missing = spec.operations.filter((o) => typeof o.node.operationId !== 'string').map((o) => o.pointer);
      expect(missing).toEqual([]);
    });

    it(`${vendor} every operation declares x-validation-status 400 or 422`, () => {
      const wrong = spec.operations.filter((o) => o.validationStatus !== 400 && o.validationStatus !== 422).map((o) => `${o.id}: ${String(o.node['x-validation-status'])}`);
      expect(wrong).toEqual([]);
    });

    it(`${vendor} every operation documents at least one 4xx`, () => {
      const without = spec.operations.filter((o) => !Object.keys(o.responses).some((status) => /^4(\d\d|XX)$/i.test(status))).map((o) => o.id);
      expect(without).toEqual([]);
    });

    it(`${vendor} every request body has a minimal example`, () => {
      const without = spec.operations.filter((o) => o.requestBody && !('minimal' in o.requestBody.examples)).map((o) => o.id);
      expect(without).toEqual([]);
    });

    it(`${vendor} every pattern is anchored ^...$`, () => {
      const unanchored = collectPatterns(spec.document).filter((p) => !isAnchoredPattern(p.pattern)).map((p) => `${p.pointer}: ${p.pattern}`);
      expect(unanchored).toEqual([]);
    });
  }
});
