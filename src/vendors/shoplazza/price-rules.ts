import { FixtureError, type SeededOwner, type VendorApp } from '../../mock/types.js';
import { isObject, perSpec, SpecError, type Spec } from '../../openapi/load.js';
import { specValidatorOf } from '../../openapi/validator.js';

/** Document kind of a price rule in the Store. */
export const PRICE_RULE_KIND = 'shoplazza:price_rule';
/** Scopes of discount codes start with this; the rest is the price rule id. */
export const CODE_SCOPE_PREFIX = 'shoplazza:';

export interface PriceRuleDoc {
  id: string;
  title: string;
}

/** Served when the fixtures have no `shoplazza` section. Ids in the spec's 2025-06 form. */
export const DEFAULT_PRICE_RULES: readonly PriceRuleDoc[] = [
  { id: 'pr_1001', title: 'Mock price rule 1001' },
  { id: 'pr_1002', title: 'Mock price rule 1002' },
];

const ENTRY_KEYS = ['id', 'title'];

export function scopeOf(priceRuleId: string): string {
  return `${CODE_SCOPE_PREFIX}${priceRuleId}`;
}

export function priceRuleIdOfScope(scope: string): string {
  return scope.slice(CODE_SCOPE_PREFIX.length);
}

export function ownerOf(rule: PriceRuleDoc): SeededOwner {
  return { id: rule.id, kind: 'price rule', name: rule.title };
}

export function getPriceRule(app: VendorApp, id: string): Promise<PriceRuleDoc | undefined> {
  return app.store.getDoc<PriceRuleDoc>(PRICE_RULE_KIND, id);
}

/** Seeds the price rules of `fixtures` (the `shoplazza` section: `{price_rules: [{id, title?}]}`) or the defaults. */
export async function seedPriceRules(app: VendorApp, fixtures: unknown): Promise<SeededOwner[]> {
  const rules = fixtures === undefined ? DEFAULT_PRICE_RULES : parseFixtures(app.spec, fixtures);
  for (const rule of rules) await app.store.putDoc(PRICE_RULE_KIND, rule.id, rule);
  return rules.map(ownerOf);
}

/** Adds one price rule (admin API); an id already in use is a FixtureError, checked atomically. */
export async function addPriceRule(app: VendorApp, input: unknown): Promise<SeededOwner> {
  const rule = parseEntry(app.spec, input, 'price rule');
  const created = await app.store.replaceDoc<PriceRuleDoc>(PRICE_RULE_KIND, rule.id, undefined, rule);
  if (!created) throw new FixtureError(`shoplazza: price rule ${rule.id} already exists`);
  return ownerOf(rule);
}

function parseFixtures(spec: Spec, fixtures: unknown): PriceRuleDoc[] {
  if (!isObject(fixtures) || !Array.isArray(fixtures.price_rules)) {
    throw new FixtureError('shoplazza: the fixtures section must be an object {"price_rules": [{"id": "pr_...", "title": "..."}]}');
  }
  const unknown = Object.keys(fixtures).filter((key) => key !== 'price_rules');
  if (unknown.length > 0) {
    throw new FixtureError(`shoplazza: unknown fixtures key(s) ${unknown.join(', ')}; only "price_rules" is read`);
  }
  const seen = new Set<string>();
  return fixtures.price_rules.map((entry: unknown, index: number) => {
    const rule = parseEntry(spec, entry, `price_rules[${index}]`);
    if (seen.has(rule.id)) throw new FixtureError(`shoplazza: price_rules[${index}]: id ${rule.id} appears twice`);
    seen.add(rule.id);
    return rule;
  });
}

function parseEntry(spec: Spec, entry: unknown, where: string): PriceRuleDoc {
  if (!isObject(entry)) throw new FixtureError(`shoplazza: ${where} must be an object {"id": "pr_...", "title"?: "..."}`);
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new FixtureError(`shoplazza: ${where}: unknown key(s) ${unknown.join(', ')}; allowed: ${ENTRY_KEYS.join(', ')}`);
  }
  const { id, title } = entry;
  if (typeof id !== 'string') throw new FixtureError(`shoplazza: ${where}: "id" is required and must be a string such as "pr_1001"`);
  const broken = idValidator(spec).validate(id);
  if (broken.length > 0) {
    throw new FixtureError(`shoplazza: ${where}: id ${JSON.stringify(id)} is not a price rule id of the spec (${broken.join('; ')})`);
  }
  if (title !== undefined && typeof title !== 'string') throw new FixtureError(`shoplazza: ${where}: "title" must be a string`);
  return { id, title: title ?? `Price rule ${id}` };
}

/** Price rule ids are checked with the spec's own schema of the `price_rule_id` path parameter. */
const idValidator = perSpec((spec): { validate(id: string): string[] } => {
  const parameter = spec.operations.flatMap((o) => o.parameters).find((p) => p.in === 'path' && p.name === 'price_rule_id');
  if (!parameter) throw new SpecError(`${spec.path}: no price_rule_id path parameter`);
  const validator = specValidatorOf(spec);
  const pointer = parameter.schemaPointer;
  return { validate: (id) => validator.validate(pointer, id).map((v) => v.message.replace(/^body /, '')) };
});
