/**
 * bigcommerce semantic checks (rules a schema cannot say) register themselves here:
 *
 *   import { registerCheck } from '../../src/contracts/index.js';
 *   registerCheck('bigcommerce', { name: '...', description: '...', mutates: true, scope: 'operation', ... });
 *
 * See docs/contracts.md, "Adding a check". None yet.
 */
export {};
