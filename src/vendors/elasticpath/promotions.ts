import { FixtureError, type SeededOwner, type VendorApp } from '../../mock/types.js';
import { isObject, type Spec } from '../../openapi/load.js';
import { specValidatorOf } from '../../openapi/validator.js';
import { rulesOf } from './facts.js';

/** Document kind of a rule promotion in the Store. */
export const PROMOTION_KIND = 'elasticpath:promotion';
/** Code scopes are `elasticpath:<promotion id>`; sequence numbers are shared by the vendor. */
export const CODE_SCOPE_PREFIX = 'elasticpath:';

export interface PromotionDoc {
  id: string;
  name: string;
  /** How many codes the promotion may hold; a generate job that would pass it fails. */
  max_codes: number;
  /** An automatic promotion applies without a code and takes none (createPromotionCodes is a 422). */
  automatic?: boolean;
}

/**
 * Served when the fixtures have no `elasticpath` section. Fixed ids so that every run (and the
 * walk-through) can use them: the first is the promotion of the spec's examples.
 */
const DEFAULT_PROMOTIONS: ReadonlyArray<{ id: string; name: string }> = [
  { id: '8c150382-b258-4c88-a2d4-b9ea0be74a07', name: 'Mock rule promotion A' },
  { id: '5e0b7c1d-3a2f-4e6b-9c8d-7f1a2b3c4d5e', name: 'Mock rule promotion B' },
];

const ENTRY_KEYS = ['id', 'name', 'max_codes', 'automatic'];

export function scopeOf(promotionId: string): string {
  return `${CODE_SCOPE_PREFIX}${promotionId}`;
}

export function ownerOf(promotion: PromotionDoc): SeededOwner {
  return { id: promotion.id, kind: 'rule promotion', name: promotion.name };
}

export function getPromotion(app: VendorApp, id: string): Promise<PromotionDoc | undefined> {
  return app.store.getDoc<PromotionDoc>(PROMOTION_KIND, id);
}

export function listPromotions(app: VendorApp): Promise<PromotionDoc[]> {
  return app.store.listDocs<PromotionDoc>(PROMOTION_KIND);
}

/**
 * Seeds the promotions of the `elasticpath` fixtures section (`{promotions: [{id, name?,
 * max_codes?, automatic?}]}`) or the defaults. Existing codes and jobs in the store are kept (a restarted
 * mock on a persistent store carries on).
 */
export async function seedPromotions(app: VendorApp, fixtures: unknown): Promise<SeededOwner[]> {
  const maxCodes = rulesOf(app.spec).jobs.maxCodesPerPromotion;
  const promotions =
    fixtures === undefined
      ? DEFAULT_PROMOTIONS.map((p) => ({ ...p, max_codes: maxCodes }))
      : parseFixtures(app.spec, fixtures);
  for (const promotion of promotions) await app.store.putDoc(PROMOTION_KIND, promotion.id, promotion);
  return promotions.map(ownerOf);
}

/** Adds one promotion (admin API); an id already in use is a FixtureError, checked atomically. */
export async function addPromotion(app: VendorApp, input: unknown): Promise<SeededOwner> {
  const promotion = parseEntry(app.spec, input, 'promotion');
  const created = await app.store.replaceDoc<PromotionDoc>(PROMOTION_KIND, promotion.id, undefined, promotion);
  if (!created) throw new FixtureError(`elasticpath: promotion ${promotion.id} already exists`);
  return ownerOf(promotion);
}

function parseFixtures(spec: Spec, fixtures: unknown): PromotionDoc[] {
  const shape = '{"promotions": [{"id": "<uuid>", "name"?: "...", "max_codes"?: N, "automatic"?: true}]}';
  if (!isObject(fixtures) || !Array.isArray(fixtures.promotions)) {
    throw new FixtureError(`elasticpath: the fixtures section must be an object ${shape}`);
  }
  const unknown = Object.keys(fixtures).filter((key) => key !== 'promotions');
  if (unknown.length > 0) {
    throw new FixtureError(`elasticpath: unknown fixtures key(s) ${unknown.join(', ')}; only "promotions" is read`);
  }
  const seen = new Set<string>();
  return fixtures.promotions.map((entry: unknown, index: number) => {
    const promotion = parseEntry(spec, entry, `promotions[${index}]`);
    if (seen.has(promotion.id)) throw new FixtureError(`elasticpath: promotions[${index}]: id ${promotion.id} appears twice`);
    seen.add(promotion.id);
    return promotion;
  });
}

function uuidProblems(spec: Spec, id: string): string[] {
  return specValidatorOf(spec).validate('/components/schemas/Uuid', id).map((v) => v.message);
}

function parseEntry(spec: Spec, entry: unknown, where: string): PromotionDoc {
  const shape = '{"id": "<uuid>", "name"?: "...", "max_codes"?: N, "automatic"?: true}';
  if (!isObject(entry)) throw new FixtureError(`elasticpath: ${where} must be an object ${shape}`);
  const unknown = Object.keys(entry).filter((key) => !ENTRY_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new FixtureError(`elasticpath: ${where}: unknown key(s) ${unknown.join(', ')}; allowed: ${ENTRY_KEYS.join(', ')}`);
  }
  const { id, name, max_codes: maxCodes, automatic } = entry;
  if (typeof id !== 'string') throw new FixtureError(`elasticpath: ${where}: "id" is required and must be a lower-case UUID string`);
  const broken = uuidProblems(spec, id);
  if (broken.length > 0) throw new FixtureError(`elasticpath: ${where}: id ${JSON.stringify(id)} is not a lower-case UUID (${broken.join('; ')})`);
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw new FixtureError(`elasticpath: ${where}: "name" must be a non-empty string`);
  }
  if (maxCodes !== undefined && (typeof maxCodes !== 'number' || !Number.isSafeInteger(maxCodes) || maxCodes < 0)) {
    throw new FixtureError(`elasticpath: ${where}: "max_codes" must be an integer >= 0 (the number of codes the promotion may hold)`);
  }
  if (automatic !== undefined && typeof automatic !== 'boolean') throw new FixtureError(`elasticpath: ${where}: "automatic" must be true or false`);
  return {
    id,
    name: typeof name === 'string' ? name : `Rule promotion ${id.slice(0, 8)}`,
    max_codes: typeof maxCodes === 'number' ? maxCodes : rulesOf(spec).jobs.maxCodesPerPromotion,
    ...(automatic ? { automatic } : {}),
  };
}
