import type { OperationInfo } from '../../openapi/load.js';
import { mediaTypeOf } from '../media-type.js';
import type { Stage } from '../request-state.js';
import { operationError, operationOf } from './route.js';

/** 406 when the client accepts none of the media types the operation answers. */
export const negotiate: Stage = (state) => {
  const operation = operationOf(state);
  const accept = state.headers.accept;
  if (accepts(accept, operation)) return undefined;
  return operationError(state, 406, { title: 'Not Acceptable', detail: `This operation answers ${[...offeredBy(operation)].join(', ')}, not ${accept}`, location: 'header' });
};

const offeredTypes = new WeakMap<OperationInfo, Set<string>>();

function offeredBy(operation: OperationInfo): Set<string> {
  let offered = offeredTypes.get(operation);
  if (!offered) {
    offered = new Set(Object.values(operation.responses).flatMap((r) => r.contentTypes.map((t) => t.toLowerCase())));
    offeredTypes.set(operation, offered);
  }
  return offered;
}

/** An unparseable part of Accept is ignored, as `*\/*` would be: the client's mistake is not a reason to refuse. */
export function accepts(accept: string | undefined, operation: OperationInfo): boolean {
  if (!accept) return true;
  const offered = offeredBy(operation);
  if (offered.size === 0) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim() === '*/*' ? '*/*' : mediaTypeOf(part);
    if (type === undefined || type === '*/*') return true;
    const [major] = type.split('/');
    return [...offered].some((o) => o === type || (type === `${major}/*` && o.startsWith(`${major}/`)));
  });
}
