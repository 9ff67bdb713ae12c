// generated from spec/shoplazza.yaml by npm run generate; do not edit

export interface paths {
    "/price_rules/{price_rule_id}/discount_codes/batch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create several discount codes in a price rule
         * @description Creates up to 100 discount codes in the price rule in one request. The codes are
         *     created in request order and returned in that order in `data.discount_codes`.
         *
         *     - **Decision (batch size):** Shoplazza documents no maximum; this spec allows 1 to 100
         *       codes per request (`minItems`/`maxItems`); more is 422 `InvalidParameter`.
         *     - **Decision (duplicates, all or nothing):** a code that appears twice in the request,
         *       or that already exists in the price rule, fails the whole request with 422
         *       `InvalidParameter` whose message names the offending code (the first one in request
         *       order); no code of the batch is created (`x-rules.atomic`). Codes compare
         *       case-sensitively (`x-rules.caseInsensitive: false`).
         *     - Answers 200 (not 201) with the success envelope; `code` may be `"200"` or
         *       `"Success"`.
         *     - A schema violation anywhere in the request (body, or a malformed `price_rule_id`)
         *       is 422; a body that is not JSON is 400; an unknown price rule is 404.
         */
        post: operations["batchCreateDiscountCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/price_rules/{price_rule_id}/discount_codes": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
            };
            cookie?: never;
        };
        /**
         * List the discount codes of a price rule
         * @description Lists the discount codes of the price rule, a page at a time, oldest first.
         *
         *     - Paging (our choice): `limit` 1..250, default 50, and `page` from 1, default 1,
         *       the parameters of Shoplazza's own older discount-code list; no `since_id`
         *       (undocumented for this resource, and the ids are not ordered). The answer carries
         *       no totals: a page with fewer than `limit` codes is the last one, and a page past
         *       the end is an empty list (200).
         *     - An out-of-range or non-integer `limit` or `page`, or a malformed `price_rule_id`,
         *       is 422 `InvalidParameter` (see "Validation status" in the API description); an
         *       unknown price rule is 404.
         *     - Reads accept a token with `read_price_rules` or `write_price_rules`.
         */
        get: operations["listDiscountCodes"];
        put?: never;
        /**
         * Create one discount code in a price rule
         * @description Creates one discount code in the price rule. The body wraps the code in
         *     `discount_code`; the answer returns it in `data.discount_code`.
         *
         *     - **Decision (duplicates):** a code that already exists in the price rule is 422
         *       `InvalidParameter` naming the code; codes compare case-sensitively
         *       (`x-rules`).
         *     - Answers 200 (not 201) with the success envelope; `code` may be `"200"` or
         *       `"Success"`.
         *     - The 2025-06 create page lists `data.discount_codes` in its response; this spec
         *       follows the single-object shape of get and lookup (`data.discount_code`).
         *     - A schema violation anywhere in the request is 422; a body that is not JSON is 400;
         *       an unknown price rule is 404.
         */
        post: operations["createDiscountCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/price_rules/{price_rule_id}/discount_codes/{discount_code_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
                /**
                 * @description Id of the discount code, e.g. `dc_123456` (a UUID is also accepted).
                 * @example dc_123456
                 */
                discount_code_id: components["parameters"]["DiscountCodeId"];
            };
            cookie?: never;
        };
        /**
         * Get one discount code of a price rule
         * @description Returns the discount code in `data.discount_code`.
         *
         *     - An unknown price rule, an unknown code, or a code that belongs to another price
         *       rule is 404 `NotFound`; a malformed id is 422 `InvalidParameter`.
         *     - Reads accept a token with `read_price_rules` or `write_price_rules`.
         */
        get: operations["getDiscountCode"];
        put?: never;
        post?: never;
        /**
         * Delete one discount code of a price rule
         * @description Deletes the discount code; its text may then be used again in the price rule.
         *
         *     - Answers 200 with the success envelope and an empty `data` object (our choice over
         *       204: the platform names no 204 and the 2025-06 delete page shows the envelope).
         *     - Not idempotent in its answer: deleting an unknown code, a code of another price
         *       rule, or a code already deleted is 404 `NotFound`; a malformed id is 422
         *       `InvalidParameter`.
         */
        delete: operations["deleteDiscountCode"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/discount_codes/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find a discount code by its text
         * @description Finds a discount code of the store by its text and returns it in
         *     `data.discount_code`.
         *
         *     - Exact, case-sensitive match (`x-rules.caseInsensitive: false`).
         *     - Our choice: codes are unique per price rule only, so the same text may exist in
         *       several price rules; the oldest such code is returned
         *       (`x-rules.onMultipleMatches: oldest`).
         *     - `code` is required: missing, empty or longer than 255 characters is 422
         *       `InvalidParameter`. Its characters are not checked: a code that cannot exist is
         *       404 `NotFound`, like any code that does not exist.
         *     - Reads accept a token with `read_price_rules` or `write_price_rules`.
         */
        get: operations["lookupDiscountCode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Price rule id: `pr_` and letters or digits (2025-06 form), or a UUID (older form).
         *     Accepting both is our choice.
         */
        PriceRuleId: string;
        /**
         * @description Discount code id: `dc_` and letters or digits (2025-06 form), or a UUID (older form).
         *     Accepting both is our choice.
         */
        DiscountCodeId: string;
        /**
         * @description The text customers enter. Our choice: 1 to 255 letters, digits, `_` or `-`.
         *     Unique within the price rule, case-sensitively.
         */
        CodeText: string;
        /**
         * Format: int32
         * @description Whether the code combines with other discounts (1 = yes, 0 = no).
         * @enum {integer}
         */
        UseWithOther: 0 | 1;
        /** @description One discount code to create. Unknown properties are ignored. */
        DiscountCodeInput: {
            code: components["schemas"]["CodeText"];
            /**
             * @description Whether the code combines with other discounts (1 = yes, 0 = no). Our choice:
             *     0 when omitted.
             * @default 0
             */
            use_with_other?: components["schemas"]["UseWithOther"];
            /**
             * Format: int32
             * @description How many times the code can be used in all. Omit it for no limit. Our choice:
             *     0 and negative values are rejected (422), their meaning being undocumented.
             */
            usage_limit?: number;
        };
        BatchCreateDiscountCodesRequest: {
            /**
             * @description The codes to create, 1 to 100 (Decision: Shoplazza documents no maximum). All
             *     codes must differ from each other and from the price rule's existing codes.
             */
            discount_codes: components["schemas"]["DiscountCodeInput"][];
        };
        CreateDiscountCodeRequest: {
            discount_code: components["schemas"]["DiscountCodeInput"];
        };
        /** @description A discount code of a price rule, as the API returns it. */
        DiscountCode: {
            id: components["schemas"]["DiscountCodeId"];
            price_rule_id: components["schemas"]["PriceRuleId"];
            /**
             * @description The code's text. Only its length is checked here: codes created in the Shoplazza
             *     admin may use characters that this API's writes do not accept.
             */
            code: string;
            /**
             * Format: date-time
             * @description When the code was created.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When the code was last updated.
             */
            updated_at: string;
            use_with_other: components["schemas"]["UseWithOther"];
            /**
             * Format: int32
             * @description How many times the code has been used.
             */
            usage_count: number;
        };
        /**
         * @description Envelope code of a success. Decision: the pages show "200", Shoplazza's CLI expects
         *     "Success"; clients must accept both.
         * @enum {string}
         */
        SuccessCode: "200" | "Success";
        /** @description Success envelope carrying a list of discount codes. */
        DiscountCodesEnvelope: {
            code: components["schemas"]["SuccessCode"];
            message: string;
            data: {
                discount_codes: components["schemas"]["DiscountCode"][];
            };
        };
        /** @description Success envelope carrying one discount code. */
        DiscountCodeEnvelope: {
            code: components["schemas"]["SuccessCode"];
            message: string;
            data: {
                discount_code: components["schemas"]["DiscountCode"];
            };
        };
        /** @description Success envelope of a deletion; `data` is an empty object. */
        DeletedEnvelope: {
            code: components["schemas"]["SuccessCode"];
            message: string;
            data: Record<string, never>;
        };
        /**
         * @description Error word. Shoplazza documents `InvalidParameter`; the others are our naming.
         * @enum {string}
         */
        ErrorCode: "InvalidParameter" | "Unauthorized" | "Forbidden" | "NotFound" | "MethodNotAllowed" | "NotAcceptable" | "UnsupportedMediaType" | "TooManyRequests" | "InternalError";
        /** @description Error envelope. `message` may be empty. */
        Error: {
            code: components["schemas"]["ErrorCode"];
            message: string;
        };
        /** @description 400 and 422. */
        InvalidParameterError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "InvalidParameter";
        };
        /** @description 401. */
        UnauthorizedError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "Unauthorized";
        };
        /** @description 403. */
        ForbiddenError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "Forbidden";
        };
        /** @description 404. */
        NotFoundError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "NotFound";
        };
        /** @description 406. */
        NotAcceptableError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "NotAcceptable";
        };
        /** @description 415. */
        UnsupportedMediaTypeError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "UnsupportedMediaType";
        };
        /** @description 429. */
        TooManyRequestsError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "TooManyRequests";
        };
        /** @description 500. */
        InternalError: components["schemas"]["Error"] & {
            /** @constant */
            code?: "InternalError";
        };
    };
    responses: {
        /**
         * @description The request cannot be parsed: a body that is not JSON, or a query string that cannot
         *     be decoded. (A well-formed request that breaks the schema is 422.)
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidParameterError"];
            };
        };
        /** @description The `access-token` header is missing, or the token is unknown or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["UnauthorizedError"];
            };
        };
        /**
         * @description The token holds no scope that grants the operation (writes need `write_price_rules`;
         *     reads need `read_price_rules` or `write_price_rules`).
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ForbiddenError"];
            };
        };
        /** @description No price rule with this id in the store. */
        PriceRuleNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["NotFoundError"];
            };
        };
        /**
         * @description No price rule with this id, or no discount code with this id in that price rule
         *     (including one already deleted).
         */
        DiscountCodeNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["NotFoundError"];
            };
        };
        /** @description The `Accept` header does not allow `application/json`. */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["NotAcceptableError"];
            };
        };
        /**
         * @description The request body is larger than the server takes (the mock: 1 MiB), on any endpoint: a
         *     gateway refuses an oversized body before an endpoint reads it. Shoplazza names no 413 and
         *     no word for it; the body is the `InvalidParameter` error (see the error words decision).
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidParameterError"];
            };
        };
        /** @description The body is not sent as `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["UnsupportedMediaTypeError"];
            };
        };
        /**
         * @description A query or path value breaks the schema (e.g. `limit` out of 1..250, `page` below 1,
         *     a malformed id). Our choice of 422 over 400: see "Validation status" in the API
         *     description.
         */
        InvalidParameter: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidParameterError"];
            };
        };
        /**
         * @description The app's leaky bucket for the store is full (about 2 requests per second). Wait
         *     `Retry-After` seconds (1 second when it is absent) and retry.
         */
        TooManyRequests: {
            headers: {
                /**
                 * @description Whole seconds to wait before retrying. Not documented by Shoplazza, so not
                 *     required; the mock sends it.
                 */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["TooManyRequestsError"];
            };
        };
        /** @description An error on Shoplazza's side; retrying later may succeed. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InternalError"];
            };
        };
    };
    parameters: {
        /**
         * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
         * @example pr_123456
         */
        PriceRuleId: components["schemas"]["PriceRuleId"];
        /**
         * @description Id of the discount code, e.g. `dc_123456` (a UUID is also accepted).
         * @example dc_123456
         */
        DiscountCodeId: components["schemas"]["DiscountCodeId"];
        /** @description Codes per page, 1 to 250 (our choice of bounds, after Shoplazza's older list). */
        Limit: number;
        /** @description Page number, from 1. */
        Page: number;
        /** @description The exact text of the discount code (case-sensitive). */
        LookupCode: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    batchCreateDiscountCodes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchCreateDiscountCodesRequest"];
            };
        };
        responses: {
            /** @description All codes were created; they are returned in request order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscountCodesEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PriceRuleNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The request breaks the schema (e.g. no codes, more than 100, a code that is
             *     empty, too long or has other characters, `use_with_other` not 0 or 1,
             *     `usage_limit` out of range, malformed `price_rule_id`), or a code is duplicated
             *     within the request or already exists in the price rule. Nothing is created.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidParameterError"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    listDiscountCodes: {
        parameters: {
            query?: {
                /** @description Codes per page, 1 to 250 (our choice of bounds, after Shoplazza's older list). */
                limit?: components["parameters"]["Limit"];
                /** @description Page number, from 1. */
                page?: components["parameters"]["Page"];
            };
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the price rule's codes (possibly empty). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscountCodesEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PriceRuleNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["InvalidParameter"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    createDiscountCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDiscountCodeRequest"];
            };
        };
        responses: {
            /** @description The code was created. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscountCodeEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PriceRuleNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The request breaks the schema (no `discount_code`, a code that is empty, too long
             *     or has other characters, `use_with_other` not 0 or 1, `usage_limit` out of range,
             *     malformed `price_rule_id`), or the code already exists in the price rule.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidParameterError"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    getDiscountCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
                /**
                 * @description Id of the discount code, e.g. `dc_123456` (a UUID is also accepted).
                 * @example dc_123456
                 */
                discount_code_id: components["parameters"]["DiscountCodeId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The discount code. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscountCodeEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["DiscountCodeNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["InvalidParameter"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    deleteDiscountCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description Id of the price rule, e.g. `pr_123456` (a UUID is also accepted).
                 * @example pr_123456
                 */
                price_rule_id: components["parameters"]["PriceRuleId"];
                /**
                 * @description Id of the discount code, e.g. `dc_123456` (a UUID is also accepted).
                 * @example dc_123456
                 */
                discount_code_id: components["parameters"]["DiscountCodeId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The code was deleted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["DiscountCodeNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["InvalidParameter"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
    lookupDiscountCode: {
        parameters: {
            query: {
                /** @description The exact text of the discount code (case-sensitive). */
                code: components["parameters"]["LookupCode"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The discount code with that text. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscountCodeEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description No discount code of the store has this text. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotFoundError"];
                };
            };
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `code` is missing, empty or longer than 255 characters. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidParameterError"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
        };
    };
}
