import type { VendorPlugin } from '../../mock/types.js';
import { errorBody, rateLimitHeaders } from './errors.js';
import { registerHandlers } from './handlers.js';
import { addPromotion, seedPromotions } from './promotions.js';
import { readRules } from './rules.js';

/**
 * BigCommerce Promotions v3 coupon codes on the stateful mock. Limits, defaults and rules come
 * from spec/bigcommerce.yaml (schemas and `x-rules`); promotions are store documents
 * (`bigcommerce:promotion`), codes live in the scope `bigcommerce:<promotion id>` and their
 * public id is the store's sequence number.
 */
export const bigcommercePlugin: VendorPlugin = {
  vendor: 'bigcommerce',
  errorBody,
  rateLimitHeaders,
  register(app) {
    registerHandlers(app, readRules(app.spec));
  },
  seed: seedPromotions,
  addOwner: addPromotion,
};
