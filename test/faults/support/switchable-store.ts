/**
 * A `Store` that can be switched off: while `down`, every call rejects as a real store does
 * when its backend is unreachable (a `StoreError` with code `store_unavailable`). For tests of
 * what people are told when storage fails, without stopping a real server.
 */
import type { Store } from '../../../src/core/ports.js';
import { StoreError } from '../../../src/infra/store/store-error.js';

/** A store whose every method fails while `switch.down` is true. */
export function switchableStore<S extends Store>(inner: S): { store: S; switch: { down: boolean } } {
  const state = { down: false };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (state.down)
          return Promise.reject(
            new StoreError(
              'store_unavailable',
              `${String(prop)} failed: Redis at redis://127.0.0.1:1 is not connected`,
            ),
          );
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, switch: state };
}
