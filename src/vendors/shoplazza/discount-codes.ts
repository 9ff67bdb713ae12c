import { isObject } from '../../openapi/load.js';
import type { CodeData, StoredCode } from '../../store/types.js';
import type { DiscountCode, DiscountCodeInput } from './facts.js';

export type { DiscountCode, DiscountCodeInput };

/** What the Store keeps per code besides its text; a batch with equal options shares one object. */
export type DiscountCodeData = {
  created_at: string;
  updated_at: string;
  use_with_other: number;
  usage_limit?: number;
  usage_count: number;
};

const ID_PREFIX = 'dc_';

/** Public id from the Store's sequence number: `dc_<seq>` (the spec's 2025-06 form). */
export function formatCodeId(seq: number): string {
  return `${ID_PREFIX}${seq}`;
}

/**
 * The sequence number of an id the mock issued, or undefined for any other id (a UUID, `dc_0`,
 * `dc_007`, `dc_abc`): such ids are valid in the spec but name no code here, so they are 404.
 */
export function parseCodeId(id: string): number | undefined {
  const match = /^dc_([1-9][0-9]{0,14})$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export function toDiscountCode(priceRuleId: string, stored: StoredCode): DiscountCode {
  const data = stored.data as Partial<DiscountCodeData>;
  const createdAt = typeof data.created_at === 'string' ? data.created_at : new Date(0).toISOString();
  return {
    id: formatCodeId(stored.seq),
    price_rule_id: priceRuleId,
    code: stored.code,
    created_at: createdAt,
    updated_at: typeof data.updated_at === 'string' ? data.updated_at : createdAt,
    use_with_other: data.use_with_other === 1 ? 1 : 0,
    usage_count: typeof data.usage_count === 'number' ? data.usage_count : 0,
  };
}

/** ISO 8601 in whole seconds with `Z`, the form the 2025-06 pages show (`2023-06-20T15:30:00Z`). */
export function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}


export function isDiscountCodeInput(value: unknown): value is DiscountCodeInput {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    value.code.length > 0 &&
    (value.use_with_other === undefined || value.use_with_other === 0 || value.use_with_other === 1) &&
    (value.usage_limit === undefined || Number.isInteger(value.usage_limit))
  );
}

/**
 * Builds the stored data of a batch: codes with equal options share one data object, so a
 * batch of a hundred codes with the defaults stores one object (the Store copies each once).
 */
export function dataFactory(now: string, useWithOtherDefault: number): (input: DiscountCodeInput) => CodeData {
  const shared = new Map<string, DiscountCodeData>();
  return (input) => {
    const useWithOther = input.use_with_other ?? useWithOtherDefault;
    const key = `${useWithOther}:${input.usage_limit ?? ''}`;
    let data = shared.get(key);
    if (!data) {
      data = { created_at: now, updated_at: now, use_with_other: useWithOther, usage_count: 0 };
      if (input.usage_limit !== undefined) data.usage_limit = input.usage_limit;
      shared.set(key, data);
    }
    return data;
  };
}
