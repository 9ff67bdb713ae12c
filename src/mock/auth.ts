import type { OperationInfo, SecuritySchemeInfo, Spec } from '../openapi/load.js';

/** Scopes each token holds, per vendor, from `--tokens FILE`: `{ "bigcommerce": { "<token>": ["scope", ...] } }`. */
export type TokenTable = Record<string, Record<string, string[]>>;

export type AuthOutcome =
  | { ok: true; token: string }
  | { ok: false; status: 401 | 403; detail: string };

/** Tokens that start with this prefix, in any case, hold only the scheme's read-only scopes. */
export const READ_ONLY_TOKEN_PREFIX = 'readonly';

/** A credential header sent more than once, or a list in one: which one counts is ambiguous, so none does. */
class AmbiguousCredential {
  constructor(readonly header: string) {}
}

/**
 * Checks the operation's security requirements with the spec's own schemes: where the
 * credential travels, which scopes exist, which a read-only token holds. Nothing here knows a vendor.
 */
export function authorize(spec: Spec, operation: OperationInfo, headerValues: Record<string, string[]>, tokens?: Record<string, string[]>): AuthOutcome {
  if (operation.security.length === 0) return { ok: true, token: '' };
  for (const alternative of operation.security) {
    for (const requirement of alternative) {
      const scheme = spec.securitySchemes[requirement.scheme];
      const credential = scheme ? credentialOf(scheme, headerValues) : undefined;
      if (credential instanceof AmbiguousCredential) {
        return { ok: false, status: 401, detail: `Send one credential in one ${credential.header} header, not several` };
      }
    }
  }
  let presented: { token: string; scheme: SecuritySchemeInfo } | undefined;
  const missingScopes: string[] = [];
  for (const alternative of operation.security) {
    let satisfied = true;
    for (const requirement of alternative) {
      const scheme = spec.securitySchemes[requirement.scheme];
      const token = scheme ? credentialOf(scheme, headerValues) : undefined;
      if (!scheme || typeof token !== 'string') {
        satisfied = false;
        continue;
      }
      presented ??= { token, scheme };
      const held = scopesOf(scheme, token, tokens);
      if (!held) {
        satisfied = false;
        continue;
      }
      const lacking = requirement.scopes.filter((s) => !held.includes(s));
      if (lacking.length > 0) {
        satisfied = false;
        missingScopes.push(...lacking);
      }
    }
    if (satisfied && presented) return { ok: true, token: presented.token };
  }
  if (!presented) {
    const names = [...new Set(operation.security.flat().map((r) => describeScheme(spec.securitySchemes[r.scheme])))];
    return { ok: false, status: 401, detail: `Missing credentials: send ${names.join(' or ')}` };
  }
  if (tokens && !tokens[presented.token]) {
    return { ok: false, status: 401, detail: 'The access token is not valid' };
  }
  const needed = [...new Set(missingScopes)];
  return { ok: false, status: 403, detail: `The access token lacks the scope this operation requires: ${needed.join(' or ')}` };
}

function credentialOf(scheme: SecuritySchemeInfo, headerValues: Record<string, string[]>): string | AmbiguousCredential | undefined {
  const name = scheme.parameterName.toLowerCase();
  const values = (headerValues[name] ?? []).map((v) => v.trim()).filter(Boolean);
  if (values.length > 1 || values.some((v) => v.includes(','))) return new AmbiguousCredential(scheme.parameterName);
  const raw = values[0];
  if (!raw) return undefined;
  if (scheme.type !== 'http') return raw;
  const [kind, ...rest] = raw.split(/\s+/);
  const value = rest.join(' ');
  return kind?.toLowerCase() === scheme.httpScheme && value ? value : undefined;
}

function scopesOf(scheme: SecuritySchemeInfo, token: string, tokens?: Record<string, string[]>): string[] | undefined {
  if (tokens) return tokens[token];
  return token.toLowerCase().startsWith(READ_ONLY_TOKEN_PREFIX) ? scheme.readOnlyScopes : scheme.scopes;
}

function describeScheme(scheme: SecuritySchemeInfo | undefined): string {
  if (!scheme) return 'credentials';
  return scheme.type === 'http' ? `Authorization: ${capitalize(scheme.httpScheme ?? 'bearer')} <token>` : `${scheme.parameterName} header`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
