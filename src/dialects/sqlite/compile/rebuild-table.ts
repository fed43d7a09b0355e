import { isDeepStrictEqual } from 'node:util'
import type { TableIR } from '../../../schema/ir.js'
import { parseCreateTable } from '../introspect/parse-create-table.js'
import { quoteSqliteIdentifier as q, quoteSqliteString as s } from './quote.js'
import { renderCreateIndex, renderCreateTable } from './create-table-sql.js'
import type { SqliteStoredTable } from '../introspect/stored-table.js'

/**
 * Where a column of the rebuilt table takes its rows' values from: a column
 * of the old table, or an SQL expression (a column added in the same batch:
 * the default it had when it was added, as `ADD COLUMN` would have filled in).
 */
export type ColumnSource = { readonly column: string } | { readonly expression: string }

export interface RebuildPlan {
  /** The table now (normalized). */
  readonly current: TableIR
  /** The table wanted (normalized, same name). */
  readonly next: TableIR
  /** New column → where its values come from; a new column missing here gets its default. */
  readonly sources: ReadonlyMap<string, ColumnSource>
  /** The stored SQL, when the compile context can read it (online). */
  readonly stored?: SqliteStoredTable
}

/**
 * SQLite's "12-step" table rebuild, as statements that run inside the
 * migration's transaction:
 *
 * 1. a guard that fails unless `foreign_keys` is OFF (set by the runner's
 *    `beforeBegin` hook: inside a transaction the pragma is ignored, and with
 *    it ON `DROP TABLE` would fire every child's `ON DELETE CASCADE`), and,
 *    when the stored SQL is unknown, unless the table has no triggers (they
 *    could not be recreated);
 * 2. `CREATE TABLE "_tsmig_new_<name>"` with the new definition;
 * 3. `INSERT … SELECT` of every row (rowids kept when known). No `CAST`: the new
 *    column's affinity converts a value exactly when that loses nothing, while
 *    `CAST('2024-01-01' AS NUMERIC)` would give 2024;
 * 4. the `sqlite_sequence` counter carried over (AUTOINCREMENT);
 * 5. `DROP TABLE`, then `ALTER TABLE … RENAME` under `legacy_alter_table`,
 *    so that views and triggers elsewhere that name the table are neither
 *    rewritten nor checked while it is briefly missing;
 * 6. indexes (unchanged ones from their stored text, keeping collations) and
 *    the table's triggers recreated.
 *
 * Foreign keys of other tables keep pointing at the table by name; the
 * runner's `beforeCommit` hook runs `PRAGMA foreign_key_check`.
 */
export function rebuildTableStatements(plan: RebuildPlan): string[] {
  const { current, next, stored } = plan
  const name = current.name
  const temp = `_tsmig_new_${name}`
  const parsed = stored === undefined ? null : parseCreateTable(stored.sql)

  // Collations are part of the IR (introspection reads them), so a rebuild keeps or changes them with the rest.
  const withoutRowid = parsed?.withoutRowid ?? false

  const statements = [...guardStatements(name, stored === undefined)]
  statements.push(renderCreateTable(next, { withoutRowid, strict: parsed?.strict ?? false }, temp))
  // Rowids are kept when the stored SQL tells that the old table has them (not WITHOUT ROWID).
  statements.push(...copyRows(plan, temp, parsed !== null && !withoutRowid))
  if (next.columns.some((c) => c.autoIncrement)) statements.push(...carrySequence(name, temp))
  statements.push(
    `DROP TABLE ${q(name)}`,
    'PRAGMA legacy_alter_table = ON',
    `ALTER TABLE ${q(temp)} RENAME TO ${q(name)}`,
    'PRAGMA legacy_alter_table = OFF',
  )
  for (const index of next.indexes) {
    const before = current.indexes.find((i) => i.name === index.name)
    const storedSql = stored?.indexes.get(index.name)
    const unchanged = before !== undefined && storedSql !== undefined && isDeepStrictEqual(before, index)
    statements.push(unchanged ? storedSql : renderCreateIndex(name, index))
  }
  statements.push(...(stored?.triggers ?? []))
  return statements
}

/** The temp table whose CHECKs guard a rebuild; its CREATE is a rebuild's first statement. */
export const rebuildGuardTable = '"_tsmig_rebuild_guard"'
const guardTable = `temp.${rebuildGuardTable}`

function guardStatements(table: string, checkTriggers: boolean): string[] {
  // The constraint's name is the error message SQLite reports ("CHECK constraint failed: …").
  const columns = [
    `"foreign_keys" CONSTRAINT ${q(
      `tsmig: rebuilding table ${table} needs PRAGMA foreign_keys = OFF before BEGIN, or dropping it would fire ON DELETE CASCADE`,
    )} CHECK ("foreign_keys" = 0)`,
  ]
  const values = ['(SELECT "foreign_keys" FROM pragma_foreign_keys)']
  if (checkTriggers) {
    columns.push(
      `"triggers" CONSTRAINT ${q(
        `tsmig: table ${table} has triggers, which a rebuild compiled without its stored SQL (offline) would lose`,
      )} CHECK ("triggers" = 0)`,
    )
    values.push(`(SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${s(table)} COLLATE NOCASE)`)
  }
  return [
    `CREATE TEMP TABLE ${rebuildGuardTable} (${columns.join(', ')})`,
    `INSERT INTO ${guardTable} SELECT ${values.join(', ')}`,
    `DROP TABLE ${guardTable}`,
  ]
}

function copyRows(plan: RebuildPlan, temp: string, keepRowids: boolean): string[] {
  const { current, next, sources } = plan
  const copied = next.columns.filter((c) => c.generated === null && sources.has(c.name))
  const target = copied.map((c) => q(c.name))
  const source = copied.map((c) => {
    const from = sources.get(c.name)!
    return 'column' in from ? q(from.column) : `(${from.expression})`
  })
  // Keep rowids (other code may rely on them) unless the new table's rowid is one of its columns.
  if (keepRowids && !hasRowidAlias(next)) {
    target.unshift('rowid')
    source.unshift('rowid')
  }
  if (target.length === 0) return []
  return [`INSERT INTO ${q(temp)} (${target.join(', ')}) SELECT ${source.join(', ')} FROM ${q(current.name)}`]
}

/** An `integer` single-column primary key is the rowid itself. */
function hasRowidAlias(table: TableIR): boolean {
  const pk = table.primaryKey
  if (pk === null || pk.columns.length !== 1) return false
  return table.columns.find((c) => c.name === pk.columns[0])?.type.kind === 'integer'
}

function carrySequence(table: string, temp: string): string[] {
  return [
    `INSERT INTO sqlite_sequence (name, seq) SELECT ${s(temp)}, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ${s(temp)})`,
    `UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = ${s(table)}), 0)) WHERE name = ${s(temp)}`,
  ]
}
