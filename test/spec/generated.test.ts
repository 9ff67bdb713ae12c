import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/openapi/load.js';
import { generatedFileFor } from '../../src/drift/generate.js';
import { checkGeneratedCurrent } from '../../src/drift/generated.js';
import { presentSpecs } from './spec-files.js';

describe('generated/ is what the specs generate now', () => {
  const specs = presentSpecs();
  if (specs.length === 0) it.todo('no spec/*.yaml written yet');
  for (const present of specs) {
    it(`${present.vendor}: ${generatedFileFor(`spec/${present.vendor}.yaml`)} is current (else run npm run generate)`, async () => {
      if ('error' in present) expect.fail(present.error);
      const specFile = `spec/${present.vendor}.yaml`;
      const generatedFile = generatedFileFor(specFile);
      let text: string;
      try {
        text = readFileSync(resolve(PACKAGE_ROOT, generatedFile), 'utf8');
      } catch {
        expect.fail(`${generatedFile} is missing; run npm run generate`);
      }
      const findings = await checkGeneratedCurrent(new Map([[specFile, present.spec.document]]), new Map([[generatedFile, text]]));
      expect(findings.map((f) => `${f.file} ${f.rule}: ${f.message}`)).toEqual([]);
    });
  }
});
