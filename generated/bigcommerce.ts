// generated from spec/bigcommerce.yaml by npm run generate; do not edit

export interface paths {
    "/promotions/{promotion_id}/codes": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        /**
         * Get coupon codes
         * @description Lists the codes of a promotion, paginated by cursor (`before` / `after`) or, deprecated,
         *     by page number.
         *
         *     - `limit` is 1..250, default 50.
         *     - `before` and `after` must not be used together, and neither with `page` (Decision 19):
         *       such a request is answered 422.
         *     - `meta` holds `cursor_pagination` and `pagination` when no pagination parameter is given,
         *       only `cursor_pagination` when a cursor is given, only `pagination` when `page` is given.
         *     - A query value that breaks its schema (for example `limit=0`, `limit=abc`, `page=0`) is
         *       answered 422, as the vendor's file documents for its list endpoints (Decision 9).
         *     - An unknown promotion is answered 404 (Decision 14).
         *
         *     **Note:** the default rate limit for this endpoint is 10 concurrent requests.
         */
        get: operations["listCouponCodes"];
        put?: never;
        /**
         * Create a coupon code
         * @description Creates one code for the promotion.
         *
         *     - `code` is required, 1..50 characters of letters, digits, space, `_` and `-`
         *       (`^[A-Za-z0-9_ -]+$`, anchored on purpose: the vendor's pattern is a bare character class,
         *       Decision 7).
         *     - `max_uses` and `max_uses_per_customer` are integers >= 0, default 0 = unlimited. The
         *       parent promotion's `max_uses` overrides the code's.
         *     - Answers **201** `{data: CouponCode, meta: {}}` with `current_uses` 0 (the vendor's pages
         *       said 200 until a merchant showed a 201, Decision 3).
         *     - **Duplicate code (vendor-facts Decision):** a code that already exists in this promotion
         *       is answered 422; uniqueness is per promotion and case-sensitive
         *       (`x-rules: {uniqueWithin: promotion, caseInsensitive: false}`, Decision 1).
         *     - A body that breaks the schema is answered 422; a body that is not JSON 400 (Decision 13);
         *       a body that is not `application/json` 415; an unknown promotion 404.
         *     - Unknown body fields are ignored (Decision 8).
         *
         *     **Note:** the default rate limit for this endpoint is 40 concurrent requests.
         */
        post: operations["createCouponCode"];
        /**
         * Delete multiple coupon codes
         * @description Deletes several codes of the promotion, named by id in `id:in` (a comma-separated list of
         *     integers, `?id:in=1,2,3`).
         *
         *     - `id:in` is required: 1..250 integers. Missing or malformed, it is answered 422 with
         *       `{errors: [...], meta: {total, success, failed}}`.
         *     - Ids that are not codes of this promotion are skipped, not errors (Decision 16); the
         *       answer is 204.
         *     - `code` (optional, as in the vendor's file) narrows the ids: only codes of `id:in` whose
         *       text is exactly `code` are deleted (Decision 16).
         *     - An unknown promotion is answered 404 (Decision 14).
         *
         *     **Note:** the default rate limit for this endpoint is 40 concurrent requests.
         */
        delete: operations["deleteCouponCodes"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/promotions/{promotion_id}/codegen": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate multiple coupon codes
         * @description Generates a batch of random coupon codes for a bulk coupon promotion.
         *
         *     Request (schema): `batch_size` required, 1..250 (not an integer or over 250: 422);
         *     `max_uses` and `max_uses_per_customer` 0..100000, default 1, 0 = unlimited; `prefix` and
         *     `suffix` at most 20 of `A-Z 0-9 _ -` (empty allowed and treated as absent, Decision 10);
         *     `delimiter` `_` or `-`; `exclude_characters` distinct single characters of `A-Z 0-9`,
         *     default `[]`, at most 35 (Decision 12); `code_length` 6..16, default 16. The patterns are
         *     anchored on purpose (the vendor's are bare character classes, Decision 7). Unknown fields
         *     are ignored (Decision 8).
         *
         *     Rules a schema cannot say (also in `x-rules`):
         *     - **Random part (vendor-facts Decision, Decision 2):** `code_length` characters drawn from
         *       `ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789` minus `exclude_characters`; an excluded character
         *       never appears in the random part (it may appear in a prefix or suffix). The vendor's own
         *       schema, 16 characters of `[A-Z0-9]`, is superseded by these options.
         *     - **Layout:** `prefix + delimiter + random + delimiter + suffix`; each delimiter is placed
         *       only on a side that has a non-empty prefix or suffix. A delimiter without prefix or
         *       suffix is accepted and ignored (Decision 11).
         *     - **Total length** at most 50: `code_length` + prefix and its delimiter + suffix and its
         *       delimiter over 50 is answered 422.
         *     - **Uniqueness:** the generated codes are unique within the promotion (among themselves
         *       and with the promotion's existing codes).
         *     - **Promotion type:** the promotion must be a coupon promotion of coupon type `BULK`;
         *       otherwise 405 (the vendor's answer for this case).
         *
         *     Answers 201 `{data: {created, max_uses, max_uses_per_customer, batch_size, codes:
         *     [{code}]}, meta: {}}`; the generated codes carry no id and `codes` has `batch_size`
         *     entries. Errors: 400 body not JSON, 403 token lacks the modify scope, 404 unknown
         *     promotion, 405 not a BULK coupon promotion, 415 not `application/json`, 422 invalid body.
         *
         *     **Note:** the default rate limit for this endpoint is 10 concurrent requests.
         */
        post: operations["generateCouponCodes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/promotions/codes": {
        parameters: {
            query: {
                /**
                 * @description The exact text of the coupon code (case-sensitive).
                 * @example TEST_COUPON
                 */
                code: components["parameters"]["CodeRequired"];
            };
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        /**
         * Get a coupon code
         * @description Looks a coupon code up by its exact text (case-sensitive), across the store's promotions.
         *
         *     Because codes are unique per promotion (vendor-facts Decision), the same text may exist in
         *     several promotions; the answer is the vendor's collection shape `{data: [CouponCode],
         *     meta}` (as in the vendor's own file), with `data: []` when nothing matches: there is no
         *     404 (Decision 15). A missing `code` is answered 422.
         *
         *     **Note:** the default rate limit for this endpoint is 40 concurrent requests.
         */
        get: operations["getCouponCodeByCode"];
        put?: never;
        post?: never;
        /**
         * Delete a coupon code by its text
         * @description Deletes the coupon code with the given exact text (case-sensitive). Codes are unique per
         *     promotion (vendor-facts Decision), so every code with that text, in whatever promotion, is
         *     deleted (Decision 15). Answers 204, also when no code has that text. A missing `code` is
         *     answered 422.
         *
         *     **Note:** the default rate limit for this endpoint is 40 concurrent requests.
         */
        delete: operations["deleteCouponCodeByCode"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/promotions/{promotion_id}/codes/{code_id}": {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
                /**
                 * @description The ID of the coupon code (a string of digits).
                 * @example 1024
                 */
                code_id: components["parameters"]["CodeId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a coupon code
         * @description Deletes one code of the promotion by id. Answers 204 when the code was deleted and also
         *     when it does not exist, including when the promotion itself does not exist: there is no
         *     404 on this operation (Decision 14). A `promotion_id` or `code_id` that is not a string of
         *     digits is answered 422.
         *
         *     **Note:** the default rate limit for this endpoint is 40 concurrent requests.
         */
        delete: operations["deleteCouponCode"];
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
         * @description A coupon code of a promotion. The response schema does not restrict the characters of
         *     `code` (codes made elsewhere, e.g. in the control panel, may differ); both ways of creating
         *     codes here cap them at 50 characters.
         */
        CouponCode: {
            /** @description An auto-generated unique identifier for the coupon code. */
            id: number;
            /** @description The code a shopper enters. */
            code: string;
            /** @description How many times the code has been used (0 on create). */
            current_uses: number;
            /** @description Maximum uses of the code; 0 = unlimited. */
            max_uses?: number;
            /** @description Maximum uses of the code per customer; 0 = unlimited. */
            max_uses_per_customer?: number;
            /**
             * Format: date-time
             * @description When the code was created.
             */
            created: string;
        };
        /**
         * @description A generated code: `prefix + delimiter + random + delimiter + suffix`, the random part
         *     `code_length` (6..16) characters of `A-Z0-9` minus the excluded ones (vendor-facts
         *     Decision; the vendor's own `^[A-Z0-9]{16}$` is superseded). Generated codes carry no id.
         */
        GeneratedCouponCode: {
            code: string;
        };
        /**
         * @description The body of createCouponCode. Unknown fields are ignored, not rejected (no
         *     `additionalProperties: false`, Decision 8).
         */
        CreateCouponCodeRequest: {
            /**
             * @description A code unique within the promotion (case-sensitive): letters, numbers, spaces, `_` and
             *     `-`. The pattern is anchored on purpose: the vendor's `[a-zA-Z0-9_\ -]` is a bare
             *     character class that a validator passes for almost any string.
             */
            code: string;
            /**
             * @description Maximum uses of the code; 0 = unlimited. The promotion's own `max_uses` overrides it.
             * @default 0
             */
            max_uses?: number;
            /**
             * @description Maximum uses of the code per customer; 0 = unlimited.
             * @default 0
             */
            max_uses_per_customer?: number;
        };
        /**
         * @description The body of generateCouponCodes. Unknown fields are ignored, not rejected (no
         *     `additionalProperties: false`, Decision 8). The patterns are anchored on purpose: the
         *     vendor's `[A-Z0-9_-]`, `[_-]` and `[A-Z0-9]` are bare character classes that a validator
         *     passes for almost any string.
         */
        GenerateCouponCodesRequest: {
            /** @description How many codes to generate (at most 250; not an integer or over 250 is 422). */
            batch_size: number;
            /**
             * @description Maximum uses of each code; 0 = unlimited.
             * @default 1
             */
            max_uses?: number;
            /**
             * @description Maximum uses of each code per customer; 0 = unlimited.
             * @default 1
             */
            max_uses_per_customer?: number;
            /**
             * @description Fixed text at the start of every code: capital letters, digits, `_`, `-`. An empty
             *     string is accepted and means no prefix (Decision 10).
             */
            prefix?: string;
            /**
             * @description Fixed text at the end of every code: capital letters, digits, `_`, `-`. An empty string
             *     is accepted and means no suffix (Decision 10).
             */
            suffix?: string;
            /**
             * @description Placed between prefix and random part and between random part and suffix, only on a
             *     side with a non-empty prefix or suffix; without either it is accepted and ignored.
             * @enum {string}
             */
            delimiter?: "_" | "-";
            /**
             * @description Characters never used in the random part: distinct single capital letters or digits,
             *     at most 35 (excluding all 36 would leave nothing to draw from).
             * @default []
             */
            exclude_characters?: string[];
            /**
             * @description Length of the random part. The whole code (with prefix, suffix and delimiters) must not
             *     exceed 50 characters (422 otherwise).
             * @default 16
             */
            code_length?: number;
        };
        /** @description One coupon code, `{data: CouponCode, meta: {}}`. */
        CouponCodeResponse: {
            data: components["schemas"]["CouponCode"];
            meta: components["schemas"]["EmptyMeta"];
        };
        /** @description The batch generated by generateCouponCodes. */
        GeneratedCouponCodesResponse: {
            data: {
                /**
                 * Format: date-time
                 * @description When the codes were created.
                 */
                created: string;
                /** @description Maximum uses of each code; 0 = unlimited. */
                max_uses: number;
                /** @description Maximum uses of each code per customer; 0 = unlimited. */
                max_uses_per_customer: number;
                /** @description How many codes were generated (the length of `codes`). */
                batch_size: number;
                codes: components["schemas"]["GeneratedCouponCode"][];
            };
            meta: components["schemas"]["EmptyMeta"];
        };
        /** @description A page of coupon codes. */
        CouponCodeCollection: {
            data: components["schemas"]["CouponCode"][];
            meta: components["schemas"]["CollectionMeta"];
        };
        /** @description Empty meta object, which may be used at a later time. */
        EmptyMeta: Record<string, never>;
        /**
         * @description Pagination data. Both objects are present when no pagination parameter is given; only
         *     `cursor_pagination` when `before` or `after` is given; only `pagination` when `page` is
         *     given. At least one is always present.
         */
        CollectionMeta: {
            cursor_pagination?: components["schemas"]["CursorPagination"];
            pagination?: components["schemas"]["Pagination"];
        };
        /** @description Cursor pagination data. */
        CursorPagination: {
            /** @description Number of items in this page. */
            count: number;
            /** @description The page size (`limit`). */
            per_page: number;
            /** @description Cursor of the first item (for `before`); omitted when the page is empty. */
            start_cursor?: string;
            /** @description Cursor of the last item (for `after`); omitted when the page is empty. */
            end_cursor?: string;
            links: {
                /** @description Query string of the previous page; omitted on the first page or when empty. */
                previous?: string;
                /** @description Query string of the next page; omitted when empty. */
                next?: string;
            };
        };
        /**
         * @deprecated
         * @description Offset pagination data (deprecated; use cursor pagination).
         */
        Pagination: {
            /** @description Total number of items in the result set. */
            total: number;
            /** @description Number of items in this page. */
            count: number;
            /** @description The page size (`limit`). */
            per_page: number;
            /** @description The current page number. */
            current_page: number;
            /** @description The number of pages. */
            total_pages: number;
            links: {
                /** @description Query string of the previous page. */
                previous?: string;
                /** @description Query string of this page. */
                current?: string;
                /** @description Query string of the next page. */
                next?: string;
            };
        };
        /** @description The errors of a 422 or 404 answer. */
        ErrorItems: {
            status: number;
            title: string;
            type?: string;
            /** @description Per-item or per-field messages, keyed by index and field (`0.id`). */
            errors?: {
                [key: string]: string;
            };
        }[];
        /** @description The vendor's 422 and 404 body, `{errors: [{status, title, type}]}` (Decision 4). */
        ErrorList: {
            errors: components["schemas"]["ErrorItems"];
        };
        /** @description The vendor's 422 body for bulk deletes, `{errors: [...], meta: {total, success, failed}}`. */
        BulkDeleteError: {
            errors: components["schemas"]["ErrorItems"];
            meta: {
                /** @description Number of ids in the request. */
                total: number;
                /** @description Number of ids deleted. */
                success: number;
                /** @description Number of ids that failed. */
                failed: number;
            };
        };
        /**
         * @description An HTTP status: an integer, or a three-digit string as the vendor's file types it for its
         *     400, 403 and 405 bodies (Decision 5).
         */
        LegacyStatus: number | string;
        /** @description The vendor's 400 body, `{status, title, type, detail}`. */
        Error400: {
            status: components["schemas"]["LegacyStatus"];
            title: string;
            type?: string;
            detail?: string;
        };
        /**
         * @description The vendor's 403 and 405 body, `{status, title, error}`. The platform's general shape
         *     (`type`, `errors`) is accepted as well.
         */
        ErrorWithMessage: {
            status: components["schemas"]["LegacyStatus"];
            title: string;
            error?: string;
            type?: string;
            errors?: {
                [key: string]: string;
            };
        };
        /**
         * @description The platform's general v3 error body, `{status, title, type, errors: {field: message}}`,
         *     used for 401, 415 and 429 (Decision 4).
         */
        V3Error: {
            status: number;
            title: string;
            type?: string;
            errors?: {
                [key: string]: string;
            };
        };
    };
    responses: {
        /** @description The request body is not valid JSON (Decision 13). */
        MalformedBody: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error400"];
            };
        };
        /**
         * @description The request cannot be read: its path or query has broken percent-encoding (`%zz`), or a
         *     query string the server cannot parse. The platform answers 400 for a malformed request on
         *     every endpoint (its status-code page: "Issued when a malformed request was sent"); the
         *     coupon pages name 400 for codegen only. Same shape as the 400 for a body that is not JSON.
         */
        MalformedRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error400"];
            };
        };
        /**
         * @description The `Accept` header names no media type this endpoint answers (it answers only
         *     `application/json`; `*\/*`, `application/*` and a missing header are fine). The platform's
         *     status-code page lists 406 for every endpoint: "When the client specifies a response
         *     content type in the Accept header that is not supported."
         */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V3Error"];
            };
        };
        /**
         * @description The request body is larger than the server takes (the mock: 1 MiB). The platform's
         *     status-code page lists 413 for every endpoint; its gateway refuses an oversized body
         *     before any endpoint reads it, whatever the method.
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V3Error"];
            };
        };
        /** @description The `X-Auth-Token` header is missing, or the token is invalid or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V3Error"];
            };
        };
        /**
         * @description The token has no scope that grants this operation (for example a read-only token on a
         *     write). Body in the vendor's 403 shape `{status, title, error}`; the platform's general
         *     shape `{status, title, type, errors}` is accepted too.
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorWithMessage"];
            };
        };
        /**
         * @description The promotion does not exist. Body in the error-list shape the vendor's file gives its
         *     404 for an unknown promotion (Decision 4).
         */
        PromotionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /** @description The request body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V3Error"];
            };
        };
        /** @description The `code` query parameter is missing or empty. */
        MissingCode: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorList"];
            };
        };
        /**
         * @description The store's request quota for the window is used up, or the endpoint's concurrent-request
         *     limit (`x-concurrency-limit`) is reached. Retry after `X-Rate-Limit-Time-Reset-Ms`.
         */
        TooManyRequests: {
            headers: {
                "X-Rate-Limit-Time-Reset-Ms": components["headers"]["X-Rate-Limit-Time-Reset-Ms"];
                "X-Rate-Limit-Time-Window-Ms": components["headers"]["X-Rate-Limit-Time-Window-Ms"];
                "X-Rate-Limit-Requests-Quota": components["headers"]["X-Rate-Limit-Requests-Quota"];
                "X-Rate-Limit-Requests-Left": components["headers"]["X-Rate-Limit-Requests-Left"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["V3Error"];
            };
        };
    };
    parameters: {
        /**
         * @description The MIME type of the response body. The vendor documents this header as required with the
         *     default `application/json`; it is deliberately NOT `required: true` here, because that
         *     would make every client that omits it fail validation while the vendor answers JSON
         *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
         *     accepted too (Decision 6). The only representation served is `application/json`.
         * @example application/json
         */
        Accept: string;
        /**
         * @description The MIME type of the request body: `application/json` (parameters such as
         *     `; charset=utf-8` allowed). The vendor documents this header as required with the default
         *     `application/json`; it is deliberately NOT `required: true` and has no enum here
         *     (Decision 6): a body sent in another media type is answered 415 by the request body's
         *     media type, not by this parameter.
         * @example application/json
         */
        ContentType: string;
        /**
         * @description The ID of the associated promotion (a string of digits).
         * @example 42
         */
        PromotionId: string;
        /**
         * @description The ID of the coupon code (a string of digits).
         * @example 1024
         */
        CodeId: string;
        /**
         * @description Number of codes per page, 1..250; 50 when absent.
         * @example 50
         */
        Limit: number;
        /**
         * @description A cursor for backwards pagination (a `start_cursor` of a previous answer): codes before
         *     that position. Cannot be used with `after` or `page` (422).
         * @example eyJpZCI6IjIzNzU1NyJ9
         */
        Before: string;
        /**
         * @description A cursor for forwards pagination (an `end_cursor` of a previous answer): codes after that
         *     position. Cannot be used with `before` or `page` (422).
         * @example eyJpZCI6IjIzNzU1NyJ9
         */
        After: string;
        /**
         * @deprecated
         * @description Page number, from 1 (deprecated: use the `before` / `after` cursors). Cannot be used with a
         *     cursor (422).
         * @example 1
         */
        Page: number;
        /**
         * @description Only codes with exactly this text.
         * @example TEST_COUPON
         */
        CodeFilter: string;
        /**
         * @description Only the codes of `id:in` with exactly this text (case-sensitive) are deleted; the others
         *     named in `id:in` are left alone (Decision 16). An empty value names no code, so nothing
         *     is deleted.
         * @example TEST_COUPON
         */
        DeleteCodeFilter: string;
        /**
         * @description The exact text of the coupon code (case-sensitive).
         * @example TEST_COUPON
         */
        CodeRequired: string;
        /**
         * @description Comma-separated ids of the codes to delete, e.g. `?id:in=11,12,13`: 1..250 integers.
         *     Missing or malformed: 422.
         * @example [
         *       11,
         *       12,
         *       13
         *     ]
         */
        IdIn: number[];
    };
    requestBodies: never;
    headers: {
        /**
         * @description Milliseconds until the current rate-limit window resets.
         * @example 15000
         */
        "X-Rate-Limit-Time-Reset-Ms": number;
        /**
         * @description Length of the rate-limit window in milliseconds (30000 for the store quota).
         * @example 30000
         */
        "X-Rate-Limit-Time-Window-Ms": number;
        /**
         * @description Requests allowed per window (150 or 450 for the store quota, by plan).
         * @example 150
         */
        "X-Rate-Limit-Requests-Quota": number;
        /**
         * @description Requests left in the current window.
         * @example 0
         */
        "X-Rate-Limit-Requests-Left": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listCouponCodes: {
        parameters: {
            query?: {
                /**
                 * @description A cursor for backwards pagination (a `start_cursor` of a previous answer): codes before
                 *     that position. Cannot be used with `after` or `page` (422).
                 * @example eyJpZCI6IjIzNzU1NyJ9
                 */
                before?: components["parameters"]["Before"];
                /**
                 * @description A cursor for forwards pagination (an `end_cursor` of a previous answer): codes after that
                 *     position. Cannot be used with `before` or `page` (422).
                 * @example eyJpZCI6IjIzNzU1NyJ9
                 */
                after?: components["parameters"]["After"];
                /**
                 * @deprecated
                 * @description Page number, from 1 (deprecated: use the `before` / `after` cursors). Cannot be used with a
                 *     cursor (422).
                 * @example 1
                 */
                page?: components["parameters"]["Page"];
                /**
                 * @description Number of codes per page, 1..250; 50 when absent.
                 * @example 50
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description Only codes with exactly this text.
                 * @example TEST_COUPON
                 */
                code?: components["parameters"]["CodeFilter"];
            };
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the promotion's coupon codes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CouponCodeCollection"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description A query or path value breaks its schema, or `before`/`after`/`page` are combined. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    createCouponCode: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description The MIME type of the request body: `application/json` (parameters such as
                 *     `; charset=utf-8` allowed). The vendor documents this header as required with the default
                 *     `application/json`; it is deliberately NOT `required: true` and has no enum here
                 *     (Decision 6): a body sent in another media type is answered 415 by the request body's
                 *     media type, not by this parameter.
                 * @example application/json
                 */
                "Content-Type"?: components["parameters"]["ContentType"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCouponCodeRequest"];
            };
        };
        responses: {
            /** @description The code was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CouponCodeResponse"];
                };
            };
            400: components["responses"]["MalformedBody"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The code already exists in this promotion, or the body breaks the schema. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteCouponCodes: {
        parameters: {
            query: {
                /**
                 * @description Comma-separated ids of the codes to delete, e.g. `?id:in=11,12,13`: 1..250 integers.
                 *     Missing or malformed: 422.
                 * @example [
                 *       11,
                 *       12,
                 *       13
                 *     ]
                 */
                "id:in": components["parameters"]["IdIn"];
                /**
                 * @description Only the codes of `id:in` with exactly this text (case-sensitive) are deleted; the others
                 *     named in `id:in` are left alone (Decision 16). An empty value names no code, so nothing
                 *     is deleted.
                 * @example TEST_COUPON
                 */
                code?: components["parameters"]["DeleteCodeFilter"];
            };
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The codes were deleted (ids that do not exist are skipped). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `id:in` is missing or malformed, or holds more than 250 ids. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkDeleteError"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    generateCouponCodes: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
                /**
                 * @description The MIME type of the request body: `application/json` (parameters such as
                 *     `; charset=utf-8` allowed). The vendor documents this header as required with the default
                 *     `application/json`; it is deliberately NOT `required: true` and has no enum here
                 *     (Decision 6): a body sent in another media type is answered 415 by the request body's
                 *     media type, not by this parameter.
                 * @example application/json
                 */
                "Content-Type"?: components["parameters"]["ContentType"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateCouponCodesRequest"];
            };
        };
        responses: {
            /** @description The codes were generated. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedCouponCodesResponse"];
                };
            };
            400: components["responses"]["MalformedBody"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            /**
             * @description The promotion is not a coupon promotion of coupon type BULK (`redemption_type` COUPON
             *     and `coupon_type` BULK are required).
             */
            405: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorWithMessage"];
                };
            };
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The body breaks the schema or a codegen rule (total length over 50). */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    getCouponCodeByCode: {
        parameters: {
            query: {
                /**
                 * @description The exact text of the coupon code (case-sensitive).
                 * @example TEST_COUPON
                 */
                code: components["parameters"]["CodeRequired"];
            };
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The codes with that text (none, one, or one per promotion that has it). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CouponCodeCollection"];
                };
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["MissingCode"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteCouponCodeByCode: {
        parameters: {
            query: {
                /**
                 * @description The exact text of the coupon code (case-sensitive).
                 * @example TEST_COUPON
                 */
                code: components["parameters"]["CodeRequired"];
            };
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deletion was successful or no code has that text. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["MissingCode"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteCouponCode: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The MIME type of the response body. The vendor documents this header as required with the
                 *     default `application/json`; it is deliberately NOT `required: true` here, because that
                 *     would make every client that omits it fail validation while the vendor answers JSON
                 *     anyway, and it has no enum because `*\/*` and `application/json; charset=utf-8` are
                 *     accepted too (Decision 6). The only representation served is `application/json`.
                 * @example application/json
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The ID of the associated promotion (a string of digits).
                 * @example 42
                 */
                promotion_id: components["parameters"]["PromotionId"];
                /**
                 * @description The ID of the coupon code (a string of digits).
                 * @example 1024
                 */
                code_id: components["parameters"]["CodeId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deletion was successful or the code (or its promotion) does not exist. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["MalformedRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description `promotion_id` or `code_id` is not a string of digits. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorList"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
}
