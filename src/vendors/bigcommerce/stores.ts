import { FixtureError, type SeededOwner, type VendorApp } from '../../mock/types.js';
import type { Store } from '../../store/types.js';
import {
  DEFAULT_PLAN,
  isStoreHash,
  normalizeId,
  ownerOf,
  parseFixtures,
  parsePromotion,
  promotionsOf,
  type Promotion,
  type SeedPlan,
} from './promotions.js';

/**
 * One world per store hash. On the platform every store is its own: a code made in store `aaa`
 * does not exist in store `bbb`. So on the mock each store hash has its own promotions (store
 * documents of kind `bigcommerce:<hash>:promotion`) and codes (scope `bigcommerce:<hash>:<promotion
 * id>`); the core counts concurrent requests per store hash through the plugin's `tenantOf`. The
 * hash is percent-encoded in these names, so no hash (`a:b`, `a%3Ab`) reaches another's keys.
 */
export interface StoreWorld {
  storeHash: string;
  promotionKind: string;
  scopeOf(promotionId: string): string;
}

export function worldOf(storeHash: string): StoreWorld {
  const key = encodeURIComponent(storeHash);
  return {
    storeHash,
    promotionKind: `bigcommerce:${key}:promotion`,
    scopeOf: (promotionId) => `bigcommerce:${key}:${promotionId}`,
  };
}

/** The tenant of a request: its store hash (a server variable of the base path). */
export function tenantOf(params: Record<string, string>): string | undefined {
  return params.store_hash;
}

/** Documents (id: store hash) marking the stores whose promotions were seeded. */
const SEEDED_KIND = 'bigcommerce:seeded-store';

/**
 * The stores of one mock: what they are seeded with, and seeding each the first time it is
 * needed. A store hash first seen is seeded lazily, when a request looks up a promotion it does
 * not have (operations that do not name a promotion find no codes in an unseeded store either).
 * Seeding is idempotent: promotions are created only where absent and the store is marked after,
 * so two requests (or two mock processes on one Redis) that seed the same store at once write the
 * same thing once, and a promotion added through the admin API is never overwritten.
 */
export class BigCommerceStores {
  private plan: SeedPlan = DEFAULT_PLAN;
  /** Seedings in flight in this process, so concurrent requests wait for one instead of each writing. */
  private readonly seeding = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    /** The store hash of the spec's server URL: the one the admin index and the banner show. */
    readonly defaultStoreHash: string,
  ) {}

  /** Seeds at start (and after a reset): the default store and every store the fixtures name. */
  async seedAtStart(fixtures: unknown): Promise<SeededOwner[]> {
    this.plan = parseFixtures(fixtures);
    const named = new Set([this.defaultStoreHash, ...this.plan.stores.keys()]);
    // Written again at every start, so a fixtures file that changed takes effect on kept state.
    for (const hash of named) await this.seed(hash, (kind, promotion) => this.store.putDoc(kind, promotion.id, promotion));
    return promotionsOf(this.plan, this.defaultStoreHash).map(ownerOf);
  }

  async ensureSeeded(storeHash: string): Promise<void> {
    if (await this.store.getDoc(SEEDED_KIND, storeHash)) return;
    let running = this.seeding.get(storeHash);
    if (!running) {
      running = this.seed(storeHash, async (kind, promotion) => {
        await this.store.replaceDoc(kind, promotion.id, undefined, promotion);
      }).finally(() => this.seeding.delete(storeHash));
      this.seeding.set(storeHash, running);
    }
    await running;
  }

  private async seed(storeHash: string, write: (kind: string, promotion: Promotion) => Promise<void>): Promise<void> {
    const { promotionKind } = worldOf(storeHash);
    for (const promotion of promotionsOf(this.plan, storeHash)) await write(promotionKind, promotion);
    await this.store.putDoc(SEEDED_KIND, storeHash, { storeHash });
  }

  /** The promotion a path names in a store, seeding the store first if it was never seen. */
  async loadPromotion(storeHash: string, rawId: string | undefined): Promise<Promotion | undefined> {
    if (rawId === undefined || !/^\d+$/.test(rawId)) return undefined;
    const { promotionKind } = worldOf(storeHash);
    const id = normalizeId(rawId);
    const found = await this.store.getDoc<Promotion>(promotionKind, id);
    if (found) return found;
    await this.ensureSeeded(storeHash);
    return this.store.getDoc<Promotion>(promotionKind, id);
  }

  async listPromotions(storeHash: string): Promise<Promotion[]> {
    return this.store.listDocs<Promotion>(worldOf(storeHash).promotionKind);
  }

  /** A store's promotions as the page lists them, by id; a store seen for the first time is seeded, as a read of the API would. */
  async ownersIn(storeHash = this.defaultStoreHash): Promise<SeededOwner[]> {
    await this.ensureSeeded(storeHash);
    const promotions = await this.listPromotions(storeHash);
    return promotions.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0)).map(ownerOf);
  }

  /**
   * Adds one promotion (admin API) to the store named by `store_hash` in the input (the default
   * store without it); an id already in use there is an error, not an overwrite.
   */
  async addPromotion(input: unknown): Promise<SeededOwner> {
    const record = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
    const { store_hash: storeHash = this.defaultStoreHash, ...fields } = record ?? {};
    if (!isStoreHash(storeHash)) throw new FixtureError(`bigcommerce promotion: store_hash must be one path segment (not empty, no '/'), got ${JSON.stringify(storeHash)}`);
    await this.ensureSeeded(storeHash);
    const existing = await this.listPromotions(storeHash);
    const highest = existing.reduce((max, p) => (BigInt(p.id) > max ? BigInt(p.id) : max), 0n);
    const promotion = parsePromotion(record ? fields : input, 'bigcommerce promotion', () => String(highest + 1n));
    const created = await this.store.replaceDoc<Promotion>(worldOf(storeHash).promotionKind, promotion.id, undefined, promotion);
    if (!created) throw new FixtureError(`bigcommerce promotion: a promotion with id ${promotion.id} already exists in store ${storeHash}`);
    return ownerOf(promotion);
  }
}

const storesOfApp = new WeakMap<VendorApp, BigCommerceStores>();

/** The stores of one mock server (the plugin object is shared by every server in a process). */
export function storesOf(app: VendorApp): BigCommerceStores {
  let stores = storesOfApp.get(app);
  if (!stores) {
    const defaultHash = app.spec.serverVariables.store_hash;
    if (defaultHash === undefined) throw new Error('spec/bigcommerce.yaml: the server URL has no store_hash variable');
    stores = new BigCommerceStores(app.store, defaultHash);
    storesOfApp.set(app, stores);
  }
  return stores;
}
