import { createLogger } from '@stoplight/prism-core';
import {
  createInstance,
  type IHttpRequest,
  type IHttpResponse,
  type PrismHttpInstance,
} from '@stoplight/prism-http';
import type { IHttpOperation } from '@stoplight/types';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as E from 'fp-ts/lib/Either.js';
import type { Spec } from '../openapi/load.js';
import { compileTemplate, mostSpecific, type CompiledTemplate } from './path-templates.js';
import { prismOperationsOf } from './prism-model.js';
import { prismRequire } from './prism-modules.js';
import {
  violationsOf,
  withParseableAccept,
  type GateRequest,
  type GateRoute,
  type PrismDiagnostic,
  type PrismRefusal,
  type Preference,
  type Violation,
} from './prism-terms.js';

export type { GateRequest, GateRoute, Preference, PrismRefusal, Violation } from './prism-terms.js';

// Prism's router, the component its pipeline routes with, called alone (it needs no body). Loaded
// with require: it is CommonJS, and ESM loaders disagree on what its default import is.
const prismRoute = (prismRequire('./dist/router/index.js') as typeof import('@stoplight/prism-http/dist/router/index.js')).default;

/** What Prism's validator found in a request already routed to an operation. */
export type GateInspection = { kind: 'validated'; violations: Violation[] } | PrismRefusal;

// Prism's forward component is the one asynchronous extension point of its pipeline; we use it
// to learn what its validator found, and answer ourselves.
const FORWARDED = Symbol('forwarded');
interface Forwarded {
  [FORWARDED]: true;
  violations: Violation[];
}

/**
 * Prism in front of one vendor: routing (404/405), request validation against the spec, and
 * Prism's own example/`Prefer` mocking. Built once per spec. Routing reads only the method and
 * the path, so the mock decides 404/405 before it reads a body; validation and mocking are then
 * one Prism call over the one operation routed to.
 */
export class PrismGate {
  private readonly byPath: Array<CompiledTemplate<IHttpOperation[]>>;
  private readonly byId: Map<string, IHttpOperation>;

  private constructor(
    private readonly prism: PrismHttpInstance,
    operations: IHttpOperation[],
  ) {
    const groups = new Map<string, IHttpOperation[]>();
    for (const operation of operations) groups.set(operation.path, [...(groups.get(operation.path) ?? []), operation]);
    this.byPath = [...groups].map(([template, group]) => compileTemplate(template, group));
    this.byId = new Map(operations.flatMap((operation) => (operation.iid ? [[operation.iid, operation] as const] : [])));
  }

  static async create(spec: Spec): Promise<PrismGate> {
    const operations = await prismOperationsOf(spec);
    const logger = createLogger('prism', { level: 'silent' });
    const prism = createInstance(
      {
        isProxy: true,
        upstream: new URL('http://stateful-layer.invalid'),
        upstreamProxy: undefined,
        errors: true,
        validateRequest: true,
        validateResponse: false,
        checkSecurity: false,
        mock: { dynamic: false },
      },
      {
        logger,
        forward: (input, _baseUrl, _proxy, resource) => () =>
          TE.right({
            statusCode: 0,
            body: {
              [FORWARDED]: true,
              violations: violationsOf(input.validations as PrismDiagnostic[], resource?.request?.body !== undefined),
            } satisfies Forwarded,
          } as IHttpResponse),
      },
    );
    return new PrismGate(prism, operations);
  }

  /**
   * Prism's router over the operations of the most specific template that matches the path.
   * Prism alone would score and sort every operation on each request, take `/discount_codes/batch`
   * for `/discount_codes/{id}` when the method fits only the latter, and take an empty segment
   * (`/price_rules//discount_codes`) for a parameter's value. A path no template matches (a
   * parameter is one or more characters, as in the spec's own path templates) has no route.
   */
  route(method: string, path: string): GateRoute {
    const candidates = mostSpecific(this.byPath, path).flatMap((t) => t.value);
    if (candidates.length === 0) return { kind: 'no-route' };
    const routed = prismRoute({ resources: candidates, input: { method: method.toLowerCase() as IHttpRequest['method'], url: { path } } });
    if (E.isLeft(routed)) return fromPrismError(routed.left) as GateRoute;
    return { kind: 'operation', operationId: routed.right.iid ?? '' };
  }

  /** Validates a request routed to `request.operationId`; never answers for the stateful layer. */
  async inspect(request: GateRequest): Promise<GateInspection> {
    const operations = this.routedTo(request);
    let outcome: Awaited<ReturnType<ReturnType<PrismHttpInstance['request']>>>;
    try {
      outcome = await this.prism.request(toPrismRequest(request), operations)();
    } catch (error) {
      // Prism's form-body reader decodes field names without a guard: `%zz=1` throws out of its
      // pipeline. That is the client's malformed body, answered 400, not the mock's failure. On the
      // request path the body stage answers it first (stages/body.ts); this keeps the gate from
      // throwing on a client's body whoever asks it.
      if (error instanceof URIError) return { kind: 'prism-error', status: 400, title: 'Bad Request', detail: `The request body has malformed percent-encoding (${error.message})` };
      throw error;
    }
    if (E.isLeft(outcome)) return asRefusal(fromPrismError(outcome.left));
    const body = outcome.right.output.body as Partial<Forwarded> | undefined;
    if (body && body[FORWARDED]) return { kind: 'validated', violations: body.violations ?? [] };
    return { kind: 'prism-error', status: 500, title: 'Internal Server Error', detail: 'Prism answered without forwarding' };
  }

  /** Prism's own mocked answer (examples, `Prefer: code=/example=/dynamic=`) for the routed operation. */
  async mock(request: GateRequest, preference: Preference): Promise<IHttpResponse | PrismRefusal> {
    const outcome = await this.prism.request(toPrismRequest(request), this.routedTo(request), {
      isProxy: false,
      errors: false,
      validateRequest: true,
      validateResponse: false,
      checkSecurity: false,
      upstreamProxy: undefined,
      mock: { dynamic: preference.dynamic ?? false, code: preference.code, exampleKey: preference.example },
    })();
    if (E.isLeft(outcome)) return asRefusal(fromPrismError(outcome.left));
    return outcome.right.output;
  }

  private routedTo(request: GateRequest): IHttpOperation[] {
    const operation = this.byId.get(request.operationId);
    if (!operation) throw new Error(`the Prism gate has no operation ${request.operationId}`);
    return [operation];
  }
}

function toPrismRequest(request: GateRequest): IHttpRequest {
  return {
    method: request.method.toLowerCase() as IHttpRequest['method'],
    url: { path: request.path, query: request.query },
    headers: withParseableAccept(request.headers),
    body: request.body,
  };
}

/** Prism's routing errors for an operation it was handed are not expected; if one comes, it is a refusal. */
function asRefusal(result: GateRoute): PrismRefusal {
  return result.kind === 'prism-error' ? result : { kind: 'prism-error', status: 500, title: 'Internal Server Error', detail: `Prism did not route to the operation routed to (${result.kind})` };
}

function fromPrismError(error: Error & { status?: number; detail?: string; name: string }): GateRoute {
  if (error.name.endsWith('NO_PATH_MATCHED_ERROR')) return { kind: 'no-route' };
  if (error.name.endsWith('NO_METHOD_MATCHED_ERROR')) return { kind: 'method-not-allowed' };
  return {
    kind: 'prism-error',
    status: error.status ?? 500,
    title: error.message,
    detail: error.detail ?? error.message,
  };
}
