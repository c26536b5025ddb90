/**
 * Keys that come from outside (trait keys, consent keys) used on plain objects. A client may name a trait
 * `constructor` or `__proto__`: read through the prototype, `values.constructor` is Object's constructor, and
 * `values.__proto__ = x` sets the prototype instead of a key. These read and write own keys only.
 */
export function ownValue<T>(values: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(values, key) ? values[key] : undefined;
}

export function setOwn<V extends Record<string, unknown>>(values: V, key: string, value: V[string]): void {
  Object.defineProperty(values, key, { value, enumerable: true, writable: true, configurable: true });
}
