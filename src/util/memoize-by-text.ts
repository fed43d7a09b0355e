/**
 * A pure function of a string, computed once per distinct string. A schema
 * repeats the same few type names, defaults and expressions thousands of
 * times (`varchar(255)`, `false`, `CURRENT_TIMESTAMP`), each costing a
 * tokenization or a parse. Results (IR types included) are shared between
 * callers, which never modify them. Bounded, in case a long-lived process
 * sees endless distinct texts: the memo starts afresh when full.
 */
export function memoizedByText<T>(compute: (text: string) => T, limit = 20_000): (text: string) => T {
  const results = new Map<string, T>()
  return (text) => {
    const cached = results.get(text)
    if (cached !== undefined || results.has(text)) return cached as T
    const result = compute(text)
    if (results.size >= limit) results.clear()
    results.set(text, result)
    return result
  }
}
