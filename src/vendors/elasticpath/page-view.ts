import type { VendorPageView } from '../../mock/types.js';

/** What the mock's page shows of Elastic Path: each rule promotion's codes and its jobs, with export files. */
export const pageView: VendorPageView = {
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
};
