import type { Check } from '../check.js';
import { registerCheck } from '../registry.js';
import { auth } from './auth.js';
import { boundaries } from './boundaries.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { schemaConformance } from './schema-conformance.js';
import { statusConformance } from './status-conformance.js';

/** The generic checks, in the order they run; registered for every vendor. */
export const genericChecks: readonly Check[] = [methodNotAllowed, auth, boundaries, statusConformance, schemaConformance];

export function registerGenericChecks(): void {
  for (const check of genericChecks) registerCheck('*', check);
}

registerGenericChecks();

export { auth, boundaries, methodNotAllowed, schemaConformance, statusConformance };
