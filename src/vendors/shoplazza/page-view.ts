import type { VendorPageView } from '../../mock/types.js';

/** What the mock's page shows of Shoplazza: each price rule's discount codes. */
export const pageView: VendorPageView = {
  newOwner: { noun: 'price rule', example: { id: 'pr_2001', title: 'Price rule from the page' } },
  codes: {
    operationId: 'listDiscountCodes',
    rows: 'data.discount_codes',
    paging: 'page-limit',
    columns: [
      ['code', 'code'],
      ['uses', 'usage_count'],
      ['id', 'id'],
      ['created', 'created_at'],
    ],
  },
};
