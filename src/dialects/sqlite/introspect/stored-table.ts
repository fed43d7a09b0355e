import type { CompileContext } from '../../dialect.js'
import type { TableIR, TableRef } from '../../../schema/ir.js'

/**
 * What `sqlite_master` holds for a table beyond the IR: a rebuild needs it to
 * keep collations, `WITHOUT ROWID`/`STRICT`, the exact text of unchanged
 * indexes, and the table's triggers (which `DROP TABLE` drops with it).
 */
export interface SqliteStoredTable {
  /** The stored `CREATE TABLE` statement. */
  readonly sql: string
  /** Explicitly created indexes: name → stored `CREATE INDEX` statement. */
  readonly indexes: ReadonlyMap<string, string>
  /** `CREATE TRIGGER` statements of the triggers on the table, in creation order. */
  readonly triggers: readonly string[]
}

/**
 * A compile context that can also read a table's stored SQL (online only).
 * Without it, a rebuild still works from the IR, but refuses (with a clear
 * error, inside the transaction) to rebuild a table that has triggers.
 */
export interface SqliteCompileContext extends CompileContext {
  storedTable?(ref: TableRef): Promise<SqliteStoredTable | undefined>
}

/**
 * Tables introspected from a live database remember their stored SQL, so a
 * rebuild compiled from `ctx.currentTable()` (which returns such a table when
 * the runner introspects with this dialect) can recreate triggers and keep
 * collations without the runner knowing about SQLite.
 */
const storedTables = new WeakMap<TableIR, SqliteStoredTable>()

export function rememberStoredTable(table: TableIR, stored: SqliteStoredTable): void {
  storedTables.set(table, stored)
}

/** The stored SQL of a table, from the context if it can read it, else from the table's introspection. */
export async function storedTableFor(
  ctx: CompileContext,
  ref: TableRef,
  table: TableIR,
): Promise<SqliteStoredTable | undefined> {
  const reader = (ctx as SqliteCompileContext).storedTable
  if (reader !== undefined) return reader(ref)
  return storedTables.get(table)
}
