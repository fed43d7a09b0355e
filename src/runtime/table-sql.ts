import { sql } from 'kysely'
import type { Queryable } from '../dialects/dialect.js'
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

/** Whether the table (a quoted name) exists: a query of no rows on it succeeds. Not inside a transaction (a failure would abort it on PostgreSQL). */
export async function tableExists(db: Queryable, quotedName: string): Promise<boolean> {
  try {
    await sql.raw(`SELECT 1 FROM ${quotedName} WHERE 1 = 0`).execute(db)
    return true
  } catch (error) {
    if (isMissingTable(error)) return false
    throw error
  }
}
