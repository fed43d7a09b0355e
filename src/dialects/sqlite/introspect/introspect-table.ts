import type {
  CheckIR,
  ColumnIR,
  ForeignKeyIR,
  IndexElement,
  IndexIR,
  PrimaryKeyIR,
  ReferentialAction,
  TableIR,
  UniqueIR,
} from '../../../schema/ir.js'
import { parseSqliteType } from '../normalize/column-type.js'
import { ConstraintNamer } from '../constraint-namer.js'
import type { ColumnRow, ForeignKeyRow, IndexColumnRow } from './introspect-queries.js'
import { normalizeCollation } from '../normalize/normalize.js'
import { normalizeSqlExpression } from '../normalize/normalize-expression.js'
import { parseCreateIndex } from './parse-create-index.js'
import type { ParsedColumn, ParsedCreateTable, ParsedReference } from './parse-create-table.js'

export interface TableRows {
  readonly name: string
  readonly parsed: ParsedCreateTable
  readonly columns: readonly ColumnRow[]
  readonly indexColumns: readonly IndexColumnRow[]
  /** Index name → stored CREATE INDEX statement. */
  readonly indexSql: ReadonlyMap<string, string>
  readonly foreignKeys: readonly ForeignKeyRow[]
}

/** Other tables, for `REFERENCES users` without columns and for the spelling of referenced names. */
export interface TableLookup {
  /** The table's name as created, matched case-insensitively as SQLite does. */
  canonicalName(name: string): string
  primaryKeyColumns(table: string): readonly string[]
}

const lower = (s: string) => s.toLowerCase()

// The loops below are indexed rather than for-of: buildTable runs once per
// table, mostly unoptimized in a short CLI process, where for-of allocates an
// iterator result per element.

export function buildTable(rows: TableRows, lookup: TableLookup): TableIR {
  const { name, parsed } = rows
  const parsedColumns = parsedColumnsByLowerName(parsed.columns)
  const { visible, columnNames, pkRows } = visibleColumns(rows.columns)
  const canonical = columnSpelling(columnNames)

  // An INTEGER PRIMARY KEY is the rowid: never NULL though it may lack NOT NULL.
  const rowidAlias =
    !parsed.withoutRowid && pkRows.length === 1 && pkRows[0].type.toUpperCase() === 'INTEGER' ? pkRows[0].name : null

  const columns: ColumnIR[] = []
  for (let i = 0; i < visible.length; i++) {
    const row = visible[i]
    const parsedColumn = parsedColumns.get(lower(row.name))
    const generated = row.hidden === 2 || row.hidden === 3 ? (parsedColumn?.generated?.expression ?? null) : null
    const column: ColumnIR = {
      name: row.name,
      type: parseSqliteType(row.type),
      nullable: row.not_null === 0 && row.name !== rowidAlias,
      // The database's own text; `comparableTable` makes the form compared.
      default: generated === null ? row.dflt_value : null,
      comment: null,
      identity: null,
      generated: generated === null ? null : generated.trim(),
      autoIncrement: parsedColumn?.primaryKey?.autoIncrement ?? false,
    }
    const collate = parsedColumn?.collate ?? null
    const collated = collate === null ? column : { ...column, collation: normalizeCollation(collate) }
    // hidden 2: a VIRTUAL generated column (3: STORED).
    columns.push(generated !== null && row.hidden === 2 ? { ...collated, virtual: true } : collated)
  }

  // Explicit names first, so that a chosen name never takes one the user wrote.
  // Made on first use: when the user named every constraint (as tsmig's own
  // DDL does), no name is chosen and the explicit names need not be gathered.
  let namerMade: ConstraintNamer | undefined
  const namer = () => (namerMade ??= new ConstraintNamer(name, explicitConstraintNames(parsed)))

  let primaryKey: PrimaryKeyIR | null = null
  if (pkRows.length > 0) {
    primaryKey = { name: declaredPrimaryKeyName(parsed) ?? namer().primaryKey(), columns: pkRows.map((r) => r.name) }
  }

  const uniques: UniqueIR[] = []
  const checks: CheckIR[] = []
  const parsedForeignKeys: ParsedForeignKey[] = []
  const addCheck = (checkName: string | null, text: string) => {
    const expression = text.trim()
    checks.push({ name: checkName ?? namer().check(normalizeSqlExpression(text), columnNames), expression })
  }
  // Declaration order: each column's own constraints, then the table constraints.
  for (let c = 0; c < parsed.columns.length; c++) {
    const column = parsed.columns[c]
    // Most columns have no constraint of their own: their name needs no lookup.
    if (column.uniques.length === 0 && column.checks.length === 0 && column.references.length === 0) continue
    const columnName = canonical(column.name)
    for (let i = 0; i < column.uniques.length; i++) {
      uniques.push({ name: column.uniques[i].name ?? namer().unique([columnName]), columns: [columnName] })
    }
    for (let i = 0; i < column.checks.length; i++) addCheck(column.checks[i].name, column.checks[i].expression)
    for (let i = 0; i < column.references.length; i++) {
      const ref = column.references[i]
      parsedForeignKeys.push({ name: ref.name, columns: [columnName], references: ref.references })
    }
  }
  for (let c = 0; c < parsed.constraints.length; c++) {
    const constraint = parsed.constraints[c]
    if (constraint.type === 'unique') {
      const columnsOf = constraint.columns.map(canonical)
      uniques.push({ name: constraint.name ?? namer().unique(columnsOf), columns: columnsOf })
    } else if (constraint.type === 'check') addCheck(constraint.name, constraint.expression)
    else if (constraint.type === 'foreignKey') {
      parsedForeignKeys.push({ name: constraint.name, columns: constraint.columns.map(canonical), references: constraint.references })
    }
  }

  const foreignKeys = buildForeignKeys(parsedForeignKeys, rows.foreignKeys, lookup, namer)
  const indexes = buildIndexes(rows.indexColumns, rows.indexSql)
  return { name, columns, primaryKey, indexes, uniques, checks, foreignKeys, comment: null }
}

