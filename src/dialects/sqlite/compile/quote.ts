/** SQLite quotes the standard way: `"it""s"` for identifiers, `'it''s'` for strings. */
import { quoteIdentifier } from '../../../util/sql-quote.js'

export { quoteString as quoteSqliteString } from '../../../util/sql-quote.js'

/**
 * Names without a `"` (nearly all) skip the replacement: a migration quotes
 * every table, column and constraint name it writes.
 */
export function quoteSqliteIdentifier(name: string): string {
  return name.includes('"') ? quoteIdentifier(name) : `"${name}"`
}
