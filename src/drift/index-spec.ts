import { HTTP_METHODS, isObject, serverPath, type HttpMethod, type JsonObject, type OpenApiDocument } from '../openapi/load.js';
import { child, entriesOf, follow, type Located } from './resolve.js';

export interface IndexedParameter {
  /** `query:limit`; header names compare case-insensitively. */
  key: string;
  name: string;
  in: string;
  required: boolean;
  pointer: string;
  location: string;
  schema?: Located<unknown>;
}

export interface IndexedContent {
  pointer: string;
  location: string;
  /** media type -> its schema (value undefined when the media type has none) */
  mediaTypes: Map<string, Located<unknown>>;
}

export interface IndexedResponse extends IndexedContent {
  status: string;
}

/** One scheme with its scopes; an alternative is satisfied when all its requirements are. */
export interface SecurityRequirement {
  scheme: string;
  scopes: string[];
}

export interface IndexedOperation {
  /** `POST /promotions/{}/codes`: path parameters are unnamed so that renaming one is not a new API. */
  key: string;
  label: string;
  method: HttpMethod;
  path: string;
  pointer: string;
  location: string;
  operationId?: string;
  parameters: Map<string, IndexedParameter>;
  requestBody?: IndexedContent & { required: boolean };
  responses: Map<string, IndexedResponse>;
  responsesLocation: string;
  security: { alternatives: SecurityRequirement[][]; pointer: string; location: string };
}

export interface IndexedSpec {
  document: OpenApiDocument;
  operations: Map<string, IndexedOperation>;
  securitySchemes: Map<string, Located<JsonObject>>;
  basePath: Located<string>;
}

export function indexSpec(document: OpenApiDocument): IndexedSpec {
  const root = { value: document, pointer: '', location: '' };
  const operations = new Map<string, IndexedOperation>();
  for (const [path, rawItem] of entriesOf(document.paths)) {
    const item = follow(document, child(root, rawItem, 'paths', path));
    if (!item.value) continue;
    for (const method of HTTP_METHODS) {
      const node = item.value[method];
      if (!isObject(node)) continue;
      const operation = indexOperation(document, item as Located<JsonObject>, method, path);
      operations.set(operation.key, operation);
    }
  }
  const securitySchemes = new Map<string, Located<JsonObject>>();
  const schemes = child(root, isObject(document.components) ? document.components.securitySchemes : undefined, 'components', 'securitySchemes');
  for (const [name, raw] of entriesOf(schemes.value)) {
    const scheme = follow(document, child(schemes, raw, name));
    if (scheme.value) securitySchemes.set(name, scheme as Located<JsonObject>);
  }
  const url = document.servers?.[0]?.url;
  return {
    document,
    operations,
    securitySchemes,
    basePath: { value: url === undefined ? '' : serverPath(url), pointer: '/servers/0/url', location: '/servers/0/url' },
  };
}

function indexOperation(document: OpenApiDocument, item: Located<JsonObject>, method: HttpMethod, path: string): IndexedOperation {
  const operation = child(item, item.value[method] as JsonObject, method);
  const node = operation.value;

  const parameters = new Map<string, IndexedParameter>();
  // Operation-level parameters override path-level ones with the same name and location.
  for (const list of [child(item, item.value.parameters, 'parameters'), child(operation, node.parameters, 'parameters')]) {
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((raw, index) => {
      const parameter = follow(document, child(list, raw, index));
      if (!parameter.value) return;
      const p = parameter.value;
      const name = String(p.name);
      const key = `${String(p.in)}:${p.in === 'header' ? name.toLowerCase() : name}`;
      parameters.set(key, {
        key,
        name,
        in: String(p.in),
        required: p.required === true,
        pointer: parameter.pointer,
        location: parameter.location,
        ...(p.schema === undefined ? {} : { schema: child(parameter, p.schema, 'schema') }),
      });
    });
  }

  let requestBody: IndexedOperation['requestBody'];
  if (node.requestBody !== undefined) {
    const body = follow(document, child(operation, node.requestBody, 'requestBody'));
    if (body.value) requestBody = { ...indexContent(document, body as Located<JsonObject>), required: body.value.required === true };
  }

  const responses = new Map<string, IndexedResponse>();
  const responsesNode = child(operation, node.responses, 'responses');
  for (const [status, raw] of entriesOf(responsesNode.value)) {
    const response = follow(document, child(responsesNode, raw, status));
    if (response.value) responses.set(status, { status, ...indexContent(document, response as Located<JsonObject>) });
  }

  const ownSecurity = Array.isArray(node.security);
  const rawSecurity = ownSecurity ? node.security : document.security;
  const securityPointer = ownSecurity ? `${operation.pointer}/security` : Array.isArray(document.security) ? '/security' : operation.pointer;
  const securityLocation = ownSecurity ? `${operation.location}/security` : Array.isArray(document.security) ? '/security' : operation.location;

  return {
    key: `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`,
    label: `${method.toUpperCase()} ${path}`,
    method,
    path,
    pointer: operation.pointer,
    location: operation.location,
    ...(typeof node.operationId === 'string' ? { operationId: node.operationId } : {}),
    parameters,
    requestBody,
    responses,
    responsesLocation: responsesNode.location,
    security: { alternatives: securityAlternatives(rawSecurity), pointer: securityPointer, location: securityLocation },
  };
}

function indexContent(document: OpenApiDocument, container: Located<JsonObject>): IndexedContent {
  const content = child(container, container.value.content, 'content');
  const mediaTypes = new Map<string, Located<unknown>>();
  for (const [type, raw] of entriesOf(content.value)) {
    const media = follow(document, child(content, raw, type));
    mediaTypes.set(type, child(media, media.value?.schema, 'schema'));
  }
  return { pointer: container.pointer, location: container.location, mediaTypes };
}

function securityAlternatives(raw: unknown): SecurityRequirement[][] {
  if (!Array.isArray(raw)) return [];
  return raw.map((alternative) => entriesOf(alternative).map(([scheme, scopes]) => ({ scheme, scopes: Array.isArray(scopes) ? scopes.map(String) : [] })));
}
