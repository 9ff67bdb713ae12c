import { pointerOf } from '../../openapi/load.js';
import type { IndexedSpec } from '../index-spec.js';
import { defineRule } from '../rule.js';

export interface DocumentPair {
  old: IndexedSpec;
  new: IndexedSpec;
}

export const apiRemoved = defineRule({
  id: 'api-removed',
  additiveId: 'api-added',
  summary: 'an operation (method and path) removed',
  check: ({ old, new: current }: DocumentPair, report) => {
    for (const [key, operation] of old.operations) {
      if (current.operations.has(key)) continue;
      const pathItem = `/paths${pointerOf(operation.path)}`;
      const location = current.document.paths[operation.path] === undefined ? '/paths' : pathItem;
      const id = operation.operationId ? ` (${operation.operationId})` : '';
      report.breaking({ pointer: operation.pointer, location, message: `operation ${operation.label}${id} removed` });
    }
    for (const [key, operation] of current.operations) {
      if (!old.operations.has(key)) report.additive({ pointer: operation.pointer, location: operation.location, message: `operation ${operation.label} added` });
    }
  },
});

// The fields that decide what a client must send; descriptions and scope lists do not.
const credentialFields = ['type', 'in', 'name', 'scheme', 'openIdConnectUrl'] as const;

export const securitySchemeChanged = defineRule({
  id: 'security-scheme-changed',
  additiveId: 'security-scheme-added',
  summary: 'a security scheme removed, or how its credential is sent changed',
  check: ({ old, new: current }: DocumentPair, report) => {
    for (const [name, before] of old.securitySchemes) {
      const after = current.securitySchemes.get(name);
      if (!after) {
        report.breaking({ pointer: before.pointer, location: '/components', message: `security scheme ${name} removed` });
        continue;
      }
      for (const field of credentialFields) {
        const was = normalise(field, before.value[field]);
        const is = normalise(field, after.value[field]);
        if (was !== is) report.breaking({ pointer: `${after.pointer}/${field}`, location: after.location, message: `security scheme ${name} ${field} changed from ${was ?? '(none)'} to ${is ?? '(none)'}` });
      }
    }
    for (const [name, after] of current.securitySchemes) {
      if (!old.securitySchemes.has(name)) report.additive({ pointer: after.pointer, location: after.location, message: `security scheme ${name} added` });
    }
  },
});

// HTTP auth scheme names and header names are case-insensitive.
function normalise(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  return field === 'scheme' || field === 'name' ? text.toLowerCase() : text;
}

export const serverBasePathChanged = defineRule({
  id: 'server-base-path-changed',
  summary: 'the base path of servers[0] changed, which moves every operation',
  check: ({ old, new: current }: DocumentPair, report) => {
    if (old.basePath.value !== current.basePath.value) {
      report.breaking({ pointer: current.basePath.pointer, location: current.basePath.location, message: `base path changed from ${old.basePath.value || '/'} to ${current.basePath.value || '/'}` });
    }
  },
});

export const documentRules = [apiRemoved, securitySchemeChanged, serverBasePathChanged] as const;
