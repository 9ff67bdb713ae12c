import type { Store } from '../store/types.js';

/** The Store methods that change state; their first argument is a scope or kind (`<vendor>:...`). */
const WRITES = new Set<string>(['insertCodes', 'deleteCodes', 'deleteCodesByKey', 'clearCodes', 'putDoc', 'replaceDoc', 'deleteDoc', 'reset']);

/**
 * The same store, telling `onWrite` which vendor's state a finished write touched (undefined for a
 * reset): the page's event stream learns of jobs moving on and codes added without polling.
 */
export function observeWrites(store: Store, onWrite: (vendor: string | undefined) => void): Store {
  // Keyed by the method itself, not its name: a store may hand out other functions over time.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const original = value as (...args: unknown[]) => unknown;
      let method = wrapped.get(original);
      if (!method) {
        method = WRITES.has(String(property))
          ? async (...args: unknown[]) => {
              const result = await original.apply(target, args);
              // A compare-and-set that lost changed nothing.
              if (result !== false) onWrite(typeof args[0] === 'string' ? args[0].split(':')[0] : undefined);
              return result;
            }
          : original.bind(target);
        wrapped.set(original, method as object);
      }
      return method;
    },
  });
}
