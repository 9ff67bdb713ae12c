import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/drift/finding.js';
import { formatFindings, githubAnnotation, summarise, textLine } from '../../src/drift/format.js';
import { driftFindings } from '../../src/drift/gate.js';
import { generateTypes } from '../../src/drift/generate.js';
import { lineOfPointer } from '../../src/drift/lines.js';
import { pointerOf } from '../../src/openapi/load.js';
import { fixture, fixtureText } from './fixture.js';

describe('driftFindings', () => {
  const document = fixture();

  it('a spec new since the base is additive; one removed since the base is breaking', async () => {
    const findings = await driftFindings({
      current: new Map([['spec/new.yaml', document]]),
      base: new Map([['spec/old.yaml', document]]),
      generated: new Map([['generated/new.ts', await generateTypes(document, 'spec/new.yaml')]]),
    });
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.file}`)).toEqual(['error spec-removed spec/old.yaml', 'info spec-added spec/new.yaml']);
  });

  it('reports stale generated files and breaking changes together, errors first', async () => {
    const findings = await driftFindings({
      current: new Map([['spec/x.yaml', fixture({ withList: true, extraResponses: "'409': {description: conflict}" })]]),
      base: new Map([['spec/x.yaml', fixture({ withList: true, extraResponses: "'404': {description: gone}" })]]),
      generated: new Map(),
    });
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['error generated-missing', 'error response-status-removed', 'info response-status-added']);
  });
});

const breaking: Finding = {
  severity: 'error',
  rule: 'request-max-decreased',
  file: 'spec/bigcommerce.yaml',
  pointer: '/paths/~1promotions~1{promotion_id}~1codegen/post/requestBody/content/application~1json/schema/properties/batch_size/maximum',
  message: 'maximum lowered from 250 to 200',
  line: 1168,
};
const additive: Finding = { severity: 'info', rule: 'api-added', file: 'spec/x.yaml', pointer: '/paths/~1a/get', message: 'operation GET /a added' };
const stale: Finding = { severity: 'error', rule: 'generated-stale', file: 'generated/x.ts', pointer: '', message: 'differs, 100%, first at line 3' };

describe('output formats', () => {
  it('text: file#pointer rule: message, one per line, info marked', () => {
    expect(formatFindings([breaking, additive, stale], summarise([breaking, additive, stale], 'HEAD'), 'text').split('\n')).toEqual([
      'spec/bigcommerce.yaml#/paths/~1promotions~1{promotion_id}~1codegen/post/requestBody/content/application~1json/schema/properties/batch_size/maximum request-max-decreased: maximum lowered from 250 to 200',
      'spec/x.yaml#/paths/~1a/get api-added (info): operation GET /a added',
      'generated/x.ts generated-stale: differs, 100%, first at line 3',
    ]);
    expect(textLine(stale)).toBe('generated/x.ts generated-stale: differs, 100%, first at line 3');
  });

  it('json: the findings and a summary', () => {
    const parsed = JSON.parse(formatFindings([breaking, additive], summarise([breaking, additive], 'origin/main'), 'json'));
    expect(parsed.summary).toEqual({ base: 'origin/main', breaking: 1, info: 1, ok: false });
    expect(parsed.findings).toEqual([breaking, additive]);
  });

  it('github: error and notice annotations with file, line and the rule as title, escaped', () => {
    expect(githubAnnotation(breaking)).toBe(
      `::error file=spec/bigcommerce.yaml,line=1168,title=request-max-decreased::#${breaking.pointer}: maximum lowered from 250 to 200`,
    );
    expect(githubAnnotation(additive)).toBe('::notice file=spec/x.yaml,title=api-added::#/paths/~1a/get: operation GET /a added');
    expect(githubAnnotation(stale)).toBe('::error file=generated/x.ts,title=generated-stale::differs, 100%25, first at line 3');
  });

  it('an empty run prints nothing and is ok', () => {
    expect(formatFindings([], summarise([], 'HEAD'), 'text')).toBe('');
    expect(summarise([additive], 'HEAD').ok).toBe(true);
  });
});

describe('lineOfPointer', () => {
  const text = fixtureText();
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('finds the line of a key', () => {
    expect(lineOfPointer(text, '/paths/~1coupons~1{id}/post/requestBody')).toBe(lineOf('requestBody:'));
    expect(lineOfPointer(text, '/paths/~1coupons/get/responses/401')).toBe(lineOf("'401'"));
  });

  it('falls back to the deepest ancestor that exists', () => {
    expect(lineOfPointer(text, '/paths/~1coupons~1{id}/post/responses/409')).toBe(lineOf('responses:'));
  });

  it('unescapes ~0 and ~1 the way pointerOf escapes them', () => {
    expect(lineOfPointer('a: 1\nb:\n  x~/y: 2\n  x/y: 3\n', pointerOf('b', 'x~/y'))).toBe(3);
    expect(lineOfPointer('a: 1\nb:\n  x~/y: 2\n  x/y: 3\n', '/b/x~0~1y')).toBe(3);
  });

  it('reads JSON too', () => {
    expect(lineOfPointer('{\n  "openapi": "3.1.0",\n  "paths": {\n    "/a": {}\n  }\n}', '/paths/~1a')).toBe(4);
  });
});