interface ParsedForeignKey {
  readonly name: string | null
  readonly columns: string[]
  readonly references: ParsedReference
}

/** Parsed columns by lower-case name; of two spellings of one name, the last. */
function parsedColumnsByLowerName(columns: readonly ParsedColumn[]): Map<string, ParsedColumn> {
  const byLowerName = new Map<string, ParsedColumn>()
  for (let i = 0; i < columns.length; i++) byLowerName.set(lower(columns[i].name), columns[i])
  return byLowerName
}

/**
 * The pragma's columns without hidden ones (of virtual tables), their names,
 * and the primary key's columns in key order: one pass instead of a filter,
 * a map and a filter per table.
 */
function visibleColumns(all: readonly ColumnRow[]): { visible: ColumnRow[]; columnNames: string[]; pkRows: ColumnRow[] } {
  const visible: ColumnRow[] = []
  const columnNames: string[] = []
  const pkRows: ColumnRow[] = []
  for (let i = 0; i < all.length; i++) {
    const row = all[i]
    if (row.hidden === 1) continue
    visible.push(row)
    columnNames.push(row.name)
    if (row.pk > 0) pkRows.push(row)
  }
  if (pkRows.length > 1) pkRows.sort((a, b) => a.pk - b.pk)
  return { visible, columnNames, pkRows }
}

/** The primary key's name as written: on its column, else on the table constraint; null when unnamed. */
function declaredPrimaryKeyName(parsed: ParsedCreateTable): string | null {
  // The first column with a PRIMARY KEY decides, named or not, as a `find` would.
  for (let i = 0; i < parsed.columns.length; i++) {
    const primaryKey = parsed.columns[i].primaryKey
    if (primaryKey !== null) {
      if (primaryKey.name !== null) return primaryKey.name
      break
    }
  }
  for (let i = 0; i < parsed.constraints.length; i++) {
    const constraint = parsed.constraints[i]
    if (constraint.type === 'primaryKey') return constraint.name
  }
  return null
}

/** A column's name as the table spells it (SQLite matches names case-insensitively); an unknown name as given. */
function columnSpelling(columnNames: readonly string[]): (column: string) => string {
  // A map, built on first use (most tables never ask): searching the list for
  // every name was quadratic in the table's width.
  let byLowerName: Map<string, string> | undefined
  return (column) => {
    if (byLowerName === undefined) {
      byLowerName = new Map()
      for (let i = 0; i < columnNames.length; i++) {
        const key = lower(columnNames[i])
        // The first spelling wins, as a search of the list would find it.
        if (!byLowerName.has(key)) byLowerName.set(key, columnNames[i])
      }
    }
    return byLowerName.get(lower(column)) ?? column
  }
}

