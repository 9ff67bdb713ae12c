import { HTTP_METHODS, type Spec } from '../openapi/load.js';
import { compileTemplate, mostSpecific, safeDecode, templateSource } from './path-templates.js';

/** Where a vendor lives on the mock's single port, derived from its spec's server URL and paths. */
export interface Mount {
  /** Matches every request path that belongs to this vendor. */
  claim: RegExp;
  /** Splits a request path into server variables and the path relative to the base. */
  match(path: string): { variables: Record<string, string>; rest: string } | undefined;
  /** The base path with variables filled in. */
  fill(variables: Record<string, string>): string;
  /** Methods the spec defines for the relative path (for 405's Allow header). */
  allowedMethods(relativePath: string): string[];
}

/** The leading path segments all operations share, e.g. `/v2/rule-promotions` or `/`. */
function sharedStaticPrefix(paths: string[]): string {
  const split = paths.map((p) => p.split('/').slice(1));
  const shared: string[] = [];
  for (let i = 0; ; i++) {
    const segment = split[0]?.[i];
    if (segment === undefined || segment.includes('{') || !split.every((s) => s[i] === segment)) break;
    shared.push(segment);
  }
  return `/${shared.join('/')}`;
}

/**
 * The static prefixes a vendor claims below its base path: the prefix all its paths share; or, for
 * a vendor at the root whose paths share none, one per group of paths with the same first segment,
 * so that it claims its roots (`/v2/rule-promotions/...` and `/oauth/access_token`) and not every
 * path of the mock.
 */
function claimedPrefixes(paths: string[], basePath: string): string[] {
  const shared = sharedStaticPrefix(paths);
  if (shared !== '/' || basePath !== '') return [shared];
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const first = path.split('/')[1] ?? '';
    groups.set(first, [...(groups.get(first) ?? []), path]);
  }
  return [...groups.values()].map(sharedStaticPrefix);
}

export function mountOf(spec: Spec): Mount {
  const names: string[] = [];
  const base = templateSource(spec.basePath, names);
  const templates = [...new Set(spec.operations.map((o) => o.path))];
  const prefixes = claimedPrefixes(templates, spec.basePath);
  const claimTails = prefixes.includes('/') ? ['/'] : prefixes.map((prefix) => `${templateSource(prefix)}(?=/|$)`);
  const claim = new RegExp(`^${base}(?:${claimTails.join('|')})`);
  const matcher = new RegExp(`^${base}(/.*)?$`);
  const operationsByTemplate = templates.map((template) =>
    compileTemplate(
      template,
      HTTP_METHODS.filter((m) => spec.operations.some((o) => o.path === template && o.method === m)).map((m) => m.toUpperCase()),
    ),
  );
  return {
    claim,
    match(path) {
      const found = matcher.exec(path);
      if (!found) return undefined;
      const variables: Record<string, string> = {};
      names.forEach((name, i) => {
        variables[name] = safeDecode(found[i + 1] as string);
      });
      return { variables, rest: found[names.length + 1] ?? '/' };
    },
    fill(variables) {
      return spec.basePath.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(variables[name] ?? name));
    },
    allowedMethods(relativePath) {
      const methods = mostSpecific(operationsByTemplate, relativePath).flatMap((o) => o.value);
      return [...new Set(methods)];
    },
  };
}
