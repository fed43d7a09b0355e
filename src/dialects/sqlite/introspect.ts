import type { IntrospectOptions, Queryable } from '../dialect.js'
import type { SchemaIR, TableIR } from '../../schema/ir.js'
import { TsmigError } from '../../errors.js'
import { buildTable, type TableLookup } from './introspect-table.js'
import { readColumns, readForeignKeys, readIndexColumns, readMaster, type ColumnRow, type MasterRow } from './introspect-queries.js'
import { parseCreateTable, type ParsedCreateTable } from './parse-create-table.js'
import { rememberStoredTable } from './stored-table.js'

/**
 * Read the `main` database of a SQLite connection into the IR, normalized as
 * `normalizeModel` normalizes a model. The pragmas give columns, indexes and
 * foreign keys; the stored `CREATE TABLE`/`CREATE INDEX` text gives what they
 * do not (constraint names, CHECKs, UNIQUE constraints, AUTOINCREMENT,
 * generated and index expressions, partial-index predicates, DEFERRABLE).
 * SQLite has no schemas, enums or comments: those are always empty.
 */
export async function introspectSqlite(db: Queryable, options: IntrospectOptions): Promise<SchemaIR> {
  // One after the other: on a single connection (a migration's) they would queue anyway.
  const master = await readMaster(db)
  const columns = await readColumns(db)
  const indexColumns = await readIndexColumns(db)
  const foreignKeys = await readForeignKeys(db)
  const excluded = new Set(options.excludeTables.map((t) => t.toLowerCase()))
  const tableRows = master.filter(
    (m) => m.type === 'table' && m.sql !== null && !/^\s*CREATE\s+VIRTUAL\b/i.test(m.sql),
  )

  const parsedTables = new Map<string, ParsedCreateTable>()
  for (const row of tableRows) parsedTables.set(row.name, parseTable(row))
  // Rows grouped by table once: filtering every list per table was quadratic (~0.2 s at 1,000 tables).
  const columnsByTable = groupByTable(columns, (c) => c.table_name)
  const indexColumnsByTable = groupByTable(indexColumns, (c) => c.table_name)
  const foreignKeysByTable = groupByTable(foreignKeys, (f) => f.table_name)
  const masterByTable = groupByTable(
    master.filter((m) => m.sql !== null),
    (m) => m.tbl_name,
  )
  const lookup = tableLookup(tableRows, columnsByTable)

  const tables: TableIR[] = []
  for (const row of tableRows) {
    if (excluded.has(row.name.toLowerCase())) continue
    const objects = masterByTable.get(row.name) ?? []
    const indexSql = new Map(objects.filter((m) => m.type === 'index').map((m) => [m.name, m.sql!]))
    const table = buildTable(
      {
        name: row.name,
        parsed: parsedTables.get(row.name)!,
        columns: columnsByTable.get(row.name) ?? [],
        indexColumns: indexColumnsByTable.get(row.name) ?? [],
        indexSql,
        foreignKeys: foreignKeysByTable.get(row.name) ?? [],
      },
      lookup,
    )
    const triggers = objects.filter((m) => m.type === 'trigger')
    rememberStoredTable(table, { sql: row.sql!, indexes: indexSql, triggers: triggers.map((m) => m.sql!) })
    tables.push(table)
  }
  tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return { tables, enums: [] }
}

function parseTable(row: MasterRow): ParsedCreateTable {
  try {
    return parseCreateTable(row.sql!)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TsmigError(`cannot read the definition of SQLite table ${JSON.stringify(row.name)}: ${reason}`, { cause: error })
  }
}

/** Rows by the table they belong to, in their original order. */
function groupByTable<T>(rows: readonly T[], tableOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const table = tableOf(row)
    const group = groups.get(table)
    if (group === undefined) groups.set(table, [row])
    else group.push(row)
  }
  return groups
}

function tableLookup(tableRows: readonly MasterRow[], columnsByTable: ReadonlyMap<string, readonly ColumnRow[]>): TableLookup {
  const byLowerName = new Map(tableRows.map((m) => [m.name.toLowerCase(), m.name]))
  return {
    canonicalName: (name) => byLowerName.get(name.toLowerCase()) ?? name,
    primaryKeyColumns: (table) =>
      (columnsByTable.get(table) ?? [])
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
  }
}
