// generated from spec/elasticpath.yaml by npm run generate; do not edit

export interface paths {
    "/oauth/access_token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token (client_credentials or implicit)
         * @description Answers an access token for `Authorization: Bearer <access_token>`. `client_credentials`
         *     (with `client_id` and `client_secret`) gives a token for reads and writes, `implicit`
         *     (with `client_id` only) a read-only one. Elastic Path's SDK calls this by itself the first
         *     time it needs a token, and again when one expires or is refused with 401.
         *
         *     The request is form data (`application/x-www-form-urlencoded`), as the vendor's token
         *     pages document it and as its JavaScript SDK and its CLI (epcc-cli) send it. The answer's
         *     fields are those of the vendor's page and of epcc-cli's `ApiTokenResponse`: `expires` is
         *     the Unix time (seconds) the token stops working, `expires_in` the seconds until then.
         *
         *     **Decisions (ours):** the mock knows no application keys, so it accepts any `client_id`
         *     and `client_secret`; a `client_credentials` request without `client_secret` is a 400.
         *     The mock also takes the same fields as a JSON object (the vendor documents form data
         *     only), so that the contract engine, which sends JSON, can check this operation on the
         *     mock; a contract run against another target skips it (it has no application keys).
         *     The mock does not expire its tokens; its `implicit` tokens start with `readonly`, the
         *     prefix by which the mock grants only `promotions:read`. With `--tokens`, only the listed
         *     tokens are accepted, so the tokens this endpoint issues are refused (401).
         */
        post: operations["createAccessToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/rule-promotions/{promotionID}/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        /**
         * List the jobs of a promotion
         * @description Lists the promotion's jobs, newest first. This is also how a client follows one job: there
         *     is no endpoint to read a single job, so poll this list with a filter such as
         *     `filter=eq(status,completed)` or `filter=eq(job_type,code_export)` and find the job by
         *     `id`.
         *
         *     **Decisions:** `filter` accepts `eq(status,<status>)` and `eq(job_type,<job_type>)`, one or
         *     two joined by `:`; paging by `page[limit]` (1..100, default 25) and `page[offset]`
         *     (0..10000) as for codes. A malformed query parameter is a 400 (`x-validation-status`).
         */
        get: operations["listPromotionJobs"];
        put?: never;
        /**
         * Start a promotion job (bulk generate or export codes)
         * @description Starts an asynchronous job on the promotion: `code_generate` generates
         *     `parameters.number_of_codes` codes, `code_export` produces a file of the promotion's codes.
         *     Answers 201 with the job in status `pending`. There is no endpoint to read a single job:
         *     poll `listPromotionJobs` with a filter (e.g. `filter=eq(status,completed)`) and find the
         *     job by `id`.
         *
         *     Rules a schema cannot express (also in `x-rules`):
         *     - At most one `pending` or `processing` job per promotion; another one gets 400
         *       `Too many jobs` (jobs of different promotions run side by side).
         *     - A promotion holds at most 1000 codes. A generate job that would take it past 1000 is
         *       accepted, then ends `failed` with error `codes limit exceeded`.
         *     - Generated codes: random characters from `a-z0-9`, a `-` after every four
         *       (`aa2b-3c4d`), the prefix in front (`summer-aa2b-3c4d`; one `-` is added unless the
         *       prefix ends with `-`). **Decision:** `code_length` (integer 8..16, default 8; the
         *       vendor's table says string) counts the random characters only, not the dashes.
         *     - Generated codes are unique in the promotion, case-insensitively.
         *     - A `code_export` job ends `completed` with a file (see `getPromotionJobFile`).
         *     - Cancelling (`cancelPromotionJob`) moves a pending or processing job to `cancelling`,
         *       then `cancelled`, and removes the codes it generated.
         *
         *     **Decisions:** `data.type` is `promotion_job` (the vendor's curl example sends
         *     `promotion_codes`, a documentation error); `code_export` takes no `parameters`;
         *     `code_prefix` is at most 20 of `a-z 0-9 -` (ours). A request that breaks the schema is a
         *     422 (`x-validation-status`).
         */
        post: operations["createPromotionJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/rule-promotions/{promotionID}/jobs/{jobID}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion job.
                 * @example 9bc1391c-1b65-419e-940e-66ed86c07001
                 */
                jobID: components["parameters"]["JobID"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending or processing job
         * @description Cancels a `pending` or `processing` job: answers 200 with the job in status `cancelling`;
         *     the job then becomes `cancelled` and the codes it generated are removed (counted in
         *     `result.deleted`). A job in any other status (completed, failed, cancelling, cancelled) is
         *     a 422. The request has no body.
         *
         *     **Decision:** a malformed job or promotion ID is a 400 (`x-validation-status`).
         */
        post: operations["cancelPromotionJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/rule-promotions/{promotionID}/jobs/{jobID}/file": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion job.
                 * @example 9bc1391c-1b65-419e-940e-66ed86c07001
                 */
                jobID: components["parameters"]["JobID"];
            };
            cookie?: never;
        };
        /**
         * Get the link to a code-export job's file
         * @description Answers a link to the file of a `completed` `code_export` job. Until then (and always for
         *     a `code_generate` job, which has no file) it is a 422.
         *
         *     **Decision:** the answer is `{"href": "<url>"}` at the top level, not wrapped in `data`
         *     (the vendor's table and its SDK type `CodeFileHref`). A malformed ID is a 400
         *     (`x-validation-status`).
         */
        get: operations["getPromotionJobFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/rule-promotions/{promotionID}/codes": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        /**
         * List the codes of a promotion
         * @description Lists the promotion's codes, in the order they were created unless `sort` says otherwise.
         *     `filter` selects codes by their text, case-insensitively: `eq(code,summer2024)` (is there
         *     such a code?), `gt(code,2024)` (codes after it); terms joined by `:` must all hold. A value
         *     with characters other than letters, digits, `-`, `_`, `.` and `@` is written in double
         *     quotes, with `\"` and `\\` inside (`eq(code,"a:b")`). `sort=code` or `sort=-code` orders
         *     by the code, case-insensitively. Paging: `page[limit]` (1..100, default 25) and
         *     `page[offset]` (0..10000); `meta.results.total` counts the codes the filter selects.
         *
         *     **Decisions:** `gt` compares the lower-cased texts by code point (the vendor's table says
         *     `string, number` and gives `gt(code,2024)`, without saying how); paging parameters as the
         *     vendor's SDK sends them (`RulePromotions.Limit(n).Offset(m).Codes(id)`), which its file
         *     does not list for this operation. A malformed query parameter is a 400
         *     (`x-validation-status`).
         */
        get: operations["listPromotionCodes"];
        put?: never;
        /**
         * Create promotion codes
         * @description Adds the listed codes to the promotion. Answers 201 with the created codes as an array:
         *     `{"data": [{code}, ...], "messages"?: [...]}`.
         *
         *     Rules a schema cannot express (also in `x-rules`):
         *     - Codes are case-insensitive and unique within the promotion: a code the promotion already
         *       has, or a code repeated in the request, is a 422 `Duplicate code` and nothing of the
         *       request is created.
         *     - The same code in another promotion is allowed: 201, with a `messages` entry titled
         *       `Duplicate code names` naming those codes.
         *     - A first-time shopper code (`is_for_new_shopper: true`) cannot have a limit (`uses`,
         *       `max_uses`, `max_uses_per_shopper`) nor a `user`: 400 `Invalid Code`.
         *     - `max_uses_per_shopper.includes_guests` needs `max_uses_per_shopper.max_uses`: 400
         *       `missing_dependency`.
         *     - `max_uses_per_shopper` works with the `per_checkout` consume unit only: with
         *       `per_application` it is a 422 `Unsupported consume unit`.
         *     - An automatic promotion takes no codes: 422 `No codes allowed`.
         *     Any of these refuses the whole request (nothing is created).
         *
         *     **Decisions:** at most 1000 codes per request; code text 1..255 characters without leading
         *     or trailing whitespace (ours); `uses` (the documented limit) and `max_uses` (the SDK's
         *     name) are synonyms, not both on one code; `consume_unit` is per code; `user` is any
         *     customer identifier of 1..255 characters. A body that breaks the schema is a 400
         *     (`x-validation-status`, as the vendor lists); so is a number JSON cannot hold (`1e309`).
         */
        post: operations["createPromotionCodes"];
        /**
         * Delete promotion codes by their text
         * @description Deletes the listed codes from the promotion, matching `code` case-insensitively. Answers
         *     204 with no body.
         *
         *     **Decisions:** an entry may carry any other field, which is ignored: the entries of a
         *     create body or the codes exactly as `listPromotionCodes` answered them can be sent back
         *     as they are (the vendor's delete body is its create body's type, and its example sends
         *     create entries). Codes the promotion does not have are ignored (still 204); at most 1000
         *     codes per request (ours). A body that breaks the schema is a 400
         *     (`x-validation-status`, as the vendor lists).
         */
        delete: operations["deletePromotionCodes"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/rule-promotions/{promotionID}/codes/{codeID}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion code.
                 * @example 2d1b6c3e-7f4a-4b5c-9d8e-1f2a3b4c5d6e
                 */
                codeID: components["parameters"]["CodeID"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete one promotion code by its ID
         * @description Deletes one code of the promotion. Answers 204 with no body.
         *
         *     **Decisions:** a code ID the promotion does not have is a 404; a malformed ID is a 400
         *     (`x-validation-status`).
         */
        delete: operations["deletePromotionCode"];
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
         * @description Open: parameters it does not name are ignored, as OAuth 2.0 (RFC 6749, section 3.2)
         *     requires of a token endpoint.
         */
        AccessTokenRequest: {
            /** @enum {string} */
            grant_type: "client_credentials" | "implicit";
            client_id: string;
            /** @description Required with `client_credentials` (x-rules `secretRequiredFor`). */
            client_secret?: string;
        };
        AccessTokenResponse: {
            access_token: string;
            /** @constant */
            token_type: "Bearer";
            /** @description When the token stops working, in Unix seconds. */
            expires: number;
            /** @description Seconds until the token stops working. */
            expires_in: number;
            /**
             * @description The grant the token came from.
             * @enum {string}
             */
            identifier?: "client_credentials" | "implicit";
        };
        /**
         * Format: uuid
         * @description A lower-case UUID.
         */
        Uuid: string;
        /**
         * @description `per_checkout` (the default): a use is counted once per checkout, whatever the cart holds.
         *     `per_application`: each application counts (for item discounts, each quantity or bundle).
         *     (The defaults live in referenced schemas so that openapi-typescript keeps the request
         *     fields optional.)
         * @default per_checkout
         * @enum {string}
         */
        ConsumeUnit: "per_application" | "per_checkout";
        /**
         * @description `pending` -> `processing` -> `completed` or `failed`; `pending` or `processing` ->
         *     `cancelling` -> `cancelled` when cancelled.
         * @enum {string}
         */
        JobStatus: "pending" | "processing" | "completed" | "failed" | "cancelling" | "cancelled";
        /** @description The name of the job (at most 50 characters). */
        JobName: string;
        /**
         * @description The number of random characters of a generated code (8 to 16, default 8). **Decision:**
         *     the dashes added after every four characters are not counted; the vendor's table types
         *     this as a string but it is an integer.
         * @default 8
         */
        CodeLength: number;
        CodeGenerateParameters: {
            /**
             * @description How many codes to generate: 1 to 1000 (a promotion holds at most 1000 codes; a job
             *     that would pass that ends `failed` with `codes limit exceeded`).
             */
            number_of_codes: number;
            /** @description How many times each code can be used. 0 - the code cannot be used; absent - unlimited. */
            max_uses_per_code?: number;
            consume_unit?: components["schemas"]["ConsumeUnit"];
            /**
             * @description Put in front of each code as sent, with a `-` between unless the prefix ends with `-`
             *     (`summer` or `summer-` give `summer-aa2b-3c4d`, `SUMMER-` gives `SUMMER-aa2b-3c4d`).
             *     **Decision (ours):** at most 20 letters (either case), digits, `_` and single `-`
             *     between them or at the end; the vendor documents no limit and writes `SUMMER-` and
             *     `summer-` in its examples.
             */
            code_prefix?: string;
            code_length?: components["schemas"]["CodeLength"];
        };
        /** Code generate job */
        PromotionJobGenerateData: {
            /**
             * @description Always `promotion_job` (the vendor's curl example says `promotion_codes`, a documentation error).
             * @constant
             */
            type: "promotion_job";
            /** @constant */
            job_type: "code_generate";
            name?: components["schemas"]["JobName"];
            parameters: components["schemas"]["CodeGenerateParameters"];
        };
        /** Code export job */
        PromotionJobExportData: {
            /**
             * @description Always `promotion_job`.
             * @constant
             */
            type: "promotion_job";
            /** @constant */
            job_type: "code_export";
            name?: components["schemas"]["JobName"];
        };
        PromotionJobRequest: {
            /**
             * @description A generate job (needs `parameters`) or an export job (takes none), told apart by
             *     `job_type`.
             */
            data: components["schemas"]["PromotionJobGenerateData"] | components["schemas"]["PromotionJobExportData"];
        };
        Timestamps: {
            timestamps: {
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                updated_at: string;
            };
        };
        JobResult: {
            /** @description Codes generated by the job so far. */
            generated: number;
            /**
             * @description Codes of the job removed again (by a cancel). The vendor's `GenerateResult` allows
             *     `null`; our mock always sends a number.
             */
            deleted: number | null;
        };
        /**
         * @description A job. A generate job always carries its `parameters`; an export job has none. Told apart
         *     by the `job_type` constant (see Decisions for why there is no `discriminator` keyword).
         */
        PromotionJob: components["schemas"]["PromotionJobGenerate"] | components["schemas"]["PromotionJobExport"];
        /** Code generate job */
        PromotionJobGenerate: {
            /** @constant */
            type: "promotion_job";
            id: components["schemas"]["Uuid"];
            rule_promotion_id: components["schemas"]["Uuid"];
            /** @constant */
            job_type: "code_generate";
            name?: components["schemas"]["JobName"];
            parameters: components["schemas"]["CodeGenerateParameters"];
            status: components["schemas"]["JobStatus"];
            result?: components["schemas"]["JobResult"];
            /** @description Why the job failed, e.g. `codes limit exceeded`. Present on `failed` jobs. */
            error?: string;
            meta: components["schemas"]["Timestamps"];
        };
        /** Code export job */
        PromotionJobExport: {
            /** @constant */
            type: "promotion_job";
            id: components["schemas"]["Uuid"];
            rule_promotion_id: components["schemas"]["Uuid"];
            /** @constant */
            job_type: "code_export";
            name?: components["schemas"]["JobName"];
            status: components["schemas"]["JobStatus"];
            result?: components["schemas"]["JobResult"];
            /** @description Why the job failed, e.g. `codes limit exceeded`. Present on `failed` jobs. */
            error?: string;
            meta: components["schemas"]["Timestamps"];
        };
        PromotionJobResponse: {
            data: components["schemas"]["PromotionJob"];
        };
        PageLinks: {
            current: string | null;
            first: string | null;
            last: string | null;
            next: string | null;
            prev: string | null;
        };
        ListMeta: {
            page: {
                limit: number;
                offset: number;
                /** @description The number of this page, from 1. */
                current: number;
                /** @description The number of pages. */
                total: number;
            };
            results: {
                /** @description The number of records in all pages. */
                total: number;
            };
        };
        PromotionJobListResponse: {
            data: components["schemas"]["PromotionJob"][];
            links: components["schemas"]["PageLinks"];
            meta: components["schemas"]["ListMeta"];
        };
        JobFileResponse: {
            /**
             * Format: uri
             * @description Where to download the export file. Elastic Path links to https storage; the pattern also admits http so that a local stand-in (such as our mock on loopback) conforms. The pattern spells out an http(s) URL (a host name or IPv4 address, port, path, query; RFC 3986 characters and percent escapes) rather than "no spaces", so that a value made up from it (the mock's `Prefer: dynamic=true`) is a URI too.
             */
            href: string;
        };
        /**
         * @description The code. Case-insensitive: `SUMMER` and `summer` are the same code.
         *     **Decision (ours):** 1 to 255 characters, no leading or trailing whitespace.
         */
        CodeText: string;
        /**
         * @description The shopper who alone may use the code: a customer ID, as the vendor's own examples write
         *     it (`customer-id-123`, `vip_shopper@email.com`, a UUID). Account user IDs are not
         *     supported by the vendor. **Decision (ours):** 1 to 255 characters without leading or
         *     trailing whitespace; the vendor documents no format.
         */
        ShopperId: string;
        MaxUsesPerShopper: {
            /** @description How many times one shopper may use the code. Not with the `per_application` consume unit (a 422). */
            max_uses?: number;
            /**
             * @description Whether guest shoppers (a cart with an e-mail) may use the code within the limit;
             *     `false`: guests cannot use it. Needs `max_uses` (without it, a 400
             *     `missing_dependency`).
             * @default false
             */
            includes_guests?: boolean;
        };
        PromotionCodeInput: {
            code: components["schemas"]["CodeText"];
            /** @description How many times the code can be used. 0 - it cannot be used; absent - unlimited. */
            uses?: number;
            /** @description A synonym of `uses` (the vendor SDK's name); not both on one code. */
            max_uses?: number;
            user?: components["schemas"]["ShopperId"];
            consume_unit?: components["schemas"]["ConsumeUnit"];
            max_uses_per_shopper?: components["schemas"]["MaxUsesPerShopper"];
            /**
             * @description Only shoppers who never paid an order may use the code. Such a code cannot have a limit
             *     (`uses`, `max_uses`, `max_uses_per_shopper`) nor a `user` (a 400 `Invalid Code`).
             */
            is_for_new_shopper?: boolean;
        };
        PromotionCodesRequest: {
            data: {
                /** @constant */
                type: "promotion_codes";
                codes: components["schemas"]["PromotionCodeInput"][];
            };
        };
        CodeTimestamps: {
            timestamps: {
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                updated_at?: string;
            };
        };
        /**
         * @description A code as the API answers it (create and list). Only `id` and `code` are required: the
         *     vendor's file requires nothing and its create example has neither `uses` nor `meta`; our
         *     mock always sends every field below that applies.
         */
        PromotionCode: {
            /** @constant */
            type?: "promotion_codes";
            id: components["schemas"]["Uuid"];
            code: components["schemas"]["CodeText"];
            /** @description How many times the code has been used (0 when created). */
            uses?: number;
            /** @description The limit on uses. 0 - the code cannot be used; absent - unlimited. */
            max_uses?: number;
            user?: components["schemas"]["ShopperId"];
            consume_unit?: components["schemas"]["ConsumeUnit"];
            max_uses_per_shopper?: components["schemas"]["MaxUsesPerShopperAnswer"];
            is_for_new_shopper?: boolean;
            /** @description Who created the code (a client ID, or the ID of the job that generated it). */
            created_by?: string;
            meta?: components["schemas"]["CodeTimestamps"];
        };
        /** @description `max_uses_per_shopper` as answered (open, like every response schema). */
        MaxUsesPerShopperAnswer: {
            max_uses?: number;
            includes_guests?: boolean;
        };
        Message: {
            /** @description E.g. `Duplicate code names`. */
            title: string;
            description: string;
            source?: {
                type: string;
                codes?: components["schemas"]["CodeText"][];
            };
        };
        /**
         * @description The created codes as an array in `data` (as the vendor's `CreatePromotionCodesResponse`
         *     and its example), with `messages` when some codes also exist in other promotions.
         */
        PromotionCodesCreatedResponse: {
            data: components["schemas"]["PromotionCode"][];
            messages?: components["schemas"]["Message"][];
        };
        PromotionCodeListResponse: {
            data: components["schemas"]["PromotionCode"][];
            links: components["schemas"]["PageLinks"];
            meta: components["schemas"]["ListMeta"];
        };
        /**
         * @description A code to delete, matched by `code` (case-insensitively). **Decision:** any other field is
         *     allowed and ignored, so that the entries of a create body, or the codes exactly as
         *     `listPromotionCodes` answered them (`id`, `uses`, `meta`, ...), can be sent back as they
         *     are: the vendor's delete body is its create body's type (`PromotionCodesRequest`), an
         *     open schema, and its SDK's `DeleteCodes` sends whatever entries it is given.
         */
        PromotionCodeToDelete: {
            code: components["schemas"]["CodeText"];
        } & {
            [key: string]: unknown;
        };
        PromotionCodesDeleteRequest: {
            data: {
                /** @constant */
                type: "promotion_codes";
                codes: components["schemas"]["PromotionCodeToDelete"][];
            };
        };
        Error: {
            /**
             * @description The HTTP status. A string (`"422"`) in the vendor's examples and from our mock;
             *     **Decision:** an integer is also accepted, as other Elastic Path services send one.
             */
            status: string | number;
            title: string;
            detail?: string;
            /**
             * @description Where the error is, as a string (the vendor's `Response.Error` and its examples): a
             *     body field as a dotted path with array indexes (`data.codes.0.code`), or the name of
             *     the query or path parameter (`page[limit]`, `promotionID`); the vendor sends `""` for
             *     an error of a code as a whole (e.g. `Invalid Code`).
             */
            source?: string;
        };
        ErrorResponse: {
            errors: components["schemas"]["Error"][];
        };
    };
    responses: {
        /**
         * @description The `Accept` header rules out `application/json`, the only representation these endpoints
         *     answer (`*\/*`, `application/*` and a missing header are fine). The vendor's pages are
         *     silent on `Accept`; the mock answers 406 here as the other two platforms document it.
         */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The request body is larger than the server takes (the mock: 1 MiB), on any endpoint: a
         *     gateway refuses an oversized body before an endpoint reads it. The vendor's pages name no
         *     413; the body is its usual error envelope.
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token is missing, malformed, expired or unknown. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The token is valid but lacks the scope the operation needs (`promotions:write` for writes). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The promotion does not exist. */
        PromotionNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The promotion, or the job in that promotion, does not exist. */
        JobNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The promotion, or the code in that promotion, does not exist. */
        CodeNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A query parameter (or the promotion ID) is malformed or out of range. */
        BadQuery: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description A path ID is not a UUID. */
        BadPathId: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description Rate limit exceeded: 100 requests per second per store, 25 per second on development
         *     stores (see the root-level `x-rate-limit`).
         */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The unique identifier (UUID) of the rule promotion.
         * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
         */
        PromotionID: string;
        /**
         * @description The unique identifier (UUID) of the promotion job.
         * @example 9bc1391c-1b65-419e-940e-66ed86c07001
         */
        JobID: string;
        /**
         * @description The unique identifier (UUID) of the promotion code.
         * @example 2d1b6c3e-7f4a-4b5c-9d8e-1f2a3b4c5d6e
         */
        CodeID: string;
        /**
         * @description Filters the jobs: `eq(status,<status>)` and/or `eq(job_type,<job_type>)`, two joined by
         *     `:` (AND). Example: `eq(status,completed)`, `eq(job_type,code_export):eq(status,completed)`.
         */
        JobFilter: string;
        /**
         * @description Selects codes by their text, case-insensitively: `eq(code,<code>)`, `gt(code,<code>)`,
         *     terms joined by `:` (AND). A value with characters other than letters, digits, `-`, `_`,
         *     `.`, `@` is double-quoted, with `\"` and `\\` escaped inside.
         */
        CodeFilter: string;
        /** @description `code` (increasing) or `-code` (decreasing), case-insensitively; absent: creation order. */
        CodeSort: "code" | "-code";
        /**
         * @description The number of records per page (1 to 100, default 25).
         * @example 100
         */
        PageLimit: number;
        /**
         * @description The number of records to skip (0 to 10000).
         * @example 0
         */
        PageOffset: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["AccessTokenRequest"];
                "application/json": components["schemas"]["AccessTokenRequest"];
            };
        };
        responses: {
            /** @description The token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponse"];
                };
            };
            /**
             * @description The request breaks the schema (an unknown `grant_type`, no `client_id`), or a
             *     `client_credentials` request has no `client_secret`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    listPromotionJobs: {
        parameters: {
            query?: {
                /**
                 * @description Filters the jobs: `eq(status,<status>)` and/or `eq(job_type,<job_type>)`, two joined by
                 *     `:` (AND). Example: `eq(status,completed)`, `eq(job_type,code_export):eq(status,completed)`.
                 */
                filter?: components["parameters"]["JobFilter"];
                /**
                 * @description The number of records per page (1 to 100, default 25).
                 * @example 100
                 */
                "page[limit]"?: components["parameters"]["PageLimit"];
                /**
                 * @description The number of records to skip (0 to 10000).
                 * @example 0
                 */
                "page[offset]"?: components["parameters"]["PageOffset"];
            };
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the promotion's jobs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionJobListResponse"];
                };
            };
            400: components["responses"]["BadQuery"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createPromotionJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromotionJobRequest"];
            };
        };
        responses: {
            /** @description The job was created in status `pending`. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionJobResponse"];
                };
            };
            /** @description Too many jobs: the promotion already has a `pending` or `processing` job. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description The body (or a path ID) breaks the schema: wrong `type`, unknown `job_type`,
             *     `number_of_codes` outside 1..1000, `code_length` outside 8..16, `name` over 50
             *     characters, `parameters` missing on a generate job or present on an export job, an
             *     unknown field, a malformed promotion ID.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    cancelPromotionJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion job.
                 * @example 9bc1391c-1b65-419e-940e-66ed86c07001
                 */
                jobID: components["parameters"]["JobID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job is being cancelled (status `cancelling`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionJobResponse"];
                };
            };
            400: components["responses"]["BadPathId"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["JobNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description The job is not `pending` or `processing`, so it cannot be cancelled. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    getPromotionJobFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion job.
                 * @example 9bc1391c-1b65-419e-940e-66ed86c07001
                 */
                jobID: components["parameters"]["JobID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The link to the export file. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobFileResponse"];
                };
            };
            400: components["responses"]["BadPathId"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["JobNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            /** @description There is no file yet; the job is not a completed `code_export` job. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    listPromotionCodes: {
        parameters: {
            query?: {
                /**
                 * @description Selects codes by their text, case-insensitively: `eq(code,<code>)`, `gt(code,<code>)`,
                 *     terms joined by `:` (AND). A value with characters other than letters, digits, `-`, `_`,
                 *     `.`, `@` is double-quoted, with `\"` and `\\` escaped inside.
                 */
                filter?: components["parameters"]["CodeFilter"];
                /** @description `code` (increasing) or `-code` (decreasing), case-insensitively; absent: creation order. */
                sort?: components["parameters"]["CodeSort"];
                /**
                 * @description The number of records per page (1 to 100, default 25).
                 * @example 100
                 */
                "page[limit]"?: components["parameters"]["PageLimit"];
                /**
                 * @description The number of records to skip (0 to 10000).
                 * @example 0
                 */
                "page[offset]"?: components["parameters"]["PageOffset"];
            };
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the promotion's codes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionCodeListResponse"];
                };
            };
            400: components["responses"]["BadQuery"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    createPromotionCodes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromotionCodesRequest"];
            };
        };
        responses: {
            /**
             * @description The codes were created. When some of them already exist in other promotions, they
             *     are still created and `messages` says so.
             */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionCodesCreatedResponse"];
                };
            };
            /**
             * @description The body (or the promotion ID) breaks the schema: wrong `type`, no codes, more than
             *     1000 codes, an empty or too long code, `uses` and `max_uses` on the same code, an
             *     unknown field, a number JSON cannot hold. Also a first-time shopper code with a limit
             *     or a user (`Invalid Code`), and `includes_guests` without `max_uses`
             *     (`missing_dependency`).
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description A code already exists in this promotion (case-insensitively) or is repeated in the
             *     request; `max_uses_per_shopper` is sent with the `per_application` consume unit; or the
             *     promotion is automatic (it takes no codes).
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            429: components["responses"]["TooManyRequests"];
        };
    };
    deletePromotionCodes: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromotionCodesDeleteRequest"];
            };
        };
        responses: {
            /** @description The codes were deleted (codes the promotion did not have are ignored). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The body (or the promotion ID) breaks the schema: wrong `type`, no codes, more than
             *     1000 codes, an entry without `code`, an unknown field.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["PromotionNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deletePromotionCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The unique identifier (UUID) of the rule promotion.
                 * @example 8c150382-b258-4c88-a2d4-b9ea0be74a07
                 */
                promotionID: components["parameters"]["PromotionID"];
                /**
                 * @description The unique identifier (UUID) of the promotion code.
                 * @example 2d1b6c3e-7f4a-4b5c-9d8e-1f2a3b4c5d6e
                 */
                codeID: components["parameters"]["CodeID"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The code was deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadPathId"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["CodeNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
        };
    };
}
