export {
  createBigCommerceClient,
  createElasticPathClient,
  createShoplazzaClient,
  ELASTIC_PATH_REGIONS,
  type BigCommerceClient,
  type BigCommerceClientOptions,
  type BigCommercePaths,
  type CommonClientOptions,
  type ElasticPathClient,
  type ElasticPathClientOptions,
  type ElasticPathPaths,
  type ElasticPathRegion,
  type ShoplazzaClient,
  type ShoplazzaClientOptions,
  type ShoplazzaPaths,
} from './clients.js';
export { AUTH_SCHEMES, authMiddleware, bigCommerceAuth, elasticPathAuth, shoplazzaAuth } from './auth.js';
export { retryOn429, serverDelayMs, type RetryOptions } from './retry.js';
