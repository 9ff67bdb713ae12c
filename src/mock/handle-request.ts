import type { IncomingMessage, ServerResponse } from 'node:http';
import { endAtTurnEnd } from './end-of-turn.js';
import { createRequestState, type RequestState, type Stage } from './request-state.js';
import { failureHooksOf, type MockRuntime } from './runtime.js';
import type { MockResponse } from './types.js';
import { serveAdmin } from './stages/admin-api.js';
import { authorize } from './stages/authorize.js';
import { discardUnreadBody, parseBody, readBody } from './stages/body.js';
import { allowCrossOrigin, answerPreflight } from './stages/cross-origin.js';
import { handle, spendLatency } from './stages/handle.js';
import { limitConcurrency } from './stages/limit.js';
import { logRequest } from './stages/log.js';
import { negotiate } from './stages/negotiate.js';
import { answerPreference } from './stages/prefer.js';
import { serveRawRoute } from './stages/raw-routes.js';
import { route } from './stages/route.js';
import { checkPath, selectVendor } from './stages/select-vendor.js';
import { failureAnswer } from './plugin-failure.js';
import { recoverStore } from './stages/store-health.js';
import { validate } from './stages/validate.js';

/**
 * The request path, in order. Each stage answers or passes on; the first answer is sent. The
 * admin API and a plugin's raw routes answer early; a vendor request goes the whole way. A
 * request is routed (404, 405) before its body is read, so what the body holds never changes
 * whether a path exists.
 */
export const REQUEST_PATH: readonly Stage[] = [
  allowCrossOrigin,
  answerPreflight,
  serveAdmin,
  serveRawRoute,
  selectVendor,
  route,
  checkPath,
  readBody,
  parseBody,
  negotiate,
  authorize,
  validate,
  answerPreference,
  recoverStore,
  limitConcurrency,
  handle,
];

/** Runs the stages over one request; whatever goes wrong inside becomes an answer, never an exception. */
export async function answer(state: RequestState, runtime: MockRuntime, stages: readonly Stage[] = REQUEST_PATH): Promise<MockResponse> {
  try {
    for (const stage of stages) {
      const response = await stage(state, runtime);
      if (response) return response;
    }
    return { status: 404, body: { status: 404, title: 'Not Found', detail: `Nothing answers ${state.method} ${state.path}` } };
  } catch (error) {
    return failureAnswer(error, state.vendor?.app, failureHooksOf(runtime));
  } finally {
    for (const cleanup of state.cleanups.splice(0)) await cleanup();
  }
}

/** A request through the stages, then out on the wire and into the request log. */
export async function handleRequest(runtime: MockRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const state = createRequestState({ method: req.method, url: req.url, headers: req.headers, headersDistinct: req.headersDistinct, body: req, connection: { req, res } });
  const response = await answer(state, runtime);
  await discardUnreadBody(state);
  if (state.vendor) await spendLatency(state, runtime);
  const sentJson = await send(res, response, state.responseHeaders);
  try {
    logRequest(state, runtime, response, sentJson);
  } catch (error) {
    // The answer is out; a body the log cannot hold (nested past the stack) must not cost the connection.
    runtime.log?.(`mock: request not logged: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Sends the answer; returns the JSON text the body went out as, when it was serialized here (the request log keeps that). */
export async function send(res: ServerResponse, response: MockResponse, extraHeaders: Record<string, string> = {}): Promise<string | undefined> {
  if (res.headersSent || res.destroyed) return undefined;
  let json: string | undefined;
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  let payload: string | undefined;
  if (response.stream) {
    headers['Content-Type'] = response.contentType ?? 'application/json';
  } else if (response.body !== undefined && response.status !== 204) {
    if (typeof response.body === 'string' && response.contentType) {
      payload = response.body;
      headers['Content-Type'] = response.contentType;
    } else {
      payload = json = JSON.stringify(response.body);
      headers['Content-Type'] = response.contentType ?? 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type' && name !== 'Content-Type') delete headers[name];
  res.writeHead(response.status, headers);
  if (response.stream && res.req.method !== 'HEAD') {
    await writeStream(res, response.stream);
    return undefined;
  }
  // A HEAD answer carries a GET's headers and no body; Node leaves the body out itself.
  endAtTurnEnd(res, payload);
  return json;
}

/** Writes chunk by chunk, waiting whenever the client reads slower than the mock writes; a client gone ends it. */
async function writeStream(res: ServerResponse, chunks: AsyncIterable<string>): Promise<void> {
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  res.end();
}
