import { sql } from 'kysely'
import type { TableRef } from '../../../schema/ir.js'
import type { Queryable } from '../../dialect.js'
import { exactCountLimit, type AffectedObject, type DependentObject, type DependentsAndRowEstimates, type RowEstimate } from '../../dependents.js'
import { quoteSqliteIdentifier } from '../compile/quote.js'
import { tokenizeSql } from '../expression/tokenize-sql.js'

interface StoredObject {
  readonly type: 'view' | 'trigger'
  readonly name: string
  readonly tbl_name: string
  readonly sql: string
}

/** The identifiers an object's SQL names, folded the way SQLite compares them (ASCII case-insensitively). */
function namedIdentifiers(text: string): Set<string> {
  const names = new Set<string>()
  for (const token of tokenizeSql(text)) {
    if (token.kind === 'word' || token.kind === 'quoted') names.add(token.value.toLowerCase())
  }
  return names
}

/**
 * Views and triggers whose SQL names a dropped table (and, for a column, the
 * column too), or triggers defined on the table. SQLite keeps no dependency
 * records: a view or trigger names what it uses in its text, and finds out it
 * is broken only when it next runs. `SELECT *` in a view names no column, and
 * survives a dropped column. A changed type is carried out by a table rebuild,
 * which keeps views and triggers working: nothing to report for `alter`.
 */
async function dependents(db: Queryable, affected: readonly AffectedObject[]): Promise<DependentObject[]> {
  const dropped = affected.filter((target) => target.change === 'drop')
  if (dropped.length === 0) return []
  const { rows } = await sql<StoredObject>`
    SELECT type, name, tbl_name, sql FROM main.sqlite_master
    WHERE type IN ('view', 'trigger') AND sql IS NOT NULL
    ORDER BY type DESC, name`.execute(db)
  const found: DependentObject[] = []
  for (const object of rows) {
    const names = namedIdentifiers(object.sql)
    for (const target of dropped) {
      const table = target.table.name.toLowerCase()
      const onTable = object.type === 'trigger' && object.tbl_name.toLowerCase() === table
      if (!onTable && !names.has(table)) continue
      if (target.column !== undefined && !names.has(target.column.toLowerCase())) continue
      found.push({ kind: object.type, name: object.type === 'view' ? object.name : `${object.name} on ${object.tbl_name}`, on: target })
    }
  }
  return found
}

/** Rows of each table, counted: at most `exactCountLimit` + 1 read, so a huge table is not scanned. */
async function rowCounts(db: Queryable, tables: readonly TableRef[]): Promise<RowEstimate[]> {
  const counts: RowEstimate[] = []
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${sql.raw(quoteSqliteIdentifier(table.name))} LIMIT ${sql.raw(String(exactCountLimit + 1))})`.execute(db)
    const n = Number(rows[0]?.n ?? 0)
    counts.push(n > exactCountLimit ? { table, rows: exactCountLimit, precision: 'atLeast' } : { table, rows: n, precision: 'exact' })
  }
  return counts
}

export async function sqliteDependentsAndRowEstimates(
  db: Queryable,
  affected: readonly AffectedObject[],
  countRowsOf: readonly TableRef[],
): Promise<DependentsAndRowEstimates> {
  return { dependents: await dependents(db, affected), rows: await rowCounts(db, countRowsOf) }
}
