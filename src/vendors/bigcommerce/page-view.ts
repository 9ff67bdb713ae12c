import type { VendorPageView } from '../../mock/types.js';

/** What the mock's page shows of BigCommerce: each promotion's coupon codes, per store hash. */
export const pageView: VendorPageView = {
  newOwner: { noun: 'promotion', example: { name: 'Promotion from the page', redemption_type: 'COUPON', coupon_type: 'BULK' } },
  codes: {
    operationId: 'listCouponCodes',
    rows: 'data',
    total: 'meta.pagination.total',
    paging: 'page-limit',
    columns: [
      ['code', 'code'],
      ['uses', 'current_uses'],
      ['max uses', 'max_uses'],
      ['per customer', 'max_uses_per_customer'],
      ['created', 'created'],
    ],
  },
};
