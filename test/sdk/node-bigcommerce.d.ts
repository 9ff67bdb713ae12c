/** The part of node-bigcommerce 4.1 (untyped, CommonJS) that the SDK test uses. */
declare module 'node-bigcommerce' {
  import type { Agent } from 'node:https';

  interface BigCommerceConfig {
    clientId?: string;
    accessToken?: string;
    storeHash?: string;
    apiVersion?: 'v2' | 'v3';
    responseType?: 'json' | 'xml';
    failOnLimitReached?: boolean;
    headers?: Record<string, string>;
    /** Passed to https.request for every API call. */
    agent?: Agent;
  }

  /** What a rejected call carries: the HTTP status as `code` and the raw body. */
  interface BigCommerceError extends Error {
    code?: number;
    responseBody?: string;
  }

  class BigCommerce {
    constructor(config: BigCommerceConfig);
    get(path: string): Promise<any>;
    post(path: string, data?: unknown): Promise<any>;
    put(path: string, data?: unknown): Promise<any>;
    delete(path: string): Promise<any>;
  }

  namespace BigCommerce {
    export type { BigCommerceConfig, BigCommerceError };
  }

  export = BigCommerce;
}
