/**
 * What stands in front of a vendor's stateful layer: Prism's verdicts on routing and request
 * validation, decided by the fast path (fast-path.ts) where it can and by Prism where it
 * declines, and Prism's own mocking for `Prefer`. Prism is the truth and the fast path is held to
 * it (test/mock/fast-path.test.ts); Prism itself is loaded the first time it is needed, so a mock
 * that is only asked what the fast path decides never loads it (nor faker's locales): it starts
 * in a fraction of the time and carries a smaller heap for the collector to mark.
 */
import type { IHttpResponse } from '@stoplight/prism-http';
import type { Spec } from '../openapi/load.js';
import { FastPath } from './fast-path.js';
import type { GateInspection, GateRequest, GateRoute, Preference, PrismGate, PrismRefusal } from './prism-gate.js';
import { modelOf } from './prism-model.js';

export class RequestGate {
  private prismGate: Promise<PrismGate> | undefined;

  private constructor(
    private readonly spec: Spec,
    readonly fast: FastPath,
  ) {}

  static async create(spec: Spec): Promise<RequestGate> {
    return new RequestGate(spec, new FastPath(await modelOf(spec)));
  }

  /** Whether anything has needed Prism itself yet. */
  get prismRequested(): boolean {
    return this.prismGate !== undefined;
  }

  /** Prism over this spec, loaded and built on first use; a failed load is tried again next time. */
  prism(): Promise<PrismGate> {
    this.prismGate ??= import('./prism-gate.js')
      .then(({ PrismGate }) => PrismGate.create(this.spec))
      .catch((error: unknown) => {
        this.prismGate = undefined;
        throw error;
      });
    return this.prismGate;
  }

  /** The operation a method and path go to (404, 405), from method and path alone. */
  route(method: string, path: string): GateRoute | Promise<GateRoute> {
    return this.fast.route(method, path) ?? this.prism().then((prism) => prism.route(method, path));
  }

  /** What Prism's validator finds in a request routed to `request.operationId`. */
  async inspect(request: GateRequest): Promise<GateInspection> {
    const violations = this.fast.validate(request);
    if (violations) return { kind: 'validated', violations };
    return (await this.prism()).inspect(request);
  }

  /** Prism's own mocked answer (examples, `Prefer: code=/example=/dynamic=`). */
  async mock(request: GateRequest, preference: Preference): Promise<IHttpResponse | PrismRefusal> {
    return (await this.prism()).mock(request, preference);
  }
}
