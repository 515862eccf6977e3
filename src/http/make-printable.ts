const asText = () => '[object Object]'

/**
 * Gives every object of a parsed JSON value that has its own `toString` key (JSON can only make
 * it a string, number…, never a function) a hidden `Symbol.toPrimitive`, so that turning it into
 * text works again: Elysia's validation messages write the invalid value into a template string,
 * which for `{"model": {"toString": 1}}` threw a TypeError, a 500. The symbol is not enumerable:
 * JSON.stringify, spreads and schema checks do not see it. Returns the value, changed in place.
 */
export function makePrintable<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    for (const item of value) makePrintable(item)
    return value
  }
  if (Object.hasOwn(value, 'toString')) {
    Object.defineProperty(value, Symbol.toPrimitive, { value: asText })
  }
  for (const item of Object.values(value)) makePrintable(item)
  return value
}
