/**
 * How the page reads each vendor's state: through the vendor's own list operations, answered
 * in-process (no log entry, no concurrency slot, no latency), so the page shows exactly what the
 * API would answer, per tenant, with jobs brought up to date the way a client's read does.
 *
 * Each entry names operations by their fixed operationIds (docs/ARCHITECTURE.md) and where in
 * their answers the rows and totals are; page sizes and parameter names are read from the spec.
 */
export interface CollectionView {
  operationId: string;
  /** Dotted path of the row array in the answer. */
  rows: string;
  /** Dotted path of the total row count, when the answer has one. */
  total?: string;
  /** Query parameters for rows [offset, offset + limit). */
  paging: 'page-limit' | 'offset-limit';
  /** Row fields shown as columns, in order: [label, dotted path]. */
  columns: Array<[string, string]>;
}

export interface VendorView {
  /** What "add a promotion" offers to edit: one entry in the vendor's fixtures format (`{uuid}` is filled in by the page). */
  newOwner: { noun: string; example: Record<string, unknown> };
  codes: CollectionView;
  /** Asynchronous jobs of an owner (Elastic Path). */
  jobs?: CollectionView & {
    /** The operation that answers an export job's file link, and the job's status at which it has one. */
    file: { operationId: string; jobParameter: string };
  };
}

export const VENDOR_VIEWS: Record<string, VendorView> = {
  bigcommerce: {
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
  },
  shoplazza: {
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
  },
  elasticpath: {
    newOwner: { noun: 'rule promotion', example: { id: '{uuid}', name: 'Rule promotion from the page', max_codes: 100 } },
    codes: {
      operationId: 'listPromotionCodes',
      rows: 'data',
      total: 'meta.results.total',
      paging: 'offset-limit',
      columns: [
        ['code', 'code'],
        ['uses', 'uses'],
        ['max uses', 'max_uses'],
        ['consume unit', 'consume_unit'],
        ['created', 'meta.timestamps.created_at'],
      ],
    },
    jobs: {
      operationId: 'listPromotionJobs',
      rows: 'data',
      total: 'meta.results.total',
      paging: 'offset-limit',
      columns: [
        ['id', 'id'],
        ['type', 'job_type'],
        ['status', 'status'],
        ['generated', 'result.generated'],
        ['deleted', 'result.deleted'],
        ['updated', 'meta.timestamps.updated_at'],
      ],
      file: { operationId: 'getPromotionJobFile', jobParameter: 'jobID' },
    },
  },
};

export function valueAt(value: unknown, dotted: string): unknown {
  let node = value;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
