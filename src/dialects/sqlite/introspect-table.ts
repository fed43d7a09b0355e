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
} from '../../schema/ir.js'
import { parseSqliteType } from './column-type.js'
import { ConstraintNamer } from './constraint-namer.js'
import type { ColumnRow, ForeignKeyRow, IndexColumnRow } from './introspect-queries.js'
import { normalizeDefault, normalizeSqlExpression } from './normalize-expression.js'
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

export function buildTable(rows: TableRows, lookup: TableLookup): TableIR {
  const { name, parsed } = rows
  const parsedColumns = new Map<string, ParsedColumn>()
  for (const column of parsed.columns) parsedColumns.set(lower(column.name), column)
  const visible = rows.columns.filter((c) => c.hidden !== 1)
  const columnNames = visible.map((c) => c.name)
  const canonical = columnSpelling(columnNames)

  const pkRows = visible.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
  // An INTEGER PRIMARY KEY is the rowid: never NULL though it may lack NOT NULL.
  const rowidAlias =
    !parsed.withoutRowid && pkRows.length === 1 && pkRows[0].type.toUpperCase() === 'INTEGER' ? pkRows[0].name : null

  const columns: ColumnIR[] = visible.map((row) => {
    const parsedColumn = parsedColumns.get(lower(row.name))
    const generated = row.hidden === 2 || row.hidden === 3 ? (parsedColumn?.generated?.expression ?? null) : null
    return {
      name: row.name,
      type: parseSqliteType(row.type),
      nullable: row.not_null === 0 && row.name !== rowidAlias,
      default: generated === null ? normalizeDefault(row.dflt_value) : null,
      comment: null,
      identity: null,
      generated: generated === null ? null : normalizeSqlExpression(generated),
      autoIncrement: parsedColumn?.primaryKey?.autoIncrement ?? false,
    }
  })

  // Explicit names first, so that a chosen name never takes one the user wrote.
  const namer = new ConstraintNamer(name, explicitConstraintNames(parsed))

  let primaryKey: PrimaryKeyIR | null = null
  if (pkRows.length > 0) {
    const declared =
      parsed.columns.find((c) => c.primaryKey !== null)?.primaryKey?.name ??
      parsed.constraints.find((c) => c.type === 'primaryKey')?.name ??
      null
    primaryKey = { name: declared ?? namer.primaryKey(), columns: pkRows.map((r) => r.name) }
  }

  const uniques: UniqueIR[] = []
  const checks: CheckIR[] = []
  const parsedForeignKeys: { name: string | null; columns: string[]; references: ParsedReference }[] = []
  const addCheck = (checkName: string | null, text: string) => {
    const expression = normalizeSqlExpression(text)
    checks.push({ name: checkName ?? namer.check(expression, columnNames), expression })
  }
  // Declaration order: each column's own constraints, then the table constraints.
  for (const column of parsed.columns) {
    const columnName = canonical(column.name)
    for (const unique of column.uniques) uniques.push({ name: unique.name ?? namer.unique([columnName]), columns: [columnName] })
    for (const check of column.checks) addCheck(check.name, check.expression)
    for (const ref of column.references) parsedForeignKeys.push({ name: ref.name, columns: [columnName], references: ref.references })
  }
  for (const constraint of parsed.constraints) {
    if (constraint.type === 'unique') {
      const columnsOf = constraint.columns.map(canonical)
      uniques.push({ name: constraint.name ?? namer.unique(columnsOf), columns: columnsOf })
    } else if (constraint.type === 'check') addCheck(constraint.name, constraint.expression)
    else if (constraint.type === 'foreignKey') {
      parsedForeignKeys.push({ name: constraint.name, columns: constraint.columns.map(canonical), references: constraint.references })
    }
  }

  const foreignKeys = buildForeignKeys(parsedForeignKeys, rows.foreignKeys, lookup, namer)
  const indexes = buildIndexes(rows.indexColumns, rows.indexSql)
  return { name, columns, primaryKey, indexes, uniques, checks, foreignKeys, comment: null }
}

/** A column's name as the table spells it (SQLite matches names case-insensitively); an unknown name as given. */
function columnSpelling(columnNames: readonly string[]): (column: string) => string {
  // A map built once: searching the list for every name was quadratic in the table's width.
  const byLowerName = new Map<string, string>()
  for (const column of columnNames) {
    const key = lower(column)
    // The first spelling wins, as a search of the list would find it.
    if (!byLowerName.has(key)) byLowerName.set(key, column)
  }
  return (column) => byLowerName.get(lower(column)) ?? column
}

/** The constraint names written in the CREATE TABLE, table constraints first. */
function explicitConstraintNames(parsed: ParsedCreateTable): string[] {
  const names: string[] = []
  const add = (constraintName: string | null | undefined) => {
    if (constraintName != null) names.push(constraintName)
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
  parsed: readonly { name: string | null; columns: string[]; references: ParsedReference }[],
  rows: readonly ForeignKeyRow[],
  lookup: TableLookup,
  namer: ConstraintNamer,
): ForeignKeyIR[] {
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
      name: fk.name ?? namer.foreignKey(fk.columns),
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
  return [...groupBy(rows, (row) => row.index_name)].map(([name, indexRows]) => {
    const sql = indexSql.get(name)
    const parsed = sql === undefined || !needsStatement(sql, indexRows) ? null : parseCreateIndex(sql)
    const elements = indexRows.map((row, position): IndexElement => {
      const desc = row.is_desc === 1
      if (row.cid >= 0 && row.column_name !== null) return { column: row.column_name, desc, nulls: null }
      const text = parsed?.elements[position]?.text ?? 'rowid'
      return { expression: normalizeSqlExpression(text), desc, nulls: null }
    })
    const where = parsed?.where == null ? null : normalizeSqlExpression(parsed.where)
    return { name, unique: indexRows[0].is_unique === 1, elements, where, using: null, include: [] }
  })
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
  for (const row of rows) {
    const key = keyOf(row)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [row])
    else group.push(row)
  }
  return groups
}
