import { describe, expect, it } from 'vitest';
import { generateTypes, generatedFileFor, generatedHeader } from '../../src/drift/generate.js';
import { checkGeneratedCurrent, firstDifferentLine } from '../../src/drift/generated.js';
import { fixture } from './fixture.js';

// The check takes texts, so these tests never touch the real generated/ directory.
const SPEC = 'spec/fixture.yaml';
const GENERATED = 'generated/fixture.ts';
const document = fixture();
const current = await generateTypes(document, SPEC);
const check = (generated: Record<string, string>) => checkGeneratedCurrent(new Map([[SPEC, document]]), new Map(Object.entries(generated)));

describe('generation', () => {
  it('names the output after the spec', () => {
    expect(generatedFileFor(SPEC)).toBe(GENERATED);
    expect(generatedFileFor('spec/elasticpath.yml')).toBe('generated/elasticpath.ts');
  });

  it('starts with the do-not-edit header and types the operations', () => {
    expect(current.startsWith(generatedHeader(SPEC))).toBe(true);
    expect(current).toContain('// generated from spec/fixture.yaml by npm run generate; do not edit');
    expect(current).toContain('createCoupon: {');
  });

  it('is deterministic and leaves the document alone', async () => {
    const before = JSON.stringify(document);
    expect(await generateTypes(document, SPEC)).toBe(current);
    expect(JSON.stringify(document)).toBe(before);
  });

  it('refuses a spec openapi-typescript cannot bundle, naming the file in one line', async () => {
    const broken = fixture({ extraPaths: "  /other:\n    get: {operationId: createCoupon, responses: {'200': {description: ok}}}" });
    await expect(generateTypes(broken, SPEC)).rejects.toThrow(/^spec\/fixture\.yaml: openapi-typescript cannot generate types: .*operationId/);
  });
});

describe('checkGeneratedCurrent', () => {
  it('passes a current file', async () => {
    expect(await check({ [GENERATED]: current })).toEqual([]);
  });

  it('flags a stale file with the first line that differs', async () => {
    const lines = current.split('\n');
    lines[5] = '// hand edit';
    const [finding, ...rest] = await check({ [GENERATED]: lines.join('\n') });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', rule: 'generated-stale', file: GENERATED, line: 6 });
    expect(finding?.message).toContain('run npm run generate');
  });

  it('flags a file generated from an older spec', async () => {
    const older = await generateTypes(fixture({ responseSchema: '{type: object, properties: {id: {type: string}}}' }), SPEC);
    expect((await check({ [GENERATED]: older })).map((f) => f.rule)).toEqual(['generated-stale']);
  });

  it('flags a missing file and one no spec generates', async () => {
    const findings = await check({ 'generated/gone.ts': current });
    expect(findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['generated-missing generated/fixture.ts', 'generated-orphaned generated/gone.ts']);
  });
});

describe('firstDifferentLine', () => {
  it.each([
    ['a\nb', 'a\nb', undefined],
    ['a\nb', 'a\nc', 2],
    ['a\nb', 'a', 2],
    ['a', 'a\nb', 2],
  ])('%j vs %j -> %s', (expected, actual, line) => expect(firstDifferentLine(expected, actual)).toBe(line));
});
