import type Pg from 'pg'

/**
 * The `pg` driver, imported on first use (the CLI bundle holds it in a chunk
 * of its own, compiled through tsmig's code cache).
 *
 * On load, pg asks whether it runs in a Cloudflare Worker: with no global
 * `navigator` (Node 20) it builds a `Response`, and that loads Node's whole
 * bundled fetch implementation (undici): ~45 ms of every PostgreSQL command.
 * A `navigator` that says "Node.js", present only while pg loads, answers the
 * question without it. A `navigator` Node already has is left as it was.
 */
let loaded: typeof Pg | undefined

export async function loadPg(): Promise<typeof Pg> {
  if (loaded !== undefined) return loaded
  const global = globalThis as { navigator?: unknown }
  const hasNavigator = 'navigator' in global
  if (!hasNavigator) Object.defineProperty(global, 'navigator', { value: { userAgent: `Node.js/${process.version}` }, configurable: true })
  try {
    loaded = (await import('pg')).default
  } finally {
    if (!hasNavigator) delete global.navigator
  }
  return loaded
}
