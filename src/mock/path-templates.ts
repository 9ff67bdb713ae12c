/** A path template of the spec (`/price_rules/{price_rule_id}/discount_codes/batch`), compiled. */
export interface CompiledTemplate<T> {
  template: string;
  pattern: RegExp;
  /** The template's variables, in the order the pattern captures them. */
  names: string[];
  /** Segments without a variable: the more, the more specific. */
  literalSegments: number;
  value: T;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** `{name}` becomes one path segment; `names` receives the variable names in order. */
export function templateSource(template: string, names: string[] = []): string {
  return template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const variable = /^\{([^}]+)\}$/.exec(part);
      if (!variable) return escapeRegExp(part);
      names.push(variable[1] as string);
      return '([^/]+)';
    })
    .join('');
}

export function compileTemplate<T>(template: string, value: T): CompiledTemplate<T> {
  const names: string[] = [];
  return {
    template,
    pattern: new RegExp(`^${templateSource(template, names)}/?$`),
    names,
    literalSegments: template.split('/').filter((s) => s && !s.includes('{')).length,
    value,
  };
}

/**
 * The templates that match `path`, keeping only the most specific: OpenAPI matches concrete
 * paths before templated ones, so `/discount_codes/batch` is never `/discount_codes/{id}`.
 */
export function mostSpecific<T>(templates: ReadonlyArray<CompiledTemplate<T>>, path: string): Array<CompiledTemplate<T>> {
  const matching = templates.filter((t) => t.pattern.test(path));
  const best = Math.max(...matching.map((t) => t.literalSegments));
  return matching.filter((t) => t.literalSegments === best);
}

/** A path segment's value decoded, or as sent when it does not decode (`%E0%A4%A`; the checkPath stage answers that path 400). */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The values `path` gives the template's variables, decoded; none when it does not match. */
export function variablesIn<T>(compiled: CompiledTemplate<T>, path: string): Record<string, string> {
  const match = compiled.pattern.exec(path);
  const variables: Record<string, string> = {};
  compiled.names.forEach((name, i) => {
    const value = match?.[i + 1];
    if (value !== undefined) variables[name] = safeDecode(value);
  });
  return variables;
}
