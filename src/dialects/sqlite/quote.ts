/** SQLite quotes the standard way: `"it""s"` for identifiers, `'it''s'` for strings. */
export { quoteIdentifier as quoteSqliteIdentifier, quoteString as quoteSqliteString } from '../../util/sql-quote.js'
