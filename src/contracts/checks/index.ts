import type { Check } from '../types.js';
import { auth } from './auth.js';
import { boundaries } from './boundaries.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { robustness } from './robustness.js';
import { schemaConformance } from './schema-conformance.js';
import { statusConformance } from './status-conformance.js';

/** The generic checks, in the order they run, for every vendor (before the vendor's own). A new one is a module listed here. */
export const genericChecks: readonly Check[] = [methodNotAllowed, auth, boundaries, robustness, statusConformance, schemaConformance];

export { auth, boundaries, methodNotAllowed, robustness, schemaConformance, statusConformance };
