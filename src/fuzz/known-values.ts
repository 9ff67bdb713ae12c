import { isObject } from '../openapi/load.js';

const KEEP_PER_NAME = 64;

/**
 * Values the fuzz has seen the server hand out (ids, codes), by property name, so that later
 * requests can name resources that exist instead of only ones that do not. Owners are the
 * resources a server starts with (promotions, price rules): the first path parameter draws on them.
 */
export class KnownValues {
  private readonly byName = new Map<string, string[]>();
  readonly owners: string[] = [];

  add(name: string, value: string): void {
    const key = normalize(name);
    const list = this.byName.get(key) ?? [];
    if (list.includes(value)) return;
    list.push(value);
    if (list.length > KEEP_PER_NAME) list.shift();
    this.byName.set(key, list);
  }

  /** Values seen under `name` (`promotion_id`, `promotionID` and `promotionId` are one name). */
  get(name: string): readonly string[] {
    return this.byName.get(normalize(name)) ?? [];
  }

  /** Every scalar of a response body under its property name. */
  learn(body: unknown): void {
    const walk = (node: unknown, name: string | undefined, depth: number) => {
      if (depth > 6) return;
      if (Array.isArray(node)) for (const item of node.slice(0, 20)) walk(item, name, depth + 1);
      else if (isObject(node)) for (const [key, value] of Object.entries(node)) walk(value, key, depth + 1);
      else if (name && (typeof node === 'string' || typeof node === 'number') && String(node).length <= 100) this.add(name, String(node));
    };
    walk(body, undefined, 0);
  }
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
