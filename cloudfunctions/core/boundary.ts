/**
 * Keys no input may carry, checked on the raw event before the zod contract sees it. A strict
 * object already refuses unknown fields, but a record (`answers: z.record(...)`) silently drops a
 * `__proto__` key, and anything that copies such an object by assignment may change a prototype.
 * So `__proto__`, `constructor` and `prototype` are refused anywhere in the input, at any depth.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype']

/** The dotted path of the first forbidden key in a JSON-like value, or null. Iterative: no depth limit to overflow. */
export function forbiddenKeyPath(value: unknown): string | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }]
  while (stack.length > 0) {
    const { v, path } = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    for (const key of Object.keys(v)) {
      const here = path ? `${path}.${key}` : key
      if (FORBIDDEN_KEYS.includes(key)) return here
      stack.push({ v: (v as Record<string, unknown>)[key], path: here })
    }
  }
  return null
}
