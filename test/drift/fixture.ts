import { parseSpecText, type OpenApiDocument } from '../../src/openapi/load.js';
import { compareSpecs } from '../../src/drift/compare.js';
import type { Finding } from '../../src/drift/finding.js';

/**
 * The parts of a small spec that the drift cases vary, each written as inline YAML (flow style
 * where it fits on a line). Every case starts from these defaults and changes one thing.
 */
export interface FixtureParts {
  serverUrl: string;
  operationId: string;
  parameters: string;
  bodyRequired: boolean;
  requestMediaType: string;
  requestSchema: string;
  responseMediaType: string;
  responseSchema: string;
  /** Extra entries under the operation's `responses`, one per line. */
  extraResponses: string;
  /** The operation's own `security`. */
  security: string;
  securitySchemes: string;
  schemas: string;
  /** Whether GET /coupons (listCoupons) exists. */
  withList: boolean;
  /** Extra path items, YAML lines indented by two spaces (under `paths:`). */
  extraPaths: string;
}

const defaults: FixtureParts = {
  serverUrl: 'https://api.example.com/stores/{store_hash}/v3',
  operationId: 'createCoupon',
  parameters: '[{name: id, in: path, required: true, schema: {type: integer}}]',
  bodyRequired: true,
  requestMediaType: 'application/json',
  requestSchema: '{type: object, properties: {code: {type: string}}}',
  responseMediaType: 'application/json',
  responseSchema: '{type: object, required: [id], properties: {id: {type: integer}, code: {type: string}}}',
  extraResponses: '',
  security: '[{token: [coupons_write]}]',
  securitySchemes: '{token: {type: apiKey, in: header, name: X-Auth-Token}}',
  schemas: '{}',
  withList: true,
  extraPaths: '',
};

export function fixtureText(overrides: Partial<FixtureParts> = {}): string {
  const p = { ...defaults, ...overrides };
  const extraResponses = p.extraResponses
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `        ${line.trim()}`)
    .join('\n');
  return `openapi: 3.1.0
info: {title: drift fixture, version: '1'}
servers: [{url: '${p.serverUrl}', variables: {store_hash: {default: abc}}}]
paths:
  /coupons/{id}:
    post:
      operationId: ${p.operationId}
      security: ${p.security}
      parameters: ${p.parameters}
      requestBody: {required: ${p.bodyRequired}, content: {'${p.requestMediaType}': {schema: ${p.requestSchema}}}}
      responses:
        '200': {description: ok, content: {'${p.responseMediaType}': {schema: ${p.responseSchema}}}}
        '422': {description: invalid}
${extraResponses}
${p.withList ? `  /coupons:
    get:
      operationId: listCoupons
      security: [{token: [coupons_read]}]
      responses:
        '200': {description: ok}
        '401': {description: no token}` : ''}
${p.extraPaths}
components:
  securitySchemes: ${p.securitySchemes}
  schemas: ${p.schemas}
`;
}

export function fixture(overrides: Partial<FixtureParts> = {}): OpenApiDocument {
  return parseSpecText(fixtureText(overrides), 'fixture');
}

export const FILE = 'spec/fixture.yaml';
export const OPERATION = '/paths/~1coupons~1{id}/post';
export const REQUEST_SCHEMA = `${OPERATION}/requestBody/content/application~1json/schema`;
export const RESPONSE_SCHEMA = `${OPERATION}/responses/200/content/application~1json/schema`;

export function diff(before: Partial<FixtureParts>, after: Partial<FixtureParts>): Finding[] {
  return compareSpecs(FILE, fixture(before), fixture(after));
}

export const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');
export const infos = (findings: Finding[]) => findings.filter((f) => f.severity === 'info');

/** `rule pointer` for each finding: what the assertions compare. */
export const described = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.pointer}`);
