import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths as BigCommercePaths } from '../../generated/bigcommerce.js';
import type { paths as ElasticPathPaths } from '../../generated/elasticpath.js';
import type { paths as ShoplazzaPaths } from '../../generated/shoplazza.js';
import type { VendorName } from '../openapi/load.js';
import { authMiddleware } from './auth.js';
import { retryOn429, type RetryOptions } from './retry.js';

export type { BigCommercePaths, ElasticPathPaths, ShoplazzaPaths };
export type BigCommerceClient = Client<BigCommercePaths>;
export type ShoplazzaClient = Client<ShoplazzaPaths>;
export type ElasticPathClient = Client<ElasticPathPaths>;

export interface CommonClientOptions {
  token: string;
  /** Re-send requests answered 429 (off unless given). */
  retry?: RetryOptions;
  fetch?: ClientOptions['fetch'];
}

// Each client takes either `baseUrl` (e.g. the mock's `http://127.0.0.1:4010/stores/abc/v3`) or
// what the vendor's own URL is built from, not both.
export type BigCommerceClientOptions = CommonClientOptions &
  ({ storeHash: string; baseUrl?: never } | { baseUrl: string; storeHash?: never });
export type ShoplazzaClientOptions = CommonClientOptions &
  ({ subdomain: string; baseUrl?: never } | { baseUrl: string; subdomain?: never });
export type ElasticPathClientOptions = CommonClientOptions &
  ({ region?: ElasticPathRegion; baseUrl?: never } | { baseUrl: string; region?: never });

export const ELASTIC_PATH_REGIONS = ['useast', 'euwest'] as const;
export type ElasticPathRegion = (typeof ELASTIC_PATH_REGIONS)[number];

/** `https://api.bigcommerce.com/stores/{storeHash}/v3` */
export function createBigCommerceClient(options: BigCommerceClientOptions): BigCommerceClient {
  const baseUrl = options.baseUrl ?? `https://api.bigcommerce.com/stores/${label('storeHash', options.storeHash)}/v3`;
  return vendorClient<BigCommercePaths>('bigcommerce', baseUrl, options);
}

/** `https://{subdomain}.myshoplaza.com/openapi/2025-06` */
export function createShoplazzaClient(options: ShoplazzaClientOptions): ShoplazzaClient {
  const baseUrl = options.baseUrl ?? `https://${label('subdomain', options.subdomain)}.myshoplaza.com/openapi/2025-06`;
  return vendorClient<ShoplazzaPaths>('shoplazza', baseUrl, options);
}

/** `https://{region}.api.elasticpath.com`, region `useast` (default) or `euwest` */
export function createElasticPathClient(options: ElasticPathClientOptions): ElasticPathClient {
  const region = options.region ?? 'useast';
  if (options.baseUrl === undefined && !ELASTIC_PATH_REGIONS.includes(region)) {
    throw new TypeError(`region must be one of ${ELASTIC_PATH_REGIONS.join(', ')}`);
  }
  const baseUrl = options.baseUrl ?? `https://${region}.api.elasticpath.com`;
  return vendorClient<ElasticPathPaths>('elasticpath', baseUrl, options);
}

function vendorClient<Paths extends {}>(vendor: VendorName, baseUrl: string, options: CommonClientOptions): Client<Paths> {
  const client = createClient<Paths>({ baseUrl, fetch: options.fetch });
  client.use(authMiddleware(vendor, options.token));
  // After auth: the retry re-sends the request as finally sent.
  if (options.retry) client.use(retryOn429(options.retry));
  return client;
}

// Goes into the host name or path, so it may not carry '/', '.', '@' or '#' somewhere else.
function label(name: string, value: string | undefined): string {
  if (typeof value !== 'string' || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(value)) {
    throw new TypeError(`${name} must be letters, digits and inner hyphens`);
  }
  return value;
}
