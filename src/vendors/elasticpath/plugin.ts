import type { Handler, MockRequest, MockResponse, VendorApp, VendorPlugin } from '../../mock/types.js';
import { createCodes, deleteCode, deleteCodes, listCodes } from './codes.js';
import { errorBody } from './errors.js';
import { cancelJob, createJob, FILE_ROUTE, getJobFile, listJobs, serveFile, type JobContext } from './job-handlers.js';
import { JobEngine } from './jobs.js';
import { pageView } from './page-view.js';
import { addPromotion, getPromotion, seedPromotions } from './promotions.js';
import { rulesOf } from './facts.js';
import { createAccessToken } from './tokens.js';
import { isObject } from '../../openapi/load.js';

/** One job engine (timers, lease owner) per mock server; the plugin object itself is shared. */
const engines = new WeakMap<VendorApp, JobEngine>();

function engineOf(app: VendorApp): JobEngine {
  let engine = engines.get(app);
  if (!engine) engines.set(app, (engine = new JobEngine(app)));
  return engine;
}

/**
 * The dotted path of the first number in `value` that JSON cannot hold (`1e309` parses to
 * Infinity, which the schema's integer check lets through and JSON would write back as null).
 */
export function nonFiniteNumberAt(value: unknown, path = 'data'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nonFiniteNumberAt(item, `${path}.${index}`);
      if (found) return found;
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nonFiniteNumberAt(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Every handler works on one promotion: an unknown one is a 404, and the promotion's jobs are
 * brought up to date first, so what a client reads reflects every step that is due. A body
 * holding a number JSON cannot hold is refused first, with the operation's validation status.
 */
function onPromotion(app: VendorApp, engine: JobEngine, run: (context: JobContext) => Promise<MockResponse>): Handler {
  return async (request: MockRequest) => {
    const data = isObject(request.body) ? request.body.data : undefined;
    const huge = data === undefined ? undefined : nonFiniteNumberAt(data);
    if (huge) {
      const detail = `${huge} is a number JSON cannot hold (beyond ±1.8e308)`;
      return app.error(request.operation.validationStatus, { title: 'Bad Request', detail, field: huge, rule: 'type', location: 'body' });
    }
    const promotion = await getPromotion(app, request.params.promotionID ?? '');
    const { promotionNotFound } = rulesOf(app.spec).problems;
    if (!promotion) return app.error(promotionNotFound.status, promotionNotFound);
    const jobs = await engine.jobsOf(promotion.id);
    return run({ promotion, request, jobs });
  };
}

/**
 * Elastic Path Promotions Builder: asynchronous code-generation and export jobs, and promotion
 * codes, over the Store. Limits, rules, defaults and documented error texts come from
 * spec/elasticpath.yaml (x-rules, schema defaults, response examples).
 */
export const elasticpathPlugin: VendorPlugin = {
  vendor: 'elasticpath',
  page: pageView,

  errorBody,

  register(app) {
    rulesOf(app.spec); // a spec without the rules the mock reads fails at start, not on a request
    const engine = engineOf(app);
    app.handle('createPromotionJob', onPromotion(app, engine, (c) => createJob(app, engine, c)));
    app.handle('listPromotionJobs', onPromotion(app, engine, (c) => listJobs(app, engine, c)));
    app.handle('cancelPromotionJob', onPromotion(app, engine, (c) => cancelJob(app, engine, c)));
    app.handle('getPromotionJobFile', onPromotion(app, engine, (c) => getJobFile(app, c)));
    app.handle('createPromotionCodes', onPromotion(app, engine, (c) => createCodes(app, c)));
    app.handle('listPromotionCodes', onPromotion(app, engine, (c) => listCodes(app, c)));
    app.handle('deletePromotionCodes', onPromotion(app, engine, (c) => deleteCodes(app, c)));
    app.handle('deletePromotionCode', onPromotion(app, engine, (c) => deleteCode(app, c)));
    app.handle('createAccessToken', (request) => createAccessToken(app, request));
    // An export file needs the credentials reading its job's file link does.
    app.handleRaw('GET', FILE_ROUTE, (match) => serveFile(app, match), { authorizeAs: 'getPromotionJobFile' });
  },

  async seed(app, fixtures) {
    const owners = await seedPromotions(app, fixtures);
    // Jobs a previous instance left unfinished in a shared or persistent store carry on here.
    await engineOf(app).resume();
    return owners;
  },

  addOwner(app, input) {
    return addPromotion(app, input);
  },
};
