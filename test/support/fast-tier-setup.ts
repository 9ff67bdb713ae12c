/**
 * Each worker of the fast tier runs its share of the test files one after another (isolate:
 * false), so that Prism and the specs load once per worker instead of once per file. What a file
 * changes globally is put back here, after each file.
 */
import { createRequire } from 'node:module';
import { afterAll } from 'vitest';

const require = createRequire(import.meta.url);

afterAll(() => {
  // nock's scopes and its "no real network" switch are global; the next file may talk to real
  // servers on 127.0.0.1. Only when a file has loaded nock: loading it here would intercept every file.
  if (require.cache[require.resolve('nock')] === undefined) return;
  const nock = require('nock') as typeof import('nock');
  nock.cleanAll();
  nock.enableNetConnect();
});
