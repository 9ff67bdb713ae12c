import { existsSync } from 'node:fs';
import { VENDORS, deref, isObject, loadSpec, pointerOf, specPath, type JsonObject, type Spec, type VendorName } from '../../src/openapi/load.js';

/** A vendor whose spec file is on disk: either loaded, or the one-line reason it could not be. */
export type PresentSpec = { vendor: VendorName; spec: Spec } | { vendor: VendorName; error: string };

/**
 * The specs are written in parallel with these tests, so a missing file is skipped rather than
 * failed; a file that exists but does not load is reported by the caller as a failing test.
 */
export function presentSpecs(): PresentSpec[] {
  return VENDORS.filter((vendor) => existsSync(specPath(vendor))).map((vendor) => {
    try {
      return { vendor, spec: loadSpec(vendor) };
    } catch (error) {
      return { vendor, error: error instanceof Error ? error.message : String(error) };
    }
  });
}

export interface SpecExample {
  /** Pointer to the example value in the document (`.../examples/minimal/value` or `.../example`). */
  pointer: string;
  /** Pointer to the schema the example must satisfy (the `schema` beside it). */
  schemaPointer: string;
  value: unknown;
}

/**
 * Every example that sits beside a `schema`: media types (request bodies, responses), parameters
 * and headers, wherever they are (paths or components). Schemas themselves are not entered: an
 * `example` inside a schema has no sibling `schema` and a property may be named `examples`.
 */
export function collectExamples(document: JsonObject): SpecExample[] {
  const found: SpecExample[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, `${pointer}${pointerOf(index)}`));
      return;
    }
    if (!isObject(node)) return;
    if ('schema' in node && isObject(node.schema)) {
      const schemaPointer = `${pointer}/schema`;
      if ('example' in node) found.push({ pointer: `${pointer}/example`, schemaPointer, value: node.example });
      if (isObject(node.examples)) {
        for (const [name, raw] of Object.entries(node.examples)) {
          const example = deref<JsonObject>(document, raw);
          // An externalValue example has nothing inline to check.
          if (isObject(example) && 'value' in example) {
            found.push({ pointer: `${pointer}${pointerOf('examples', name, 'value')}`, schemaPointer, value: example.value });
          }
        }
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'schema' || key === 'schemas' || key === 'examples' || key === 'example') continue;
      visit(child, `${pointer}${pointerOf(key)}`);
    }
  };
  visit(document, '');
  return found;
}

/** Every string `pattern` keyword in the document's schemas, with its pointer. */
export function collectPatterns(document: JsonObject): Array<{ pointer: string; pattern: string }> {
  const found: Array<{ pointer: string; pattern: string }> = [];
  const visit = (node: unknown, pointer: string, parentKey: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, `${pointer}${pointerOf(index)}`, undefined));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      // Under `properties` (or example values) a key named `pattern` is a field name, not a keyword.
      const isKeyword = key === 'pattern' && typeof child === 'string' && parentKey !== 'properties';
      if (isKeyword) found.push({ pointer: `${pointer}/pattern`, pattern: child });
      else if (key !== 'example' && key !== 'examples' && key !== 'value') visit(child, `${pointer}${pointerOf(key)}`, key);
    }
  };
  visit(document, '', undefined);
  return found;
}

/** `^...$`, where the final `$` is not an escaped literal dollar. */
export function isAnchoredPattern(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || /(^|[^\\])(\\\\)*\\\$$/.test(pattern)) return false;
  // `^a|b$` anchors each alternative on one side only: a top-level `|` must sit inside a group.
  return !hasTopLevelAlternation(pattern.slice(1, -1));
}

function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
