import { TsmigError } from '../errors.js'
import type { Dialect } from './dialect.js'

export class UnsupportedUrlError extends TsmigError {}

/** The only place that maps a URL to a dialect. Imports lazily: `tsmig heads` loads no driver. */
export async function dialectForUrl(url: string): Promise<Dialect> {
  if (/^postgres(ql)?:\/\//i.test(url)) return (await import('./postgres/index.js')).postgresDialect
  if (/^sqlite:/i.test(url)) return (await import('./sqlite/index.js')).sqliteDialect
  throw new UnsupportedUrlError(
    `unsupported database URL ${redactUrl(url)}: use postgres://…, postgresql://… or sqlite:<path>`,
  )
}

/** A URL fit for messages: the password replaced. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]+):[^@]*@/i, '$1:***@')
}
