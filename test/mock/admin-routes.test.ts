import { describe, expect, it } from 'vitest';
import { intParam } from '../../src/mock/admin-routes.js';

const limit = (search: string) => intParam(new URLSearchParams(search), 'limit', { fallback: 50, min: 1, max: 200 });

describe('intParam (limit and offset of the admin endpoints)', () => {
  it('takes the fallback when the parameter is absent, zero or not a number', () => {
    expect([limit(''), limit('limit='), limit('limit=0'), limit('limit=abc'), limit('limit=NaN')]).toEqual([50, 50, 50, 50, 50]);
  });

  it('rounds down and keeps within its bounds', () => {
    expect([limit('limit=2.9'), limit('limit=-3'), limit('limit=1e9'), limit('limit=Infinity'), limit('limit=7')]).toEqual([2, 1, 200, 200, 7]);
  });
});
