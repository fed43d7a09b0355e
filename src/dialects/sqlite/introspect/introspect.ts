import type { IntrospectedSchema, IntrospectOptions, Queryable } from '../../dialect.js'
import { comparableTable } from '../normalize/normalize.js'
import type { SchemaIR, TableIR, TableRef } from '../../../schema/ir.js'
import { TsmigError } from '../../../errors.js'
import { buildTable, type TableLookup } from './introspect-table.js'
import { readColumns, readForeignKeys, readIndexColumns, readMaster, type ColumnRow, type MasterRow } from './introspect-queries.js'
import { parseCreateTable, type ParsedCreateTable } from './parse-create-table.js'
import { rememberStoredTable } from './stored-table.js'

/**
 * With `tables`, the pragmas run for those tables (and the tables they
 * reference) alone: compiling an op on one table needs that table, not a read
 * of the whole database per op, which made a chain of migrations quadratic.
 */
export type SqliteIntrospectOptions = IntrospectOptions

/**
 * Read the `main` database of a SQLite connection into the IR, normalized as
 * `normalizeModel` normalizes a model. The pragmas give columns, indexes and
 * foreign keys; the stored `CREATE TABLE`/`CREATE INDEX` text gives what they
 * do not (constraint names, CHECKs, UNIQUE constraints, AUTOINCREMENT,
 * generated and index expressions, partial-index predicates, DEFERRABLE).
 * SQLite has no schemas, enums or comments: those are always empty.
 */
export async function introspectSqlite(db: Queryable, options: SqliteIntrospectOptions): Promise<SchemaIR> {
  return (await introspectSqliteWithText(db, options)).compared
}

/**
 * `introspectSqlite`, and the same schema with each expression as the
 * stored SQL spells it (`written`): SQLite keeps DDL verbatim, so that is
 * the text tsmig or the schema's author wrote.
 */
export async function introspectSqliteWithText(db: Queryable, options: SqliteIntrospectOptions): Promise<IntrospectedSchema> {
  const master = await readMaster(db, options.tables?.filter(isMainSchema).map((t) => t.name))
  const excluded = new Set(options.excludeTables.map((t) => t.toLowerCase()))
  const wanted = options.tables === undefined ? undefined : new Set(options.tables.filter(isMainSchema).map((t) => t.name.toLowerCase()))
  // Names lower-cased only when a filter asks: most reads exclude nothing.
  const tableRows = master.filter(
    (m) =>
      isOrdinaryTable(m) &&
      (excluded.size === 0 || !excluded.has(m.name.toLowerCase())) &&
      (wanted === undefined || wanted.has(m.name.toLowerCase())),
  )
  // With a filter, the tables are parsed first: their foreign keys name more
  // tables to read. Without one, each is parsed as it is built (below), so its
  // tokens and parse tree die young instead of outliving the catalog queries.
  const parsedTables = new Map<string, ParsedCreateTable>()
  let names: string[] | undefined
  if (wanted !== undefined) {
    for (const row of tableRows) parsedTables.set(row.name, parseTable(row))
    // The tables they reference are read too: `REFERENCES parent` without
    // columns means the parent's primary key. Their rows join the filtered catalog.
    const referenced = referencedNames(parsedTables)
    const known = new Set(master.map((m) => m.tbl_name.toLowerCase()))
    const missing = [...new Set(referenced)].filter((name) => !known.has(name.toLowerCase()))
    if (missing.length > 0) master.push(...(await readMaster(db, missing)))
    names = [...new Set([...tableRows.map((r) => r.name), ...storedNames(referenced, master)])]
  }
  // One after the other: on a single connection (a migration's) they would queue anyway.
  const columns = await readColumns(db, names)
  const indexColumns = await readIndexColumns(db, names)
  const foreignKeys = await readForeignKeys(db, names)

  // Rows grouped by table once: filtering every list per table was quadratic (~0.2 s at 1,000 tables).
  const columnsByTable = groupByTable(columns, (c) => c.table_name)
  const indexColumnsByTable = groupByTable(indexColumns, (c) => c.table_name)
  const foreignKeysByTable = groupByTable(foreignKeys, (f) => f.table_name)
  const masterByTable = groupByTable(master, (m) => (m.sql === null ? undefined : m.tbl_name))
  const lookup = tableLookup(
    master.filter((m) => m.type === 'table'),
    columnsByTable,
  )

  const tables: TableIR[] = []
  const written: TableIR[] = []
  for (let i = 0; i < tableRows.length; i++) {
    const row = tableRows[i]
    const { indexSql, triggers } = storedObjects(masterByTable.get(row.name) ?? [])
    const table = buildTable(
      {
        name: row.name,
        parsed: parsedTables.get(row.name) ?? parseTable(row),
        columns: columnsByTable.get(row.name) ?? [],
        indexColumns: indexColumnsByTable.get(row.name) ?? [],
        indexSql,
        foreignKeys: foreignKeysByTable.get(row.name) ?? [],
      },
      lookup,
    )
    const stored = { sql: row.sql!, indexes: indexSql, triggers }
    const compared = comparableTable(table)
    rememberStoredTable(table, stored)
    rememberStoredTable(compared, stored)
    written.push(table)
    tables.push(compared)
  }
  const byName = (a: TableIR, b: TableIR): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  return { compared: { tables: tables.sort(byName), enums: [] }, written: { tables: written.sort(byName), enums: [] } }
}

