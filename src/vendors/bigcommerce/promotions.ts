import { FixtureError, type SeededOwner, type VendorApp } from '../../mock/types.js';
import type { Store } from '../../store/types.js';

/** Store document kind of a promotion. */
export const PROMOTION_KIND = 'bigcommerce:promotion';

export const REDEMPTION_TYPES = ['COUPON', 'AUTOMATIC'] as const;
export const COUPON_TYPES = ['BULK', 'SINGLE'] as const;
export type RedemptionType = (typeof REDEMPTION_TYPES)[number];
export type CouponType = (typeof COUPON_TYPES)[number];

/** What the mock knows of a promotion: enough to decide which code operations it allows. */
export interface Promotion {
  /** Decimal digits without leading zeros. */
  id: string;
  name: string;
  redemption_type: RedemptionType;
  /** Only coupon promotions have one. */
  coupon_type?: CouponType;
}

/** The store scope of a promotion's codes. */
export function scopeOf(promotionId: string): string {
  return `bigcommerce:${promotionId}`;
}

/** `007` and `7` name the same promotion (path ids are strings of digits). */
export function normalizeId(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
}

export async function loadPromotion(store: Store, rawId: string | undefined): Promise<Promotion | undefined> {
  if (rawId === undefined || !/^\d+$/.test(rawId)) return undefined;
  return store.getDoc<Promotion>(PROMOTION_KIND, normalizeId(rawId));
}

export function ownerOf(promotion: Promotion): SeededOwner {
  const kind = promotion.redemption_type === 'AUTOMATIC' ? 'AUTOMATIC' : `${promotion.coupon_type ?? 'SINGLE'} coupon`;
  return { id: promotion.id, kind, name: promotion.name };
}

export const DEFAULT_PROMOTIONS: readonly Promotion[] = [
  { id: '1', name: 'Bulk coupon promotion', redemption_type: 'COUPON', coupon_type: 'BULK' },
  { id: '2', name: 'Single coupon promotion', redemption_type: 'COUPON', coupon_type: 'SINGLE' },
  { id: '3', name: 'Automatic promotion', redemption_type: 'AUTOMATIC' },
];

const KEYS = ['id', 'name', 'redemption_type', 'coupon_type'];
const FORMAT = '{ promotions: [{ id, name?, redemption_type: "COUPON"|"AUTOMATIC", coupon_type?: "BULK"|"SINGLE" }] }';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One promotion of a fixtures file or of the admin API. `id` may be left out only where
 * `nextId` is given (the admin API picks the next free one).
 */
export function parsePromotion(input: unknown, where: string, nextId?: () => string): Promotion {
  if (!isRecord(input)) throw new FixtureError(`${where}: a promotion must be an object like ${FORMAT}`);
  const unknown = Object.keys(input).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) {
    throw new FixtureError(`${where}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (allowed: ${KEYS.join(', ')})`);
  }

  let id: string;
  const rawId = input.id;
  if (rawId === undefined && nextId) id = nextId();
  else if (typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 1) id = String(rawId);
  else if (typeof rawId === 'string' && /^\d+$/.test(rawId) && /[1-9]/.test(rawId)) id = normalizeId(rawId);
  else throw new FixtureError(`${where}: id must be a positive integer or a string of digits, got ${JSON.stringify(rawId) ?? 'nothing'}`);

  const redemption = input.redemption_type;
  if (!REDEMPTION_TYPES.includes(redemption as RedemptionType)) {
    throw new FixtureError(`${where}: redemption_type must be ${REDEMPTION_TYPES.join(' or ')}, got ${JSON.stringify(redemption) ?? 'nothing'}`);
  }
  const couponType = input.coupon_type;
  if (couponType !== undefined && !COUPON_TYPES.includes(couponType as CouponType)) {
    throw new FixtureError(`${where}: coupon_type must be ${COUPON_TYPES.join(' or ')}, got ${JSON.stringify(couponType)}`);
  }
  if (redemption === 'AUTOMATIC' && couponType !== undefined) {
    throw new FixtureError(`${where}: an AUTOMATIC promotion has no coupon_type (it has no codes)`);
  }
  const name = input.name;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw new FixtureError(`${where}: name must be a non-empty string`);
  }

  const promotion: Promotion = { id, name: '', redemption_type: redemption as RedemptionType };
  // A coupon promotion without a coupon type is SINGLE, BigCommerce's default.
  if (redemption === 'COUPON') promotion.coupon_type = (couponType as CouponType | undefined) ?? 'SINGLE';
  promotion.name = (name as string | undefined) ?? `${ownerOf(promotion).kind} promotion ${id}`;
  return promotion;
}

/** The `bigcommerce` section of a fixtures file, validated whole before anything is written. */
export function parseFixtures(fixtures: unknown): Promotion[] {
  if (fixtures === undefined || fixtures === null) return [...DEFAULT_PROMOTIONS];
  if (!isRecord(fixtures) || !Array.isArray(fixtures.promotions)) {
    throw new FixtureError(`bigcommerce fixtures: expected ${FORMAT}`);
  }
  const extra = Object.keys(fixtures).filter((key) => key !== 'promotions');
  if (extra.length > 0) throw new FixtureError(`bigcommerce fixtures: unknown section ${extra.join(', ')} (only promotions)`);
  const seen = new Set<string>();
  return fixtures.promotions.map((entry, index) => {
    const promotion = parsePromotion(entry, `bigcommerce fixtures: promotions[${index}]`);
    if (seen.has(promotion.id)) throw new FixtureError(`bigcommerce fixtures: promotions[${index}]: id ${promotion.id} is used twice`);
    seen.add(promotion.id);
    return promotion;
  });
}

export async function seedPromotions(app: VendorApp, fixtures: unknown): Promise<SeededOwner[]> {
  const promotions = parseFixtures(fixtures);
  for (const promotion of promotions) await app.store.putDoc(PROMOTION_KIND, promotion.id, promotion);
  return promotions.map(ownerOf);
}

/** Adds one promotion (admin API); an id already in use is an error, not an overwrite. */
export async function addPromotion(app: VendorApp, input: unknown): Promise<SeededOwner> {
  const existing = await app.store.listDocs<Promotion>(PROMOTION_KIND);
  const highest = existing.reduce((max, p) => (BigInt(p.id) > max ? BigInt(p.id) : max), 0n);
  const promotion = parsePromotion(input, 'bigcommerce promotion', () => String(highest + 1n));
  const created = await app.store.replaceDoc<Promotion>(PROMOTION_KIND, promotion.id, undefined, promotion);
  if (!created) throw new FixtureError(`bigcommerce promotion: a promotion with id ${promotion.id} already exists`);
  return ownerOf(promotion);
}
