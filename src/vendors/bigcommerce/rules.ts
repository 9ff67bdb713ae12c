import { deref, isObject, type JsonObject, type OperationInfo, type Spec } from '../../openapi/load.js';

/**
 * Every limit, default and rule the BigCommerce plugin obeys, read once from the spec at
 * registration (so a spec without them fails at start, not on a request). Nothing here is a
 * number or alphabet of its own: change the spec and the mock follows.
 */
export interface BigCommerceRules {
  create: {
    /** `x-rules.caseInsensitive` of createCouponCode: codes compare without case. */
    caseInsensitive: boolean;
    defaults: { max_uses: number; max_uses_per_customer: number };
  };
  codegen: {
    alphabet: string;
    maxCodeLength: number;
    delimiterRequiresAffix: boolean;
    /** The coupon type a promotion must have (`BULK`). */
    requiresPromotionType: string;
    defaults: { max_uses: number; max_uses_per_customer: number; code_length: number; exclude_characters: string[] };
  };
  list: {
    limit: { default: number; minimum: number; maximum: number };
    /** The query parameters that choose a pagination mode. */
    before: string;
    after: string;
    page: string;
  };
  deleteMany: {
    /** The query parameter naming the ids (`id:in`). */
    parameter: string;
    maxItems: number;
  };
}

export class SpecRuleError extends Error {
  override readonly name = 'SpecRuleError';
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new SpecRuleError(`spec/bigcommerce.yaml: ${what} is missing`);
  return value;
}

function numberAt(node: unknown, key: string, what: string): number {
  const value = isObject(node) ? node[key] : undefined;
  return need(typeof value === 'number' ? value : undefined, `${what}.${key}`);
}

function bodyProperty(spec: Spec, operation: OperationInfo, name: string): JsonObject {
  const properties = operation.requestBody?.schema?.properties;
  const raw = isObject(properties) ? properties[name] : undefined;
  return need(raw === undefined ? undefined : deref<JsonObject>(spec.document, raw), `${operation.id} body property ${name}`);
}

function parameter(operation: OperationInfo, name: string) {
  return need(
    operation.parameters.find((p) => p.in === 'query' && p.name === name),
    `${operation.id} query parameter ${name}`,
  );
}

export function readRules(spec: Spec): BigCommerceRules {
  const create = spec.operation('createCouponCode');
  const codegen = spec.operation('generateCouponCodes');
  const list = spec.operation('listCouponCodes');
  const deleteMany = spec.operation('deleteCouponCodes');

  const defaultOf = (operation: OperationInfo, name: string) => numberAt(bodyProperty(spec, operation, name), 'default', `${operation.id} ${name}`);
  const excluded = bodyProperty(spec, codegen, 'exclude_characters').default;

  const limit = parameter(list, 'limit').schema;
  const ids = deleteMany.parameters.find((p) => p.in === 'query' && p.required && p.schema.type === 'array');

  const rules = codegen.rules;
  return {
    create: {
      caseInsensitive: create.rules.caseInsensitive === true,
      defaults: { max_uses: defaultOf(create, 'max_uses'), max_uses_per_customer: defaultOf(create, 'max_uses_per_customer') },
    },
    codegen: {
      alphabet: need(typeof rules.randomAlphabet === 'string' ? rules.randomAlphabet : undefined, 'generateCouponCodes x-rules.randomAlphabet'),
      maxCodeLength: numberAt(rules, 'maxCodeLength', 'generateCouponCodes x-rules'),
      delimiterRequiresAffix: rules.delimiterRequiresAffix !== false,
      requiresPromotionType: need(
        typeof rules.requiresPromotionType === 'string' ? rules.requiresPromotionType : undefined,
        'generateCouponCodes x-rules.requiresPromotionType',
      ),
      defaults: {
        max_uses: defaultOf(codegen, 'max_uses'),
        max_uses_per_customer: defaultOf(codegen, 'max_uses_per_customer'),
        code_length: defaultOf(codegen, 'code_length'),
        exclude_characters: Array.isArray(excluded) ? excluded.map(String) : [],
      },
    },
    list: {
      limit: {
        default: numberAt(limit, 'default', 'listCouponCodes limit'),
        minimum: numberAt(limit, 'minimum', 'listCouponCodes limit'),
        maximum: numberAt(limit, 'maximum', 'listCouponCodes limit'),
      },
      before: parameter(list, 'before').name,
      after: parameter(list, 'after').name,
      page: parameter(list, 'page').name,
    },
    deleteMany: {
      parameter: need(ids, 'deleteCouponCodes required array query parameter').name,
      maxItems: numberAt(ids?.schema, 'maxItems', 'deleteCouponCodes id list'),
    },
  };
}
