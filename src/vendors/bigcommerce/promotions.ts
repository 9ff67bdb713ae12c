import { FixtureError, type SeededOwner } from '../../mock/types.js';

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

/** `007` and `7` name the same promotion (path ids are strings of digits). */
export function normalizeId(digits: string): string {
  return digits.replace(/^0+(?=\d)/, '');
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
const PROMOTION_FORMAT = '{ id, name?, redemption_type: "COUPON"|"AUTOMATIC", coupon_type?: "BULK"|"SINGLE" }';
const FORMAT = `{ promotions?: [promotion], stores?: { "<store hash>": { promotions: [promotion] } } } with promotion = ${PROMOTION_FORMAT}`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One promotion of a fixtures file or of the admin API. `id` may be left out only where
 * `nextId` is given (the admin API picks the next free one).
 */
export function parsePromotion(input: unknown, where: string, nextId?: () => string): Promotion {
  if (!isRecord(input)) throw new FixtureError(`${where}: a promotion must be an object like ${PROMOTION_FORMAT}`);
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

/**
 * What every store hash is seeded with: the `promotions` of the fixtures file (else the
 * defaults), except the stores the file's `stores` map seeds apart.
 */
export interface SeedPlan {
  promotions: readonly Promotion[];
  stores: ReadonlyMap<string, readonly Promotion[]>;
}

export const DEFAULT_PLAN: SeedPlan = { promotions: DEFAULT_PROMOTIONS, stores: new Map() };

export function promotionsOf(plan: SeedPlan, storeHash: string): readonly Promotion[] {
  return plan.stores.get(storeHash) ?? plan.promotions;
}

function parsePromotionList(list: unknown, where: string): Promotion[] {
  if (!Array.isArray(list)) throw new FixtureError(`${where}: expected an array of promotions like ${PROMOTION_FORMAT}`);
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const promotion = parsePromotion(entry, `${where}[${index}]`);
    if (seen.has(promotion.id)) throw new FixtureError(`${where}[${index}]: id ${promotion.id} is used twice`);
    seen.add(promotion.id);
    return promotion;
  });
}

/** A store hash is one path segment: not empty, no `/`. */
export function isStoreHash(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.includes('/');
}

/**
 * The `bigcommerce` section of a fixtures file, validated whole before anything is written:
 * `promotions` seeds every store hash alike, `stores` seeds the named store hashes apart.
 */
export function parseFixtures(fixtures: unknown): SeedPlan {
  if (fixtures === undefined || fixtures === null) return DEFAULT_PLAN;
  if (!isRecord(fixtures) || (fixtures.promotions === undefined && fixtures.stores === undefined)) {
    throw new FixtureError(`bigcommerce fixtures: expected ${FORMAT}`);
  }
  const extra = Object.keys(fixtures).filter((key) => key !== 'promotions' && key !== 'stores');
  if (extra.length > 0) throw new FixtureError(`bigcommerce fixtures: unknown section ${extra.join(', ')} (only promotions, stores)`);
  const promotions = fixtures.promotions === undefined ? DEFAULT_PROMOTIONS : parsePromotionList(fixtures.promotions, 'bigcommerce fixtures: promotions');
  const stores = new Map<string, Promotion[]>();
  if (fixtures.stores !== undefined) {
    if (!isRecord(fixtures.stores)) throw new FixtureError(`bigcommerce fixtures: stores must map store hashes to { promotions: [...] }`);
    for (const [hash, section] of Object.entries(fixtures.stores)) {
      const where = `bigcommerce fixtures: stores.${hash}`;
      if (!isStoreHash(hash)) throw new FixtureError(`${where}: a store hash is one path segment (not empty, no '/')`);
      if (!isRecord(section) || Object.keys(section).some((key) => key !== 'promotions')) {
        throw new FixtureError(`${where}: expected { promotions: [${PROMOTION_FORMAT}] }`);
      }
      stores.set(hash, parsePromotionList(section.promotions, `${where}.promotions`));
    }
  }
  return { promotions, stores };
}