/** The constraint names written in the CREATE TABLE. */
function explicitConstraintNames(parsed: ParsedCreateTable): Set<string> {
  const names = new Set<string>()
  const add = (constraintName: string | null | undefined) => {
    if (constraintName != null) names.add(constraintName)
  }
  for (const constraint of parsed.constraints) add(constraint.name)
  for (const column of parsed.columns) {
    add(column.primaryKey?.name)
    for (const unique of column.uniques) add(unique.name)
    for (const check of column.checks) add(check.name)
    for (const ref of column.references) add(ref.name)
  }
  return names
}

/**
 * Foreign keys as the pragma reports them (resolved columns, canonical
 * actions), with the name and DEFERRABLE clause only the stored SQL has.
 * The pragma numbers them in reverse, so they are paired by their columns.
 */
function buildForeignKeys(
  parsed: readonly ParsedForeignKey[],
  rows: readonly ForeignKeyRow[],
  lookup: TableLookup,
  namer: () => ConstraintNamer,
): ForeignKeyIR[] {
  if (parsed.length === 0) return []
  const unpaired = [...groupBy(rows, (row) => row.id).values()]
  return parsed.map((fk) => {
    const target = lookup.canonicalName(fk.references.table)
    const index = unpaired.findIndex(
      (group) =>
        lookup.canonicalName(group[0].ref_table) === target &&
        group.length === fk.columns.length &&
        group.every((row, i) => lower(row.from_column) === lower(fk.columns[i])),
    )
    const group = index < 0 ? undefined : unpaired.splice(index, 1)[0]
    const pragmaTargets = group?.every((row) => row.to_column !== null) ? group.map((row) => row.to_column!) : null
    const targetColumns = pragmaTargets ?? fk.references.columns ?? lookup.primaryKeyColumns(target)
    return {
      name: fk.name ?? namer().foreignKey(fk.columns),
      columns: fk.columns,
      references: { table: target, columns: [...targetColumns] },
      onDelete: group === undefined ? fk.references.onDelete : action(group[0].on_delete),
      onUpdate: group === undefined ? fk.references.onUpdate : action(group[0].on_update),
      deferrable: fk.references.deferrable,
    }
  })
}

function action(text: string): ReferentialAction {
  const value = text.toLowerCase()
  if (value === 'cascade' || value === 'restrict' || value === 'set null' || value === 'set default') return value
  return 'no action'
}

function buildIndexes(rows: readonly IndexColumnRow[], indexSql: ReadonlyMap<string, string>): IndexIR[] {
  if (rows.length === 0) return []
  const indexes: IndexIR[] = []
  // forEach rather than spreading the entries: no [name, rows] pair per index.
  groupBy(rows, (row) => row.index_name).forEach((indexRows, name) => indexes.push(buildIndex(name, indexRows, indexSql)))
  return indexes
}

function buildIndex(name: string, indexRows: readonly IndexColumnRow[], indexSql: ReadonlyMap<string, string>): IndexIR {
  const sql = indexSql.get(name)
  const parsed = sql === undefined || !needsStatement(sql, indexRows) ? null : parseCreateIndex(sql)
  const elements = indexRows.map((row, position): IndexElement => {
    const desc = row.is_desc === 1
    if (row.cid >= 0 && row.column_name !== null) return { column: row.column_name, desc, nulls: null }
    const text = parsed?.elements[position]?.text ?? 'rowid'
    return { expression: text.trim(), desc, nulls: null }
  })
  const where = parsed?.where == null ? null : parsed.where.trim()
  return { name, unique: indexRows[0].is_unique === 1, elements, where, using: null, include: [] }
}

/**
 * Does reading the index need its CREATE INDEX text? The pragma gives plain
 * columns; only expressions and a partial index's WHERE come from the text.
 * Most indexes are plain, and parsing every statement was a tenth of a large
 * schema's introspection. (Text without the letters `where` cannot hold a WHERE.)
 */
function needsStatement(sql: string, rows: readonly IndexColumnRow[]): boolean {
  return rows.some((row) => row.cid < 0 || row.column_name === null) || /where/i.test(sql)
}

/** Rows grouped by a key, groups and rows in their original order. */
function groupBy<K, T>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    const key = keyOf(row)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [row])
    else group.push(row)
  }
  return groups
}
