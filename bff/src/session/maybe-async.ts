/** A value now, or later: a store that answers synchronously (SQLite) spares the hot path its promises. */
export type MaybePromise<T> = T | Promise<T>;

/** `fn(value)` at once when `value` is already there, after it resolves otherwise. */
export function andThen<T, U>(value: MaybePromise<T>, fn: (resolved: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