const isMainSchema = (ref: TableRef): boolean => ref.schema === undefined || ref.schema.toLowerCase() === 'main'

/** A table of rows: not an index, view or trigger, not a virtual table. */
function isOrdinaryTable(m: MasterRow): boolean {
  if (m.type !== 'table' || m.sql === null) return false
  // SQLite stores the statement's first words as `CREATE TABLE`: a prefix test spares the regex on almost every row.
  return m.sql.startsWith('CREATE TABLE') || !/^\s*CREATE\s+VIRTUAL\b/i.test(m.sql)
}

/** The stored spelling of the tables named (SQLite matches names case-insensitively); names of no table are left out. */
function storedNames(written: readonly string[], master: readonly MasterRow[]): string[] {
  // Ordinary tables only, as the pragma queries expect of the names they are given.
  const byLowerName = new Map(master.filter(isOrdinaryTable).map((m) => [m.name.toLowerCase(), m.name]))
  return written.flatMap((name) => byLowerName.get(name.toLowerCase()) ?? [])
}

/** The table names the parsed tables' foreign keys reference, as written. */
function referencedNames(parsedTables: ReadonlyMap<string, ParsedCreateTable>): string[] {
  const names: string[] = []
  for (const parsed of parsedTables.values()) {
    for (const column of parsed.columns) for (const reference of column.references) names.push(reference.references.table)
    for (const constraint of parsed.constraints) if (constraint.type === 'foreignKey') names.push(constraint.references.table)
  }
  return names
}

function parseTable(row: MasterRow): ParsedCreateTable {
  try {
    return parseCreateTable(row.sql!)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new TsmigError(`cannot read the definition of SQLite table ${JSON.stringify(row.name)}: ${reason}`, { cause: error })
  }
}

/** A table's indexes (name → CREATE INDEX text) and its CREATE TRIGGER texts, in creation order. */
function storedObjects(objects: readonly MasterRow[]): { indexSql: Map<string, string>; triggers: string[] } {
  // One loop rather than filter + map + new Map(pairs), which ran for every table.
  const indexSql = new Map<string, string>()
  const triggers: string[] = []
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]
    if (object.type === 'index') indexSql.set(object.name, object.sql!)
    else if (object.type === 'trigger') triggers.push(object.sql!)
  }
  return { indexSql, triggers }
}

/** Rows by the table they belong to, in their original order; rows of no table (undefined) left out. */
function groupByTable<T>(rows: readonly T[], tableOf: (row: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    const table = tableOf(row)
    if (table === undefined) continue
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
