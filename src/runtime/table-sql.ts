import { quoteString } from '../util/sql-quote.js'

/** A string as an SQL literal (both dialects double the quote). */
export function sqlLiteral(value: string): string {
  return quoteString(value)
}

/** The error PostgreSQL (42P01) or SQLite gives when a table does not exist. */
export function isMissingTable(error: unknown): boolean {
  const e = error as { code?: string; message?: string }
  return e.code === '42P01' || /no such table/i.test(e.message ?? '')
}
