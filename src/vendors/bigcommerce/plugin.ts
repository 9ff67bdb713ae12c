import type { VendorPlugin } from '../../mock/types.js';
import { errorBody, rateLimitHeaders } from './errors.js';
import { registerHandlers } from './handlers.js';
import { readRules } from './facts.js';
import { pageView } from './page-view.js';
import { storesOf, tenantOf } from './stores.js';

/**
 * BigCommerce Promotions v3 coupon codes on the stateful mock. Limits, defaults and rules come
 * from spec/bigcommerce.yaml (schemas and `x-rules`). One world per store hash (stores.ts): each
 * store hash has its own promotions, codes and concurrency counters, seeded alike unless the
 * fixtures file seeds it apart. A code's public id is the store's sequence number.
 */
export const bigcommercePlugin: VendorPlugin = {
  vendor: 'bigcommerce',
  errorBody,
  rateLimitHeaders,
  tenantOf,
  register(app) {
    registerHandlers(app, readRules(app.spec), storesOf(app));
  },
  seed: (app, fixtures) => storesOf(app).seedAtStart(fixtures),
  addOwner: (app, input) => storesOf(app).addPromotion(input),
  page: pageView,
  ownersOf: (app, storeHash) => storesOf(app).ownersIn(storeHash),
};
