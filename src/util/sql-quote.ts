/**
 * Standard SQL quoting, the same on PostgreSQL and SQLite: every identifier
 * and string literal tsmig writes goes through these two functions.
 */

/** `"name"` with embedded `"` doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** `'text'` with embedded `'` doubled (PostgreSQL: standard_conforming_strings, on since 9.1). */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
