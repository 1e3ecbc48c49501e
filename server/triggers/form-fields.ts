// Form and multipart fields into a plain object, safely.
/**
 * Adds a form field as an own property, whatever its name: `constructor`, `toString` or
 * `__proto__` are data here, never the object's prototype or inherited members.
 */
export function addField<T>(target: Record<string, T | T[]>, key: string, value: T): void {
  const prev = Object.hasOwn(target, key) ? target[key] : undefined;
  const next = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  Object.defineProperty(target, key, { value: next, enumerable: true, writable: true, configurable: true });
}
