import { vendorOf, type RequestState, type Stage } from '../request-state.js';
import { isJsonMediaType, mediaTypeOf } from '../media-type.js';
import { operationError } from './route.js';

const FORM = 'application/x-www-form-urlencoded';

export type BodyRead = { kind: 'ok'; text: string } | { kind: 'too-large' };

/** Reads the whole body, keeping at most `limit` bytes; reading on past the limit lets the client finish sending before its 413. */
export async function readBodyText(state: RequestState, limit: number): Promise<BodyRead> {
  const declared = Number(state.headers['content-length'] ?? 0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = declared > limit;
  for await (const chunk of state.bodyStream) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  state.bodyStream = [];
  return tooLarge ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * Reads and drops what no stage read (the answer was chosen before the body: a 404, 405, 401), so
 * the client has sent all of it before the answer comes and the connection stays usable.
 */
export async function discardUnreadBody(state: RequestState): Promise<void> {
  for await (const _chunk of state.bodyStream) {
    // dropped
  }
  state.bodyStream = [];
}

/** The body, up to the server's limit: 413 past it. */
export const readBody: Stage = async (state, runtime) => {
  const read = await readBodyText(state, runtime.maxBodyBytes);
  if (read.kind === 'too-large') {
    return vendorOf(state).app.error(413, { title: 'Payload Too Large', detail: `The request body is larger than ${runtime.maxBodyBytes} bytes` });
  }
  state.bodyText = read.text;
  return undefined;
};

/**
 * The body as JSON when its Content-Type says JSON (400 when it is not), as text otherwise; form
 * data to an operation that takes it is 400 when a field name does not percent-decode. A
 * Content-Type that is no media type (`garbage`, `;;`) is dropped here, so nothing after trips on
 * it: without a body it does not matter, with one the validate stage answers 415.
 */
export const parseBody: Stage = (state) => {
  const declared = state.headers['content-type'];
  state.mediaType = mediaTypeOf(declared);
  if (declared !== undefined && state.mediaType === undefined) {
    state.unparseableContentType = true;
    delete state.headers['content-type'];
    delete state.headerValues['content-type'];
  }
  const text = state.bodyText ?? '';
  if (text.length === 0) return undefined;
  if (!isJsonMediaType(state.mediaType)) {
    const name = state.mediaType === FORM && takesForm(state) ? undecodableFieldName(text) : undefined;
    if (name !== undefined) {
      return operationError(state, 400, { title: 'Bad Request', detail: `The form field name ${name} has malformed percent-encoding`, rule: 'form', location: 'body' });
    }
    state.body = text;
    return undefined;
  }
  try {
    state.body = JSON.parse(text);
  } catch (parseError) {
    return vendorOf(state).app.error(400, {
      title: 'Bad Request',
      detail: `The request body is not valid JSON: ${(parseError as Error).message}`,
      rule: 'json',
      location: 'body',
    });
  }
  return undefined;
};

function takesForm(state: RequestState): boolean {
  return state.operation?.requestBody?.contentTypes.some((type) => mediaTypeOf(type) === FORM) ?? false;
}

/**
 * A field name of a form body that does not percent-decode (`%zz=1`). Prism's form reader decodes
 * names without a guard and throws on one; a value that does not decode it keeps as sent.
 */
function undecodableFieldName(text: string): string | undefined {
  for (const pair of text.split('&')) {
    const name = pair.split('=')[0] as string;
    try {
      decodeURIComponent(name);
    } catch {
      return name;
    }
  }
  return undefined;
}
